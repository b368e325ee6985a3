"""What a page's place in the book decides, stamped on it afterwards: its folio, and a reading's number.

A PDF section is rendered as if it stood alone (write/sections.py): no folio in
its margin boxes and a hidden stand-in for "Reading N", so its pages do not
depend on where it lands and stay cached when posts are inserted before it.
The margin boxes that show the page counter are drawn afterwards on "stamp
sheets": light documents with the book's own stylesheet, one page per stamp,
each page of the same named page, side and page group as the page it goes on,
the counter given as a string (a sheet's pages are in no order of their own).
The merge lays each sheet page over its book page as an artifact
(`/Artifact /Pagination`), so a tagged PDF's readers skip it.

Stamps are cached one by one (a folio's look does not depend on the chapter
under it), so inserting a post renders only the stamps of numbers never seen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

PAGE_COUNTER_RE = re.compile(r"\bcounter\(\s*(pages?)\s*(?:,\s*([-\w]+)\s*)?\)")
OTHER_STRING_RE = re.compile(r"\bstring\(\s*(?!postbind-)[-\w]+\s*(?:,\s*[-\w]+\s*)?\)")
STRING_PREFIX = "postbind-"  # the counters' stand-in strings: postbind-page-decimal, postbind-pages-lower-roman …
# The sheet's own rules: every stamp on a page of its own; nothing of a stamp's head shows but the reading number.
SHEET_CSS = """
.postbind-spacer, .postbind-lead, .postbind-group, .postbind-stamp { break-before: page; }
.postbind-stamp .chapter-head { visibility: hidden; }
.postbind-stamp .reading-number { visibility: visible; }
.postbind-stamp section > :not(.chapter-head) { display: none; }
@page postbind-spacer { @top-left { content: none } @top-center { content: none } @top-right { content: none }
  @bottom-left { content: none } @bottom-center { content: none } @bottom-right { content: none } }
.postbind-spacer { page: postbind-spacer; }
@page { marks: none !important; background: none !important; }
html, body { background: none !important; }
"""


@dataclass(frozen=True)
class Stamp:
    """What one page of the body gets: its folio boxes as `look` (write/pdf.py) on `side`, numbered `number`
    of `total`; `head`: a reading's head, if any. Drawn like a page named `name` (`opener`: the first page of
    its page group, e.g. a chapter's), which any page of that look will do: the two are not compared."""

    look: str
    side: str
    number: int
    total: int
    head: str = ""
    name: str = field(default="", compare=False)
    opener: bool = field(default=False, compare=False)


def sheet_stylesheet(css: str) -> str:
    """The book's print stylesheet for stamp sheets: each page counter read from the page's own string,
    the running strings empty (the heads are the sections' own: laying them out here would be wasted)."""
    css = OTHER_STRING_RE.sub('""', css)
    return PAGE_COUNTER_RE.sub(lambda m: f"string({_string_name(m.group(1), m.group(2))})", css) + SHEET_CSS


def counter_styles(css: str) -> set[tuple[str, str]]:
    """The page counters the stylesheet shows, with their styles: ("page", "lower-roman") …"""
    return {(name, style or "decimal") for name, style in PAGE_COUNTER_RE.findall(css)}


def uses_total(css: str) -> bool:
    return any(name == "pages" for name, _ in counter_styles(css))


def sheet_html(stamps: list[Stamp], css: str, render_value: Callable[[int, str], str]) -> str:
    """A stamp sheet: stamp `i` on the page holding the element `stamp-i`, on its side, in its page group.
    As in the book, an opening page starts a page group which the pages after it join while they follow
    on (sorted by number, a chapter's pages do); a page that cannot join one follows a lead page of its
    name. Spacer pages put a page on its side."""
    styles = sorted(counter_styles(css))
    pages: list[str] = ['<div class="postbind-spacer"></div>']  # page 0 is :first, which no body page is
    count, group = 1, None  # pages so far (left-to-right: an even index is a right page), the open group's name
    for index, stamp in enumerate(stamps):
        right = stamp.side == "right"
        joins = group == stamp.name and not stamp.opener and (count % 2 == 0) == right
        if not joins:
            pages.append("</div>" if group else "")
            at = count if stamp.opener else count + 1  # where the stamp falls: after a lead page, if one is needed
            if (at % 2 == 0) != right:
                pages.append('<div class="postbind-spacer"></div>')
                count += 1
            pages.append(f'<div class="postbind-group" style="page: {stamp.name}">')
            if not stamp.opener:
                pages.append('<div class="postbind-lead"></div>')
                count += 1
            group = stamp.name
        strings = ", ".join(
            f'{_string_name(name, style)} "{render_value(stamp.total if name == "pages" else stamp.number, style)}"'
            for name, style in styles
        )
        pages.append(f'<div class="postbind-stamp" id="stamp-{index}" style="string-set: {escape(strings)}">')
        pages.append(f"{stamp.head}</div>")
        count += 1
    pages.append("</div>" if group else "")
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{"".join(pages)}</body></html>'


def head_of(document: str) -> str:
    """The body of a rendered head-only document (Renderer.print_head): what a reading's stamp holds."""
    start = document.index(">", document.index("<body")) + 1
    return document[start : document.rindex("</body>")]


def is_folio_box(content) -> bool:
    """Whether a margin box's computed `content` shows a page counter (or, on a sheet, its stand-in string)."""
    if not isinstance(content, (tuple, list)):
        return False
    for kind, value in content:
        if kind in ("counter()", "counters()") and value[0] in ("page", "pages"):
            return True
        if kind == "string()" and value[0].startswith(STRING_PREFIX):
            return True
    return False


def _string_name(counter: str, style: str | None) -> str:
    return f"{STRING_PREFIX}{counter}-{style or 'decimal'}"
