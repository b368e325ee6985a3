"""Ids unique across the book: every id in a chapter starts with the chapter's id.

Posts are merged into one book (one PDF document, one EPUB), and every post
has its own `fn1` and `introduction`; the chapter prefix keeps them apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import html

if TYPE_CHECKING:
    from postbind.transform import ChapterContext


def chapter_prefix(chapter_id: str) -> str:
    return f"{chapter_id}-"


def prefix_ids(root: html.HtmlElement, context: ChapterContext) -> None:
    prefix = chapter_prefix(context.chapter.id)
    renamed: dict[str, str] = {}
    taken: set[str] = set()
    for element in root.iter():
        old = element.get("id")
        if old is None:
            continue
        new = _unique(old if old.startswith(prefix) else prefix + old, taken)
        taken.add(new)
        renamed.setdefault(old, new)
        element.set("id", new)
    for link in root.iter("a"):
        href = link.get("href", "")
        if href.startswith("#") and href[1:] in renamed:
            link.set("href", "#" + renamed[href[1:]])


def _unique(candidate: str, taken: set[str]) -> str:
    name, n = candidate, 2
    while name in taken:
        name, n = f"{candidate}-{n}", n + 1
    return name
