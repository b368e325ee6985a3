"""Which source formats postbind reads, and how a file's format is found: extension, then content."""

from __future__ import annotations

from pathlib import Path

# format name -> the file extensions that select it
FORMATS: dict[str, tuple[str, ...]] = {
    "markdown": (".md", ".markdown"),
    "text": (".txt",),
    "html": (".html", ".htm"),
    "docx": (".docx",),
    "wordpress": (".xml",),
    "feed": (".xml", ".rss", ".atom", ".json"),
    "folder": (),
}
# formats whose file holds many posts; a book selects from them
COLLECTIONS = ("wordpress", "feed", "folder")
SNIFFED = (".xml", ".rss", ".atom", ".json")


def detect_format(path: Path) -> str | None:
    """The format of a file (or folder), or None when postbind can't read it."""
    if path.is_dir():
        return "folder"
    suffix = path.suffix.lower()
    if suffix in SNIFFED:
        return _sniff(path)
    return next((name for name, extensions in FORMATS.items() if suffix in extensions), None)


def _sniff(path: Path) -> str | None:
    """An .xml file may be a WordPress export or a feed; only its content tells."""
    from postbind.ingest import feed, wordpress  # late: feedparser is slow to import

    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return None
    if wordpress.is_wordpress_export(head):
        return "wordpress"
    return "feed" if feed.is_feed(head) else None


def supported_extensions() -> str:
    """The extensions postbind reads, for error messages."""
    return ", ".join(dict.fromkeys(ext for exts in FORMATS.values() for ext in exts))
