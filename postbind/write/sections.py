"""The PDF in sections: each piece of the book a WeasyPrint document of its own, rendered in worker processes.

WeasyPrint holds every page of a document in memory (~0.45 MB each) and lays a
document out in one process, so a book is not rendered as one document: each
piece (a part's title page, a chapter, a back-matter chapter) is. A piece is
rendered as if it stood alone: it opens on a recto (in print a blank verso pads
one that ends on a recto, so left and right never shift), and nothing on its
pages depends on where it lands: no folio, a hidden stand-in for its reading
number, ids from its post (assemble.py). So every piece renders at once, in
parallel, with no numbers to predict, and a piece is cached by its content
alone: inserting, removing or reordering posts renders only the posts that
changed. Then what does depend on the page numbers: the folios and reading
numbers, stamped on the pages (write/stamps.py), the front pages (the contents),
"Sources and permissions" and, last, the index. pdf_merge.py joins the sections, lays the stamps
over them and rebuilds what joining loses: links between sections, the outline,
the metadata. tests/write/sections hold the result page for page against the
book rendered as one document (tests/reference.py).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

from postbind import cache
from postbind.book_index import Folio, printed
from postbind.errors import PostbindError, Reporter
from postbind.model import Book, Chapter, Piece
from postbind.pagebreaks import PageBreak
from postbind.printing import LAYOUT_ATTEMPTS, footnotes, more_endnotes, number_from, readings, unplaced_message
from postbind.render import Renderer
from postbind.write.stamps import Stamp, head_of, uses_total

MARKER = "postbind-section:"  # a link into another section, until the merge points it there
IMG_SRC_RE = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')
ID_RE = re.compile(r'\bid="([^"]+)"')
FRAGMENT_HREF_RE = re.compile(r'\bhref="#([^"]+)"')
OUTSIDE_WORKERS = 16  # jobs kept in flight on an executor the caller gives (a Dask cluster), halved
STAMPS_PER_SHEET = 250  # a sheet's pages are held in memory while it renders, as any document's
SECTION_FORMAT = "2"  # what a worker reports of a section (Rendered): a cache of another format is not read
CACHE_BYTES = 2 * 2**30  # rendered sections kept; the least recently used go first
MISSING_GLYPH_RE = re.compile(r"\.notdef glyph.*?\(U\+([0-9A-F]{4,6})")  # WeasyPrint: a character no font has
SEARCHED_BYTES = 32 * 2**20  # a post's source read to find a character's line; a bigger export is not searched


@dataclass(frozen=True)
class Image:
    """A raster picture as the print HTML places it: checked for 300 dpi after layout."""

    name: str
    width: int
    post: Path | None


@dataclass(frozen=True)
class RenderJob:
    """One section or stamp sheet for a worker: everything it needs travels with it (workers may be other
    machines)."""

    html: str
    css: str
    base_url: str
    folders: tuple[Path, ...]  # where resources may be read from
    notes: tuple[tuple[str, ...], ...] = ()  # per chapter, the footnotes to find on their call's page
    anchors: tuple[str, ...] = ()  # ids whose page is wanted back
    images: tuple[tuple[str, Image], ...] = ()  # by URI; only in print, where dpi matters
    last_try: bool = True  # else a section whose notes are misplaced is not written: it is laid out again
    stamped: bool = False  # a piece: its folios are left out, to be stamped
    stamps: tuple[Stamp, ...] = ()  # a stamp sheet: the stamps, one a page (`html` is unused)
    variant: str | None = None  # the PDF standard a section follows (PDF/A, /UA, /X); pdf_merge keeps it


@dataclass
class Rendered:
    """What a worker sends back, and what the cache keeps of it."""

    pages: int
    page_of: dict[str, int]
    misplaced: list[list[str]]
    bookmarks: list[int]  # the outline level of each bookmark, in order
    warnings: list[tuple[str, str | None]]
    kinds: list = field(default_factory=list)  # per page: [page name, opens its group] where a folio goes
    starts: list = field(default_factory=list)  # per page: where it begins in the text (pagebreaks.py)
    pdf: bytes = b""
    path: Path | None = None


@dataclass(eq=False)  # a slot is itself: compared, hashed and found by identity
class Slot:
    """A section on its way: what it holds, and how far its rendering got."""

    html_for: Callable[[frozenset[str]], str]  # its HTML, given the notes made endnotes
    chapters: list[Chapter]
    stamped: bool = False
    stamps: tuple[Stamp, ...] = ()  # a stamp sheet's
    endnotes: frozenset[str] = frozenset()
    attempt: int = 0
    busy: bool = False
    done: Rendered | None = None

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(a for c in self.chapters for a in (c.id, c.end_id, *(o.id for o in c.index)))


@dataclass
class SectionWriter:
    book: Book
    renderer: Renderer
    reporter: Reporter
    render: Callable[[RenderJob], Rendered]  # runs in the workers (write/pdf.py)
    engine: str  # the renderer's name and version, part of every cache key
    executor: Executor
    workers: int
    scratch: Path
    cache_hits: int = 0  # sections taken from the cache
    rendered: int = 0  # sections and stamp sheets the workers rendered
    pending: dict[Future, str] = field(default_factory=dict)  # a worker's job, by its cache key
    waiting: dict[str, list[Slot]] = field(default_factory=dict)  # key -> the slots it is for
    results: dict[str, Rendered] = field(default_factory=dict)  # what this build rendered, by key
    again: list[Slot] = field(default_factory=list)  # slots back from a worker, to be laid out again
    page_breaks: list[PageBreak] = field(default_factory=list)  # every page of the PDF, where it begins

    def __post_init__(self):
        self.print = self.renderer.print_settings.profile == "print"
        self.css = self.renderer.print_stylesheet()
        self.theme = environment_fingerprint(self.renderer.folders)
        self.images = book_images(self.book) if self.print else {}
        self.asset_names = {asset.path.as_uri(): asset.name for asset in self.book.assets.values()}
        self.folders = tuple(self.book.resource_folders)

    # -- the book --------------------------------------------------------------
    def render_all(self) -> tuple[list[Path], list[list[int]], list[list[tuple[Path, int] | None]]]:
        """Every section rendered: their files in reading order, their bookmarks' levels, and what to
        stamp on each of their pages."""
        pieces = self.book.pieces()
        slots = [self.piece_slot(piece) for piece in pieces]
        self.settle(slots, len(slots) + 3)  # the tail: the front, the sources (if any) and the blank page
        numbers, end = self.first_pages(slots)
        front, sources, blank = self.tail(slots, pieces, numbers, end)
        tail = [slot for slot in (front, sources, blank) if slot]
        self.settle(tail, len(slots) + len(tail), before=len(slots))
        index = self.index_slot(front, slots, numbers, end + (self.padded(sources.done.pages) if sources else 0))
        if index:  # last: it prints the pages of occurrences in the front matter too
            self.settle([index], len(slots) + len(tail) + 1, before=len(slots) + len(tail))
        front_pages = self.padded(front.done.pages)
        stamps = self.stamp_pages(slots, pieces, numbers, front_pages)
        unplaced = sum(len(ids) for slot in [front, *slots] for ids in slot.done.misplaced)
        if unplaced:
            self.reporter.warn(unplaced_message(unplaced))
        order = self.padded_order([front, *slots, *(slot for slot in (sources, index) if slot)], blank)
        order = order[:-1] if order[-1] is blank else order
        per_section = [stamps.get(id(slot), []) for slot in order]
        self.page_breaks = page_breaks([slot.done for slot in order], front_pages)
        return [s.done.path for s in order], [s.done.bookmarks for s in order], per_section

    def first_pages(self, slots: list[Slot]) -> tuple[list[int], int]:
        """Each piece's first page number (the body counts from 1), and the number after the last page."""
        numbers, number = [], 1
        for slot in slots:
            numbers.append(number)
            number += self.padded(slot.done.pages)
        return numbers, number

    def tail(self, slots: list[Slot], pieces: list[Piece], numbers: list[int], end: int):
        """The front pages (the contents print the pieces' numbers), the sources pages (if the book has
        readings: they print each one's pages) and the blank page, once every piece is rendered."""
        found = []
        for slot, first in zip(slots, numbers, strict=True):
            found += readings(slot.chapters, slot.done.page_of, lambda index, first=first: first + index)
        by_id = {piece.id: number for piece, number in zip(pieces, numbers, strict=True)}
        front = Slot(lambda notes: self.renderer.print_front(self.book, by_id, notes), list(self.book.front))
        sources = Slot(lambda _: number_from(self.renderer.sources_document(self.book, found, False), end), [])
        blank = Slot(lambda _: self.renderer.blank_page_document(inline_css=False), [])
        return front, sources if found else None, blank

    def index_slot(self, front: Slot, slots: list[Slot], numbers: list[int], start: int) -> Slot | None:
        """The index's pages (numbered from `start`), if the book has an index: each occurrence's page is
        the page it landed on in its section, numbered as the section's pages are."""
        if not self.book.index_terms:
            return None
        folios = {anchor: Folio(False, index + 1) for anchor, index in front.done.page_of.items()}
        for slot, first in zip(slots, numbers, strict=True):
            folios.update((anchor, Folio(True, first + index)) for anchor, index in slot.done.page_of.items())
        entries = printed(self.book, folios.get)
        if not entries:
            return None
        return Slot(lambda _: number_from(self.renderer.index_document(self.book, entries, False), start), [])

    def padded_order(self, slots: list[Slot], blank: Slot) -> list[Slot]:
        """The sections in reading order, a blank verso after each that ends on a recto (print)."""
        order = []
        for slot in slots:
            order.append(slot)
            if self.print and slot.done.pages % 2:
                order.append(blank)
        return order

    def padded(self, pages: int) -> int:
        return pages + pages % 2 if self.print else pages

    # -- sections -------------------------------------------------------------
    def piece_slot(self, piece: Piece) -> Slot:
        chapters = [piece.chapter] if piece.chapter else []
        return Slot(lambda notes: self.renderer.print_section(self.book, [piece], notes), chapters, stamped=True)

    def job(self, slot: Slot) -> RenderJob:
        if slot.stamps:
            anchors = tuple(f"stamp-{i}" for i in range(len(slot.stamps)))
            variant = sheet_variant(self.renderer.print_settings.pdf_variant)
            return RenderJob(
                "", self.css, self.renderer.base_url(), self.folders, anchors=anchors, stamps=slot.stamps,
                variant=variant,
            )  # fmt: skip
        html = link_out(slot.html_for(slot.endnotes))
        images = tuple((uri, self.images[uri]) for uri in IMG_SRC_RE.findall(html) if uri in self.images)
        notes = tuple(tuple(ids) for ids in footnotes(slot.chapters, slot.endnotes))
        last_try = slot.attempt == LAYOUT_ATTEMPTS
        variant = self.renderer.print_settings.pdf_variant
        return RenderJob(
            html, self.css, self.renderer.base_url(), self.folders, notes, slot.anchors, images, last_try, slot.stamped,
            variant=variant,
        )  # fmt: skip

    def key(self, job: RenderJob) -> str:
        """Pictures by their names (which hold a digest of their bytes), not their paths: a picture edited in
        place is a new picture, and one from a data: URL or a Word file sits in a new scratch folder every
        build. Not the folders either, for the same reason: what they allowed is in the HTML already."""
        html = job.html
        for uri in set(IMG_SRC_RE.findall(html)) & self.asset_names.keys():
            html = html.replace(f'src="{uri}"', f'src="{self.asset_names[uri]}"')
        images = [(self.asset_names.get(uri, uri), image) for uri, image in job.images]
        parts = (html, job.css, job.base_url, repr(job.notes), repr(images), repr(job.last_try), repr(job.stamped))
        parts += (repr(job.variant),)
        return cache.key("pdf-section", SECTION_FORMAT, self.engine, self.theme, *parts, repr(job.stamps))

    def settle(self, slots: list[Slot], total: int, before: int = 0) -> None:
        """Render the slots, all at once (a few jobs ahead of the workers); a section whose notes missed
        their pages is laid out again with those notes made endnotes."""
        queue, self.again = deque(slots), []
        while queue or self.pending:
            while queue and len(self.pending) < 2 * self.workers:
                self.start(queue.popleft())
            self.collect()
            queue.extend(self.again)
            self.again.clear()
            self.reporter.step("PDF", before + len(slots) - len(queue) - len(self.pending), total)

    # -- the stamps ---------------------------------------------------------------
    def stamp_pages(self, slots, pieces, numbers, front_pages) -> dict[int, list[tuple[Path, int] | None]]:
        """Per piece's slot, for each of its pages, the stamp sheet page to lay over it (or None)."""
        total = front_pages + numbers[-1] - 1 + self.padded(slots[-1].done.pages) if slots else 0
        total = total if uses_total(self.css) else 0
        wanted: dict[int, list[Stamp | None]] = {}
        for slot, piece, first in zip(slots, pieces, numbers, strict=True):
            head = self.reading_head(piece)
            wanted[id(slot)] = [
                Stamp(look, self.side(front_pages + first - 1 + index), first + index, total,
                      head if index == 0 else "", name, opener)
                if kind else None
                for index, kind in enumerate(slot.done.kinds)
                for name, opener, look in [kind or ("", False, "")]
            ]  # fmt: skip
        found = self.stamp_sheets({stamp for stamps in wanted.values() for stamp in stamps if stamp})
        return {key: [found[stamp] if stamp else None for stamp in stamps] for key, stamps in wanted.items()}

    def side(self, index: int) -> str:
        return "right" if index % 2 == 0 else "left"

    def reading_head(self, piece: Piece) -> str:
        chapter = piece.chapter
        if not (self.book.reading_numbers and chapter and chapter.number):
            return ""
        return head_of(self.renderer.print_head(self.book, piece))

    def stamp_sheets(self, wanted: set[Stamp]) -> dict[Stamp, tuple[Path, int]]:
        """Where each stamp is: on a sheet page of the cache's, else on sheets rendered now (a sheet for
        each worker, or more for a long book)."""
        index_key = cache.key("pdf-stamps", self.engine, self.theme, self.css, self.renderer.base_url())
        index = cache.load(index_key, "pdf-sections") or {}
        found: dict[Stamp, tuple[Path, int]] = {}
        sheets: dict[str, Rendered | None] = {}
        for stamp in wanted:
            place = index.get(self.stamp_key(stamp))
            if place and place[0] not in sheets:
                sheets[place[0]] = self.cached(place[0])  # None if gone or damaged: its stamps are rendered again
            if place and sheets[place[0]] is not None:
                found[stamp] = (sheets[place[0]].path, place[1])
        missing = sorted(wanted - found.keys(), key=lambda s: (s.number, s.look, s.side, s.head))
        if not missing:
            return found
        size = min(STAMPS_PER_SHEET, -(-len(missing) // self.workers))
        sheets = [Slot(str, [], stamps=tuple(missing[start : start + size])) for start in range(0, len(missing), size)]
        for slot in sheets:
            self.start(slot)
        while any(slot.done is None for slot in sheets):
            self.collect()
        for slot in sheets:
            for number, stamp in enumerate(slot.stamps):
                found[stamp] = (slot.done.path, slot.done.page_of[f"stamp-{number}"])
                index[self.stamp_key(stamp)] = [slot.done.path.stem, found[stamp][1]]
        cache.store(index_key, index, "pdf-sections")
        return found

    def stamp_key(self, stamp: Stamp) -> str:
        variant = sheet_variant(self.renderer.print_settings.pdf_variant)
        return cache.key("pdf-stamp", repr((stamp.look, stamp.side, stamp.number, stamp.total, stamp.head, variant)))

    # -- one render: from this build, the cache, or a worker ---------------------------
    def start(self, slot: Slot) -> None:
        while slot.done is None:
            job = self.job(slot)
            key = self.key(job)
            if key in self.waiting:  # a worker is on this very job already
                slot.busy = True
                self.waiting[key].append(slot)
                return
            found = self.results.get(key)
            if found is None and (found := self.cached(key)) is not None:
                self.cache_hits += 1
            if found is None:
                slot.busy = True
                self.waiting[key] = [slot]
                self.pending[self.executor.submit(self.render, job)] = key
                return
            self.finish(slot, found)

    def collect(self) -> None:
        """Wait for at least one worker, and take in what came back."""
        if not self.pending:
            return
        finished, _ = wait(self.pending, return_when=FIRST_COMPLETED)
        for future in finished:
            key = self.pending.pop(future)
            self.rendered += 1
            self.results[key] = result = self.keep(key, self.result_of(future, key))
            for slot in self.waiting.pop(key):
                slot.busy = False
                self.finish(slot, result)
                if slot.done is None:  # to be laid out again
                    self.again.append(slot)

    def result_of(self, future: Future, key: str) -> Rendered:
        try:
            return future.result()
        except Exception as exc:
            posts = sorted({str(c.source) for slot in self.waiting.get(key, []) for c in slot.chapters})
            exc.add_note(f"while rendering the PDF of {', '.join(posts) or 'the front or back pages'}")
            raise

    def finish(self, slot: Slot, result: Rendered) -> None:
        for message, post in result.warnings:
            self.reporter.warn(message, *((Path(post), None) if post else glyph_place(message, slot.chapters)))
        if result.misplaced and slot.attempt < LAYOUT_ATTEMPTS:
            slot.endnotes = more_endnotes(slot.endnotes, result.misplaced, slot.attempt)
            slot.attempt += 1
            return
        slot.done = result

    # -- the cache of rendered sections ------------------------------------------
    def keep(self, key: str, result: Rendered) -> Rendered:
        """Write a worker's PDF to the cache (or scratch, without one); the result keeps only its path."""
        meta = {k: v for k, v in vars(result).items() if k not in ("pdf", "path")}
        if not result.pdf:  # a layout tried again with endnotes: only what it found is kept
            cache.store(key, meta, "pdf-sections")
            return result
        path = cache.store_bytes(f"{key}.pdf", result.pdf, "pdf-sections")
        if path is None:
            path = self.scratch / f"{key}.pdf"
            path.write_bytes(result.pdf)
        cache.store(key, {**meta, "size": len(result.pdf)}, "pdf-sections")
        return replace(result, pdf=b"", path=path)

    def cached(self, key: str) -> Rendered | None:
        meta = cache.load(key, "pdf-sections")
        path = cache.entry_path(f"{key}.pdf", "pdf-sections")
        if meta is None or path is None:
            return None
        if "size" not in meta:  # nothing written: a layout that was tried again
            return Rendered(**meta)
        try:
            for used in (path, cache.entry_path(key, "pdf-sections")):
                used.touch()  # kept when the cache is pruned
            if path.stat().st_size != meta.pop("size"):
                return None  # cut short (entries are renamed into place whole, so this is damage): render again
            return Rendered(**meta, path=path)
        except (OSError, TypeError):
            return None


def write_in_sections(book, renderer, target, reporter, render, engine, merge, executor=None, workers=None) -> PdfStats:
    """Render the book's PDF section by section on `executor` (else `workers` processes, default a process
    per core) and merge it."""
    own = executor is None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers = (workers or cores) if own else OUTSIDE_WORKERS
    executor = executor or ProcessPoolExecutor(max_workers=workers)
    with tempfile.TemporaryDirectory(prefix="postbind-sections-") as scratch:
        writer = SectionWriter(book, renderer, reporter, render, engine, executor, workers, Path(scratch))
        try:
            paths, levels, stamps = writer.render_all()
        except BrokenProcessPool:  # when a job is handed over, as well as when one comes back
            raise PostbindError("a PDF worker process died (out of memory?); try a machine with more") from None
        finally:
            for future in writer.pending:
                future.cancel()  # a failed build stops what it asked of an outside cluster
            if own:  # before the merge: idle workers still hold what they laid out
                executor.shutdown(wait=True, cancel_futures=True)
        pages = merge(paths, levels, stamps, target, MARKER)
    cache.prune("pdf-sections", CACHE_BYTES)
    return PdfStats(pages, writer.rendered, writer.cache_hits, tuple(writer.page_breaks))


@dataclass(frozen=True)
class PdfStats:
    """What a PDF build did, for the closing summary (and the benchmark's proof of cache hits)."""

    pages: int
    rendered: int = 1  # documents WeasyPrint laid out
    from_cache: int = 0  # sections taken from the cache
    page_breaks: tuple[PageBreak, ...] = ()  # where each page begins, for the EPUB's page-list


def page_breaks(sections: list[Rendered], front_pages: int) -> list[PageBreak]:
    """Every page of the book in order, with its folio (roman in the front pages) and where it begins."""
    found = []
    for section in sections:
        starts = section.starts or [(None, None)] * section.pages
        for owner, at in starts:
            index = len(found)
            label = (Folio(False, index + 1) if index < front_pages else Folio(True, index - front_pages + 1)).label
            found.append(PageBreak(label, owner, at))
    return found


def glyph_place(message: str, chapters: list[Chapter]) -> tuple[Path | None, int | None]:
    """Where a character no font has comes from: the post of a section that holds one, at the first line
    with that character from the post's own item on (an export holds many posts). Other messages of a
    section (the theme's CSS) belong to no post."""
    found = MISSING_GLYPH_RE.search(message)
    if found is None or len(chapters) != 1:
        return None, None
    chapter = chapters[0]
    item = re.search(r":(\d+)$", chapter.origin)
    try:
        if chapter.source.stat().st_size > SEARCHED_BYTES:
            return chapter.source, None
        lines = chapter.source.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return chapter.source, None
    start = int(item.group(1)) if item else 1
    character = chr(int(found.group(1), 16))
    line = next((number for number, text in enumerate(lines[start - 1 :], start) if character in text), None)
    return chapter.source, line


def sheet_variant(variant: str | None) -> str | None:
    """The PDF standard a stamp sheet follows: the book's (its fonts as PDF/A wants them), unless the standard
    tags the document (PDF/UA, PDF/A level a): a stamp is an artifact, and a tagged sheet would mark it."""
    tagged = variant and (variant.startswith("pdf/ua") or re.fullmatch(r"pdf/a-\da", variant))
    return None if tagged else variant


def book_images(book: Book) -> dict[str, Image]:
    """The book's raster pictures by the URI the print HTML gives them."""
    found = {}
    for chapter in book.chapters():
        for name in IMG_SRC_RE.findall(chapter.html):
            asset = book.assets.get(name)
            if asset and asset.media_type != "image/svg+xml" and asset.width:
                found.setdefault(asset.path.as_uri(), Image(asset.path.name, asset.width, chapter.source))
    return found


def link_out(html: str) -> str:
    """Mark links to ids that are not in this section: the merge points them at the section that has them."""
    ids = set(ID_RE.findall(html))
    # A fragment of non-ASCII letters is %-encoded in the HTML ("#ref-%D0%BF…" for "ref-п…"), its id is not.
    return FRAGMENT_HREF_RE.sub(
        lambda m: m.group(0) if unquote(m.group(1)) in ids else f'href="{MARKER}{m.group(1)}"', html
    )


FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/var/cache/fontconfig",
)


def environment_fingerprint(folders: list[Path]) -> str:
    """The theme's files (names, sizes, times) and when the installed fonts last changed: a new font
    there, or one a missing glyph asked for, renders every section anew."""
    stats = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = path.stat()
                stats.append((str(path), info.st_size, info.st_mtime_ns))
    for folder in map(Path, map(os.path.expanduser, FONT_FOLDERS)):
        stats.append((str(folder), folder.stat().st_mtime_ns if folder.is_dir() else 0))
    return json.dumps(stats)
