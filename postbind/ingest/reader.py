"""What every reader gives and takes: the `Reader` interface and the records it hands on.

A reader reads one source family (Markdown files, WordPress exports, feeds …) in two steps,
so that a big archive costs only what a book keeps of it:

- `entries(path)`: the items the file (or folder, or archive) holds, each with its typed
  metadata (title, authors, date, status, type, tags, identity), and nothing else done;
- `body(entry)`: one item's text, read, rendered and cleaned only for the items a book keeps.

`sniff` says whether a file belongs to the reader; the registry asks each reader in turn.
A reader of big exports may also read many bodies at once, `bodies(entries)` (one pass over
the file for all the items a book keeps); `registry.read_bodies` uses it when it is there.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from postbind.errors import Reporter
from postbind.model import Post, PostMeta, SiteLayout


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need besides the file: folders book.yaml names for a source."""

    media: Path | None = None  # a WordPress export's uploads (wp-content/uploads/… or flat)


@dataclass(frozen=True, slots=True)  # slots: an export may have 100,000 of them
class Entry:
    """One item of a source, before its body is read: where it is, what it says about itself."""

    source: Path
    meta: PostMeta
    format: str  # the name of the reader whose `body()` reads it
    # For an item inside an export or feed: its place among the file's items and the line of its
    # item when known, so messages point at it. None for a post that is a file of its own.
    item: int | None = None
    item_line: int | None = None
    handle: Hashable = None  # what the reader needs to read the body again (its own business)
    options: ReadOptions = ReadOptions()
    site: SiteLayout | None = None  # the static site the post lies in, when the reader knows its layout
    # The export an item is one of when its items are files of their own (a Medium or Substack export
    # folder); items of one export are never repeats of each other.
    export: Path | None = None

    @property
    def home(self) -> Path | None:
        """The export the item belongs to: `export`, or the file of an export's item; None for a post file."""
        return self.export or (self.source if self.item is not None else None)

    def in_same_export(self, other: Entry) -> bool:
        """Items of one export are never repeats of each other (WordPress's test data has two posts
        with one GUID; Medium's stories share a canonical URL)."""
        return self.home is not None and self.home == other.home

    @property
    def origin(self) -> str:
        """Where the item came from, for messages: the file, and the line of its item in an export."""
        return f"{self.source}:{self.item_line}" if self.item_line else str(self.source)


@dataclass(frozen=True)
class Body:
    """An item's text: HTML, or a source format the converter turns into HTML ("markdown", "docx")."""

    text: str
    format: str
    line: int = 1  # the line in the source where the body starts


class Reader(Protocol):
    """A source family. `many` readers hold collections (a book selects from them).

    A reader whose items have types of their own (Substack's newsletter and podcast) may say which
    of them a book keeps when book.yaml gives no `include: {types: …}`: `default_types`, else "post".
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]  # the file names it reads, by their ending
    many: ClassVar[bool]

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether `path` (with the first bytes of a file, b"" for a folder) is this reader's."""
        ...

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        """Every item `path` holds, in its own order, with metadata only."""
        ...

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        """The item's body, read only now."""
        ...

    # Optional, for readers of big exports:
    #     def bodies(self, entries: list[Entry], reporter: Reporter) -> Iterator[Body]
    # the bodies of many of its entries, in their order, read together (each file read once).


DEFAULT_TYPES = ("post",)


def default_types(reader: Reader) -> tuple[str, ...]:
    """The item types a collection of `reader`'s keeps unless book.yaml says otherwise."""
    return getattr(reader, "default_types", DEFAULT_TYPES)


def by_extension(path: Path, extensions: tuple[str, ...]) -> bool:
    """The sniff of readers known by file name alone."""
    return path.is_file() and path.suffix.lower() in extensions


def to_post(entry: Entry, body: Body) -> Post:
    """The entry and its body as one post."""
    return Post(
        source=entry.source,
        meta=entry.meta,
        body=body.text,
        body_format=body.format,
        body_line=body.line,
        item=entry.item,
        item_line=entry.item_line,
        site=entry.site,
    )
