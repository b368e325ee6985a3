"""From book.yaml's entries to the posts of the book, chosen like an editor would.

Explicit posts are read first; each collection's posts are then filtered by
`include` (status, type) and `select` (tags, categories, authors, dates,
slugs, titles), ordered, cut to `limit`, and de-duplicated against everything
already in the book. Every post left out is recorded with the reason, for
`postbind list -v`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from postbind.config import BookConfig
from postbind.config_chapters import CollectionEntry, PartEntry, PostEntry, Selection
from postbind.errors import Reporter, book_error
from postbind.ingest import read_collection, read_post
from postbind.ingest.options import ReadOptions
from postbind.ingest.source import clean_post
from postbind.model import Post

DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass(frozen=True)
class Excluded:
    post: Post
    reason: str


@dataclass
class Plan:
    """The book's posts in reading order, with parts, and what was left out."""

    front: list[Post] = field(default_factory=list)
    body: list[Post | tuple[str, list[Post]]] = field(default_factory=list)  # a post, or (part title, posts)
    back: list[Post] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    cache_hits: int = 0  # how many posts came converted from the cache

    def posts(self) -> list[Post]:
        found = list(self.front)
        for item in self.body:
            found.extend(item[1] if isinstance(item, tuple) else [item])
        return found + self.back


class Seen:
    """What is in the book already, by every key a post can be known by."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], Post] = {}

    def first(self, post: Post) -> Post | None:
        """The post already in the book that this one repeats; an export's own items never repeat each other
        (WordPress's test data has two posts with one GUID)."""
        for key in identity_keys(post):
            found = self.keys.get(key)
            if found is not None and not (found.source == post.source and found.item is not None):
                return found
        return None

    def add(self, post: Post) -> None:
        for key in identity_keys(post):
            self.keys.setdefault(key, post)


def plan_book(config: BookConfig, reporter: Reporter) -> Plan:
    plan, seen = Plan(), Seen()
    explicit = {e.path: _read_explicit(e, reporter) for e in config.entries() if isinstance(e, PostEntry)}
    for post in explicit.values():
        seen.add(post)
    options = ReadOptions(site_root=config.site_root)

    def expand(entries) -> list[Post]:
        posts: list[Post] = []
        for entry in entries:
            if isinstance(entry, PostEntry):
                posts.append(explicit[entry.path])
            else:
                posts += _collection(entry, config, replace(options, media=entry.media), seen, plan, reporter)
        return posts

    plan.front, plan.back = expand(config.front_matter), expand(config.back_matter)
    for item in config.chapters:
        plan.body += [(item.title, expand(item.chapters))] if isinstance(item, PartEntry) else expand([item])
    return plan


def _read_explicit(entry: PostEntry, reporter: Reporter) -> Post:
    post = clean_post(read_post(entry.path, entry.format, reporter))
    return apply_overrides(post, entry)


def apply_overrides(post: Post, entry: PostEntry) -> Post:
    """What book.yaml says about a post wins over what the post says."""
    overrides = {
        "title": entry.title,
        "authors": entry.authors or None,
        "date": entry.date,
        "source_url": entry.source_url,
        "rights": entry.rights,
    }
    if entry.title and post.meta.title and entry.title != post.meta.title:
        overrides["original_title"] = post.meta.title
    post.meta = replace(post.meta, **{k: v for k, v in overrides.items() if v})
    return post


def _collection(entry: CollectionEntry, config, options, seen: Seen, plan: Plan, reporter: Reporter) -> list[Post]:
    posts = [clean_post(post) for post in read_collection(entry.path, entry.format, reporter, options)]
    chosen = []
    for post in posts:
        reason = _included(post, entry) or _selected(post, entry.select)
        if reason:
            plan.excluded.append(Excluded(post, reason))
        else:
            chosen.append(post)
    if not chosen:
        problem = f"no post matches {_what(entry)}" if posts else "holds no posts postbind can read"
        raise book_error(f"{entry.path.name}: {problem}", config.path, entry.select.line or entry.line)
    return _deduplicated(_limited(_ordered(chosen, entry.order), entry, plan), seen, plan, reporter)


def _what(entry: CollectionEntry) -> str:
    """The selection in words, for the error that says nothing matched it."""
    wanted = entry.select.describe()
    if entry.format == "wordpress":
        wanted += f"; status {'/'.join(entry.statuses)}; type {'/'.join(entry.types)}"
    return f"the selection ({wanted})"


def _included(post: Post, entry: CollectionEntry) -> str | None:
    if entry.format != "wordpress":
        return None
    if post.meta.post_type not in entry.types:
        return f"{post.meta.post_type} (include: types)"
    if post.meta.status not in entry.statuses:
        return f"{post.meta.status} (include: status)"
    return None


def _selected(post: Post, select: Selection) -> str | None:
    """Why the post does not match the selection, or None when it does."""
    meta = post.meta
    checks = (
        ("tags", select.tags, meta.tags),
        ("categories", select.categories, meta.categories),
        ("authors", select.authors, meta.authors),
        ("slugs", select.slugs, tuple(s for s in (slug_of(post),) if s)),
    )
    for name, wanted, has in checks:
        if wanted and not {_term(w) for w in wanted} & {_term(h) for h in has}:
            return f"not matching {name}: {', '.join(wanted)}"
    title = (meta.title or "").casefold()
    if select.titles and not any(fnmatch.fnmatchcase(title, p.casefold()) for p in select.titles):
        return f"not matching titles: {', '.join(select.titles)}"
    return _dated(meta.date, select)


def _term(text: str) -> str:
    """A tag, category or name as compared: "Post Formats" matches its slug "post-formats"."""
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-")


def _dated(date: str | None, select: Selection) -> str | None:
    if not (select.after or select.before):
        return None
    if not date or not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
        return "no date (the selection has after/before)"
    if select.after and date < select.after.isoformat():
        return f"dated {date}, before {select.after}"
    if select.before and date > select.before.isoformat():
        return f"dated {date}, after {select.before}"
    return None


def _ordered(posts: list[Post], order: str) -> list[Post]:
    if order == "title":
        return sorted(posts, key=lambda p: (p.meta.title or p.source.stem).casefold())
    if order in ("date", "-date"):
        return sorted(posts, key=lambda p: p.meta.date or "", reverse=order == "-date")
    return posts


def _limited(posts: list[Post], entry: CollectionEntry, plan: Plan) -> list[Post]:
    if entry.limit is None:
        return posts
    plan.excluded += [Excluded(p, f"beyond limit {entry.limit}") for p in posts[entry.limit :]]
    return posts[: entry.limit]


def _deduplicated(posts: list[Post], seen: Seen, plan: Plan, reporter: Reporter) -> list[Post]:
    kept = []
    for post in posts:
        first = seen.first(post)
        if first is None:
            seen.add(post)
            kept.append(post)
            continue
        plan.excluded.append(Excluded(post, f"duplicate of {first.origin}"))
        reporter.warn(
            f"'{post.meta.title or post.source.stem}' is in the book already ({first.origin}); kept once",
            post.source,
            post.item_line,
        )
    return kept


def identity_keys(post: Post) -> list[tuple[str, str]]:
    """Every way the same post may show up twice: its file, GUID, URL, slug or text."""
    keys = []
    if post.item is None:
        keys.append(("file", str(post.source.resolve())))
    if post.meta.guid:
        keys.append(("guid", post.meta.guid))
    if post.meta.source_url:
        parts = urlsplit(post.meta.source_url)
        keys.append(("url", parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")))
    if post.meta.slug:  # a slug the post declares; one made from a file name ("award") may recur yearly
        keys.append(("slug", post.meta.slug.casefold()))
    words = re.findall(r"\w+", re.sub(r"<[^>]+>", " ", post.body).casefold())
    if len(words) >= 20:  # short texts ("Coming soon") may well repeat without being the same post
        keys.append(("text", hashlib.sha256(" ".join(words).encode()).hexdigest()))
    return keys


def slug_of(post: Post) -> str | None:
    """The post's slug: given, else the last part of its URL, else its file name without a date."""
    if post.meta.slug:
        return post.meta.slug.casefold()
    if post.meta.source_url:
        last = urlsplit(post.meta.source_url).path.rstrip("/").rsplit("/", 1)[-1]
        if last:
            return DATE_PREFIX.sub("", re.sub(r"\.(html?|php)$", "", last)).casefold()
    if post.item is None and post.body_format != "docx":
        return DATE_PREFIX.sub("", post.source.stem).casefold()
    return None
