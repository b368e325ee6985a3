"""Feeds: RSS, Atom and JSON Feed, each entry a post (read in parse.py).

Feeds do not tell tags from categories, so an entry's categories serve as both.
Of an entry's contents (full content in any type, or the summary) the longest
wins: many feeds carry the whole post in one and a teaser in the other.
"""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.reader import Body, Entry, ReadOptions


def is_feed(head: bytes) -> bool:
    """True for the start of an RSS, Atom, RDF or JSON feed."""
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff").replace(b"\x00", b"").replace(b"\\/", b"/")[:4096].lower()
    return any(mark in text for mark in (b"<rss", b"<feed", b"<rdf:rdf", b"jsonfeed.org/version"))


class FeedReader:
    name = "feed"
    extensions = (".xml", ".rss", ".atom", ".json")
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in self.extensions and is_feed(head)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        from postbind.ingest.feed.parse import read_items  # late: feedparser is slow to import

        items = read_items(path, reporter)
        return [
            Entry(path, meta, self.name, number, line, handle=body, options=options)
            for number, (meta, body, line) in enumerate(items)
        ]

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        return Body(entry.handle, "html")
