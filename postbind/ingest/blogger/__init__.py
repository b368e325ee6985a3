"""Blogger (Blogspot) exports: "Back up content" and Google Takeout's feed.atom, every entry an item.

An export holds the blog's posts, pages, comments, settings and template as Atom entries (see
atom.py). All of them are returned, with post_type post, page, comment, settings or template,
so that the selection layer leaves out what is not a post and `postbind list -v` says why.
Bodies (content.py) are tidied only for the entries a book keeps.
"""

from __future__ import annotations

import re
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.blogger import atom
from postbind.ingest.blogger.content import tidy
from postbind.ingest.reader import Body, Entry, ReadOptions

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
        feed = atom.parse(path, reporter)
        feed_authors, blog_url = atom.authors(feed), atom.blog_url(feed)
        found: list[Entry] = []
        for entry in feed.iterfind(f"{atom.ATOM}entry"):
            line = entry.sourceline or 1
            meta = atom.entry_meta(entry, feed_authors, blog_url)
            text, body_line = atom.content(entry)
            if meta.post_type == "post" and not text.strip():
                reporter.warn(f"'{meta.title or '(untitled)'}' has no content; skipped", path, line)
                continue
            found.append(Entry(path, meta, self.name, len(found), line, (text, body_line), options))
        return found

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        text, body_line = entry.handle
        return Body(tidy(text), "html", body_line)
