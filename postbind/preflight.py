"""The preflight: what a print-on-demand service would bounce, found before anything is written.

`print.printer` names the service (postbind/printers.py). What book.yaml alone decides (the trim size, a
paper the service does not offer, a key that contradicts the service) is checked when book.yaml is loaded
(`check_settings`, with the other book.yaml errors); what needs the laid-out interior (the inside margin
for its page count, the page limits, the fonts) after the PDF is laid out and before any output is put in
place (`check_pages`). Each problem is one line naming the key to change.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from postbind.errors import Diagnostic
from postbind.lengths import inches, page_inches, show
from postbind.printers import PRINTERS, Printer

if TYPE_CHECKING:
    from postbind.config import PrintSettings


def apply_preset(settings: PrintSettings) -> PrintSettings:
    """What the service wants and book.yaml left open: its bleed, and the PDF variant it asks for."""
    printer = PRINTERS[settings.printer]
    return replace(
        settings,
        bleed=settings.bleed or show(printer.bleed),
        pdf_variant=settings.pdf_variant or (printer.variants[0] if printer.variants else None),
    )


def check_settings(settings: PrintSettings, file: Path) -> list[Diagnostic]:
    """book.yaml's `print:` against the service, as written (before `apply_preset`)."""
    printer = PRINTERS[settings.printer]
    found = _Found(settings, file)
    trim = page_inches(settings.page_size)
    if not printer.offers(trim, settings.binding):
        nearest = ", ".join(_size(size) for size in printer.nearest(trim, settings.binding))
        found.error(
            "print.page_size",
            f"{_size(trim)} is not a trim size {printer.name} offers for a {settings.binding}; the nearest: {nearest}",
        )
    if (settings.binding, settings.paper) not in printer.pages:
        found.error("print.paper", f"{settings.paper} is not offered by {printer.name} for a {settings.binding}")
    for key, on in (("crop_marks", settings.crop_marks), ("cross_marks", settings.cross_marks)):
        if on:
            found.error(f"print.{key}", f"true contradicts {_preset(printer)}: the service trims the book itself")
    if settings.bleed and abs(inches(settings.bleed) - printer.bleed) > 0.001:
        found.error(
            "print.bleed", f"{settings.bleed} contradicts {_preset(printer)}, which wants {show(printer.bleed)}"
        )
    _check_variant(found, settings, printer)
    return found.problems


def _check_variant(found: _Found, settings: PrintSettings, printer: Printer) -> None:
    if not printer.variants:
        return
    wanted = " or ".join(printer.variants)
    if settings.pdf_variant and settings.pdf_variant not in printer.variants:
        found.error("print.pdf_variant", f"{settings.pdf_variant} contradicts {_preset(printer)}, which wants {wanted}")
    elif settings.icc_profile is None:
        found.error("print.icc_profile", f"is needed: {printer.name} wants {wanted}, which needs a CMYK output intent")


def check_pages(settings: PrintSettings, pages: int, file: Path) -> list[Diagnostic]:
    """The laid-out interior of `pages` pages against the service: margins for its page count, page limits."""
    printer = PRINTERS[settings.printer]
    found = _Found(settings, file)
    margins = settings.margins
    need = printer.min_inner(pages)
    if inches(margins.inner) < need - 1e-6:
        found.error(
            "print.margins.inner", f"{margins.inner} is below {printer.name}'s {show(need)} for a {pages}-page book"
        )
    for edge in ("outer", "top", "bottom"):
        value = getattr(margins, edge)
        if inches(value) < printer.edge_margin - 1e-6:
            found.error(f"print.margins.{edge}", f"{value} is below {printer.name}'s {show(printer.edge_margin)}")
    fewest, most = printer.pages.get((settings.binding, settings.paper), (0, 0))
    if most and not fewest <= pages <= most:
        found.error(
            "print.paper",
            f"{settings.paper}: {printer.name} prints a {settings.binding} on it with {fewest} to {most} pages, "
            f"and this book has {pages}",
        )
    return found.problems


def check_fonts(settings: PrintSettings, unembedded: list[str], file: Path) -> list[Diagnostic]:
    """Fonts the PDF uses without carrying them: every service refuses those."""
    printer = PRINTERS[settings.printer]
    found = _Found(settings, file)
    for name in unembedded:
        found.error("print.printer", f"{printer.key}: the font {name} is not embedded, and {printer.name} needs it")
    return found.problems


class _Found:
    """Problems, each on the line of the key to change (else of `print.printer`)."""

    def __init__(self, settings: PrintSettings, file: Path):
        self.settings, self.file = settings, file
        self.problems: list[Diagnostic] = []

    def error(self, key: str, message: str) -> None:
        self.problems.append(Diagnostic("error", f"{key} {message}", self.file, self.settings.line(key)))


def _preset(printer: Printer) -> str:
    return f"print.printer {printer.key}"


def _size(trim: tuple[float, float]) -> str:
    return f"{show(trim[0])} {show(trim[1])}"


def check_cover(settings: PrintSettings, isbn: str | None, file: Path) -> list[Diagnostic]:
    """What the cover wrap needs before the book is built: a service (its paper sets the spine), a paper whose
    thickness is known, a paperback, and an ISBN that is one."""
    found = _Found(settings, file)
    if settings.printer is None:
        found.error("print.printer", "is needed for the cover: name the service (kdp, lulu, ingramspark)")
        return found.problems
    printer = PRINTERS[settings.printer]
    if settings.binding == "hardcover":
        # A case wrap's turn-in, hinge and board spine are the service's own numbers, and no stored copy of
        # any service's page gave them (third-party calculators disagree): refused rather than guessed.
        found.error(
            "print.binding",
            f"hardcover: postbind draws paperback covers only; {printer.name}'s case wrap (its turn-in, hinges "
            f"and board spine) is not known to postbind: make it on {printer.name}'s cover template",
        )
    elif printer.thickness.get(settings.paper) is None:
        found.error("print.paper", f"{settings.paper}: {printer.name}'s thickness of it is not known to postbind")
    if isbn:
        from postbind.ean import isbn13  # late: python-barcode is loaded for covers only

        try:
            isbn13(isbn)
        except ValueError as problem:
            found.problems.append(Diagnostic("error", f"isbn.print {problem}", file))
    return found.problems
