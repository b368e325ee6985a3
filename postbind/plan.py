"""Planning: from book.yaml's entries to the posts of the book, chosen like an editor would.

Only metadata is read here (a zip archive is unpacked to be read: see ingest/archive.py). Each
path is given its reader (named by `format:`, else found by looking at the file); named posts
come first, then each collection's items are filtered by `include` (status; type, "post" unless
the item's reader keeps other types by default) and `select` (tags, categories, authors, dates,
slugs, titles), ordered, cut to `limit`, and de-duplicated (GUID, URL, slug) against everything
already in the book. Every item left out is recorded with the reason, for `postbind list -v`.
Bodies are read later (postbind.bodies), and only for what the plan keeps.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from postbind import imaging
from postbind.config import BookConfig, BookConfigError, check_config
from postbind.config.chapters import CollectionEntry, PartEntry, PostEntry, Selection
from postbind.errors import Diagnostic, Reporter, book_error
from postbind.identity import identity_keys, slug_of
from postbind.ingest import archive, registry
from postbind.ingest.reader import Entry, Reader, ReadOptions, default_types
from postbind.ingest.source import clean_meta


@dataclass(frozen=True, slots=True)  # slots: an export may have 100,000 of them
class Excluded:
    entry: Entry
    reason: str


@dataclass(frozen=True)
class Group:
    """Chapters in reading order: a part's (`part` is its title), or a run outside any part (`part` None)."""

    part: str | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Plan:
    """The book's posts in reading order, with parts, and what was left out."""

    front: tuple[Entry, ...]
    body: tuple[Group, ...]
    back: tuple[Entry, ...]
    excluded: tuple[Excluded, ...]
    named: frozenset[Entry] = frozenset()  # the posts book.yaml names one by one: never dropped as repeats
    # Where the sources' pictures may be read from: a post's folder; a collection's folder or file, and media.
    source_folders: tuple[Path, ...] = ()

    def entries(self) -> list[Entry]:
        return [*self.front, *(e for group in self.body for e in group.entries), *self.back]

    def keeping(self, kept, dropped: list[Excluded]) -> Plan:
        """The plan with only the entries `kept(entry)` accepts; `dropped` says why the others went.
        A part left empty goes too."""
        groups = (Group(g.part, tuple(e for e in g.entries if kept(e))) for g in self.body)
        return Plan(
            front=tuple(e for e in self.front if kept(e)),
            body=tuple(g for g in groups if g.entries),
            back=tuple(e for e in self.back if kept(e)),
            excluded=self.excluded + tuple(dropped),
            named=self.named,
            source_folders=self.source_folders,
        )


@dataclass(frozen=True)
class Resolved:
    """A book.yaml entry with the reader that reads it, and whether it is a collection."""

    entry: PostEntry | CollectionEntry
    reader: Reader
    collection: bool


class Seen:
    """What is in the book already, by every key a post can be known by without its text."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], Entry] = {}

    def first(self, entry: Entry) -> Entry | None:
        """The entry already in the book that this one repeats; an export's own items never repeat each other
        (WordPress's test data has two posts with one GUID)."""
        for key in identity_keys(entry):
            found = self.keys.get(key)
            if found is not None and not found.in_same_export(entry):
                return found
        return None

    def add(self, entry: Entry) -> None:
        for key in identity_keys(entry):
            self.keys.setdefault(key, entry)


def plan_book(config: BookConfig, reporter: Reporter) -> Plan:
    """Choose the book's posts: every problem with what book.yaml names is raised at once."""
    resolved = resolve(config)
    excluded: list[Excluded] = []
    seen = Seen()
    explicit = {r.entry.path: _read_explicit(r, reporter) for r in resolved.values() if not r.collection}
    for entry in explicit.values():
        seen.add(entry)

    def expand(entries) -> tuple[Entry, ...]:
        found: list[Entry] = []
        for item in entries:
            choice = resolved[item]
            if choice.collection:
                found += _collection(choice, config, seen, excluded, reporter)
            else:
                found.append(explicit[item.path])
        return tuple(found)

    front, back = expand(config.front_matter), expand(config.back_matter)
    body = tuple(
        Group(item.title, expand(item.chapters)) if isinstance(item, PartEntry) else Group(None, expand([item]))
        for item in config.chapters
    )
    return Plan(front, body, back, tuple(excluded), frozenset(explicit.values()), _folders(resolved.values()))


def _folders(resolved) -> tuple[Path, ...]:
    folders: set[Path] = set()
    for choice in resolved:
        if choice.collection:
            folders.update(path for path in (choice.entry.path, choice.entry.media) if path)
            unpacked = archive.unpacked_folder(choice.entry.path)
            if unpacked is not None:  # a zip's pictures are read where it was unpacked
                folders.add(unpacked)
        else:
            folders.add(choice.entry.path.parent)  # a post's pictures sit beside it
    return tuple(sorted(folders))


def load_book(book) -> BookConfig:
    """book.yaml checked, and every path it names given its reader: every problem listed in one run."""
    config, errors = check_config(book)
    if config is not None:
        try:
            resolve(config)  # planning resolves again: a stat and a few KB read per path named
        except BookConfigError as problems:
            errors = errors + problems.diagnostics
    if errors or config is None:
        raise BookConfigError(errors)
    return config


def resolve(config: BookConfig) -> dict[PostEntry | CollectionEntry, Resolved]:
    """Each entry's reader: formats named or found, every problem listed at once."""
    errors: list[Diagnostic] = []
    found: dict[PostEntry | CollectionEntry, Resolved] = {}
    seen: dict = {}
    for entry in config.entries():
        choice = _resolve(entry, config, errors)
        if choice is None:
            continue
        if not choice.collection:
            if entry.path in seen:
                errors.append(_error(config, entry.line, "file", f"{entry.path.name} is already in the book "
                                     f"(line {seen[entry.path]}); a post appears once"))  # fmt: skip
                continue
            seen[entry.path] = entry.line
        found[entry] = choice
    errors += _cover_problems(config)
    if errors:
        raise BookConfigError(errors)
    return found


def _resolve(entry, config: BookConfig, errors: list[Diagnostic]) -> Resolved | None:
    key = "source" if isinstance(entry, CollectionEntry) else "file"
    if entry.format is not None:
        reader = registry.named(entry.format)
        if reader is None:
            known = ", ".join(registry.names())
            errors.append(_error(config, entry.format_line, "format", f"unknown format '{entry.format}': use one of "
                                 f"{known}"))  # fmt: skip
            return None
    else:
        reader = registry.detect(entry.path)
        if reader is None:
            message = f"{registry.unreadable(entry.path)}; set 'format' to override"
            errors.append(_error(config, entry.line, "file", f"{entry.path.name}: {message}"))
            return None
    if isinstance(entry, CollectionEntry):
        if not reader.many:
            message = f"{entry.path.name} is a single post ({reader.name}): name it as a chapter, not a source"
            errors.append(_error(config, entry.line, key, message))
            return None
        return Resolved(entry, reader, collection=True)
    if reader.many and entry.plain:  # a bare path to a folder, an export or a feed: all its posts
        return Resolved(CollectionEntry(entry.path, entry.line, reader.name), reader, collection=True)
    if reader.many:
        message = f"{entry.path.name} holds many posts ({reader.name}): name it as a collection, {{source: …}}"
        errors.append(_error(config, entry.line, key, message))
        return None
    return Resolved(entry, reader, collection=False)


def _error(config: BookConfig, line: int | None, key: str, message: str) -> Diagnostic:
    return Diagnostic("error", f"{key}: {message}", config.path, line)


def _cover_problems(config: BookConfig) -> list[Diagnostic]:
    """A cover no reader can show should stop the build, not the reader."""
    if config.cover is None:
        return []
    try:
        imaging.inspect(config.cover)
    except imaging.ImageProblem as problem:
        return [_error(config, config.cover_line, "cover", f"{config.cover.name}: {problem}")]
    return []


def _read_explicit(choice: Resolved, reporter: Reporter) -> Entry:
    entry = choice.entry
    (found,) = choice.reader.entries(entry.path, reporter, ReadOptions())
    return apply_overrides(replace(found, meta=clean_meta(found.meta)), entry)


def apply_overrides(found: Entry, entry: PostEntry) -> Entry:
    """What book.yaml says about a post wins over what the post says."""
    overrides = {
        "title": entry.title,
        "authors": entry.authors or None,
        "date": entry.date,
        "source_url": entry.source_url,
        "rights": entry.rights,
    }
    if entry.title and found.meta.title and entry.title != found.meta.title:
        overrides["original_title"] = found.meta.title
    return replace(found, meta=replace(found.meta, **{k: v for k, v in overrides.items() if v}))


def _collection(choice: Resolved, config, seen: Seen, excluded: list[Excluded], reporter: Reporter) -> list[Entry]:
    entry = choice.entry
    items = choice.reader.entries(entry.path, reporter, ReadOptions(media=entry.media))
    items = [_cleaned(item) for item in items]
    chosen = []
    for item in items:
        reason = _included(item, entry) or _selected(item, entry.select)
        if reason:
            excluded.append(Excluded(item, reason))
        else:
            chosen.append(item)
    if not chosen:
        problem = f"no post matches {_what(entry, items)}" if items else "holds no posts postbind can read"
        raise book_error(f"{entry.path.name}: {problem}", config.path, entry.select.line or entry.line)
    return _deduplicated(_limited(_ordered(chosen, entry.order), entry, excluded), seen, excluded, reporter)


def _cleaned(item: Entry) -> Entry:
    meta = clean_meta(item.meta)
    return item if meta is item.meta else replace(item, meta=meta)


def _what(entry: CollectionEntry, items: list[Entry]) -> str:
    """The selection in words, for the error that says nothing matched it."""
    wanted = entry.select.describe()
    formats = {item.format for item in items}
    if formats & {"wordpress", "blogger", "ghost", "substack", "medium", "hugo"}:  # items with statuses and types
        types = dict.fromkeys(t for item in items for t in _types(entry, item))
        wanted += f"; status {'/'.join(entry.statuses)}; type {'/'.join(types)}"
    return f"the selection ({wanted})"


def _types(entry: CollectionEntry, item: Entry) -> tuple[str, ...]:
    """The types kept: book.yaml's, else those of the item's own reader (a folder or zip mixes readers)."""
    return entry.types or _reader_types(item.format)


@lru_cache(maxsize=64)
def _reader_types(name: str) -> tuple[str, ...]:
    return default_types(registry.named(name))


def _included(item: Entry, entry: CollectionEntry) -> str | None:
    if item.meta.post_type not in _types(entry, item):
        return _reason(f"{item.meta.post_type} (include: types)")
    if item.meta.status not in entry.statuses:
        return _reason(f"{item.meta.status} (include: status)")
    return None


def _selected(item: Entry, select: Selection) -> str | None:
    """Why the item does not match the selection, or None when it does."""
    meta = item.meta
    checks = (
        ("tags", select.tags, lambda: meta.tags),
        ("categories", select.categories, lambda: meta.categories),
        ("authors", select.authors, lambda: meta.authors),
        ("slugs", select.slugs, lambda: tuple(s for s in (slug_of(item, item.format),) if s)),
    )
    for name, wanted, has in checks:
        if wanted and not {_term(w) for w in wanted} & {_term(h) for h in has()}:
            return _reason(f"not matching {name}: {', '.join(wanted)}")
    title = (meta.title or "").casefold()
    if select.titles and not any(fnmatch.fnmatchcase(title, p.casefold()) for p in select.titles):
        return _reason(f"not matching titles: {', '.join(select.titles)}")
    return _dated(meta.date, select)


@lru_cache(maxsize=4096)  # an export of 100,000 posts has a few hundred tags, compared 100,000 times
def _term(text: str) -> str:
    """A tag, category or name as compared: "Post Formats" matches its slug "post-formats"."""
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-")


def _reason(text: str) -> str:
    """The same reason is one string however many posts it leaves out."""
    return sys.intern(text)


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


def _ordered(items: list[Entry], order: str) -> list[Entry]:
    if order == "title":
        return sorted(items, key=lambda e: (e.meta.title or e.source.stem).casefold())
    if order in ("date", "-date"):
        return sorted(items, key=lambda e: e.meta.date or "", reverse=order == "-date")
    return items


def _limited(items: list[Entry], entry: CollectionEntry, excluded: list[Excluded]) -> list[Entry]:
    if entry.limit is None:
        return items
    excluded += [Excluded(e, f"beyond limit {entry.limit}") for e in items[entry.limit :]]
    return items[: entry.limit]


def _deduplicated(items: list[Entry], seen: Seen, excluded: list[Excluded], reporter: Reporter) -> list[Entry]:
    kept = []
    for item in items:
        first = seen.first(item)
        if first is None:
            seen.add(item)
            kept.append(item)
            continue
        excluded.append(Excluded(item, f"duplicate of {first.origin}"))
        warn_duplicate(item, first, reporter)
    return kept


def warn_duplicate(item: Entry, first: Entry, reporter: Reporter) -> None:
    title = item.meta.title or item.source.stem
    reporter.warn(f"'{title}' is in the book already ({first.origin}); kept once", item.source, item.item_line)
