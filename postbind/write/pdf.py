"""The PDF writer (the only module that uses WeasyPrint).

A book is rendered in sections by worker processes (`render_section`, see
write/sections.py), which also render the stamp sheets of folios and reading
numbers (write/stamps.py); a book that wants PDF/A, /UA or /X too, each section
following the standard and pdf_merge.py restoring what joining loses (the
structure tree, the output intent, the XMP metadata). The book as one WeasyPrint
document (`write_whole`) is the reference the tests hold the sections against:
the contents' `target-counter` page numbers, the outline and internal links are
WeasyPrint's own. After layout the pages are read back: a footnote that did not land on its
call's page (WeasyPrint moves long notes whole, and can put one on the page
before its call) becomes a chapter endnote and the book is laid out again; then
the "Sources and permissions" pages are rendered with the real page ranges and
added at the end, and after them the index with the pages of its terms.

Every resource request goes through `BookFetcher`: files inside the book's
allowed folders, nothing else, never the network. WeasyPrint logs problems
instead of raising; they are passed on as warnings.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from postbind import pagebreaks
from postbind.book_index import Folio, printed
from postbind.errors import MissingDependency, Reporter
from postbind.model import Book
from postbind.pagebreaks import PageBreak
from postbind.printing import (
    LAYOUT_ATTEMPTS,
    footnotes,
    more_endnotes,
    number_from,
    readings,
    unplaced_message,
)
from postbind.render import Renderer
from postbind.resources import ResourceLoader
from postbind.write import stamps
from postbind.write.pdf_merge import merge
from postbind.write.sections import Image, PdfStats, Rendered, RenderJob, book_images, write_in_sections

try:
    import weasyprint
    from weasyprint.css.counters import CounterStyle
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher
except OSError as exc:  # Pango or its friends are missing: a system problem, not a bug
    raise MissingDependency(
        f"WeasyPrint cannot load the Pango library ({exc}); "
        "install it: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
    ) from None

PRINT_DPI = 300
FIND_SLACK = 80  # characters a text box may sit past the last one found (a skipped space or mark)


class BookFetcher(URLFetcher):
    """Serves `file:` URLs the book's resource loader allows; refuses everything else."""

    def __init__(self, loader: ResourceLoader):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.loader = loader

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file" and self.loader.is_allowed(Path(unquote(parts.path))):
            return super().fetch(url, headers)
        raise ValueError(f"not part of the book: {url[:80]}")


class Layout:
    """Where things landed: the first page of every id, and printed page numbers."""

    def __init__(self, document, first_body: str | None = None, root=None):
        self.document, self.root = document, root  # root: the HTML's element tree, as WeasyPrint read it
        self.page_of: dict[str, int] = {}
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:
                self.page_of.setdefault(anchor, index)
        self.body_start = self.page_of.get(first_body, 0)

    def number(self, index: int) -> int:
        """The arabic number printed on page `index` (0-based) of the body."""
        return index - self.body_start + 1

    def folio(self, index: int) -> Folio:
        """The page number printed on page `index` (0-based): roman in the front matter, arabic from the body."""
        return Folio(False, index + 1) if index < self.body_start else Folio(True, self.number(index))

    def folio_of(self, anchor: str) -> Folio | None:
        """The page number printed where `anchor` is."""
        index = self.page_of.get(anchor)
        return None if index is None else self.folio(index)

    def misplaced_notes(self, notes: list[list[str]]) -> list[list[str]]:
        """Of each chapter's footnotes, those not on their call's page (or lost); chapters with none left out."""
        found = [[note for note in ids if not self._on_call_page(note)] for ids in notes]
        return [ids for ids in found if ids]

    def _on_call_page(self, note_id: str) -> bool:
        call = self.page_of.get(f"{note_id}-call")
        return call is not None and self.page_of.get(note_id) == call


def write_pdf(
    book: Book, renderer: Renderer, target: Path, reporter: Reporter, executor=None, workers: int | None = None
) -> PdfStats:
    """The book's PDF, section by section (see write/sections.py)."""
    return write_sections(book, renderer, target, reporter, executor, workers)


def write_sections(
    book: Book, renderer: Renderer, target: Path, reporter: Reporter, executor=None, workers: int | None = None
) -> PdfStats:
    """The book rendered section by section in worker processes, then merged (see write/sections.py)."""
    engine = f"WeasyPrint {weasyprint.__version__}"
    _stylesheet(renderer.print_stylesheet(), renderer.base_url(), book.resource_folders)  # inherited by forked workers
    return write_in_sections(book, renderer, target, reporter, render_section, engine, merge, executor, workers)


def write_whole(book: Book, renderer: Renderer, target: Path, reporter: Reporter) -> PdfStats:
    """The book as one WeasyPrint document: the tests' reference render, independent of the sections."""
    fetcher = BookFetcher(ResourceLoader(book.resource_folders))
    settings = renderer.print_settings
    with weasyprint_warnings(reporter):
        layout = _lay_out(book, renderer, fetcher, reporter)
        if settings.profile == "print":
            warn_low_resolution(layout.document, book_images(book), reporter)
        pages = list(layout.document.pages)
        found = readings(book.body_chapters(), layout.page_of, layout.number)
        entries = printed(book, layout.folio_of) if book.index_terms else []
        for document in (renderer.sources_document(book, found) if found else None,
                         renderer.index_document(book, entries) if entries else None):  # fmt: skip
            if document is None:
                continue
            if len(pages) % 2 and settings.profile == "print":  # the book ended on a recto
                pages += _render(renderer.blank_page_document(), renderer, fetcher).pages
            pages += _render(number_from(document, layout.number(len(pages))), renderer, fetcher).pages
        options = {"pdf_variant": settings.pdf_variant} if settings.pdf_variant else {}
        layout.document.copy(pages).write_pdf(str(target), **options)
    starts = page_starts(layout.document, layout.root)
    starts += [(None, None)] * (len(pages) - len(starts))  # the blank and sources pages
    labels = [layout.folio(index).label for index in range(len(pages))]
    return PdfStats(
        len(pages), page_breaks=tuple(PageBreak(label, *at) for label, at in zip(labels, starts, strict=True))
    )


def write_document(
    html: str, renderer: Renderer, folders: tuple[Path, ...], target: Path, reporter: Reporter
) -> weasyprint.Document:
    """A small document of its own (the cover wrap), written as laid out: in the interior's PDF variant, with
    its output intent (the HTML's stylesheet carries it), its resources read from `folders` only. The laid-out
    document is returned, so the caller can look at what fitted."""
    variant = renderer.print_settings.pdf_variant
    with weasyprint_warnings(reporter):
        source = weasyprint.HTML(string=html, base_url=renderer.base_url(), url_fetcher=_fetcher(folders))
        document = source.render(font_config=_fonts())
        document.write_pdf(str(target), **({"pdf_variant": variant} if variant else {}))
    return document


def _lay_out(book: Book, renderer: Renderer, fetcher: BookFetcher, reporter: Reporter) -> Layout:
    """Lay the book out until every footnote sits on its call's page (or is made an endnote)."""
    endnotes: frozenset[str] = frozenset()
    first_body = book.body[0].id if book.body else None
    for attempt in range(LAYOUT_ATTEMPTS + 1):
        source = _source(renderer.print_document(book, endnotes), renderer, fetcher)
        layout = Layout(source.render(), first_body, source.etree_element)
        misplaced = layout.misplaced_notes(footnotes(book.chapters(), endnotes))
        if not misplaced or attempt == LAYOUT_ATTEMPTS:
            break
        endnotes = more_endnotes(endnotes, misplaced, attempt)
    if misplaced:
        reporter.warn(unplaced_message(sum(map(len, misplaced))))
    return layout


def render_section(job: RenderJob) -> Rendered:
    """Lay out and write one section or stamp sheet (in a worker process): its PDF and what the book needs
    to know of it. A section's folio boxes are left out (stamped later, see write/stamps.py); a sheet keeps
    only those."""
    collected = Reporter(quiet=True)
    with weasyprint_warnings(collected):
        html, css = job.html, job.css
        if job.stamps:
            html, css = stamps.sheet_html(list(job.stamps), css, _render_value), stamps.sheet_stylesheet(css)
        source = weasyprint.HTML(string=html, base_url=job.base_url, url_fetcher=_fetcher(job.folders))
        stylesheet, profiles = _stylesheet(css, job.base_url, job.folders)
        options = {"pdf_variant": job.variant} if job.variant else {}  # a standard's defaults (its output intent)
        document = source.render(
            stylesheets=[stylesheet], font_config=_fonts(), counter_style=_counter_styles(), color_profiles=profiles,
            **options,
        )  # fmt: skip
        layout = Layout(document)
        misplaced = layout.misplaced_notes([list(ids) for ids in job.notes])
        if job.images:
            warn_low_resolution(document, dict(job.images), collected)
        kinds = _split_margin_boxes(document, keep_folios=bool(job.stamps)) if job.stamped or job.stamps else []
        starts = [] if job.stamps else page_starts(document, source.etree_element)
        written = job.last_try or not misplaced  # else laid out again: not needed
        pdf = document.write_pdf(**options) if written else b""
    return Rendered(
        pages=len(document.pages),
        page_of={anchor: layout.page_of[anchor] for anchor in job.anchors if anchor in layout.page_of},
        misplaced=misplaced,
        bookmarks=[bookmark[0] for page in document.pages for bookmark in page.bookmarks],
        warnings=[(w.message, str(w.file) if w.file else None) for w in collected.warnings],
        kinds=kinds,
        starts=starts,
        pdf=pdf,
    )


def page_starts(document, root) -> list[tuple[str | None, int | str | None]]:
    """Where each page begins, in the words of the chapter it begins in (see pagebreaks.py): (the chapter's
    or part's id, the words of its body before the page, or START / END), or (None, None) for a page
    with no text of a chapter (title, contents, blank)."""
    zones = _zones(root)
    streams = {owner: pagebreaks.Words(body) for owner, body in zones.pop(None)}
    starts, headers_seen = [], set()
    for page in document.pages:
        first = None
        for box in _flow_text(page._page_box):  # noqa: SLF001 - WeasyPrint has no public box API
            owner, zone = zones.get(id(box.element), (None, None))
            if zone == "table-head":  # a table's head is repeated on every page it runs over: not new text
                zone = "skip" if id(box.element) in headers_seen else "body"
                headers_seen.add(id(box.element))
            if zone == "body":
                offset = _advance(streams[owner], box.text)
                if offset is not None and first is None:
                    first = (owner, streams[owner].before(offset))
            elif zone != "skip" and first is None:
                first = (owner, {"head": pagebreaks.START, "after": pagebreaks.END}.get(zone))
        starts.append(first or (None, None))
    return starts


def _zones(root) -> dict:
    """Per element (by id()) under a chapter's or part's section: (its id, "head", "body", "skip" (notes and
    formulas in the body), "table-head" (a table's head or foot in the body) or "after"); under None, each
    chapter's (id, body element)."""
    zones, bodies = {}, []
    for section in root.iter():
        classes = (section.get("class") or "").split()
        if pagebreaks.local_name(section) != "section" or not {"chapter", "part"} & set(classes):
            continue
        owner = section.get("id")
        zones.update((id(e), (owner, "head")) for e in section.iter())
        body = pagebreaks.find_body(section)
        if body is None:
            continue
        bodies.append((owner, body))
        children = list(section)
        for after in children[children.index(body) + 1 :] if body in children else []:
            zones.update((id(e), (owner, "after")) for e in after.iter())
        zones.update((id(e), (owner, "body")) for e in body.iter())
        for element in body.iter():
            if pagebreaks.skipped(element) or pagebreaks.local_name(element) in ("thead", "tfoot"):
                zone = "skip" if pagebreaks.skipped(element) else "table-head"
                zones.update((id(e), (owner, zone)) for e in element.iter())
    zones[None] = bodies
    return zones


def _flow_text(box):
    """The text boxes of a page's flow in reading order: not its margin boxes, footnotes or generated text."""
    for child in getattr(box, "children", ()):
        kind = type(child).__name__
        if kind in ("MarginBox", "FootnoteAreaBox") or "::" in (child.element_tag or ""):
            continue
        if kind == "TextBox":
            yield child
        else:
            yield from _flow_text(child)


def _advance(words: pagebreaks.Words, text: str) -> int | None:
    """Where a text box's text is in its chapter's words, just after the last one found (a hyphen WeasyPrint
    added at a line's end aside); None when it is not there (generated text). Further on than the next
    character, only at the start of a word: a letter of a table's head must not be found inside a word.
    The search looks only a little way ahead: a long post must not be read to its end for each box."""
    cursor = words.cursor
    for wanted in (found := pagebreaks.normalized(text), found[:-1]):
        offset = words.text.find(wanted, cursor, cursor + FIND_SLACK + len(wanted)) if wanted else -1
        at_word = offset <= cursor + 1 or words.text[offset - 1] == " "
        if offset >= 0 and at_word:
            words.cursor = offset + len(wanted)
            return offset
    return None


def _split_margin_boxes(document, keep_folios: bool) -> list[tuple[str, bool, str] | None]:
    """Drop each page's folio boxes (a section) or every other margin box (a stamp sheet); per page that
    had folio boxes, its page name, whether it opens its page group, and how its folio boxes look (else
    None). Pages whose folios look alike share stamps, whatever their names."""
    kinds = []
    for page in document.pages:
        box = page._page_box  # noqa: SLF001 - WeasyPrint has no public API for margin boxes
        margins = [child for child in box.children if type(child).__name__ == "MarginBox"]
        folios = [child for child in margins if stamps.is_folio_box(child.style["content"])]
        dropped = set(map(id, [m for m in margins if m not in folios] if keep_folios else folios))
        box.children = [child for child in box.children if id(child) not in dropped]
        page_type = box.page_type
        opener = any(index == 0 for _, index in page_type.groups) if page_type.groups else page_type.index == 0
        kinds.append((page_type.name, opener, _look(box, folios)) if folios else None)
    return kinds


LOOK = ("font_family", "font_size", "font_style", "font_weight", "font_variant_caps", "font_variant_numeric",
        "font_feature_settings", "color", "text_align_all", "vertical_align", "letter_spacing", "text_transform",
        "padding_top", "padding_right", "padding_bottom", "padding_left", "border_top_width", "background_color",
        "width", "height")  # fmt: skip


def _look(page_box, folios) -> str:
    """What decides how a page's folio boxes are drawn, the number aside: where they are, their content
    rule and their style, and the page's size and margins."""
    page = tuple(round(getattr(page_box, n), 2) for n in ("width", "height", "margin_left", "margin_right",
                                                           "margin_top", "margin_bottom"))  # fmt: skip
    boxes = tuple((b.at_keyword, repr(b.style["content"]), tuple(repr(b.style[key]) for key in LOOK)) for b in folios)
    return hashlib.sha256(repr((page, boxes)).encode()).hexdigest()[:16]


def _render_value(number: int, style: str) -> str:
    """A page number as the stylesheet's counter style writes it."""
    return _counter_styles().render_value(number, style)


@functools.cache
def _fonts() -> FontConfiguration:
    """One font configuration per process: making one reads every installed font's details."""
    return FontConfiguration()


@functools.cache
def _counter_styles() -> CounterStyle:
    """Where the stylesheet's @counter-style rules go, for the documents that use them."""
    return CounterStyle()


@functools.lru_cache(maxsize=4)
def _stylesheet(css: str, base_url: str, folders: tuple[Path, ...]) -> tuple[weasyprint.CSS, dict]:
    """The book's stylesheet, parsed once per process rather than once per section, and the colour profiles
    its @color-profile rules name (a document rendered with it must be given them: PDF/X's output intent);
    its url()s and @imports go through the book's fetcher, as in a document's own <style>."""
    fetcher, fonts, counters, profiles = _fetcher(folders), _fonts(), _counter_styles(), {}
    options = {"font_config": fonts, "counter_style": counters, "color_profiles": profiles}
    return weasyprint.CSS(string=css, base_url=base_url, url_fetcher=fetcher, **options), profiles


@functools.lru_cache(maxsize=4)
def _fetcher(folders: tuple[Path, ...]) -> BookFetcher:
    return BookFetcher(ResourceLoader(folders))


def _source(document: str, renderer: Renderer, fetcher: BookFetcher) -> weasyprint.HTML:
    return weasyprint.HTML(string=document, base_url=renderer.base_url(), url_fetcher=fetcher)


def _render(document: str, renderer: Renderer, fetcher: BookFetcher):
    return _source(document, renderer, fetcher).render()


def warn_low_resolution(document, images: dict[str, Image], reporter: Reporter) -> None:
    """Pictures that would print below 300 dpi at the size they are placed (vector pictures print sharp)."""
    warned = set()
    for page in document.pages:
        for box in page._page_box.descendants():  # noqa: SLF001 - WeasyPrint has no public box API
            image = images.get(box.element.get("src")) if box.element_tag == "img" else None
            if image is None or image.name in warned or not box.width:
                continue
            dpi = image.width / (box.width / 96)  # CSS pixels are 1/96 in
            if dpi < PRINT_DPI:
                warned.add(image.name)
                size = f"{box.width / 96:.1f}×{box.height / 96:.1f} in"
                message = f"image {image.name} prints at {dpi:.0f} dpi at its size ({size}); printers want {PRINT_DPI}"
                reporter.warn(message, image.post)


class _Relay(logging.Handler):
    """WeasyPrint's log records from this thread (a Dask worker may render sections in several)."""

    def __init__(self, reporter: Reporter):
        super().__init__(logging.WARNING)
        self.reporter = reporter
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        message = record.getMessage()
        if message.startswith(".notdef glyph"):  # a character no installed font has
            message += " (install a font that covers it, e.g. Debian's fonts-noto-core or fonts-noto-cjk)"
        self.reporter.warn(f"PDF: {message}")


@contextlib.contextmanager
def weasyprint_warnings(reporter: Reporter) -> Iterator[None]:
    """Pass WeasyPrint's logged problems (bad CSS, missing glyphs) on as warnings."""
    logger = logging.getLogger("weasyprint")
    handler = _Relay(reporter)
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
