"""Readers: one per source format, each turning a file into a `Post`.

A reader only parses; conversion to HTML and every transform happen later.
"""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest import markdown, text
from postbind.model import Post

READERS = {"markdown": markdown.read, "text": text.read}


def read_post(path: Path, fmt: str, reporter: Reporter) -> Post:
    """Read one post with the reader for its format."""
    return READERS[fmt](path, reporter)
