"""CSS lengths and page sizes in inches: what the printers' tables and the cover's geometry are written in.

book.yaml gives margins, bleed and the page size as CSS does (`0.875in`, `3mm`, `A5`, `6in 9in`);
the print-on-demand services publish their limits in inches. This is the one place that converts.
"""

from __future__ import annotations

import re

PER_INCH = {"in": 1.0, "cm": 2.54, "mm": 25.4, "q": 101.6, "pt": 72.0, "pc": 6.0, "px": 96.0}
LENGTH_RE = re.compile(r"^(\d+(?:\.\d+)?)(mm|cm|in|pt|pc|px|q)$", re.I)
# CSS's named page sizes (CSS Paged Media 3, `size`), portrait, in millimetres or inches.
NAMED_MM = {"a5": (148, 210), "a4": (210, 297), "a3": (297, 420), "b5": (176, 250), "b4": (250, 353)}
NAMED_IN = {"letter": (8.5, 11.0), "legal": (8.5, 14.0), "ledger": (11.0, 17.0)}


def inches(length: str) -> float:
    """A CSS length (`0.875in`, `3mm`, `0`) in inches."""
    if length.strip() == "0":
        return 0.0
    match = LENGTH_RE.match(length.strip())
    if match is None:
        raise ValueError(f"not a length: {length!r}")
    return float(match.group(1)) / PER_INCH[match.group(2).lower()]


def page_inches(page_size: str) -> tuple[float, float]:
    """A checked `print.page_size` (`6in 9in`, `A5`, `letter landscape`, `8in`) as (width, height) in inches."""
    words = page_size.lower().split()
    name = words[0]
    if name in NAMED_MM or name in NAMED_IN:
        width, height = NAMED_IN.get(name) or tuple(mm / 25.4 for mm in NAMED_MM[name])
        return (height, width) if words[1:] == ["landscape"] else (width, height)
    width = inches(words[0])
    return width, inches(words[1]) if len(words) > 1 else width


def show(value: float) -> str:
    """Inches as a reader writes them: `6in`, `0.625in`, `6.14in`."""
    return f"{value:.4f}".rstrip("0").rstrip(".") + "in"
