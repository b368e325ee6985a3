"""Ids a book can carry: valid XML names, unique across the book, and never lost with their element.

Posts are merged into one book (one PDF document, one EPUB), and every post has its own `fn1`
and `introduction`; the chapter prefix (`intro_fn1`) keeps them apart. Feeds and hand-made HTML bring ids
no XML document may hold ("my heading", "fn:1"): they are made safe, and the post's links to
them follow. An element that a step drops (an empty link, an unwrapped tag) hands its id on
first, so that no link loses its target.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from lxml import html

if TYPE_CHECKING:
    from postbind.transform import ChapterContext

# What an XML id (an NCName) may hold after its first character, by XML 1.0's NameChar ranges.
NAME_CHARS = (
    "A-Za-z0-9_.\\-\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u200c\u200d\u203f\u2040"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
NOT_NAME_RE = re.compile(f"[^{NAME_CHARS}]+")
# Elements that hold no text of their own: an empty <span> can't stand in them.
NO_PHRASING = {"ul", "ol", "menu", "dl", "table", "thead", "tbody", "tfoot", "tr", "colgroup", "hgroup"}


def chapter_prefix(chapter_id: str) -> str:
    """What every id inside the chapter starts with. Chapter ids are slugs, with hyphens but never an
    underscore, so the underscore keeps a chapter's "intro" heading ("a_intro") from ever being another
    chapter's id ("a-intro"), and tells which chapter an id belongs to (write/epub_package.py)."""
    return f"{chapter_id}_"


def safe_id(text: str) -> str:
    """The id as an XML name: every run of characters a name can't hold becomes one "-"."""
    return NOT_NAME_RE.sub("-", text.strip()).strip("-")


def prefix_ids(root: html.HtmlElement, context: ChapterContext) -> None:
    """Every id valid, unique and chapter-prefixed; the post's own links to them renamed to match."""
    prefix = chapter_prefix(context.chapter.id)
    renamed: dict[str, str] = {}
    taken = {context.chapter.end_id}  # the chapter's end marker (chapter.html) is an id too
    for element in root.iter():
        old = element.get("id")
        if old is None:
            continue
        safe = safe_id(old)
        if not safe:
            del element.attrib["id"]  # id="" or id="  ": nothing can link to it
            continue
        new = _unique(safe if safe.startswith(prefix) else prefix + safe, taken)
        taken.add(new)
        renamed.setdefault(old, new)
        element.set("id", new)
    for link in root.iter("a"):
        target = link.get("href", "")[1:] if link.get("href", "").startswith("#") else None
        if target is None:
            continue
        new = renamed.get(target) or renamed.get(unquote(target))  # "#my%20heading" means "my heading"
        if new:
            link.set("href", "#" + new)


def _unique(candidate: str, taken: set[str]) -> str:
    name, n = candidate, 2
    while name in taken:
        name, n = f"{candidate}-{n}", n + 1
    return name


def link_targets(root: html.HtmlElement) -> set[str]:
    """The ids the post's own links point at (as written, and %-decoded): the only ids worth keeping,
    since a link from another post can't mean an id of this one."""
    hrefs = [a.get("href", "")[1:] for a in root.iter("a") if a.get("href", "").startswith("#")]
    return {*hrefs, *(unquote(h) for h in hrefs)}


def keep_id(element: html.HtmlElement, root: html.HtmlElement, targets: set[str]) -> None:
    """Call before `element` is dropped: an id some link points at (`targets`, from link_targets) moves to
    the nearest kept element (its parent), or, where that has an id of its own, stays in place on an
    empty <span>."""
    old = element.attrib.pop("id", None)
    parent = element.getparent()
    if not old or parent is None or old not in targets:
        return
    if parent is not root and parent.get("id") is None:
        parent.set("id", old)
        return
    spot = element
    while (up := spot.getparent()) is not None and up is not root and up.tag in NO_PHRASING:
        spot = up  # a span can't sit in a list or table: it goes just before it
    spot.addprevious(html.Element("span", {"id": old}))
