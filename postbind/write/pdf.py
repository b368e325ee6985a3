"""The PDF writer (the only module that uses WeasyPrint).

The whole book is one HTML document, so the contents' `target-counter` page
numbers, the outline and internal links are WeasyPrint's own. After layout the
pages are read back: a footnote that did not land on its call's page (WeasyPrint
moves long notes whole, and can put one on the page before its call) becomes a
chapter endnote and the book is laid out again; then the "Sources and
permissions" pages are rendered with the real page ranges and added at the end.

Every resource request goes through `BookFetcher`: files inside the book's
allowed folders, nothing else, never the network. WeasyPrint logs problems
instead of raising; they are passed on as warnings.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from postbind.errors import MissingDependency, Reporter
from postbind.model import Book
from postbind.printing import Reading
from postbind.render import Renderer
from postbind.resources import ResourceLoader

try:
    import weasyprint
    from weasyprint.urls import URLFetcher
except OSError as exc:  # Pango or its friends are missing: a system problem, not a bug
    raise MissingDependency(
        f"WeasyPrint cannot load the Pango library ({exc}); "
        "install it: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
    ) from None

LAYOUT_ATTEMPTS = 3
PRINT_DPI = 300


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

    def __init__(self, document, book: Book):
        self.document = document
        self.page_of: dict[str, int] = {}
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:
                self.page_of.setdefault(anchor, index)
        first_body = book.body[0].id if book.body else None
        self.body_start = self.page_of.get(first_body, 0)

    def number(self, index: int) -> int:
        """The arabic number printed on page `index` (0-based) of the body."""
        return index - self.body_start + 1

    def misplaced_notes(self, book: Book, endnotes: frozenset[str]) -> list[list[str]]:
        """Per chapter, in order, the footnotes not on their call's page (or lost)."""
        found = []
        for chapter in book.chapters():
            ids = [n.id for n in chapter.notes if n.id not in endnotes and not self._on_call_page(n.id)]
            if ids:
                found.append(ids)
        return found

    def _on_call_page(self, note_id: str) -> bool:
        call = self.page_of.get(f"{note_id}-call")
        return call is not None and self.page_of.get(note_id) == call

    def readings(self, book: Book) -> list[Reading]:
        found = []
        for chapter in book.body_chapters():
            first, last = self.page_of.get(chapter.id), self.page_of.get(f"{chapter.id}-end")
            if first is not None and last is not None:
                found.append(Reading(chapter, self.number(first), self.number(last)))
        return found


def write_pdf(book: Book, renderer: Renderer, target: Path, reporter: Reporter) -> None:
    fetcher = BookFetcher(ResourceLoader(book.resource_folders))
    settings = renderer.print_settings
    with weasyprint_warnings(reporter):
        layout = _lay_out(book, renderer, fetcher, reporter)
        if settings.profile == "print":
            _warn_low_resolution(layout, book, reporter)
        pages = list(layout.document.pages)
        readings = layout.readings(book)
        if readings:
            if len(pages) % 2 and settings.profile == "print":  # the book ended on a recto
                pages += _render(renderer.blank_page_document(), renderer, fetcher).pages
            sources = renderer.sources_document(book, readings, layout.number(len(pages)))
            pages += _render(sources, renderer, fetcher).pages
        options = {"pdf_variant": settings.pdf_variant} if settings.pdf_variant else {}
        layout.document.copy(pages).write_pdf(str(target), **options)


def _lay_out(book: Book, renderer: Renderer, fetcher: BookFetcher, reporter: Reporter) -> Layout:
    """Lay the book out until every footnote sits on its call's page.

    A note that does not is made an endnote of its chapter, the first of each
    chapter at a time (the notes after it were often only pushed along by it);
    after a few rounds every note still out of place goes at once.
    """
    endnotes: frozenset[str] = frozenset()
    for attempt in range(LAYOUT_ATTEMPTS + 1):
        layout = Layout(_render(renderer.print_document(book, endnotes), renderer, fetcher), book)
        misplaced = layout.misplaced_notes(book, endnotes)
        if not misplaced:
            return layout
        last_round = attempt >= LAYOUT_ATTEMPTS - 1
        endnotes |= {note for ids in misplaced for note in (ids if last_round else ids[:1])}
    reporter.warn(f"{sum(map(len, misplaced))} footnote(s) could not be placed on their pages")
    return layout


def _render(document: str, renderer: Renderer, fetcher: BookFetcher):
    return weasyprint.HTML(string=document, base_url=renderer.base_url(), url_fetcher=fetcher).render()


def _warn_low_resolution(layout: Layout, book: Book, reporter: Reporter) -> None:
    """Images that would print below 300 dpi at the size they are placed."""
    by_uri = {asset.path.as_uri(): asset for asset in book.assets.values()}
    warned = set()
    for page in layout.document.pages:
        for box in page._page_box.descendants():  # noqa: SLF001 - WeasyPrint has no public box API
            element = box.element if box.element_tag == "img" else None
            asset = by_uri.get(element.get("src")) if element is not None else None
            vector = asset is not None and asset.media_type == "image/svg+xml"  # prints sharp at any size
            if asset is None or vector or asset.name in warned or not asset.width or not box.width:
                continue
            dpi = asset.width / (box.width / 96)  # CSS pixels are 1/96 in
            if dpi < PRINT_DPI:
                warned.add(asset.name)
                size = f"{box.width / 96:.1f}×{box.height / 96:.1f} in"
                message = (
                    f"image {asset.path.name} prints at {dpi:.0f} dpi at its size ({size}); printers want {PRINT_DPI}"
                )
                reporter.warn(message, _post_of(book, asset.name))


def _post_of(book: Book, asset_name: str) -> Path | None:
    return next((c.source for c in book.chapters() if asset_name in c.html), None)


class _Relay(logging.Handler):
    def __init__(self, reporter: Reporter):
        super().__init__(logging.WARNING)
        self.reporter = reporter

    def emit(self, record: logging.LogRecord) -> None:
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
