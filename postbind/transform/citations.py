"""Citations' links: with `references: book`, a citation's link goes to its entry in the References chapter.

pandoc's citeproc links a citation to `#ref-KEY`, its entry's id in the same document; the book's
References chapter holds the entries instead, with its own ids (`references_ref-KEY`, transform/ids.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote

from lxml import html

from postbind.transform.ids import chapter_prefix, safe_id

if TYPE_CHECKING:
    from postbind.transform import ChapterContext


def link_to_references(root: html.HtmlElement, context: ChapterContext) -> None:
    chapter = context.book.references
    if chapter is None:
        return
    for link in root.iter("a"):
        href = link.get("href") or ""
        if not href.startswith("#ref-") or not _in_citation(link):
            continue
        target = chapter_prefix(chapter) + safe_id(unquote(href[1:]))
        if target in context.book.links.anchors:
            link.set("href", "#" + target)


def _in_citation(link: html.HtmlElement) -> bool:
    """Whether the link is one of citeproc's: inside its <span class="citation">."""
    return any("citation" in (up.get("class") or "").split() for up in link.iterancestors("span"))
