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

Text that does not fit is cut off on the cover, so the laid-out wrap is looked at afterwards: a back text
running below its area (above the barcode area), or a spine line longer than the spine, is a warning on
the book.yaml key to shorten (`back_cover`, else `description`; `title`, `author`, `publisher`).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from postbind import ean, imaging
from postbind.config import KeyPlaces, PrintSettings
from postbind.errors import Reporter
from postbind.lengths import page_inches
from postbind.model import Book
from postbind.printers import PRINTERS, Printer
from postbind.render import Renderer, join_names

PRINT_DPI = 300
SPINE_FONT_PT = 14  # the largest spine text; a thinner spine gets smaller type
BACK_INSET = 0.5  # the back text's distance from the trim, inside the safe area
BACK_TOP = 0.75  # the back text's distance from the top trim
BARCODE_GAP = 0.25  # between the back text and the barcode area
CSS_PX = 96  # WeasyPrint's boxes measure CSS pixels: 96 to the inch
SPINE_KEYS = {"spine-title": ("title",), "spine-author": ("author", "authors", "editor", "editors"),
              "spine-publisher": ("publisher",)}  # fmt: skip


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
    def back_text_box(self) -> tuple[float, float, float, float]:
        """The back text's area (left, top, width, height): inside the back panel, above the barcode area."""
        height = self.barcode[1] - BARCODE_GAP - BACK_TOP
        return BACK_INSET, BACK_TOP, self.panel[0] - 2 * BACK_INSET, height

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


def write_cover(
    book: Book,
    renderer: Renderer,
    wrap: Wrap,
    target,
    reporter: Reporter,
    guides: bool = False,
    places: KeyPlaces | None = None,
) -> None:
    """The cover wrap's PDF at `target` (with `guides`: the proof with trim, fold and safe-area lines); text
    that did not fit is a warning on its key in book.yaml (`places`), for the cover, not again for the proof."""
    from postbind.write.pdf import write_document  # late: WeasyPrint is loaded only to write

    if not wrap.spine_text and not guides:
        reporter.info(
            f"note: the spine has no text: {wrap.printer.name} prints spine text on books of "
            f"{wrap.printer.spine_text_pages} pages or more, and this one has {wrap.pages}"
        )
    places = places or KeyPlaces()
    code = ean.isbn13(book.meta.isbn_print) if book.meta.isbn_print else None
    if code is None and not guides:  # at book.yaml's `isbn` when it gives one without `print`
        message = "isbn.print is not set: the back cover's barcode area is left clear"
        reporter.warn(message, places.file, places.line("isbn"))
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
        document = write_document(html, renderer, (*book.resource_folders, Path(scratch)), target, reporter)
    if not guides:
        page = document.pages[0]._page_box  # noqa: SLF001  WeasyPrint keeps the laid-out boxes here only
        _check_back(page, book, wrap, places, reporter)
        _check_spine(page, places, reporter)


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


def _check_back(page, book: Book, wrap: Wrap, places: KeyPlaces, reporter: Reporter) -> None:
    """Warn when the back text runs below its area: what is below is cut off (or never laid out at all)."""
    box = _find(page, "back-text")
    if box is None:
        return
    bottom = (wrap.back_text_box[1] + wrap.back_text_box[3]) * CSS_PX
    lines = list(_lines(box))
    kept = [line for line in lines if line.position_y + line.height <= bottom + 0.5]  # half a pixel: rounding
    key = "back_cover" if book.meta.back_cover else "description"
    total = len((book.meta.back_cover or book.meta.description or "").split())
    # a paragraph below the page is not laid out at all: the words laid out tell that apart from a fit
    if len(kept) == len(lines) and _words(lines) >= total:
        return
    fits = min(_words(kept), total)
    carried = "" if key == "back_cover" else ", which carries it when back_cover is not set"
    fix = "shorten it" if key == "back_cover" else "set a shorter back_cover"
    reporter.warn(
        f"{key} is too long for the back cover{carried}: {fits} of its {total} words fit above the barcode area "
        f"and the rest is cut off: {fix}",
        places.file,
        places.line(key),
    )


def _check_spine(page, places: KeyPlaces, reporter: Reporter) -> None:
    """Warn when the spine's line (title, author, publisher) is longer than the spine: its ends are cut off.
    The longest part names the key to shorten."""
    box = _find(page, "spine-text")
    if box is None or not box.children:
        return
    parts = list(box.children)
    need = max(p.position_x + p.margin_width() for p in parts) - min(p.position_x for p in parts)
    if need <= box.width + 0.5:
        return
    longest = max(parts, key=lambda part: part.margin_width())
    names = SPINE_KEYS.get(longest.element.get("class"), ("title",))
    key = next((name for name in names if places.line(name)), names[0])
    reporter.warn(
        f"{key} is too long for the spine: its line ({_text(box, ' · ')}) needs {need / CSS_PX:.2f} in and the "
        f"spine has {box.width / CSS_PX:.2f} in, so both ends are cut off: shorten {key}",
        places.file,
        places.line(key),
    )


def _find(box, css_class: str):
    """The laid-out box of the element with `css_class` (an absolutely placed one is behind a placeholder)."""
    element = getattr(box, "element", None)
    if element is not None and element.get("class") == css_class and not hasattr(box, "_box"):
        return box
    for child in (getattr(box, "_box", None), *getattr(box, "children", ())):
        if child is not None and (found := _find(child, css_class)) is not None:
            return found
    return None


def _lines(box):
    """The line boxes inside `box`, in order."""
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "LineBox":
            yield child
        else:
            yield from _lines(child)


def _words(lines) -> int:
    """The words on `lines`, a word hyphenated across two lines counted once."""
    text = " ".join(_text(line) for line in lines)
    return len(re.sub(r"[\u2010-] ", "", text).split())


def _text(box, joiner: str = "") -> str:
    """The text laid out in `box`; its blocks joined by `joiner`."""
    if hasattr(box, "text"):
        return box.text
    return joiner.join(_text(child) for child in getattr(box, "children", ())).strip()
