"""The cover wrap for a print-on-demand service: back | spine | front on one page, bleed all round.

Each panel is the trim size; the spine is as wide as the book is thick (its page count times the paper's
thickness, from the service's preset in postbind/printers.py), which is why the cover is made after the
interior is laid out. The geometry (`Wrap`) is worked out here in inches; the theme's `cover.html` draws
it, and write/pdf.py lays it out with WeasyPrint, with the interior's PDF variant and output intent.
The front is the book's `cover` picture (a warning under 300 dpi) or the design the EPUB's cover has,
drawn at 300 dpi for the panel; the back carries `back_cover` (else the description) and the ISBN as an
EAN-13 barcode in the service's barcode area; the spine carries title, author and publisher when the
service prints spine text at this page count. `guides` draws the trim, the folds and the safe areas for
a proof; the cover itself never has them.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from postbind import ean, imaging
from postbind.config import PrintSettings
from postbind.errors import Reporter
from postbind.lengths import page_inches
from postbind.model import Book
from postbind.printers import PRINTERS, Printer
from postbind.render import Renderer, join_names

PRINT_DPI = 300
SPINE_FONT_PT = 14  # the largest spine text; a thinner spine gets smaller type
BACK_INSET = 0.5  # the back text's distance from the trim, inside the safe area


@dataclass(frozen=True)
class Wrap:
    """The cover's geometry in inches, from the trim's top left corner (the bleed lies outside it)."""

    printer: Printer
    pages: int
    panel: tuple[float, float]  # a front or back panel: the trim size
    spine: float
    bleed: float

    @property
    def width(self) -> float:
        return 2 * self.panel[0] + self.spine

    @property
    def height(self) -> float:
        return self.panel[1]

    @property
    def front_left(self) -> float:
        return self.panel[0] + self.spine

    @property
    def spine_text(self) -> bool:
        return self.pages >= self.printer.spine_text_pages

    @property
    def spine_font(self) -> float:
        """Points: as large as fits between the spine's safety margins, at most SPINE_FONT_PT."""
        room = (self.spine - 2 * self.printer.spine_safety) * 72
        return round(min(SPINE_FONT_PT, room * 0.6), 2)

    @property
    def barcode(self) -> tuple[float, float, float, float]:
        """The barcode area (left, top, width, height): the back panel's lower right, by the spine."""
        width, height, inset = self.printer.barcode
        return self.panel[0] - inset - width, self.height - inset - height, width, height

    def front_pixels(self) -> tuple[int, int]:
        """The front panel with its bleed at 300 dpi: the size a generated front is drawn at."""
        return round((self.panel[0] + self.bleed) * PRINT_DPI), round((self.height + 2 * self.bleed) * PRINT_DPI)


def wrap_for(settings: PrintSettings, pages: int) -> Wrap:
    """The wrap of a book of `pages` pages (pipeline.cover_problems has checked that it can be made)."""
    printer = PRINTERS[settings.printer]
    return Wrap(
        printer, pages, page_inches(settings.page_size), printer.spine_width(pages, settings.paper), printer.bleed
    )


def write_cover(book: Book, renderer: Renderer, wrap: Wrap, target, reporter: Reporter, guides: bool = False) -> None:
    """The cover wrap's PDF at `target` (with `guides`: the proof with trim, fold and safe-area lines)."""
    from postbind.write.pdf import write_document  # late: WeasyPrint is loaded only to write

    if not wrap.spine_text and not guides:
        reporter.info(
            f"note: the spine has no text: {wrap.printer.name} prints spine text on books of "
            f"{wrap.printer.spine_text_pages} pages or more, and this one has {wrap.pages}"
        )
    code = ean.isbn13(book.meta.isbn_print) if book.meta.isbn_print else None
    if code is None and not guides:
        reporter.warn("isbn.print is not set: the back cover's barcode area is left clear")
    with tempfile.TemporaryDirectory(prefix="postbind-cover-") as scratch:  # a generated front is drawn here
        html = renderer.cover_document(
            book,
            wrap=wrap,
            front=_front(book, wrap, Path(scratch), reporter if not guides else Reporter(quiet=True)),
            back_text=_paragraphs(book.meta.back_cover or book.meta.description or ""),
            authors=join_names(book.meta.authors or book.meta.editors),
            barcode=ean.svg(code) if code else None,
            barcode_digits=ean.digits_line(code) if code else None,
            guides=guides,
        )
        write_document(html, renderer, (*book.resource_folders, Path(scratch)), target, reporter)


def _front(book: Book, wrap: Wrap, scratch: Path, reporter: Reporter) -> str:
    """The front panel's picture as a URL: the book's cover, or the generated design at 300 dpi."""
    box = (wrap.panel[0] + wrap.bleed, wrap.height + 2 * wrap.bleed)
    if book.cover is not None:
        width, height = imaging.pixel_size(book.cover)
        dpi = min(width / box[0], height / box[1]) if width and height else PRINT_DPI  # an SVG prints sharp
        if dpi < PRINT_DPI:
            size = f"{box[0]:.2f}×{box[1]:.2f} in"
            reporter.warn(f"cover {book.cover.name} prints at {dpi:.0f} dpi on the front ({size}); printers want 300")
        return book.cover.as_uri()
    authors = join_names(book.meta.authors or book.meta.editors)
    data = imaging.generate_cover(book.meta.title, book.meta.subtitle, authors, book.cover_colours, wrap.front_pixels())
    drawn = scratch / "front.jpg"
    drawn.write_bytes(data)
    return drawn.as_uri()


def _paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
