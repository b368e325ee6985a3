"""The chapter title, and a post's own headings under it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from lxml import html

from postbind.transform.ids import keep_id, link_targets

if TYPE_CHECKING:
    from postbind.transform import ChapterContext

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def title_from_heading(root: html.HtmlElement, context: ChapterContext) -> None:
    """Without a title, the first level-1 heading is the title and leaves the body.

    With one, a body that opens by repeating it (saved pages, many exports) loses
    the repeat: the chapter's own heading already says it.
    """
    if context.chapter.meta.title:
        _drop_repeated_title(root, context.chapter.meta.title)
        return
    first = root.find(".//h1")
    if first is None:
        return
    title = " ".join(first.text_content().split())
    context.chapter = replace(context.chapter, meta=replace(context.chapter.meta, title=title))
    parent = first.getparent()
    keep_id(first, root, link_targets(root))
    if first.tail and first.tail.strip():
        _keep_tail(first)
    parent.remove(first)


def _drop_repeated_title(root: html.HtmlElement, title: str) -> None:
    first = next((e for e in root if isinstance(e.tag, str)), None)
    if first is None or first.tag not in HEADINGS or (root.text or "").strip():
        return
    if " ".join(first.text_content().split()).casefold() == " ".join(title.split()).casefold():
        keep_id(first, root, link_targets(root))
        if first.tail and first.tail.strip():
            _keep_tail(first)
        root.remove(first)


def _keep_tail(element: html.HtmlElement) -> None:
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + element.tail
    else:
        parent = element.getparent()
        parent.text = (parent.text or "") + element.tail


def demote_headings(root: html.HtmlElement, context: ChapterContext) -> None:
    """The chapter title is the only h1: a post's own h1s become h2, and so on down."""
    if root.find(".//h1") is None:
        return
    for element in root.iter(*HEADINGS):
        level = int(element.tag[1])
        element.tag = f"h{min(level + 1, 6)}"
