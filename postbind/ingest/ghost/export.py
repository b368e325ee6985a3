"""A Ghost JSON export read: its posts, and each post's metadata from the tables around it.

A site export (Settings > Labs > Export, Ghost 1 to 5) is `{"db": [{"meta": …, "data": {posts, tags,
posts_tags, users, posts_authors, posts_meta, …}}]}`: tags and authors are joined to posts through
their tables, in `sort_order`. A post list from the Admin API (`{"posts": [...]}`) carries its tags
and authors inside each post; both shapes are read.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from postbind.errors import book_error
from postbind.ingest.source import iso_date
from postbind.model import PostMeta

# Ghost's statuses as the statuses `include:` selects on (WordPress's words where there is one).
STATUSES = {"published": "publish", "scheduled": "future", "draft": "draft", "sent": "sent"}


@dataclass(frozen=True)
class Export:
    """The export's posts and, by post id, the names of their tags and authors and their extra meta."""

    posts: list[dict]
    tags: dict[str, tuple[str, ...]]
    authors: dict[str, tuple[str, ...]]
    extra: dict[str, dict]  # posts_meta rows (feature image alt and caption, Ghost 4+)


def load(path: Path) -> Export:
    """The export's posts and tables; an error for a file that is not a Ghost export."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise book_error(f"cannot read Ghost export: {exc.strerror}", path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise book_error(f"malformed Ghost export: {exc}", path, getattr(exc, "lineno", None)) from None
    tables = _tables(data)
    if tables is None:
        raise book_error('not a Ghost export: expected {"db": [{"data": {"posts": …}}]} or {"posts": […]}', path, 1)
    posts = [p for p in tables.get("posts") or [] if isinstance(p, dict)]
    users = {u.get("id"): u.get("name") for u in _rows(tables, "users")}
    tags = {t.get("id"): t.get("name") for t in _rows(tables, "tags")}
    by_post_tags = _joined(_rows(tables, "posts_tags"), "tag_id", tags)
    by_post_authors = _joined(_rows(tables, "posts_authors"), "author_id", users)
    for post in posts:  # the Admin API's shape, and Ghost 1's single author_id
        pid = post.get("id")
        if isinstance(post.get("tags"), list):
            by_post_tags[pid] = tuple(t.get("name") for t in post["tags"] if isinstance(t, dict) and t.get("name"))
        if isinstance(post.get("authors"), list):
            people = post["authors"]
            by_post_authors[pid] = tuple(a.get("name") for a in people if isinstance(a, dict) and a.get("name"))
        if not by_post_authors.get(pid) and users.get(post.get("author_id")):
            by_post_authors[pid] = (users[post["author_id"]],)
    extra = {m.get("post_id"): m for m in _rows(tables, "posts_meta")}
    return Export(posts, dict(by_post_tags), dict(by_post_authors), extra)


def post_meta(post: dict, export: Export) -> PostMeta:
    """What the selection and the book need to know about one post."""
    pid = post.get("id")
    page = post.get("type") == "page" or post.get("page") in (True, 1)  # Ghost 1-2 said page: true
    status = str(post.get("status") or "published")
    return PostMeta(
        title=" ".join(str(post.get("title") or "").split()) or None,
        authors=export.authors.get(pid, ()),
        date=iso_date(post.get("published_at") or post.get("created_at")),
        source_url=_web(post.get("canonical_url")) or _web(post.get("url")),
        summary=post.get("custom_excerpt") or None,
        slug=post.get("slug") or None,
        guid=post.get("uuid") or (str(pid) if pid else None),
        status=STATUSES.get(status, status),
        post_type="page" if page else str(post.get("type") or "post"),
        tags=export.tags.get(pid, ()),
        categories=export.tags.get(pid, ()),
    )


def _tables(data: object) -> dict | None:
    if isinstance(data, dict) and isinstance(data.get("db"), list) and data["db"]:
        first = data["db"][0]
        tables = first.get("data") if isinstance(first, dict) else None
        return tables if isinstance(tables, dict) and isinstance(tables.get("posts"), list) else None
    if isinstance(data, dict) and isinstance(data.get("posts"), list):
        return data
    return None


def _rows(tables: dict, name: str) -> list[dict]:
    return [row for row in tables.get(name) or [] if isinstance(row, dict)]


def _joined(links: list[dict], key: str, names: dict) -> defaultdict[str, tuple[str, ...]]:
    """post id -> the names a join table links it to, in the table's sort_order."""
    found: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
    for link in links:
        name = names.get(link.get(key))
        if name:
            found[link.get("post_id")].append((link.get("sort_order") or 0, name))
    return defaultdict(tuple, {pid: tuple(dict.fromkeys(n for _, n in sorted(pairs))) for pid, pairs in found.items()})


def _web(url: object) -> str | None:
    return url if isinstance(url, str) and urlsplit(url).scheme in ("http", "https") else None
