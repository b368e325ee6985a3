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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from postbind.errors import Reporter, book_error
from postbind.ingest.xmltree import Place, StreamedExport, Wanted

__all__ = ["Content", "Export", "Fields", "Place", "Wanted"]

WXR_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/\d")
ITEM_START_RE = re.compile(rb"<item[\s/>]")
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


class Export(StreamedExport):
    """One export as read, and how to find again the items its entries stand for (xmltree.StreamedExport)."""

    what, container, tag, start_re = "WordPress export", "channel", "item", ITEM_START_RE

    def __init__(self, path: Path):
        super().__init__(path)
        self.authors: dict[str, str] = {}  # login -> display name, from the channel's wp:author list
        self.late_authors = False  # a wp:author after an item (names then apply to every item)
        self.pictures: dict = {}  # attachment id -> gallery.Picture

    def items(self, reporter: Reporter | None, first_read: bool = True) -> Iterator[tuple[Place, etree._Element]]:
        """Every <item> of the channel in file order, with its place, each let go when the next is asked for;
        the channel's wp:author list is read on the way."""
        return self.placed(self._items(reporter, first_read), reporter)

    def _items(self, reporter: Reporter | None, first_read: bool) -> Iterator[etree._Element]:
        channel, number = None, 0
        for event, element in self.stream.events(("channel", "item"), index=first_read):
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
            yield element
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
        self.prefix = self.stream.prefix(element)
        return element

    def read(self, item: etree._Element) -> tuple[Content, int]:
        fields = Fields(item)
        content = content_of(item, fields)
        return content, fingerprint(fields, content.text)

    def _authors(self, elements: Iterable[etree._Element], reporter: Reporter | None, late: bool) -> None:
        for author in elements:
            author = self.stream.clean(author, reporter)
            login, display = wp(author, "author_login"), plain_text(wp(author, "author_display_name"))
            if login and display:
                self.authors[login] = display
                self.late_authors = self.late_authors or late


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
