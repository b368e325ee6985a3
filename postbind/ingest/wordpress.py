"""WordPress export files (WXR): every item of the export, with its content as WordPress shows it.

A WXR is RSS with WordPress's own elements. This module is the reader's entry point and
turns each <item> into a Post; the work is shared out among:

- wp_xml: parsing the untrusted XML safely and reading its elements by local name;
- wp_meta: an item's metadata (title, author, date, status, type, tags, categories);
- wp_content: an item's content rendered as WordPress would (with wp_shortcodes, wp_autop
  and wp_media), so that the rest of postbind sees ordinary HTML.

Nothing is fetched and nothing is sanitized here (the converter runs nh3 on every post);
items of every type and status are returned, because the selection layer decides (and says)
which ones a book leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from postbind.errors import Reporter
from postbind.ingest import wp_xml
from postbind.ingest.options import ReadOptions
from postbind.ingest.wp_content import content_html, with_footnotes
from postbind.ingest.wp_media import IMG_RE
from postbind.ingest.wp_meta import authors, item_meta, plain
from postbind.model import Post

WXR_HEAD_RE = re.compile(rb"<rss\b[^>]*?wordpress\.org/export/", re.S)


@dataclass
class _ItemContext:
    """What reading one item needs to know besides the item: where it is, where to warn, the media folder."""

    path: Path
    line: int
    reporter: Reporter
    media: Path | None

    def warn(self, message: str) -> None:
        # The reporter drops a repeated message at the same place: one warning per name per post.
        self.reporter.warn(message, self.path, self.line)


def is_wordpress_export(head: bytes) -> bool:
    """True when a file's first few KB look like a WXR export: <rss> with the wordpress.org/export namespace."""
    return WXR_HEAD_RE.search(head.replace(b"\x00", b"")) is not None  # NULs: UTF-16 files still match


def read_collection(path: Path, reporter: Reporter, options: ReadOptions) -> list[Post]:
    """Every item of the export that is a post of some kind, in file order, as Posts."""
    channel = wp_xml.channel(wp_xml.parse(path, reporter), path)
    names = authors(channel)
    media = options.media.resolve() if options.media else None
    posts = []
    for item in channel.iterfind("item"):
        post = _item_post(item, _ItemContext(path, item.sourceline or 1, reporter, media), names)
        if post is not None:
            posts.append(post)
    return posts


def _item_post(item: etree._Element, context: _ItemContext, names: dict[str, str]) -> Post | None:
    """The item as a Post; None (with a warning) for a post that has nothing to show."""
    meta = item_meta(item, names)
    content = wp_xml.encoded(item, excerpt=False)
    raw = with_footnotes(wp_xml.text(content), wp_xml.postmeta(item, "footnotes"))
    body = content_html(raw, context.media, context.warn)
    if meta.post_type == "post" and not _has_content(body):
        context.warn(f"'{meta.title or '(untitled)'}' has no content; skipped")
        return None
    body_line = content.sourceline if content is not None and content.sourceline else context.line
    return Post(
        source=context.path, meta=meta, body=body, body_format="html", body_line=body_line, item_line=context.line
    )


def _has_content(body: str) -> bool:
    """Text or an image survives: what makes a post worth a chapter."""
    return bool(IMG_RE.search(body)) or plain(body) is not None
