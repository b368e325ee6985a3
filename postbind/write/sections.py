"""The PDF in sections: each piece of the book a WeasyPrint document of its own, rendered in worker processes.

WeasyPrint holds every page of a document in memory (~0.45 MB each) and lays a
document out in one process, so a book of a thousand posts is not rendered as one
document: each piece (a part's title page, a chapter, a back-matter chapter) is,
numbered on from the pieces before it with `@page :first { counter-reset: page N }`.
In print every piece opens on a recto and a blank verso pads one that ends on a
recto, so left and right never shift; the merged book is page for page the
one-document render (tests/test_pdf_sections.py holds them side by side).

Page numbers make the pieces depend on each other: N is known only once the pages
before are. A piece's page count does not depend on N, so pieces are rendered in
order a few at a time, those ahead numbered from a prediction (the count the cache
remembers for that content, else its length at the rate of the pieces done so
far); a piece whose number proves wrong is rendered again. Sections are cached by
content and first number, so a rebuild renders what changed and, if its page count
changed, what follows. The front pages go last (the contents print the numbers the
pieces got), beside "Sources and permissions"; pdf_merge.py joins the sections and
rebuilds what joining loses: links between sections, the outline, the metadata.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from postbind import cache
from postbind.errors import PostbindError, Reporter
from postbind.model import Book, Chapter, Piece
from postbind.printing import LAYOUT_ATTEMPTS, footnotes, more_endnotes, number_from, readings, unplaced_message
from postbind.render import Renderer

MARKER = "postbind-section:"  # a link into another section, until the merge points it there
IMG_SRC_RE = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')
ID_RE = re.compile(r'\bid="([^"]+)"')
FRAGMENT_HREF_RE = re.compile(r'\bhref="#([^"]+)"')
CHARS_PER_PAGE = 3000  # the first guess at a piece's length in pages, before any is rendered
OUTSIDE_WORKERS = 16  # jobs kept in flight on an executor the caller gives (a Dask cluster), halved
CACHE_BYTES = 2 * 2**30  # rendered sections kept; the least recently used go first


@dataclass(frozen=True)
class Image:
    """A raster picture as the print HTML places it: checked for 300 dpi after layout."""

    name: str
    width: int
    post: Path | None


@dataclass(frozen=True)
class RenderJob:
    """One section for a worker: everything it needs travels with it (workers may be other machines)."""

    html: str
    css: str
    base_url: str
    folders: tuple[Path, ...]  # where resources may be read from
    notes: tuple[tuple[str, ...], ...] = ()  # per chapter, the footnotes to find on their call's page
    anchors: tuple[str, ...] = ()  # ids whose page is wanted back
    images: tuple[tuple[str, Image], ...] = ()  # by URI; only in print, where dpi matters
    last_try: bool = True  # else a section whose notes are misplaced is not written: it is laid out again


@dataclass
class Rendered:
    """What a worker sends back, and what the cache keeps of it."""

    pages: int
    page_of: dict[str, int]
    misplaced: list[list[str]]
    bookmarks: list[int]  # the outline level of each bookmark, in order
    warnings: list[tuple[str, str | None]]
    pdf: bytes = b""
    path: Path | None = None


@dataclass
class Slot:
    """A section on its way: what it holds, and how far its rendering got."""

    html_for: Callable[[frozenset[str]], str]  # its HTML, given the notes made endnotes
    chapters: list[Chapter]
    id: str = ""  # the piece's id: a part's or a chapter's
    chars: int = 0
    endnotes: frozenset[str] = frozenset()
    attempt: int = 0
    busy: bool = False
    done: Rendered | None = None
    first_page: int = 0  # the number `done` was rendered from
    count_key: str = ""
    known_pages: int | None = None
    _html: tuple[frozenset[str], str] | None = None

    def html(self, endnotes: frozenset[str]) -> str:
        """The section's HTML, links into other sections marked (made once per set of endnotes)."""
        if self._html is None or self._html[0] != endnotes:
            self._html = (endnotes, link_out(self.html_for(endnotes)))
        return self._html[1]

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(a for c in self.chapters for a in (c.id, c.end_id))


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
    rendered: int = 0  # sections the workers rendered
    numbers: dict[str, int] = field(default_factory=dict)  # each piece's first page number
    pending: dict[Future, str] = field(default_factory=dict)  # a worker's job, by its cache key
    waiting: dict[str, list[tuple[Slot, int]]] = field(default_factory=dict)  # key -> the slots (and numbers) it is for
    results: dict[str, Rendered] = field(default_factory=dict)  # what this build rendered, by key
    rate: list[int] = field(default_factory=lambda: [CHARS_PER_PAGE, 1])  # characters, pages

    def __post_init__(self):
        self.print = self.renderer.print_settings.profile == "print"
        self.css = self.renderer.print_stylesheet()
        self.theme = environment_fingerprint(self.renderer.folders)
        self.images = book_images(self.book) if self.print else {}
        self.asset_names = {asset.path.as_uri(): asset.name for asset in self.book.assets.values()}

    # -- the book --------------------------------------------------------------
    def render_all(self) -> tuple[list[Path], list[list[int]]]:
        """Every section rendered: their files in reading order, and the levels of their bookmarks."""
        pieces = self.book.pieces()
        slots = self.number_pieces([self.piece_slot(piece) for piece in pieces])
        self.numbers = {piece.id: slot.first_page for piece, slot in zip(pieces, slots, strict=True)}
        front, sources, blank = tail = self.tail(slots)
        self.settle([slot for slot in tail if slot])
        self.reporter.step("PDF", len(slots) + 1, len(slots) + 1)
        unplaced = sum(len(ids) for slot in [front, *slots] for ids in slot.done.misplaced)
        if unplaced:
            self.reporter.warn(unplaced_message(unplaced))
        order = self.padded_order([front, *slots], blank)
        order = order + [sources] if sources else order[:-1] if order[-1] is blank else order
        return [s.done.path for s in order], [s.done.bookmarks for s in order]

    def tail(self, slots: list[Slot]) -> tuple[Slot, Slot | None, Slot]:
        """The front pages (the contents print the pieces' numbers), the sources pages (if the book has
        readings: they print each one's pages) and the blank page, once every piece is rendered."""
        found = []
        for slot in slots:
            found += readings(slot.chapters, slot.done.page_of, lambda index, slot=slot: slot.first_page + index)
        end = slots[-1].first_page + self.padded(slots[-1].done.pages) if slots else 1
        front = Slot(lambda notes: self.renderer.print_front(self.book, self.numbers, notes), list(self.book.front))
        sources = Slot(lambda _: number_from(self.renderer.sources_document(self.book, found, False), end), [])
        blank = Slot(lambda _: self.renderer.blank_page_document(inline_css=False), [])
        return front, sources if found else None, blank

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
        chars = len(piece.chapter.html) if piece.chapter else 0
        return Slot(lambda notes: self.renderer.print_section(self.book, [piece], notes), chapters, piece.id, chars)

    def job(self, slot: Slot, first_page: int) -> RenderJob:
        html = slot.html(slot.endnotes)
        if first_page:
            html = number_from(html, first_page)
        images = tuple((uri, self.images[uri]) for uri in IMG_SRC_RE.findall(html) if uri in self.images)
        notes = tuple(tuple(ids) for ids in footnotes(slot.chapters, slot.endnotes))
        folders = tuple(self.book.resource_folders)
        last_try = slot.attempt == LAYOUT_ATTEMPTS
        return RenderJob(html, self.css, self.renderer.base_url(), folders, notes, slot.anchors, images, last_try)

    def key(self, job: RenderJob) -> str:
        """Pictures by their names (which hold a digest of their bytes), not their paths: a picture edited in
        place is a new picture, and one from a data: URL or a Word file sits in a new scratch folder every
        build. Not the folders either, for the same reason: what they allowed is in the HTML already."""
        html = job.html
        for uri in set(IMG_SRC_RE.findall(html)) & self.asset_names.keys():
            html = html.replace(f'src="{uri}"', f'src="{self.asset_names[uri]}"')
        images = [(self.asset_names.get(uri, uri), image) for uri, image in job.images]
        parts = (html, job.css, job.base_url, repr(job.notes), repr(images), repr(job.last_try))
        return cache.key("pdf-section", self.engine, self.theme, *parts)

    # -- numbering: pieces in order, a few ahead -----------------------------------
    def number_pieces(self, slots: list[Slot]) -> list[Slot]:
        frontier, start = 0, 1
        while frontier < len(slots):
            self.fill(slots, frontier, start)
            self.collect()
            while frontier < len(slots) and slots[frontier].done and slots[frontier].first_page == start:
                start += self.padded(slots[frontier].done.pages)
                frontier += 1
                self.reporter.step("PDF", frontier, len(slots) + 1)
        return slots

    def fill(self, slots: list[Slot], frontier: int, start: int) -> None:
        """Start the next pieces that need rendering, numbered from what is known or predicted."""
        number, exact = start, True  # exact: every piece before this one has its pages counted
        for index in range(frontier, min(len(slots), frontier + 4 * self.workers)):
            slot = slots[index]
            if not slot.busy and (slot.done is None or (exact and slot.first_page != number)):
                if len(self.pending) >= 2 * self.workers:
                    return
                slot.done = None
                self.start(slot, number)
            exact = exact and slot.done is not None
            number += self.padded(self.predicted_pages(slot))

    def predicted_pages(self, slot: Slot) -> int:
        if slot.done:
            return slot.done.pages
        if slot.known_pages is None:
            slot.count_key = cache.key("pdf-pages", self.engine, self.theme, self.css, slot.html(frozenset()))
            remembered = cache.load(slot.count_key, "pdf-sections")
            slot.known_pages = remembered.get("pages", 0) if remembered else 0
        if slot.known_pages:
            return slot.known_pages
        characters, pages = self.rate
        return max(1, round(slot.chars * pages / characters))

    def settle(self, slots: list[Slot]) -> None:
        """Render sections that carry their own numbering (the front pages, the sources, the blank page)."""
        for slot in slots:
            self.start(slot, 0)
        while any(slot.done is None for slot in slots):
            self.collect()
            for slot in slots:
                if slot.done is None and not slot.busy:
                    self.start(slot, 0)

    # -- one render: from this build, the cache, or a worker ---------------------------
    def start(self, slot: Slot, first_page: int) -> None:
        while slot.done is None:
            job = self.job(slot, first_page)
            key = self.key(job)
            if key in self.waiting:  # a worker is on this very job already
                slot.busy = True
                self.waiting[key].append((slot, first_page))
                return
            found = self.results.get(key)
            if found is None and (found := self.cached(key)) is not None:
                self.cache_hits += 1
            if found is None:
                slot.busy = True
                self.waiting[key] = [(slot, first_page)]
                self.pending[self.executor.submit(self.render, job)] = key
                return
            self.finish(slot, first_page, found)

    def collect(self) -> None:
        """Wait for at least one worker, and take in what came back."""
        if not self.pending:
            return
        finished, _ = wait(self.pending, return_when=FIRST_COMPLETED)
        for future in finished:
            key = self.pending.pop(future)
            self.rendered += 1
            self.results[key] = result = self.keep(key, self.result_of(future, key))
            for slot, first_page in self.waiting.pop(key):
                slot.busy = False
                self.finish(slot, first_page, result)

    def result_of(self, future: Future, key: str) -> Rendered:
        try:
            return future.result()
        except Exception as exc:
            posts = sorted({str(c.source) for slot, _ in self.waiting.get(key, []) for c in slot.chapters})
            exc.add_note(f"while rendering the PDF of {', '.join(posts) or 'the front or back pages'}")
            raise

    def finish(self, slot: Slot, first_page: int, result: Rendered) -> None:
        for message, post in result.warnings:
            self.reporter.warn(message, Path(post) if post else None)
        if result.misplaced and slot.attempt < LAYOUT_ATTEMPTS:
            slot.endnotes = more_endnotes(slot.endnotes, result.misplaced, slot.attempt)
            slot.attempt += 1
            return
        slot.done, slot.first_page = result, first_page
        if slot.chars:
            self.rate = [self.rate[0] + slot.chars, self.rate[1] + result.pages]
        if slot.count_key and slot.known_pages != result.pages:
            cache.store(slot.count_key, {"pages": result.pages}, "pdf-sections")

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


def write_in_sections(book, renderer, target, reporter, render, engine, merge, executor=None) -> PdfStats:
    """Render the book's PDF section by section on `executor` (else a process per core) and merge it."""
    own = executor is None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers = cores if own else OUTSIDE_WORKERS
    executor = executor or ProcessPoolExecutor(max_workers=workers)
    with tempfile.TemporaryDirectory(prefix="postbind-sections-") as scratch:
        writer = SectionWriter(book, renderer, reporter, render, engine, executor, workers, Path(scratch))
        try:
            paths, levels = writer.render_all()
        except BrokenProcessPool:  # when a job is handed over, as well as when one comes back
            raise PostbindError("a PDF worker process died (out of memory?); try a machine with more") from None
        finally:
            for future in writer.pending:
                future.cancel()  # a failed build stops what it asked of an outside cluster
            if own:  # before the merge: idle workers still hold what they laid out
                executor.shutdown(wait=True, cancel_futures=True)
        pages = merge(paths, levels, target, MARKER)
    cache.prune("pdf-sections", CACHE_BYTES)
    return PdfStats(pages, writer.rendered, writer.cache_hits)


@dataclass(frozen=True)
class PdfStats:
    """What a PDF build did, for the closing summary (and the benchmark's proof of cache hits)."""

    pages: int
    rendered: int = 1  # documents WeasyPrint laid out
    from_cache: int = 0  # sections taken from the cache


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
    return FRAGMENT_HREF_RE.sub(lambda m: m.group(0) if m.group(1) in ids else f'href="{MARKER}{m.group(1)}"', html)


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
