"""A book's HTML made ready for paper: footnotes inline, links spelled out, math drawn, readings and their pages.

Paper can't be clicked, so in the print profile every link whose text is not
its address gets the address as a footnote. Notes that WeasyPrint could not
keep on their call's page become chapter endnotes (see write/pdf.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import html

from postbind.config import PrintSettings
from postbind.model import Book, Chapter
from postbind.transform.footnotes import inline_notes
from postbind.transform.ids import chapter_prefix
from postbind.transform.tree import parse_fragment, replace_with_span, serialize_children

MATH_SLOT = "postbind-math-slot"
LAYOUT_ATTEMPTS = 3  # layouts of a chapter before its still misplaced notes are given up on


@dataclass(frozen=True)
class Reading:
    """A body chapter and the printed numbers of its first and last pages."""

    chapter: Chapter
    first: int
    last: int

    @property
    def pages(self) -> str:
        return f"p. {self.first}" if self.first == self.last else f"pp. {self.first}–{self.last}"


def readings(chapters: list[Chapter], page_of: dict[str, int], number: Callable[[int], int]) -> list[Reading]:
    """The body chapters' pages, from where their start and end anchors landed (`number`: page index to
    printed number)."""
    found = []
    for chapter in chapters:
        first, last = page_of.get(chapter.id), page_of.get(chapter.end_id)
        if chapter.kind == "chapter" and first is not None and last is not None:
            found.append(Reading(chapter, number(first), number(last)))
    return found


def print_body(chapter: Chapter, book: Book, endnotes: frozenset[str], profile: str) -> str:
    """A chapter's HTML for print: notes at the foot of the page, images by file URL, math drawn."""
    markup = inline_notes(chapter.html, chapter.notes, keep=endnotes)
    root = parse_fragment(markup)
    for image in root.iter("img"):
        asset = book.assets.get(image.get("src", ""))
        if asset is not None:
            image.set("src", asset.path.as_uri())
    if profile == "print":
        spell_out_links(root)
    drawings = draw_math(root, chapter_prefix(chapter.id))
    markup = serialize_children(root)
    for number, drawing in enumerate(drawings):
        markup = markup.replace(f'<span class="{MATH_SLOT}">{number}</span>', drawing, 1)
    return markup


def draw_math(root: html.HtmlElement, prefix: str) -> list[str]:
    """WeasyPrint has no MathML: each formula is drawn as SVG (put in after serializing: lxml's HTML
    parser would lower-case `viewBox`). A formula that can't be drawn is printed as its TeX."""
    formulas = list(root.iter("math"))
    if not formulas:
        return []
    from postbind import mathsvg  # late: only books with math pay for loading ziamath and the math font

    drawings = []
    for math in formulas:
        try:
            drawing = mathsvg.svg_for(math, f"{prefix}m{len(drawings)}")
        except mathsvg.Unreadable:
            replace_with_span(math, math.get("alttext") or math.text_content(), "math-source")
            continue
        slot = html.Element("span", {"class": MATH_SLOT})
        slot.text, slot.tail = str(len(drawings)), math.tail
        math.getparent().replace(math, slot)
        drawings.append(drawing)
    return drawings


def spell_out_links(root: html.HtmlElement) -> None:
    """Each web link whose text hides its address gets the address as a footnote."""
    for link in list(root.iter("a")):
        href = link.get("href", "")
        if urlsplit(href).scheme not in ("http", "https") or _inside_footnote(link):
            continue
        text = " ".join(link.text_content().split())
        if text.rstrip("/") in (href.rstrip("/"), href.split("://", 1)[-1].rstrip("/")):
            continue  # the address is already on the page
        note = html.Element("span", {"class": "footnote link-note"})
        note.text = href
        note.tail, link.tail = link.tail, None
        link.addnext(note)


def _inside_footnote(element: html.HtmlElement) -> bool:
    return any("footnote" in (a.get("class") or "") for a in element.iterancestors())


def page_geometry(settings: PrintSettings) -> dict[str, str]:
    """CSS values for @page, from the print settings."""
    marks = " ".join(m for m, on in (("crop", settings.crop_marks), ("cross", settings.cross_marks)) if on)
    return {"size": settings.page_size, "marks": marks or "none", "bleed": settings.bleed or "0"}


def footnotes(chapters: list[Chapter], endnotes: frozenset[str]) -> list[list[str]]:
    """Per chapter, the ids of the notes meant for the foot of the page."""
    return [[n.id for n in chapter.notes if n.id not in endnotes] for chapter in chapters]


def more_endnotes(endnotes: frozenset[str], misplaced: list[list[str]], attempt: int) -> frozenset[str]:
    """After layout `attempt`, the notes to make chapter endnotes.

    The first misplaced note of each chapter at a time (the notes after it were
    often only pushed along by it); in the last rounds every misplaced note at once.
    """
    last_round = attempt >= LAYOUT_ATTEMPTS - 1
    return endnotes | {note for ids in misplaced for note in (ids if last_round else ids[:1])}


def unplaced_message(count: int) -> str:
    return f"{count} footnote(s) could not be placed on their pages"


def number_from(document: str, first_page: int) -> str:
    """An HTML document whose first page is numbered `first_page` (WeasyPrint counts each document from 1)."""
    return document.replace(
        "</head>", f"<style>@page :first {{ counter-reset: page {first_page}; }}</style>\n</head>", 1
    )
