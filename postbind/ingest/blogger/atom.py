"""A Blogger export's Atom: parsed safely, and each entry's kind, status and metadata read.

Two shapes are in use. The "Back up content" export of 2008-2020 marks an entry's kind with a
category of scheme `http://schemas.google.com/g/2005#kind` (…/kind#post, #comment, #settings,
#template, #page) and a draft with `<app:control><app:draft>yes`; the export of today (Google
Takeout's feed.atom) says `<blogger:type>POST</blogger:type>` and `<blogger:status>DRAFT` in the
`http://schemas.google.com/blogger/2018` namespace. Labels are categories of scheme
`http://www.blogger.com/atom/ns#` (or without a scheme in the newer shape).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree

from postbind.errors import Reporter, book_error
from postbind.ingest.source import iso_date
from postbind.ingest.xmltree import parse_untrusted
from postbind.model import PostMeta

ATOM = "{http://www.w3.org/2005/Atom}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
BLOGGER_2018 = "{http://schemas.google.com/blogger/2018}"
APP_NAMESPACES = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")
# blogger:status of the newer export, as the statuses `include:` selects on (WordPress's words).
STATUSES = {"live": "publish", "draft": "draft", "scheduled": "future", "soft_trashed": "trash"}
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")


def parse(path: Path, reporter: Reporter) -> etree._Element:
    """The export's <feed>; an error for a file that can't be read or is not Atom.

    The file is untrusted: no DTD, no network, no entity expansion (XXE, "billion laughs").
    """
    root = parse_untrusted(path, reporter, "Blogger export")
    if root.tag != f"{ATOM}feed":
        raise book_error("not a Blogger export: expected an Atom <feed>", path, 1)
    return root


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
    url = _link(entry) or (urljoin(blog_url, filename.lstrip("/")) if blog_url and filename else None)
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
    """The names of an entry's (or the feed's) authors, in order, once each."""
    names = (" ".join(_text(a.find(f"{ATOM}name")).split()) for a in holder.iterfind(f"{ATOM}author"))
    return tuple(dict.fromkeys(n for n in names if n))


def blog_url(feed: etree._Element) -> str | None:
    """The blog's own address (the feed's alternate link), for entries that give only a file name."""
    return _link(feed)


def content(entry: etree._Element) -> tuple[str, int]:
    """The entry's content (Blogger's is HTML whatever its type says) and its line."""
    element = entry.find(f"{ATOM}content")
    if element is None:
        return "", entry.sourceline or 1
    return _text(element, strip=False), element.sourceline or entry.sourceline or 1


def _link(holder: etree._Element) -> str | None:
    for link in holder.iterfind(f"{ATOM}link"):
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
