"""What three print-on-demand services ask of a book: their presets as data (`print.printer` in book.yaml).

Every number is in inches and names its source beside it, with the address of the stored public copy it
was checked against where there is one. Numbers marked "(not checked here)" come from memory of the named
guide or from a third-party summary of it: no stored copy of the service's own page confirmed them, and
they should be checked against the service's current page before relying on them. Third-party calculator
sites that disagree with one another were not taken as confirmation. The services change their tables
now and then; a wrong number here is a one-line fix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PAPERS = ("white", "cream", "standard-color", "premium-color")
BINDINGS = ("paperback", "hardcover")
Trim = tuple[float, float]


@dataclass(frozen=True)
class Printer:
    key: str  # as book.yaml names it
    name: str  # as messages name it
    trims: dict[str, tuple[Trim, ...]]  # binding -> the trim sizes offered (width, height)
    inner_margin: tuple[tuple[int, float], ...]  # (up to this many pages, the least inside margin)
    edge_margin: float  # the least outside, top and bottom margin of a book with bleed
    pages: dict[tuple[str, str], tuple[int, int]]  # (binding, paper) -> (fewest, most pages); absent: not offered
    thickness: dict[str, float | None]  # a paperback's paper -> inches a page; None: not known here
    spine_text_pages: int  # the fewest pages whose spine may carry text
    cover_safety: float  # text and pictures stay this far inside the cover's trim
    barcode: tuple[float, float, float]  # the barcode area: width, height, inset from the spine fold and the bottom
    spine_allowance: float = 0.0  # added to pages × thickness (the cover's wrap around the spine)
    variants: tuple[str, ...] = ()  # the PDF variants the service asks for, the first the default; () any
    bleed: float = 0.125
    spine_safety: float = 1 / 16  # spine text stays this far from each fold
    notes: dict[str, str] = field(default_factory=dict)

    def offers(self, trim: Trim, binding: str) -> bool:
        return any(_same(trim, offered) for offered in self.trims.get(binding, ()))

    def nearest(self, trim: Trim, binding: str, count: int = 3) -> list[Trim]:
        """The offered trim sizes closest to `trim`, closest first."""
        offered = self.trims.get(binding, ())
        return sorted(offered, key=lambda size: math.dist(size, trim))[:count]

    def min_inner(self, pages: int) -> float:
        """The least inside margin for a book of `pages` pages (the last step holds beyond the table)."""
        return next((inner for most, inner in self.inner_margin if pages <= most), self.inner_margin[-1][1])

    def spine_width(self, pages: int, paper: str) -> float | None:
        """The spine of a paperback of `pages` pages on `paper`; None when its paper's thickness is unknown."""
        per_page = self.thickness.get(paper)
        return None if per_page is None else pages * per_page + self.spine_allowance


def _same(a: Trim, b: Trim) -> bool:
    return abs(a[0] - b[0]) < 0.011 and abs(a[1] - b[1]) < 0.011  # the services round to 0.01 in


# Amazon KDP. Sources: KDP Help "Paperback and hardcover trim size, bleed and margins" (trim sizes, the
# inside margin by page count, outside margins 0.375 in with bleed), "Print options" (page limits),
# "Create a paperback cover" (paper thickness a page, spine text from 79 pages, 0.125 in cover safety,
# 1/16 in either side of spine text), "Barcode" (a 2 × 1.2 in area at the lower right of the back cover,
# 0.25 in from the spine and the bottom edge). KDP accepts plain PDF (it recommends PDF/X-1a, not required).
KDP = Printer(
    key="kdp",
    name="KDP",
    trims={
        "paperback": (
            (5, 8),
            (5.06, 7.81),
            (5.25, 8),
            (5.5, 8.5),
            (6, 9),
            (6.14, 9.21),
            (6.69, 9.61),
            (7, 10),
            (7.44, 9.69),
            (7.5, 9.25),
            (8, 10),
            (8.25, 6),
            (8.25, 8.25),
            (8.5, 8.5),
            (8.5, 11),
            (8.27, 11.69),
        ),
        "hardcover": ((5.5, 8.5), (6, 9), (6.14, 9.21), (7, 10), (8.25, 11)),
    },  # fmt: skip
    inner_margin=((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875)),
    edge_margin=0.375,
    pages={
        ("paperback", "white"): (24, 828),
        ("paperback", "cream"): (24, 776),
        ("paperback", "standard-color"): (72, 600),
        ("paperback", "premium-color"): (24, 828),
        ("hardcover", "white"): (75, 550),
        ("hardcover", "cream"): (75, 550),
        ("hardcover", "premium-color"): (75, 550),
    },
    thickness={"white": 0.002252, "cream": 0.0025, "standard-color": 0.002252, "premium-color": 0.002347},
    spine_text_pages=79,
    cover_safety=0.125,
    barcode=(2.0, 1.2, 0.25),
    notes={"limits": "lower page maxima for the largest trims (8.5 × 11 in: 590 on white) are not modelled"},
)

# Lulu. Sources:
# - Lulu's "Spine Width Calculator" PDF (https://www.scribd.com/document/513281500/lulu-spine-width-calculator):
#   paperbacks from 32 pages, hardcovers from 24 (hardcovers use a table by page range, not modelled here).
#   The paperback spine, pages / 444 + 0.06 in, is from its formula page, which the stored copy does not show.
# - Lulu Help "Tips for formatting documents"
#   (https://help.lulu.com/en/support/solutions/articles/64000255583-tips-for-formatting-documents):
#   at least 0.5 in margins on all sides.
# - Spine text from 80 pages: Lulu's help as quoted on its forum
#   (https://connect.lulu.com/en/discussion/343028/spine-for-books-with-80-130-pages-for-retail-partners):
#   "Lulu and many of our print partners can print spine text on books with as few as 80 pages" (some
#   retail printers want 130).
# - The barcode area: Lulu Help "Will Lulu add a barcode to my cover?" (http://www.lulu.com/help/space_for_isbn,
#   last updated 2008): a 3.625 x 1.25 in area at the back's lower right, the barcode at least 0.375 in
#   from the spine and the bottom edge. An old page, but Lulu's own; it replaces KDP's area used before.
# Not checked here: the trim list; the gutter additions by page count (0 to 60 pages, 0.125 in to 150,
# 0.5 in to 400, 0.625 in to 600, 0.75 in beyond; added to the 0.5 in margin): the Book Creation Guide
# (https://scribd.com/document/503228944/Lulu-Book-Creation-Guide-1) lists "Gutter Additions" but the
# stored copy shows only its contents; the 800-page maximum; the 0.25 in cover safety.
LULU = Printer(
    key="lulu",
    name="Lulu",
    trims={  # (not checked here)
        "paperback": (
            (4.25, 6.875),
            (5, 8),
            (5.5, 8.5),
            (5.83, 8.27),
            (6, 9),
            (6.14, 9.21),
            (6.625, 10.25),
            (7, 10),
            (7.44, 9.68),
            (7.5, 7.5),
            (8.5, 8.5),
            (8.5, 11),
            (8.27, 11.69),
            (9, 7),
            (11, 8.5),
            (11.69, 8.27),
        ),
        "hardcover": (
            (5.5, 8.5),
            (5.83, 8.27),
            (6, 9),
            (6.14, 9.21),
            (6.625, 10.25),
            (7, 10),
            (7.44, 9.68),
            (7.5, 7.5),
            (8.5, 8.5),
            (8.5, 11),
            (8.27, 11.69),
        ),
    },  # fmt: skip
    inner_margin=((60, 0.5), (150, 0.625), (400, 1.0), (600, 1.125), (800, 1.25)),  # (not checked here)
    edge_margin=0.5,  # help.lulu.com ... 64000255583-tips-for-formatting-documents
    # the fewest pages: the Spine Width Calculator PDF; the most, 800: (not checked here)
    pages={(binding, paper): (32 if binding == "paperback" else 24, 800) for binding in BINDINGS for paper in PAPERS},
    thickness={paper: 1 / 444 for paper in PAPERS},  # Lulu's formula does not vary with the paper
    spine_allowance=0.06,
    spine_text_pages=80,  # connect.lulu.com/en/discussion/343028 (Lulu's help, quoted)
    cover_safety=0.25,  # (not checked here)
    barcode=(3.625, 1.25, 0.375),  # lulu.com/help/space_for_isbn (2008)
)

# IngramSpark. Sources:
# - IngramSpark's article "File requirements for print books"
#   (https://www.ingramspark.com/blog/file-requirements-for-print-books): margins at least 0.5 in (13 mm)
#   from the trim on all sides; no crop, registration or printer marks; fonts embedded.
# - The fewest pages, 18 "for all print titles regardless of the binding": IngramSpark support's answer as
#   reproduced at https://selfpublish.org/html/ingramSparkFAQ (a third-party page quoting IngramSpark).
# - PDF/X-1a:2001 or PDF/X-3:2002: the File Creation Guide (https://docslib.org/doc/5146028/file-creation-guide-table-of-contents
#   is a stored copy of its v1.2 table of contents; its requirement pages are not shown there).
# Not checked here: the trim list (the File Creation Guide's trim tables are not in the stored copy); the
# inside margin by page count (0.5 in to 150 pages, 0.625 in to 400, 0.75 in to 600, 0.875 in beyond), from
# third-party summaries only; the paper thickness (white 10.77 mm, cream 11.63 mm for 200 pages), from a
# third-party summary, and third-party calculators disagree on it; the 1,200-page maximum, from memory;
# the thickness of its colour papers is not known here; spine text and the barcode area use KDP's.
INGRAMSPARK = Printer(
    key="ingramspark",
    name="IngramSpark",
    trims={  # (not checked here)
        "paperback": (
            (4, 6),
            (4.25, 7),
            (4.37, 7),
            (5, 8),
            (5.06, 7.81),
            (5.25, 8),
            (5.5, 8.5),
            (5.83, 8.27),
            (6, 9),
            (6.14, 9.21),
            (6.69, 9.61),
            (7, 10),
            (7.44, 9.69),
            (7.5, 9.25),
            (8, 10),
            (8.25, 11),
            (8.5, 8.5),
            (8.5, 11),
            (8.27, 11.69),
        ),
        "hardcover": ((5.5, 8.5), (6, 9), (6.14, 9.21), (7, 10), (8.25, 11), (8.5, 11)),
    },  # fmt: skip
    inner_margin=((150, 0.5), (400, 0.625), (600, 0.75), (1200, 0.875)),  # (not checked here)
    edge_margin=0.5,  # ingramspark.com/blog/file-requirements-for-print-books
    # the fewest pages: selfpublish.org/html/ingramSparkFAQ; the most, 1,200: (not checked here)
    pages={(binding, paper): (18, 1200) for binding in BINDINGS for paper in PAPERS},
    # (not checked here)
    thickness={"white": 10.77 / 25.4 / 200, "cream": 11.63 / 25.4 / 200, "standard-color": None, "premium-color": None},
    spine_text_pages=79,  # KDP's (not checked here)
    cover_safety=0.125,  # KDP's (not checked here)
    barcode=(2.0, 1.2, 0.25),  # KDP's (not checked here)
    variants=("pdf/x-3", "pdf/x-1a"),
)

PRINTERS = {printer.key: printer for printer in (KDP, LULU, INGRAMSPARK)}
