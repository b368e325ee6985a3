"""Links: every internal link resolves; links that can't work become text.

A `#fragment` must name an id in the same post (ids are chapter-prefixed, so a
cross-post fragment can't be meant). A link to a local file that is not part of
the book would be broken in every reader, so it is kept as plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import html

if TYPE_CHECKING:
    from postbind.transform import ChapterContext

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}


def check_links(root: html.HtmlElement, context: ChapterContext) -> None:
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    ids.update(note.id for note in context.chapter.notes)  # notes leave the tree; their ids stay
    for link in list(root.iter("a")):
        href = (link.get("href") or "").strip()
        if not href:
            continue
        problem = _problem(href, ids)
        if problem:
            context.warn(f"{problem}; kept as text", href)
            link.drop_tag()


def _problem(href: str, ids: set[str]) -> str | None:
    if href.startswith("#"):
        return None if href[1:] in ids else f"link to '{href}' goes nowhere in this post"
    scheme = urlsplit(href).scheme.lower()
    if scheme in EXTERNAL_SCHEMES:
        return None
    if not scheme or scheme == "file":
        return f"link to local file '{href}', which is not part of the book"
    return f"link with unsupported scheme '{scheme}:'"
