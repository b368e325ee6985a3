"""WordPress export files (WXR): every item of the export, with its content as WordPress shows it.

A WXR is RSS with WordPress's own elements. This module is the reader's entry point and
turns each <item> into an entry; the work is shared out among:

- xml: parsing the untrusted XML safely and reading its elements by local name;
- meta: an item's metadata (title, author, date, status, type, tags, categories);
- content: an item's content rendered as WordPress would (with shortcodes, autop
  and media), so that the rest of postbind sees ordinary HTML. Only the items a book
  keeps are rendered: on a big export that is most of the reading time.

Nothing is fetched and nothing is sanitized here (the converter runs nh3 on every post);
items of every type and status are returned, because the selection layer decides (and says)
which ones a book leaves out.
"""

from __future__ import annotations

import re
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.reader import Body, Entry, ReadOptions
from postbind.ingest.wordpress import xml as wp_xml
from postbind.ingest.wordpress.content import COMMENT_RE, content_html, with_footnotes
from postbind.ingest.wordpress.gallery import expand_galleries, pictures
from postbind.ingest.wordpress.media import IMG_RE
from postbind.ingest.wordpress.meta import authors, item_meta, plain

WXR_HEAD_RE = re.compile(rb"<rss\b[^>]*?wordpress\.org/export/", re.S)
SHORTCODE_RE = re.compile(r"\[/?[a-z_-]+[^\]]*\]")


def is_wordpress_export(head: bytes) -> bool:
    """True when a file's first few KB look like a WXR export: <rss> with the wordpress.org/export namespace."""
    return WXR_HEAD_RE.search(head.replace(b"\x00", b"")) is not None  # NULs: UTF-16 files still match


class WordPressReader:
    name = "wordpress"
    extensions = (".xml",)
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in self.extensions and is_wordpress_export(head)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        """Every item of the export that is a post of some kind, in file order, with its raw content."""
        channel = wp_xml.channel(wp_xml.parse(path, reporter), path)
        names = authors(channel)
        attached = pictures(channel)
        found: list[Entry] = []
        for item in channel.iterfind("item"):
            line = item.sourceline or 1
            meta = item_meta(item, names)
            content = wp_xml.encoded(item, excerpt=False)
            raw = with_footnotes(wp_xml.text(content), wp_xml.postmeta(item, "footnotes"))
            raw = expand_galleries(raw, wp_xml.wp(item, "post_id"), attached)
            if meta.post_type == "post" and not _may_have_content(raw):
                reporter.warn(f"'{meta.title or '(untitled)'}' has no content; skipped", path, line)
                continue
            body_line = content.sourceline if content is not None and content.sourceline else line
            handle = (raw, body_line)
            found.append(Entry(path, meta, self.name, len(found), line, handle, options))
        return found

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        """The item's content as WordPress shows it, pictures mapped to the media folder."""
        raw, body_line = entry.handle
        media = entry.options.media.resolve() if entry.options.media else None

        def warn(message: str) -> None:
            # The reporter drops a repeated message at the same place: one warning per name per post.
            reporter.warn(message, entry.source, entry.item_line)

        return Body(content_html(raw, media, warn), "html", body_line)


def _may_have_content(raw: str) -> bool:
    """Text, a picture or a shortcode (which may render to either): what may make a post worth a chapter.
    A post that renders to nothing after all is left out with the empty ones, later."""
    raw = COMMENT_RE.sub("", raw)  # block markers (<!-- wp:post-title /-->) render to nothing
    return bool(IMG_RE.search(raw) or SHORTCODE_RE.search(raw)) or plain(raw) is not None
