"""Which source formats postbind reads, and how a file's format is detected."""

from __future__ import annotations

from pathlib import Path

# format name -> the file extensions that select it
FORMATS: dict[str, tuple[str, ...]] = {
    "markdown": (".md", ".markdown"),
    "text": (".txt",),
}


def detect_format(path: Path) -> str | None:
    """The format a file's extension selects, or None when postbind can't read it."""
    suffix = path.suffix.lower()
    for name, extensions in FORMATS.items():
        if suffix in extensions:
            return name
    return None


def supported_extensions() -> str:
    """The extensions postbind reads, for error messages."""
    return ", ".join(ext for exts in FORMATS.values() for ext in exts)
