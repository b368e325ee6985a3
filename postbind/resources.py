"""The one resource loader of a build: what a post may pull into the book.

Post content is untrusted. A resource is read only when it is a file inside an
allowed folder (book.yaml's folder, each named post's folder, the theme); a
path outside them, a `../` or symlink escape, a `file://` URL elsewhere and
anything on the network are refused with a reason the caller reports.
Both writers use this loader, so the EPUB and the PDF agree on what is in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from postbind import fetched, imaging
from postbind.fetched import Refused
from postbind.model import Asset

MAX_BYTES = 10 * 1024 * 1024  # the largest picture taken from a data: URL or the web
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff")


@dataclass
class ResourceLoader:
    allowed: tuple[Path, ...]
    site_root: Path | None = None  # where site-absolute references (/assets/x.png) resolve
    scratch: Path | None = None  # where pictures from data: URLs (and, if allowed, the web) are kept
    allow_remote: bool = False  # --allow-remote: fetch web images, with a time and size limit
    assets: dict[str, Asset] = field(default_factory=dict)
    _by_path: dict[Path, Asset] = field(default_factory=dict)

    def is_allowed(self, path: Path) -> bool:
        """True for a path that, links resolved, lies inside an allowed folder."""
        real = path.resolve()
        return any(real == root or root in real.parents for root in self.allowed)

    def locate(self, reference: str, base: Path, site_roots: tuple[Path, ...] = ()) -> Path:
        """The local file `reference` (as written in a post in folder `base`) names.

        A site-absolute path (/images/x.png) resolves against the post's own site folders (`site_roots`,
        from a site layout its reader knows) first, then book.yaml's `site_root`.
        """
        parts = urlsplit(reference)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https") and self.allow_remote and self.scratch:
            return fetched.fetch(reference, self.scratch, MAX_BYTES)
        if scheme in ("http", "https", "ftp") or reference.startswith("//"):
            raise Refused(f"remote resource {reference} not fetched (--allow-remote fetches web images)")
        if scheme == "data" and self.scratch:
            return fetched.from_data_url(reference, self.scratch, MAX_BYTES)
        if scheme == "file":
            path = Path(unquote(parts.path))
        elif scheme and len(scheme) > 1:  # a one-letter scheme is a Windows drive
            raise Refused(f"{scheme}: resources are not supported ({reference[:60]})")
        elif parts.path.startswith("/") and (site_roots or self.site_root is not None):
            path = self._site_path(reference, unquote(parts.path).lstrip("/"), site_roots)
        elif parts.path.startswith("/") and not Path(unquote(parts.path)).is_file():
            raise Refused(f"{_short(reference)} is a site-absolute path: set site_root in book.yaml to the site's "
                          "folder")  # fmt: skip
        else:
            path = base / unquote(parts.path)
        if not self.is_allowed(path):
            raise Refused(f"{_short(reference)} is outside the book's folders and is not read")
        if not path.is_file():
            raise Refused(f"{_short(reference)}: no such file")
        return path.resolve()

    def _site_path(self, reference: str, relative: str, site_roots: tuple[Path, ...]) -> Path:
        roots = (*site_roots, *((self.site_root,) if self.site_root else ()))
        found = next((root / relative for root in roots if (root / relative).is_file()), None)
        if found is None:
            tried = ", ".join(str(root) for root in roots)
            raise Refused(f"{_short(reference)}: no such file in {tried} (site_root in book.yaml says where the "
                          "site's files are)")  # fmt: skip
        return found

    def image(self, reference: str, base: Path, site_roots: tuple[Path, ...] = ()) -> Asset:
        """Register an image for the book once it is checked; the same bytes are stored once."""
        path = self.locate(reference, base, site_roots)
        if path in self._by_path:
            return self._by_path[path]
        if path.suffix.lower() not in IMAGE_EXTENSIONS:
            raise Refused(f"{_short(reference)}: not an image type books can hold ({', '.join(IMAGE_EXTENSIONS)})")
        try:
            info = imaging.inspect(path)
        except imaging.ImageProblem as problem:
            raise Refused(f"{_short(reference)}: {problem}") from None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        asset = Asset(f"images/{digest}{info.extension}", path, info.media_type, info.width, info.height)
        self.assets.setdefault(asset.name, asset)
        self._by_path[path] = asset
        return self.assets[asset.name]


def _short(reference: str) -> str:
    """A reference as messages quote it: a data: URL can be megabytes long."""
    return reference if len(reference) <= 100 else reference[:60] + "…"
