"""Pictures that do not come from a file: data: URLs, and (only with --allow-remote) the web.

Both end up as files in the build's scratch folder, so the rest of the build
treats them like any local picture. Both are bounded: a data: URL or a
download larger than the limit is refused, and a download has a timeout.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote_to_bytes

EXTENSIONS = {
    "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg", "image/webp": ".webp",
}  # fmt: skip
TIMEOUT = 10


class Refused(Exception):
    """A resource the book will not use; the message says why."""


def from_data_url(url: str, scratch: Path, limit: int) -> Path:
    header, _, payload = url.partition(",")
    media_type = header[5:].split(";")[0].strip().lower() or "text/plain"
    if media_type not in EXTENSIONS:
        raise Refused(f"a data: URL of type {media_type} is not a picture")
    if len(payload) > limit * 4 // 3 + 4:
        raise Refused(
            f"a data: URL of {len(payload) // 1024} KB is too large (the limit is {limit // 1024 // 1024} MB)"
        )
    try:
        data = base64.b64decode(payload, validate=True) if header.endswith(";base64") else unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        raise Refused("a data: URL that does not decode") from None
    return _keep(data, EXTENSIONS[media_type], scratch)


def fetch(url: str, scratch: Path, limit: int) -> Path:
    """Download a web picture (the user opted in with --allow-remote)."""
    request = urllib.request.Request(url, headers={"User-Agent": "postbind"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only, see caller
            media_type = response.headers.get_content_type()
            data = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise Refused(f"could not fetch {url}: {getattr(exc, 'reason', exc)}") from None
    if len(data) > limit:
        raise Refused(f"{url} is larger than {limit // 1024 // 1024} MB; not fetched")
    if media_type not in EXTENSIONS:
        raise Refused(f"{url} is {media_type}, not a picture")
    return _keep(data, EXTENSIONS[media_type], scratch)


def _keep(data: bytes, extension: str, scratch: Path) -> Path:
    path = scratch / "fetched" / (hashlib.sha256(data).hexdigest()[:20] + extension)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
