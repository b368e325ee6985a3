"""The book as data: Book, Part, Chapter, Post and their metadata. No I/O here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

# A BCP 47 language tag as books carry it in lang/xml:lang (en, en-GB, zh-Hant-TW).
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True, slots=True)  # slots: an export may have 100,000 of them
class PostMeta:
    """What a post says about itself (front matter, export header, overrides)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None  # ISO date when known, else as written
    source_url: str | None = None
    rights: str | None = None
    summary: str | None = None
    lang: str | None = None
    original_title: str | None = None  # the post's own title, when book.yaml gives another
    slug: str | None = None  # the post's URL name, e.g. "hello-world"
    guid: str | None = None  # the id an export or feed gives the post
    status: str = "publish"  # WordPress: publish, draft, private, future, pending
    post_type: str = "post"  # WordPress: post, page, attachment, nav_menu_item, …
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    # Citations: the post's own bibliographies and style, as its front matter gives them (paths relative
    # to the post, checked when the book is converted: see citations.py).
    bibliography: tuple[str, ...] = ()
    csl: str | None = None

    @property
    def web_url(self) -> str | None:
        """The source as a book prints it ("First published at"): only an http(s) address, never a tag: or
        urn: id that a feed or book.yaml gave as the source."""
        url = (self.source_url or "").strip()
        return url if re.match(r"(?i)^https?://[^\s/]", url) else None


@dataclass(frozen=True)
class SiteLayout:
    """What a reader knows of the static site a post lies in (Hugo, Jekyll): where its site-absolute paths
    (/images/x.png) resolve, in order, and the site's address, for links to its pages that are not posts."""

    roots: tuple[Path, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class Post:
    """A post as a reader found it: metadata plus a body in a source format.

    `body_format` is what the converter must turn into HTML ("markdown"), or
    "html" when the reader already produced HTML.
    """

    source: Path
    meta: PostMeta
    body: str
    body_format: str
    body_line: int = 1  # line in `source` where the body starts
    # For a post inside an export or feed: its place among the file's items, and the line of its
    # item when known, so messages point at it.
    item: int | None = None
    item_line: int | None = None
    site: SiteLayout | None = None  # the static site it lies in, when its reader knows one

    @property
    def origin(self) -> str:
        """Where the post came from, for messages: the file, and the line of its item in an export."""
        return f"{self.source}:{self.item_line}" if self.item_line else str(self.source)


@dataclass(frozen=True)
class Note:
    """A footnote: its id, its number in the chapter, its HTML content."""

    id: str
    ref_id: str
    number: int
    html: str


@dataclass(frozen=True)
class IndexTerm:
    """An entry of the back-of-book index as book.yaml gives it: the term, the other words for it that
    count as occurrences, or (instead) the term the reader is sent to ("see")."""

    term: str
    aliases: tuple[str, ...] = ()
    see: str | None = None


@dataclass(frozen=True)
class Occurrence:
    """A place in a chapter the index points at: the term, and the id of the span that marks it."""

    term: str
    id: str


@dataclass(frozen=True)
class Chapter:
    """One post in the book, converted and transformed."""

    id: str  # its post's slug, unique in the book (see identity.py); prefix of every id inside it
    kind: str  # "front", "chapter" or "back"
    meta: PostMeta
    source: Path
    html: str = ""
    notes: tuple[Note, ...] = ()
    number: int | None = None  # the reading number of a body chapter: 1, 2, 3…
    origin: str = ""  # where the post came from, for messages (the file, and an export's item line)
    index: tuple[Occurrence, ...] = ()  # the index's terms in it, in reading order (transform/index.py)

    @property
    def title(self) -> str:
        """The post's title; without one, its slug or (for a post that is a file) its file name."""
        return self.meta.title or self.meta.slug or self.source.stem

    @property
    def file_name(self) -> str:
        return f"{self.id}.xhtml"

    @property
    def end_id(self) -> str:
        """The id of the chapter's end marker, inside the chapter's own ids (see transform/ids.py)."""
        return f"{self.id}_end"


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    chapters: list[Chapter]

    @property
    def file_name(self) -> str:
        return f"{self.id}.xhtml"


@dataclass(frozen=True)
class Asset:
    """An image the book embeds: its name and type in the EPUB, its source file, its size."""

    name: str  # e.g. "images/3fa2c1d0e4b5.png"
    path: Path
    media_type: str
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class CoverColours:
    """The theme's colours for a generated cover (CSS colour names or #rrggbb)."""

    background: str = "#22313f"
    text: str = "#f5f1e8"
    accent: str = "#c8a45a"


@dataclass(frozen=True)
class BookMeta:
    title: str
    language: str
    identifier: str
    subtitle: str | None = None
    description: str | None = None
    publisher: str | None = None
    rights: str | None = None
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    date: dt.date | None = None
    subjects: tuple[str, ...] = ()
    isbn_epub: str | None = None
    isbn_print: str | None = None
    back_cover: str | None = None  # the printed cover's back text (else the description)
    # When the book was made, written into both outputs: never the clock, so that
    # two builds of the same sources are byte-identical (see config.build_time).
    modified: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Book:
    meta: BookMeta
    front: list[Chapter]
    body: list[Part | Chapter]
    back: list[Chapter]
    assets: dict[str, Asset] = field(default_factory=dict)
    cover: Path | None = None
    cover_colours: CoverColours = CoverColours()
    reading_numbers: bool = False  # course packs: "Reading 3" above titles and in the contents
    resource_folders: tuple[Path, ...] = ()  # where resources may be read from (see resources.py)
    index_terms: tuple[IndexTerm, ...] = ()  # book.yaml's `index:`; none, no index pages

    def chapters(self) -> list[Chapter]:
        """Every chapter in reading order, front and back matter included."""
        found = list(self.front)
        for item in self.body:
            found.extend(item.chapters if isinstance(item, Part) else [item])
        return found + list(self.back)

    def toc_title(self, chapter: Chapter) -> str:
        """A chapter's title as the contents list it."""
        if self.reading_numbers and chapter.number:
            return f"{chapter.number}. {chapter.title}"
        return chapter.title

    def body_chapters(self) -> list[Chapter]:
        return [c for c in self.chapters() if c.kind == "chapter"]

    @property
    def parts(self) -> list[Part]:
        return [item for item in self.body if isinstance(item, Part)]

    def pieces(self) -> list[Piece]:
        """What opens a new page after the front matter, in order: parts' title pages, chapters, back matter."""
        found = []
        for item in self.body:
            if isinstance(item, Part):
                found.append(Piece(item, None))
                found.extend(Piece(item, chapter) for chapter in item.chapters)
            else:
                found.append(Piece(None, item))
        if found:
            found[0] = Piece(found[0].part, found[0].chapter, first_body=True)
        return found + [Piece(None, chapter) for chapter in self.back]


@dataclass(frozen=True)
class Piece:
    """A part's title page (no chapter), or a chapter with the part it is in (if any)."""

    part: Part | None
    chapter: Chapter | None
    first_body: bool = False  # the page numbered 1

    @property
    def id(self) -> str:
        return self.chapter.id if self.chapter else self.part.id
