"""A WordPress export's XML: streamed safely, item by item, and its elements read by local name.

The export is untrusted: it is parsed without DTDs, network or entity expansion (XXE, "billion
laughs"), and entity references an export should never contain are dropped from the tree.
The wp:, excerpt: and content: namespace URIs change between versions and hosts (http or
https, export/1.0 to 1.2), so elements are matched by local name.

An export may be a gigabyte: it is read as a stream (`Export.items`), each <item> let go once its
metadata is read, and an item whose body a book keeps is found again by its line (`Export.contents`).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import quoteattr

from lxml import etree

from postbind.errors import Reporter, book_error
from postbind.ingest.xmltree import XmlStream

WXR_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/\d")
ITEM_START_RE = re.compile(rb"<item[\s/>]")
LINES_BACK = 16  # past line 65,535, how far before the line libxml2 gives an item may start
FOOTNOTES_MARK = "<!-- wp:footnotes"  # the block whose notes are kept in post meta (content.FOOTNOTES_BLOCK_RE)
# The children of an <item> the reader looks at: RSS's own without a namespace, WordPress's in any.
WP_CHILDREN = ("creator", "encoded", "post_id", "post_date", "post_name", "status", "post_type",
               "post_password", "attachment_url", "post_parent", "menu_order")  # fmt: skip
RSS_CHILDREN = ("title", "link", "guid", "pubDate", "category")


def text(element: etree._Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def wp(item: etree._Element, name: str) -> str:
    """The text of a wp: element (any export version's namespace), stripped."""
    return text(item.find(f"{{*}}{name}")).strip()


def encoded(item: etree._Element, excerpt: bool) -> etree._Element | None:
    """content:encoded or excerpt:encoded: same local name, told apart by namespace."""
    for element in item.iterfind("{*}encoded"):
        if ("excerpt" in (etree.QName(element).namespace or "")) == excerpt:
            return element
    return None


class Fields:
    """The children of an item the reader reads, found in one pass and their texts read once (a big export
    has many items): the first of each name (content:encoded and excerpt:encoded told apart), and the
    domain and name of every <category>."""

    __slots__ = ("elements", "texts", "terms")

    def __init__(self, item: etree._Element):
        self.elements: dict[str, etree._Element] = {}
        self.texts: dict[str, str] = {}
        self.terms: list[tuple[str, str]] = []
        for child in item:  # faster than iterchildren() with the names: most children are wanted
            name = _KEYS.get(child.tag) if isinstance(child.tag, str) else ""
            if name is None:
                name = _key(child.tag)
                if len(_KEYS) < 1000:  # an export uses a few dozen names; a hostile one may use millions
                    _KEYS[child.tag] = name
            if not name:
                continue
            text = (child.text or "") if not len(child) else "".join(child.itertext())
            if name == "category":
                self.terms.append((child.get("domain") or "category", text))
            elif name not in self.texts:
                self.elements[name] = child
                self.texts[name] = text

    def element(self, name: str) -> etree._Element | None:
        return self.elements.get(name)

    def text(self, name: str) -> str:
        """The text of the first child of that name (title, link…, content:encoded), "" without one."""
        return self.texts.get(name, "")

    def wp(self, name: str) -> str:
        """The text of a wp: child, stripped (as `wp`)."""
        return self.texts.get(name, "").strip()


_KEYS: dict[str, str] = {}  # an item child's tag -> what Fields calls it ("" for one it does not read)


def _key(tag: str) -> str:
    namespace, _, name = tag.rpartition("}")
    if name in RSS_CHILDREN:
        return "" if namespace else name
    if name not in WP_CHILDREN:
        return ""
    if name == "encoded":
        return "excerpt:encoded" if "excerpt" in namespace else "content:encoded"
    return name


@dataclass(frozen=True)
class Content:
    """What body() needs of an item: its content, its post's id (for galleries) and its footnotes."""

    text: str
    post_id: str
    footnotes: str


class Place(NamedTuple):
    """Where an item is: its place among the export's items, its line, and its place among the items that
    start on that line."""

    number: int
    line: int
    on_line: int


class Wanted(NamedTuple):
    """An item to read again: where it is, the line of its content, and a fingerprint of what it said when
    first read, to know it is the same item."""

    number: int
    line: int
    on_line: int
    body_line: int
    fingerprint: int


def content_of(item: etree._Element, fields: Fields | None = None) -> Content:
    fields = fields or Fields(item)
    text = fields.text("content:encoded")
    footnotes = postmeta(item, "footnotes") if FOOTNOTES_MARK in text else ""
    return Content(text, fields.wp("post_id"), footnotes)


def fingerprint(fields: Fields, content: str) -> int:
    """What tells an item from its neighbours, in one number (the same in the same process)."""
    return hash((fields.wp("post_id"), fields.text("title"), fields.text("guid"), len(content)))


def body_line(fields: Fields, line: int) -> int:
    """The line of the item's content:encoded (as libxml2 gives it), else of the item."""
    element = fields.element("content:encoded")
    return element.sourceline if element is not None and element.sourceline else line


class Export:
    """One export as read, and how to find again the items its entries stand for: their entries' handle
    (hashable by identity). What each entry needs is kept here in columns, by the entry's `item`: an
    export may have a hundred thousand items, and a tuple for each would cost more than the rest."""

    def __init__(self, path: Path):
        self.path = path
        self.numbers = array("q")  # each entry's item: its place among the export's items,
        self.on_lines = array("q")  # its place among those that start on its line,
        self.body_lines = array("q")  # the line of its content,
        self.fingerprints = array("q")  # and its fingerprint
        self.stream = XmlStream(path, "WordPress export")
        self.prefix: bytes | None = None  # the XML an item is parsed after on its own (None: stream instead)
        self.authors: dict[str, str] = {}  # login -> display name, from the channel's wp:author list
        self.late_authors = False  # a wp:author after an item (names then apply to every item)
        self.pictures: dict = {}  # attachment id -> gallery.Picture

    def remember(self, place: Place, body_line: int, fingerprint: int) -> None:
        """Note where the next entry's item is (the entry's `item` is its index here)."""
        self.numbers.append(place.number)
        self.on_lines.append(place.on_line)
        self.body_lines.append(body_line)
        self.fingerprints.append(fingerprint)

    def wanted(self, index: int, line: int) -> Wanted:
        """The item of the entry at `index` (its `item`), at `line` (its `item_line`)."""
        return Wanted(self.numbers[index], line, self.on_lines[index], self.body_lines[index], self.fingerprints[index])

    def items(self, reporter: Reporter | None, first_read: bool = True) -> Iterator[tuple[Place, etree._Element]]:
        """Every <item> of the channel in file order, with its place, each let go when the next is asked for;
        the channel's wp:author list is read on the way."""
        stream, channel, number, last_line, on_line = self.stream, None, 0, 0, 0
        for event, element in stream.events(("channel", "item"), index=first_read):
            if event == "start":
                if channel is None and element.tag == "channel":
                    channel = self._channel(element)
                continue
            if element.tag == "channel" and element is channel:
                if first_read:
                    self._authors(channel.iterchildren("{*}author"), reporter, late=number > 0)
                continue
            if channel is None or element.getparent() is not channel:
                continue
            if first_read:
                preceding = list(element.itersiblings("{*}author", preceding=True))
                self._authors(reversed(preceding), reporter, late=number > 0)
            line = element.sourceline or 1
            on_line = on_line + 1 if line == last_line else 0
            last_line = line
            yield Place(number, line, on_line), stream.clean(element, reporter)
            stream.release(element)
            number += 1
        if channel is None:
            raise not_an_export(self.path)

    def _channel(self, element: etree._Element) -> etree._Element:
        """The export's <channel>, or an error for XML that is not a WordPress export."""
        root = element.getroottree().getroot()
        if element.getparent() is not root or etree.QName(root).localname != "rss":
            raise not_an_export(self.path)
        namespaces = {**(root.nsmap or {}), **(element.nsmap or {})}
        if not any(WXR_NAMESPACE_RE.match(uri or "") for uri in namespaces.values()):
            raise not_an_export(self.path)
        if self.stream.encoding and not self.stream.has_doctype:
            declarations = "".join(
                f" xmlns:{prefix}={quoteattr(uri)}" if prefix else f" xmlns={quoteattr(uri)}"
                for prefix, uri in (element.nsmap or {}).items()
            )
            head = f'<?xml version="1.0" encoding="{self.stream.encoding}"?><rss{declarations}><channel>'
            self.prefix = head.encode("ascii", "xmlcharrefreplace")
        return element

    def _authors(self, elements: Iterable[etree._Element], reporter: Reporter | None, late: bool) -> None:
        for author in elements:
            author = self.stream.clean(author, reporter)
            login, display = wp(author, "author_login"), plain_text(wp(author, "author_display_name"))
            if login and display:
                self.authors[login] = display
                self.late_authors = self.late_authors or late

    def contents(self, wanted: list[Wanted]) -> dict[int, Content]:
        """The content of each wanted item, by its number: each found by its line and read on its own, or,
        when that can't be done, in one pass over the export that stops after the last one."""
        if self.stream.changed():
            raise book_error("the WordPress export changed while it was being read; run again", self.path)
        found: dict[int, Content] = {}
        if self.prefix is not None:
            with self.path.open("rb") as file:
                for want in sorted(wanted, key=lambda w: w.number):
                    content = self._read_alone(file, want)
                    if content is not None:
                        found[want.number] = content
        missing = {w.number: w for w in wanted if w.number not in found}
        if missing:
            last = max(missing)
            for place, item in self.items(None, first_read=False):
                want = missing.get(place.number)
                if want is not None:
                    found[want.number] = content_of(item)
                if place.number >= last:
                    break
        return found

    def _read_alone(self, file, want: Wanted) -> Content | None:
        """The item read on its own from its line. libxml2 gives lines past 65,535 as those of an element's
        first child, so there the item may start a few lines before: the nearest start tag that holds
        the same item is taken."""
        exact = want.line < 65535
        first = want.line if exact else max(1, want.line - LINES_BACK)
        start = self.stream.line_start(file, first)
        if start is None:
            return None
        file.seek(start)
        window = file.read(1 << 16)
        end = _line_end(window, want.line - first)
        if end is None:
            return None
        starts = list(ITEM_START_RE.finditer(window, 0, end))
        if exact:
            candidates = starts[want.on_line : want.on_line + 1]
        else:
            candidates = starts[::-1][:4]
        assert self.prefix is not None
        for match in candidates:
            item = self.stream.record_at(file, start + match.start(), self.prefix, "channel", "item")
            if item is not None:
                fields = Fields(item)
                content = content_of(item, fields)
                if fingerprint(fields, content.text) == want.fingerprint:
                    return content
        return None


def _line_end(window: bytes, lines: int) -> int | None:
    """The end of the line `lines` lines after the window's first (None when the window ends first)."""
    position = -1
    for _ in range(lines + 1):
        position = window.find(b"\n", position + 1)
        if position < 0:
            return None
    return position


def not_an_export(path: Path):
    return book_error("not a WordPress export: expected <rss> with the wordpress.org/export namespace", path, 1)


def plain_text(markup: str) -> str | None:
    from postbind.ingest.wordpress.meta import plain  # meta reads this module

    return plain(markup)


def postmeta(item: etree._Element, key: str) -> str:
    """The value of the item's wp:postmeta with this key, or ""."""
    for meta in item.iterfind("{*}postmeta"):
        if wp(meta, "meta_key") == key:
            return wp(meta, "meta_value")
    return ""
