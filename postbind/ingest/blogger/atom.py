"""A Blogger export's Atom: parsed safely, and each entry's kind, status and metadata read.

Two shapes are in use. The "Back up content" export of 2008-2020 marks an entry's kind with a
category of scheme `http://schemas.google.com/g/2005#kind` (…/kind#post, #comment, #settings,
#template, #page) and a draft with `<app:control><app:draft>yes`; the export of today (Google
Takeout's feed.atom) says `<blogger:type>POST</blogger:type>` and `<blogger:status>DRAFT` in the
`http://schemas.google.com/blogger/2018` namespace. Labels are categories of scheme
`http://www.blogger.com/atom/ns#` (or without a scheme in the newer shape).

An export may hold a blog's twenty years: it is read as a stream (`Export.items`), each <entry> let go
once its metadata is read, and an entry whose body a book keeps is found again by its line
(`Export.contents`, shared with WordPress's exports in xmltree.StreamedExport).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree

from postbind.errors import Reporter, book_error
from postbind.ingest.source import iso_date
from postbind.ingest.xmltree import Place, StreamedExport
from postbind.model import PostMeta

ATOM = "{http://www.w3.org/2005/Atom}"
FEED, ENTRY, AUTHOR, LINK = f"{ATOM}feed", f"{ATOM}entry", f"{ATOM}author", f"{ATOM}link"
ENTRY_START_RE = re.compile(rb"<(?:[\w.-]+:)?entry[\s/>]")  # <entry>, or <ns0:entry> as ElementTree writes it
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
BLOGGER_2018 = "{http://schemas.google.com/blogger/2018}"
APP_NAMESPACES = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")
# blogger:status of the newer export, as the statuses `include:` selects on (WordPress's words).
STATUSES = {"live": "publish", "draft": "draft", "scheduled": "future", "soft_trashed": "trash"}
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")


class Export(StreamedExport):
    """One export as read: the feed's own authors and address, and how to find again the entries its
    entries stand for (xmltree.StreamedExport).

    The file is untrusted: no DTD, no network, no entity expansion (XXE, "billion laughs"). The feed's
    <author>s and alternate <link> apply to every entry, wherever they are; when one comes after an entry,
    `late` says so, and the entries are read again knowing them (`defaults`).
    """

    what, container, tag, start_re = "Blogger export", FEED, ENTRY, ENTRY_START_RE

    def __init__(self, path: Path, defaults: tuple[tuple[str, ...], str | None] | None = None):
        super().__init__(path)
        self.defaults = defaults
        self.feed_authors: tuple[str, ...] = defaults[0] if defaults else ()
        self.blog_url: str | None = defaults[1] if defaults else None
        self.late = False  # a feed author or address after an entry
        self.foreign = False  # XML whose root is not an Atom <feed>

    def items(self, reporter: Reporter | None, first_read: bool = True) -> Iterator[tuple[Place, etree._Element]]:
        """Every <entry> of the feed in file order, with its place, each let go when the next is asked for;
        the feed's own authors and address are read on the way."""
        return self.placed(self._entries(reporter, first_read), reporter)

    def _entries(self, reporter: Reporter | None, first_read: bool) -> Iterator[etree._Element]:
        feed, number = None, 0
        for event, element in self.stream.events((FEED, ENTRY), index=first_read):
            if self.foreign:
                continue  # read to the end: a malformed file is malformed first
            if event == "start":
                if feed is None:
                    feed = self._feed(element)
                continue
            if element is feed:
                if first_read:
                    self._feed_children(list(feed), reporter, late=number > 0)
                continue
            if feed is None or element.getparent() is not feed:
                continue
            if first_read:
                preceding = list(element.itersiblings(preceding=True))
                self._feed_children(reversed(preceding), reporter, late=number > 0)
            yield element
            number += 1
        if feed is None or self.foreign:
            raise book_error("not a Blogger export: expected an Atom <feed>", self.path, 1)

    def _feed(self, element: etree._Element) -> etree._Element | None:
        """The export's <feed>: the root; None for XML whose root is something else."""
        if element.tag != FEED or element.getparent() is not None:
            self.foreign = True
            return None
        self.prefix = self.stream.prefix(element)
        return element

    def _feed_children(self, children: Iterable, reporter: Reporter | None, late: bool) -> None:
        """The feed's own elements (entries already read are empty): entity references dropped, its authors
        and address noted."""
        for child in children:
            if isinstance(child, etree._Entity):  # a reference straight in the feed: dropped with it
                self.stream.clean(child.getparent(), reporter)
                continue
            if child.tag == ENTRY or not isinstance(child.tag, str):
                continue
            self.stream.clean(child, reporter)
            if self.defaults is not None:
                continue
            if child.tag == AUTHOR:
                names = authors_of([child])
                more = tuple(dict.fromkeys(self.feed_authors + names))
                self.late = self.late or (late and more != self.feed_authors)
                self.feed_authors = more
            elif child.tag == LINK and self.blog_url is None:
                self.blog_url = _link([child])
                self.late = self.late or (late and self.blog_url is not None)

    def read(self, entry: etree._Element) -> tuple[str, int]:
        text, _ = content(entry)
        return text, fingerprint(entry, text)


def fingerprint(entry: etree._Element, text: str) -> int:
    """What tells an entry from its neighbours, in one number (the same in the same process)."""
    return hash((_text(entry.find(f"{ATOM}id")), _text(entry.find(f"{ATOM}title")), len(text)))


def kind(entry: etree._Element) -> str:
    """post, comment, settings, template or page; an entry that says nothing is a post."""
    for category in entry.iterfind(f"{ATOM}category"):
        if category.get("scheme") == KIND_SCHEME:
            return (category.get("term") or "").rsplit("#", 1)[-1].lower() or "post"
    return _text(entry.find(f"{BLOGGER_2018}type")).lower() or "post"


def status(entry: etree._Element) -> str:
    for app in APP_NAMESPACES:
        if _text(entry.find(f"{{{app}}}control/{{{app}}}draft")).lower() == "yes":
            return "draft"
    said = _text(entry.find(f"{BLOGGER_2018}status")).lower()
    return STATUSES.get(said, said or "publish")


def entry_meta(entry: etree._Element, feed_authors: tuple[str, ...], blog_url: str | None) -> PostMeta:
    """What the selection and the book need to know about one entry."""
    labels = tuple(
        dict.fromkeys(
            " ".join(c.get("term", "").split())
            for c in entry.iterfind(f"{ATOM}category")
            if c.get("scheme") in (LABEL_SCHEME, None) and c.get("term", "").strip()
        )
    )
    filename = _text(entry.find(f"{BLOGGER_2018}filename"))
    url = _link(entry.iterfind(LINK)) or (urljoin(blog_url, filename.lstrip("/")) if blog_url and filename else None)
    slug = Path(urlsplit(filename).path).stem if filename else None
    return PostMeta(
        title=_plain(entry.find(f"{ATOM}title")),
        authors=authors(entry) or feed_authors,
        date=iso_date(_text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated")) or None),
        source_url=url,
        guid=_text(entry.find(f"{ATOM}id")) or None,
        slug=slug or None,
        status=status(entry),
        post_type=kind(entry),
        tags=labels,
        categories=labels,
    )


def authors(holder: etree._Element) -> tuple[str, ...]:
    """The names of an entry's authors, in order, once each."""
    return authors_of(holder.iterfind(AUTHOR))


def authors_of(elements: Iterable[etree._Element]) -> tuple[str, ...]:
    """The names of these <author>s, in order, once each."""
    names = (" ".join(_text(a.find(f"{ATOM}name")).split()) for a in elements)
    return tuple(dict.fromkeys(n for n in names if n))


def content(entry: etree._Element) -> tuple[str, int]:
    """The entry's content (Blogger's is HTML whatever its type says) and its line."""
    element = entry.find(f"{ATOM}content")
    if element is None:
        return "", entry.sourceline or 1
    return _text(element, strip=False), element.sourceline or entry.sourceline or 1


def _link(links: Iterable[etree._Element]) -> str | None:
    """The first alternate http(s) address among these <link>s."""
    for link in links:
        href = (link.get("href") or "").strip()
        if link.get("rel", "alternate") == "alternate" and urlsplit(href).scheme in ("http", "https"):
            return href
    return None


def _plain(element: etree._Element | None) -> str | None:
    """A title as text: type="html" titles carry markup and entities."""
    text = _text(element)
    if element is not None and element.get("type") == "html":
        text = html.unescape(TAG_RE.sub("", text))
    return " ".join(text.split()) or None


def _text(element: etree._Element | None, strip: bool = True) -> str:
    text = "".join(element.itertext()) if element is not None else ""
    return text.strip() if strip else text
