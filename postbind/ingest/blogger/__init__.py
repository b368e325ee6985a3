"""Blogger (Blogspot) exports: "Back up content" and Google Takeout's feed.atom, every entry an item.

An export holds the blog's posts, pages, comments, settings and template as Atom entries (see
atom.py). All of them are returned, with post_type post, page, comment, settings or template,
so that the selection layer leaves out what is not a post and `postbind list -v` says why.

`entries()` streams the export and reads metadata only, keeping of each entry where it is, not its
content: memory does not grow with the export. Bodies are read again and tidied (content.py) only
for the entries a book keeps (`bodies()`, all of one export's together).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.blogger import atom
from postbind.ingest.blogger.content import tidy
from postbind.ingest.reader import Body, Entry, ReadOptions
from postbind.ingest.xmltree import ENTITIES_IGNORED

# What only a Blogger export says near its start: an entry kind of Blogger's, or its 2018 namespace.
BLOGGER_HEAD_RE = re.compile(rb"schemas\.google\.com/blogger/(?:2008/kind#|2018)")
FEED_RE = re.compile(rb"<(?:[\w.-]+:)?feed[\s>]")  # <feed>, or <ns0:feed> as Python's ElementTree writes it


def is_blogger_export(head: bytes) -> bool:
    """True for the start of a Blogger export: an Atom <feed> that uses Blogger's kinds or namespace."""
    text = head.replace(b"\x00", b"")  # NULs: UTF-16 files still match
    return FEED_RE.search(text) is not None and BLOGGER_HEAD_RE.search(text) is not None


class BloggerReader:
    name = "blogger"
    extensions = (".xml", ".atom")
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in self.extensions and is_blogger_export(head)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        """Every entry of the export, in file order; posts without content are left out with a warning."""
        export = atom.Export(path)
        found, skipped = self._entries(export, options)
        if export.late:  # the feed's authors or address came after entries: they apply to those too
            export = atom.Export(path, defaults=(export.feed_authors, export.blog_url))
            found, skipped = self._entries(export, options)
        # Said once the whole file is read, as when it was parsed whole: a malformed export says only that.
        if export.stream.stripped:
            reporter.warn(ENTITIES_IGNORED, path, 1)
        for message, line in skipped:
            reporter.warn(message, path, line)
        return found

    def _entries(self, export: atom.Export, options: ReadOptions) -> tuple[list[Entry], list[tuple[str, int]]]:
        found: list[Entry] = []
        skipped: list[tuple[str, int]] = []
        for place, entry in export.items(None):
            meta = atom.entry_meta(entry, export.feed_authors, export.blog_url)
            text, body_line = atom.content(entry)
            if meta.post_type == "post" and not text.strip():
                skipped.append((f"'{meta.title or '(untitled)'}' has no content; skipped", place.line))
                continue
            export.remember(place, body_line, atom.fingerprint(entry, text))
            found.append(Entry(export.path, meta, self.name, len(found), place.line, export, options))
        return found, skipped

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        return next(self.bodies([entry], reporter))

    def bodies(self, entries: list[Entry], reporter: Reporter) -> Iterator[Body]:
        """The bodies of many entries, in order; each export is read once for all of its entries."""
        for entry, text in zip(entries, atom.Export.contents_of(entries), strict=True):
            yield Body(tidy(text), "html", entry.handle.body_lines[entry.item])
