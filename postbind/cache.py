"""A content-addressed cache of converted posts, in the user's cache folder.

The key is a hash of everything that shapes a conversion: the post's text, the
converter's format options, pandoc and postbind versions. A hit skips pandoc for
that post. Entries are written to a temporary file and renamed, so two builds may
share the cache; an entry that does not read back (corrupt, half written by a
crash) is ignored and converted again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from postbind import __version__


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/postbind, else ~/.cache/postbind; None when POSTBIND_CACHE=off."""
    if os.environ.get("POSTBIND_CACHE", "").lower() in ("off", "0", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "postbind" / "converted"


def key(*parts: str) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def load(name: str) -> dict | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        value = json.loads((folder / name[:2] / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing or corrupt: convert again
    return value if isinstance(value, dict) else None


def store(name: str, value: dict) -> None:
    folder = cache_dir()
    if folder is None:
        return
    target = folder / name[:2] / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(value, out)
        os.replace(temporary, target)
    except OSError:
        pass  # a cache that can't be written only costs time
