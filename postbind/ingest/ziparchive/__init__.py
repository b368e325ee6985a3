"""A .zip archive of any folder shape (a Substack or Medium export, a folder of Markdown …).

The archive is unpacked safely (postbind.ingest.archive) and its folder handed to the reader
that knows that folder's shape, so each item is read by its own reader, as if the folder had
been named. A single top folder ("export/posts.csv") is looked into.
"""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter, book_error
from postbind.ingest import archive
from postbind.ingest.reader import Body, Entry, ReadOptions

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a member first, or an empty archive's end record


class ZipReader:
    name = "zip"
    extensions = (".zip",)
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        is_zip = path.suffix.lower() in self.extensions and head.startswith(ZIP_MAGIC)
        return is_zip and not archive.is_inside_unpacked(path)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        from postbind.ingest.registry import detect  # the registry holds this reader too

        folder = archive.content_folder(path)
        reader = detect(folder)
        if reader is None:
            raise book_error("the archive holds nothing postbind reads", path)
        return reader.entries(folder, reporter, options)

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        raise AssertionError("an archive's entries are read by their own readers")
