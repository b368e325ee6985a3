"""Who a post is: its slug, its address and its id, by one set of rules.

The same rules find a post twice (de-duplication, in plan.py) and find the chapter a link
points to (links between posts, in transform/links.py), so a post known by a URL or a slug
in one place is known by it in the other. A chapter's id (and its file's name) is its post's
slug too, never its place, so that a post inserted ahead leaves the chapters after it as they were.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from postbind.model import PostMeta

DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")  # Jekyll's 2020-01-31-title.md
PAGE_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".txt", ".php")
MIN_TEXT_WORDS = 20  # short texts ("Coming soon") may well repeat without being the same post
PAGE_ID_LENGTH = 60  # file names stay readable, and well under every file system's limit
# Letters Unicode does not decompose into ASCII ones: what a reader of the language would write instead.
LATIN_EXTRAS = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "þ": "th", "ð": "d", "đ": "d", "ł": "l"})
# Ids the book's own pages and package already use: the templates' (styles/classic/*.html), the EPUB
# writer's and ebooklib's manifest ids and files (write/epub.py), the web edition's index.html.
RESERVED_PAGE_IDS = frozenset(
    {
        *("titlepage", "copyright", "contents", "contents-title", "half-title", "sources", "toc", "book-index"),
        *("cover", "cover-img", "nav", "ncx", "css", "id", "isbn", "index"),
    }
)
RESERVED_PAGE_ID_RE = re.compile(r"(font|creator|editor)\d+|img-.*")  # write/epub.py numbers and names these


class Identified(Protocol):
    """An entry of a reader or a read post: what identity needs of either."""

    source: Path
    meta: PostMeta
    item: int | None  # None for a post that is a file of its own


def url_key(url: str) -> str:
    """An address as compared: no scheme, no www., no trailing slash, the host in lower case."""
    parts = urlsplit(url.strip())
    return parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")


def slug_of_path(path: str) -> str:
    """The slug an address path or file name gives: its last part without page suffix or date."""
    last = unquote(path.rstrip("/").rsplit("/", 1)[-1]).casefold()
    for suffix in PAGE_SUFFIXES:
        last = last.removesuffix(suffix)
    return DATE_PREFIX.sub("", last)


def file_slug(source: Path) -> str:
    return DATE_PREFIX.sub("", source.stem.casefold())


def slug_of(post: Identified, file_format: str | None = None) -> str | None:
    """The post's slug: given, else the last part of its URL, else its file name (not a Word file's)."""
    if post.meta.slug:
        return post.meta.slug.casefold()
    if post.meta.source_url:
        last = slug_of_path(urlsplit(post.meta.source_url).path)
        if last:
            return last
    if post.item is None and file_format != "docx":
        return file_slug(post.source)
    return None


def link_slugs(post: Identified) -> set[str]:
    """Every slug a link may use for the post: its file name's, its address's and the one it declares
    (an export that knows its site only as a placeholder, like Ghost's, gives no address)."""
    slugs = {file_slug(post.source)}
    if post.meta.slug:
        slugs.add(post.meta.slug.casefold())
    if post.meta.source_url:
        slugs.add(slug_of_path(urlsplit(post.meta.source_url).path))
    return {s for s in slugs if s}


def identity_keys(post: Identified) -> list[tuple[str, str]]:
    """Every way the same post may show up twice without reading its text: its file, GUID, URL or slug."""
    keys = []
    if post.item is None:
        keys.append(("file", str(post.source.resolve())))
    if post.meta.guid:
        keys.append(("guid", post.meta.guid))
    if post.meta.source_url:
        keys.append(("url", url_key(post.meta.source_url)))
    if post.meta.slug:  # a slug the post declares; one made from a file name ("award") may recur yearly
        keys.append(("slug", post.meta.slug.casefold()))
    return keys


def text_key(body: str) -> tuple[str, str] | None:
    """The post's words, hashed: the same text reached twice under different names."""
    words = re.findall(r"\w+", re.sub(r"<[^>]+>", " ", body).casefold())
    if len(words) < MIN_TEXT_WORDS:
        return None
    return ("text", hashlib.sha256(" ".join(words).encode()).hexdigest())


def post_page_name(post: Identified, file_format: str | None = None) -> str:
    """The name a post's chapter is known by: its slug, else its title, else its file's name."""
    return page_name(slug_of(post, file_format) or post.meta.title or post.source.stem)


def page_name(text: str) -> str:
    """`text` as an id and file name: ASCII lower-case letters, digits and hyphens, starting with a letter.

    Accents go ("Ærø & Ĳssel" is "aero-ijssel"); a name that starts with a digit, or is reserved, takes
    "p-" in front. A text with no Latin letter or digit at all (a Greek or Japanese title) is named by its
    hash, so that it still does not depend on the post's place.
    """
    folded = unicodedata.normalize("NFKD", text.casefold().translate(LATIN_EXTRAS))
    name = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")
    if not name and re.search(r"\w", text):
        name = "p-" + hashlib.sha256(text.strip().encode()).hexdigest()[:8]
    if not name[:1].isalpha() or name in RESERVED_PAGE_IDS or RESERVED_PAGE_ID_RE.fullmatch(name):
        name = f"p-{name}".rstrip("-")
    return _shortened(name, PAGE_ID_LENGTH)


def unique_page_ids(names: list[str]) -> list[str]:
    """The names made unique in order: a second "intro" is "intro-2", a third "intro-3"."""
    taken: set[str] = set(RESERVED_PAGE_IDS)
    found = []
    for name in names:
        candidate, number = name, 2
        while candidate in taken:
            suffix = f"-{number}"
            candidate, number = _shortened(name, PAGE_ID_LENGTH - len(suffix)) + suffix, number + 1
        taken.add(candidate)
        found.append(candidate)
    return found


def _shortened(name: str, length: int) -> str:
    """At most `length` characters, cut at a hyphen when one is near enough, never ending in one."""
    if len(name) <= length:
        return name
    cut = name[:length]
    return (cut.rsplit("-", 1)[0] if "-" in cut[length // 2 :] else cut).rstrip("-")
