"""book.yaml's `chapters`: posts, collections of posts and parts, checked into typed entries.

Only shape and values are checked here: whether a path is one post or a collection, and which
reader reads it, is found when the book is planned (postbind.plan), by looking at the files.

A chapters item is a post path; `{file: PATH, …overrides}`; a collection
`{source: PATH, format, select, order, limit, include, media}` (a folder,
a WordPress export or a feed, with the posts chosen like an editor would);
or `{part: TITLE, chapters: [...]}`. A plain path to a folder, an export or a
feed is a collection of all its posts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from postbind.config.checker import Checker, Node

# The schema of a chapters item (see TOP_KEYS in config.py for why these are dicts).
POST_KEYS = {
    "file": "The post's path.",
    "format": "Its format when the extension doesn't tell: markdown, text, html, docx.",
    "title": 'A title to use instead of the post\'s own (which is kept as "originally published as").',
    "author": "The author, instead of the post's.",
    "authors": "The authors, instead of the post's.",
    "date": "The date, instead of the post's.",
    "source_url": "Where the post was first published (printed as its source only when an http(s) address).",
    "rights": 'Its licence or permission line (a course pack\'s "Reprinted with permission").',
}
COLLECTION_KEYS = {
    "source": "A folder, a WordPress, Blogger, Ghost, Substack or Medium export, an RSS/Atom/JSON feed, "
    "or a `.zip` of any of them.",
    "format": "Its format when the file doesn't tell: folder, wordpress, feed, substack, medium, zip.",
    "select": "Which posts: `{tags, categories, authors, after, before, slugs, titles}` (see below).",
    "order": "`as-listed` (the default), `date`, `-date` (newest first) or `title`.",
    "limit": "At most this many posts (after ordering).",
    "include": "Exports (WordPress, Blogger, Ghost, Substack, Medium): `{status: [publish, draft, …], "
    "types: [post, page, …]}`. Default: published posts (Substack: published newsletters and podcasts).",
    "media": "A WordPress export's uploads folder (`wp-content/uploads/…` or flat), or a Ghost site's content/images.",
}
SELECT_KEYS = {
    "tags": "Any of these tags.",
    "categories": "Any of these categories (a feed's categories count as tags too).",
    "authors": "Any of these authors.",
    "after": "Dated on or after this date.",
    "before": "Dated on or before this date.",
    "slugs": "Any of these slugs.",
    "titles": 'Titles matching any of these glob patterns (`"Notes on *"`).',
}
ORDERS = ("as-listed", "date", "-date", "title")


@dataclass(frozen=True)
class PostEntry:
    """A path named in `chapters` (or front/back matter), with its overrides.

    `plain` is a bare path with no overrides: in `chapters` it may turn out to be a collection
    (a folder, an export, a feed) of all its posts.
    """

    path: Path
    line: int
    format: str | None = None  # as given; else found from the file
    format_line: int | None = None
    plain: bool = False
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    source_url: str | None = None
    rights: str | None = None


@dataclass(frozen=True)
class Selection:
    """`select:` keys combine with AND, the values of one key with OR; matching ignores case."""

    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    slugs: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # glob patterns
    after: dt.date | None = None
    before: dt.date | None = None
    line: int | None = None

    def describe(self) -> str:
        parts = [f"{name}: {', '.join(values)}" for name, values in self._lists() if values]
        parts += [f"{name}: {value}" for name, value in (("after", self.after), ("before", self.before)) if value]
        return "; ".join(parts) or "everything"

    def _lists(self):
        return (("tags", self.tags), ("categories", self.categories), ("authors", self.authors),
                ("slugs", self.slugs), ("titles", self.titles))  # fmt: skip


@dataclass(frozen=True)
class CollectionEntry:
    """Many posts from one source: a folder, a WordPress export or a feed."""

    path: Path
    line: int
    format: str | None = None  # as given; else found from the file
    format_line: int | None = None
    select: Selection = Selection()
    order: str = "as-listed"
    limit: int | None = None
    statuses: tuple[str, ...] = ("publish",)
    types: tuple[str, ...] = ()  # none given: the reader's default types (see ingest.reader.default_types)
    media: Path | None = None


@dataclass(frozen=True)
class PartEntry:
    title: str
    line: int
    chapters: tuple[PostEntry | CollectionEntry, ...]


def chapters_of(ck: Checker, node: Node | None, key: str, allow_parts: bool) -> tuple:
    """The entries of a `chapters` list (or a part's), in order."""
    result: list = []
    for item in ck.sequence(node, key):
        if allow_parts and ck.is_mapping(item) and ck.has_key(item, "part"):
            entry = _part(ck, item)
        elif ck.is_mapping(item) and ck.has_key(item, "source"):
            entry = _collection(ck, item)
        else:
            entry = _post(ck, item, key)
        if entry:
            result.append(entry)
    return tuple(result)


def posts_of(ck: Checker, node: Node | None, key: str) -> tuple[PostEntry, ...]:
    """Front and back matter: single posts only."""
    entries = (_post(ck, item, key, posts_only=True) for item in ck.sequence(node, key))
    return tuple(e for e in entries if e)


def _part(ck: Checker, node: Node) -> PartEntry | None:
    keys = ck.mapping(node, "part", ("part", "chapters"))
    if keys is None:
        return None
    title = ck.text(keys.get("part"), "part")
    if "chapters" not in keys:
        ck.error(node, "part", "a part needs 'chapters': the posts it holds")
    chapters = chapters_of(ck, keys.get("chapters"), "part.chapters", allow_parts=False)
    if "chapters" in keys and not chapters and not ck.errors:
        ck.error(keys["chapters"], "part.chapters", f"part '{title}' is empty")
    return PartEntry(title or "", ck.line(node), chapters) if title else None


def _post(ck: Checker, node: Node, key: str, posts_only: bool = False) -> PostEntry | None:
    if ck.is_mapping(node):
        keys = ck.mapping(node, key, POST_KEYS)
        if keys is None:
            return None
        if "file" not in keys:
            ck.error(node, key, "an entry needs 'file' (a post's path), 'source' (a collection) or 'part'")
            return None
        file_node = keys["file"]
    else:
        keys, file_node = {}, node
    plain = not keys and not posts_only
    path = ck.path(file_node, key, ck.file.parent, kind="any" if plain else "file")
    if path is None:
        return None
    return PostEntry(
        path=path,
        line=ck.line(file_node),
        format=ck.text(keys.get("format"), "format"),
        format_line=ck.line(keys["format"]) if "format" in keys else None,
        plain=plain,
        title=ck.text(keys.get("title"), "title"),
        authors=ck.names(keys, "author", "authors"),
        date=ck.date_text(keys.get("date"), "date"),
        source_url=ck.text(keys.get("source_url"), "source_url"),
        rights=ck.text(keys.get("rights"), "rights"),
    )


def _collection(ck: Checker, node: Node) -> CollectionEntry | None:
    keys = ck.mapping(node, "source", COLLECTION_KEYS)
    path = ck.path(keys.get("source"), "source", ck.file.parent, kind="any") if keys else None
    if path is None:
        return None
    statuses, types = _include(ck, keys.get("include"))
    return CollectionEntry(
        path=path,
        line=ck.line(keys["source"]),
        format=ck.text(keys.get("format"), "format"),
        format_line=ck.line(keys["format"]) if "format" in keys else None,
        select=_selection(ck, keys.get("select")),
        order=ck.choice(keys.get("order"), "order", ORDERS) or "as-listed",
        limit=_limit(ck, keys.get("limit")),
        statuses=statuses,
        types=types,
        media=ck.path(keys.get("media"), "media", ck.file.parent, kind="folder"),
    )


def _selection(ck: Checker, node: Node | None) -> Selection:
    keys = ck.mapping(node, "select", SELECT_KEYS) if node is not None else None
    if not keys:
        return Selection()
    lists = {
        name: ck.text_list(keys.get(name), f"select.{name}") for name in SELECT_KEYS if name not in ("after", "before")
    }
    after, before = (ck.date(keys.get(name), f"select.{name}") for name in ("after", "before"))
    return Selection(after=after, before=before, line=ck.line(node), **lists)


def _include(ck: Checker, node: Node | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    keys = ck.mapping(node, "include", ("status", "types")) if node is not None else None
    defaults = CollectionEntry.statuses, CollectionEntry.types
    if not keys:
        return defaults
    statuses = ck.text_list(keys.get("status"), "include.status") or defaults[0]
    return statuses, ck.text_list(keys.get("types"), "include.types") or defaults[1]


def _limit(ck: Checker, node: Node | None) -> int | None:
    value = ck.scalar(node, "limit")
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        ck.error(node, "limit", f"expected a whole number of posts, got '{value}'")
        return None
    return value
