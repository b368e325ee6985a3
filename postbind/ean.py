"""ISBNs as EAN-13 barcodes for the back cover (the only module that uses python-barcode).

A printed book's barcode is its ISBN-13 as an EAN-13 symbol. python-barcode draws the bars as SVG
rectangles, so the cover carries them as vectors, sharp at any resolution; the digits beneath them are
set by the cover's own HTML, as text. Sizes are GS1's nominal ones (100 % magnification): a 0.33 mm
module, bars 22.85 mm high and a quiet zone of 11 modules (3.63 mm), so a scanner finds the symbol.
"""

from __future__ import annotations

import io
import re

import barcode
from barcode.writer import SVGWriter

MODULE_MM = 0.33
BAR_MM = 22.85
QUIET_MM = 3.63


def isbn13(text: str) -> str:
    """The 13 digits of an ISBN given with or without hyphens, as ISBN-13 or ISBN-10; ValueError if it is not
    one (a wrong check digit is a typing mistake that would print a barcode of another book)."""
    digits = re.sub(r"[\s-]", "", text).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        if _isbn10_check(digits[:9]) != digits[9]:
            raise ValueError(f"{text} is not an ISBN: its check digit should be {_isbn10_check(digits[:9])}")
        digits = "978" + digits[:9]
        return digits + _ean_check(digits)
    if not re.fullmatch(r"97[89]\d{10}", digits):
        raise ValueError(f"{text} is not an ISBN: give 13 digits starting 978 or 979 (or an ISBN-10)")
    if _ean_check(digits[:12]) != digits[12]:
        raise ValueError(f"{text} is not an ISBN: its check digit should be {_ean_check(digits[:12])}")
    return digits


def _ean_check(twelve: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return str(-total % 10)


def _isbn10_check(nine: str) -> str:
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine))
    check = -total % 11
    return "X" if check == 10 else str(check)


def svg(code: str) -> str:
    """The EAN-13 symbol of 13 digits as inline SVG: black bars on no background, quiet zones included."""
    symbol = barcode.get_barcode_class("ean13")(code, writer=SVGWriter())
    out = io.BytesIO()
    options = {"write_text": False, "module_width": MODULE_MM, "module_height": BAR_MM, "quiet_zone": QUIET_MM}
    symbol.write(out, options={**options, "background": None})
    markup = out.getvalue().decode("utf-8")
    markup = markup[markup.index("<svg") :]  # without the XML declaration and doctype: it goes inside HTML
    # an SVG inside HTML has its style attributes read as HTML's CSS, which knows no `fill`: say it as SVG does
    return re.sub(r'style="fill:\s*([#\w]+);?"', r'fill="\1"', markup)


def digits_line(code: str) -> str:
    """The human-readable line under the bars, grouped as on every retail barcode: `9 781234 567897`."""
    return f"{code[0]} {code[1:7]} {code[7:]}"
