"""Word files: an essay sent as a .docx is common in course packs.

The file itself goes to pandoc (see convert.py), which reads Word's own title,
author and date; nothing is parsed here.
"""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter, book_error
from postbind.ingest.reader import Body, Entry, ReadOptions, by_extension
from postbind.model import PostMeta


class DocxReader:
    name = "docx"
    extensions = (".docx",)
    many = False

    def sniff(self, path: Path, head: bytes) -> bool:
        return by_extension(path, self.extensions)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        try:
            with path.open("rb") as handle:
                magic = handle.read(4)
        except OSError as exc:
            raise book_error(f"cannot read post: {exc.strerror}", path) from None
        if magic != b"PK\x03\x04":
            raise book_error("not a Word file (a .docx is a zip archive)", path)
        return [Entry(path, PostMeta(), self.name, options=options)]

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        return Body("", "docx")  # the converter reads the file itself
