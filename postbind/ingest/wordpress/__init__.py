"""WordPress export files (WXR): every item of the export, with its content as WordPress shows it.

A WXR is RSS with WordPress's own elements. This module is the reader's entry point and
turns each <item> into an entry; the work is shared out among:

- xml: streaming the untrusted XML safely, item by item, reading its elements by local
  name, and finding an item again by its line;
- meta: an item's metadata (title, author, date, status, type, tags, categories);
- content: an item's content rendered as WordPress would (with shortcodes, autop
  and media), so that the rest of postbind sees ordinary HTML.

`entries()` reads metadata only, and keeps of each item where it is, not its content:
memory does not grow with the export. Only the items a book keeps are read again and
rendered (`bodies()`, all of one export's together): on a big export that is most of
the reading time.

Nothing is fetched and nothing is sanitized here (the converter runs nh3 on every post);
items of every type and status are returned, because the selection layer decides (and says)
which ones a book leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.reader import Body, Entry, ReadOptions
from postbind.ingest.wordpress import xml as wp_xml
from postbind.ingest.wordpress.content import COMMENT_RE, content_html, with_footnotes
from postbind.ingest.wordpress.gallery import expand_galleries, picture
from postbind.ingest.wordpress.media import IMG_RE
from postbind.ingest.wordpress.meta import item_meta, login, plain

WXR_HEAD_RE = re.compile(rb"<rss\b[^>]*?wordpress\.org/export/", re.S)
SHORTCODE_RE = re.compile(r"\[/?[a-z_-]+[^\]]*\]")
# Space, comments and tags at the start of an item's content: a character after them that is not "<" or
# "&" is text that no comment or tag removal can reach.
LEADING_MARKUP_RE = re.compile(r"(?:\s|<!--.*?-->|</?[A-Za-z][^<>]*>)*", re.S)


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
        """Every item of the export that is a post of some kind, in file order, with where it is."""
        export = wp_xml.Export(path)
        found: list[Entry] = []
        logins: list[str] = []
        for place, item in export.items(reporter):
            fields = wp_xml.Fields(item)
            attached = picture(fields)
            if attached is not None:
                export.pictures[attached[0]] = attached[1]
            name = login(fields)
            meta = item_meta(fields, export.authors.get(name, name))
            content = fields.text("content:encoded")
            if meta.post_type == "post" and not _may_have_content(content, item):
                reporter.warn(f"'{meta.title or '(untitled)'}' has no content; skipped", path, place.line)
                continue
            export.remember(place, wp_xml.body_line(fields, place.line), wp_xml.fingerprint(fields, content))
            found.append(Entry(path, meta, self.name, len(found), place.line, export, options))
            logins.append(name)
        if export.late_authors:  # names listed after items apply to every item, as to those after them
            for number, (entry, name) in enumerate(zip(found, logins, strict=True)):
                author = export.authors.get(name, name)
                if entry.meta.authors != ((author,) if author else ()):
                    found[number] = replace(entry, meta=replace(entry.meta, authors=(author,) if author else ()))
        return found

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        """The item's content as WordPress shows it, pictures mapped to the media folder."""
        return next(self.bodies([entry], reporter))

    def bodies(self, entries: list[Entry], reporter: Reporter) -> Iterator[Body]:
        """The bodies of many items, in order; each export is read once for all of its items."""
        for entry, content in zip(entries, wp_xml.Export.contents_of(entries), strict=True):
            yield self._body(entry, content, reporter)

    def _body(self, entry: Entry, content: wp_xml.Content, reporter: Reporter) -> Body:
        export = entry.handle
        raw = with_footnotes(content.text, content.footnotes)
        raw = expand_galleries(raw, content.post_id, export.pictures)
        media = entry.options.media.resolve() if entry.options.media else None

        def warn(message: str) -> None:
            # The reporter drops a repeated message at the same place: one warning per name per post.
            reporter.warn(message, entry.source, entry.item_line)

        return Body(content_html(raw, media, warn), "html", export.body_lines[entry.item])


def _may_have_content(content: str, item) -> bool:
    """Text, a picture or a shortcode (which may render to either): what may make a post worth a chapter.
    A post that renders to nothing after all is left out with the empty ones, later."""
    # Its footnotes are part of it; its galleries are shortcodes, or pictures once expanded: either way it
    # may have content, so they are left for body().
    raw = with_footnotes(content, wp_xml.postmeta(item, "footnotes")) if wp_xml.FOOTNOTES_MARK in content else content
    start = LEADING_MARKUP_RE.match(raw).end()
    if start < len(raw) and raw[start] not in "<&":
        return True  # text after nothing but markup and space: quick to see on a big export
    raw = COMMENT_RE.sub("", raw)  # block markers (<!-- wp:post-title /-->) render to nothing
    return bool(IMG_RE.search(raw) or SHORTCODE_RE.search(raw)) or plain(raw) is not None
