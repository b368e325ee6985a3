"""A book's HTML made ready for paper: footnotes inline, links spelled out, readings and their pages.

Paper can't be clicked, so in the print profile every link whose text is not
its address gets the address as a footnote. Notes that WeasyPrint could not
keep on their call's page become chapter endnotes (see write/pdf.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import html

from postbind.config import PrintSettings
from postbind.model import Book, Chapter
from postbind.transform.footnotes import inline_notes
from postbind.transform.tree import parse_fragment, serialize_children


@dataclass(frozen=True)
class Reading:
    """A body chapter and the printed numbers of its first and last pages."""

    chapter: Chapter
    first: int
    last: int

    @property
    def pages(self) -> str:
        return f"p. {self.first}" if self.first == self.last else f"pp. {self.first}–{self.last}"


def print_body(chapter: Chapter, book: Book, endnotes: frozenset[str], profile: str) -> str:
    """A chapter's HTML for print: notes at the foot of the page, images by file URL."""
    markup = inline_notes(chapter.html, chapter.notes, keep=endnotes)
    root = parse_fragment(markup)
    for image in root.iter("img"):
        asset = book.assets.get(image.get("src", ""))
        if asset is not None:
            image.set("src", asset.path.as_uri())
    if profile == "print":
        spell_out_links(root)
    return serialize_children(root)


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
