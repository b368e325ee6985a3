"""reStructuredText posts (Pelican, ABlog), converted by pandoc's rst reader.

Metadata comes from the title and Pelican's field list or ABlog's `.. post::` directive (fields.py);
Sphinx roles and site-building directives are made plain first (sphinx.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.markdown import meta_from_fields, warner
from postbind.ingest.reader import Body, Entry, ReadOptions, by_extension
from postbind.ingest.rst.fields import RstHead, read_head
from postbind.ingest.rst.sphinx import plain_sphinx
from postbind.ingest.source import read_text
from postbind.model import PostMeta


class RstReader:
    name = "rst"
    extensions = (".rst", ".rest")
    many = False

    def sniff(self, path: Path, head: bytes) -> bool:
        return by_extension(path, self.extensions)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        head = read_head(read_text(path, reporter))
        return [rst_entry(path, head, options)]

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        text = entry.handle
        return Body(plain_sphinx(text, warner(entry.source, text, 1, reporter)), "rst", 1)


def rst_entry(path: Path, head: RstHead, options: ReadOptions) -> Entry:
    return Entry(path, rst_meta(head), RstReader.name, handle=head.body, options=options)


def rst_meta(head: RstHead) -> PostMeta:
    fields = dict(head.fields)
    for key in ("tags", "category", "categories", "author", "authors"):
        if key in fields:
            fields[key] = [part.strip() for part in fields[key].split(",") if part.strip()]
    meta = meta_from_fields(fields)
    status = "draft" if fields.get("status") in ("draft", "hidden") else "publish"
    return replace(meta, title=meta.title or head.title, status=status)
