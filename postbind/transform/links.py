"""Links: every internal link resolves; links to posts in the book go to their chapters.

A `#fragment` must name an id in the same post (ids are chapter-prefixed, so a
cross-post fragment can't be meant). A link to another post of the book (by
its URL, its file or its slug) becomes a link to that chapter. A link to a
local file that is not part of the book would be broken in every reader, so
it is kept as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from lxml import html

from postbind.identity import link_slugs, slug_of_path, url_key
from postbind.model import Post
from postbind.transform.ids import keep_id, link_targets

if TYPE_CHECKING:
    from postbind.transform import ChapterContext

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass
class LinkIndex:
    """Where each post of the book can be found, by URL, file and slug → chapter id."""

    by_url: dict[str, str] = field(default_factory=dict)
    by_file: dict[Path, str] = field(default_factory=dict)
    by_slug: dict[str, str] = field(default_factory=dict)
    chapter_ids: set[str] = field(default_factory=set)
    site_url: str | None = None  # site-absolute links to pages not in the book point here
    anchors: set[str] = field(default_factory=set)  # ids in one chapter that any may link to (a book's references)

    @classmethod
    def build(cls, posts: list[tuple[str, Post]], site_url: str | None = None) -> LinkIndex:
        index, slugs = cls(site_url=site_url), {}
        for chapter_id, post in posts:
            index.chapter_ids.add(chapter_id)
            index.by_file[post.source.resolve()] = chapter_id
            if post.meta.source_url:
                index.by_url[url_key(post.meta.source_url)] = chapter_id
            for slug in link_slugs(post):
                slugs.setdefault(slug, set()).add(chapter_id)
        index.by_slug = {slug: next(iter(ids)) for slug, ids in slugs.items() if len(ids) == 1}  # unambiguous only
        return index

    def find(self, href: str, base: Path) -> str | None:
        """The chapter a link points to, or None."""
        parts = urlsplit(href)
        if parts.scheme in ("http", "https"):
            return self.by_url.get(url_key(href))
        if parts.scheme or not parts.path:
            return None
        if not parts.path.startswith("/"):
            found = self.by_file.get((base / unquote(parts.path)).resolve())
            if found:
                return found
        return self.by_slug.get(slug_of_path(parts.path))


def check_links(root: html.HtmlElement, context: ChapterContext) -> None:
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    ids.update(note.id for note in context.chapter.notes)  # notes leave the tree; their ids stay
    base = context.post.source.parent
    targets = link_targets(root)
    for link in list(root.iter("a")):
        href = (link.get("href") or "").strip()
        if not href:
            continue
        links = context.book.links
        target = links.find(href, base) if not href.startswith("#") else None
        if target:
            link.set("href", f"#{target}")
            continue
        site_url = (context.post.site.url if context.post.site else None) or links.site_url
        if site_url and href.startswith("/") and not href.startswith("//"):
            link.set("href", site_url.rstrip("/") + href)  # a page of the site that is not in the book
            continue
        problem = _problem(href, ids | links.chapter_ids | links.anchors)
        if not problem and "#" in href.split("#", 1)[-1]:
            # A fragment may not hold another '#' in a valid URL (Element's "#/room/#name" addresses do).
            link.set("href", href.split("#", 1)[0] + "#" + href.split("#", 1)[1].replace("#", "%23"))
        if problem:
            context.warn(f"{problem}; kept as text", href)
            keep_id(link, root, targets)
            link.drop_tag()


def drop_empty_links(root: html.HtmlElement, context: ChapterContext) -> None:
    """A link with nothing to read (a code line's anchor, a picture left out or without alt) is a trap
    for a screen reader's tab order: it goes, and whatever it held stays."""
    targets = link_targets(root)
    for link in list(root.iter("a")):
        described = any((image.get("alt") or "").strip() for image in link.iter("img"))
        if not link.text_content().strip() and not described:
            keep_id(link, root, targets)  # a hand-made note's empty <a id="fn:1"></a> is a link's target
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
