"""A content-addressed cache in the user's cache folder: converted posts and rendered PDF sections.

The key is a hash of everything that shapes a result: for a post, its text, the
converter's format options, pandoc and postbind versions; for a PDF section, its
HTML, the stylesheet, the theme's files and WeasyPrint's version. A hit skips the
work. Entries are written to a temporary file and renamed, so two builds may share
the cache; an entry that does not read back (corrupt, half written by a crash) is
ignored and made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from postbind import __version__


def cache_dir(kind: str = "converted") -> Path | None:
    """$XDG_CACHE_HOME/postbind/KIND, else ~/.cache/postbind/KIND; None when POSTBIND_CACHE=off."""
    if os.environ.get("POSTBIND_CACHE", "").lower() in ("off", "0", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "postbind" / kind


def key(*parts: str) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def entry_path(name: str, kind: str = "converted") -> Path | None:
    folder = cache_dir(kind)
    return None if folder is None else folder / name[:2] / name


def load(name: str, kind: str = "converted") -> dict | None:
    target = entry_path(name, kind)
    if target is None:
        return None
    try:
        value = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing or corrupt: make it again
    return value if isinstance(value, dict) else None


def store(name: str, value: dict, kind: str = "converted") -> None:
    store_bytes(name, json.dumps(value).encode("utf-8"), kind)


def store_bytes(name: str, data: bytes, kind: str) -> Path | None:
    """Write an entry atomically; its path, or None when there is no cache (or it can't be written)."""
    target = entry_path(name, kind)
    if target is None:
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError:
        return None  # a cache that can't be written only costs time
    return target


def prune(kind: str, max_bytes: int, idle_seconds: float = 3600) -> None:
    """Delete the least recently used entries while the cache holds more than `max_bytes`.

    Never an entry used in the last `idle_seconds`: another build may be about to read it.
    """
    folder = cache_dir(kind)
    if folder is None or not folder.is_dir():
        return
    entries = []
    for path in folder.glob("*/*"):
        with contextlib.suppress(OSError):
            info = path.stat()
            entries.append((info.st_mtime, info.st_size, path))
    total, cutoff = sum(size for _, size, _ in entries), time.time() - idle_seconds
    for used, size, path in sorted(entries):
        if total <= max_bytes * 0.8 or used > cutoff:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size
