"""A Medium story page's metadata, from its microformats (h-entry, p-name, dt-published …).

Medium marks drafts two ways: the file is named `draft_…`, and the page has neither a canonical
link nor a publication time. A response (a reply to another story) has no title of its own:
Medium titles it by its opening words, so its title is the start of its first paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from postbind.ingest.source import iso_date
from postbind.model import PostMeta

STORY_RE = re.compile(rb'class="[^"]*\bh-entry\b')
SNIFF_BYTES = 65536  # real exports carry a few KB of inline CSS before the article
MEDIUM_ID_RE = re.compile(r"-?([0-9a-f]{10,16})$")  # the story id Medium ends its addresses with


def story_files(folder: Path) -> list[Path]:
    """The export's story pages: posts/*.html, or the folder's own *.html when it is posts/ itself."""
    posts = folder / "posts"
    where = posts if posts.is_dir() else folder
    return sorted(p for p in where.glob("*.html") if p.is_file() and not p.name.startswith("."))


def is_export(folder: Path) -> bool:
    """True for a folder whose first story page is a Medium story (an h-entry with graf classes)."""
    files = story_files(folder)
    if not files:
        return False
    try:
        with files[0].open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    return STORY_RE.search(head) is not None and b"e-content" in head


def metadata(path: Path, text: str) -> PostMeta | None:
    """The story's metadata, or None for a page that is no story."""
    root = lxml.html.document_fromstring(text) if text.strip() else None
    article = _first(root, "article", "h-entry") if root is not None else None
    if article is None:
        return None
    title = _text(_first(article, "*", "p-name")) or _text(root.find(".//title"))
    canonical = _first(article, "a", "p-canonical")
    published = _first(article, "time", "dt-published")
    url = canonical.get("href") if canonical is not None else None
    draft = path.name.startswith("draft_") or (canonical is None and published is None)
    return PostMeta(
        title=title,
        authors=tuple(dict.fromkeys(t for t in (_text(a) for a in _all(article, "a", "p-author")) if t)),
        date=iso_date(published.get("datetime")) if published is not None else None,
        source_url=url,
        summary=_text(_first(article, "section", "p-summary")),
        slug=_slug(url),
        guid=_story_id(url or path.stem),
        status="draft" if draft else "publish",
        post_type="response" if _is_response(article, title) else "post",
        tags=tuple(t for t in (_text(a) for a in _all(article, "a", "p-tag")) if t),
    )


def _is_response(article, title: str | None) -> bool:
    """A story without a title heading whose first paragraph begins with its title."""
    body = _first(article, "section", "e-content")
    if body is None or not title or _first(body, "*", "graf--title") is not None:
        return False
    first = next(iter(body.iter("p")), None)
    wanted = _words(title).rstrip("…").rstrip(".").strip()
    return first is not None and bool(wanted) and _words(first.text_content()).startswith(wanted)


def _slug(url: str | None) -> str | None:
    """The story's name in its address (…/my-first-story-abc123def456 → my-first-story); None when it has none."""
    if not url:
        return None
    last = url.rstrip("/").rsplit("/", 1)[-1]
    slug = MEDIUM_ID_RE.sub("", last) if "-" in last else ""
    return slug or None


def _story_id(address: str | None) -> str | None:
    found = MEDIUM_ID_RE.search(address.rstrip("/")) if address else None
    return f"medium:{found.group(1)}" if found else None


def _first(root, tag: str, css_class: str):
    return next(iter(_all(root, tag, css_class)), None)


def _all(root, tag: str, css_class: str) -> list:
    return root.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]")


def _text(element) -> str | None:
    if element is None:
        return None
    value = element if isinstance(element, str) else element.text_content()
    return _words(value) or None


def _words(text: str) -> str:
    return " ".join(text.split())
