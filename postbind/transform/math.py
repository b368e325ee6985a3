"""Math in a chapter: every <math> says what it is in TeX; a formula that could not be read stays TeX.

Formulas reach the tree as MathML (pandoc's, or a post's own). Each gets
`alttext`, the TeX source, which EPUB readers without MathML and screen readers
fall back on. A formula pandoc could not parse arrives as its TeX in a
`span.math`: it is set as code and reported, so the author can fix it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import html

if TYPE_CHECKING:
    from postbind.transform import ChapterContext

MATHML = "http://www.w3.org/1998/Math/MathML"
TEX_ENCODINGS = ("application/x-tex", "tex", "latex", "text/x-latex")
DELIMITERS = re.compile(r"^\s*(\$\$|\$|\\\(|\\\[)(.*?)(\$\$|\$|\\\)|\\\])\s*$", re.S)
# pandoc sets \mathbf{v} as a bold italic letter; TeX's \mathbf is upright bold.
# The Latin and Greek blocks of Unicode's math letters: bold italic start → (length, bold start).
BOLD_ITALIC = {0x1D468: (52, 0x1D400), 0x1D71C: (58, 0x1D6A8)}


def finish_math(root: html.HtmlElement, context: ChapterContext) -> None:
    for span in root.xpath("//span[contains(concat(' ', normalize-space(@class), ' '), ' math ')]"):
        if not span.xpath(".//math"):
            _keep_source(span, context)
    for math in root.iter("math"):
        math.set("xmlns", MATHML)
        tex = _tex_of(math)
        if tex:
            math.set("alttext", tex)
        if "\\mathbf" in tex and "\\boldsymbol" not in tex and "\\bm" not in tex:
            _upright_bold(math)


def _keep_source(span: html.HtmlElement, context: ChapterContext) -> None:
    """A formula pandoc could not read: its TeX, without the delimiters, as code."""
    text = span.text_content()
    found = DELIMITERS.match(text)
    tex = (found.group(2) if found else text).strip()
    display = "display" in (span.get("class") or "")
    context.warn(f"cannot read the formula {tex[:60]}: it is left as TeX", tex or None)
    span.tag = "code"
    span.attrib.clear()
    span.set("class", "math-source display" if display else "math-source")
    for child in list(span):
        span.remove(child)
    span.text = tex


def _tex_of(math: html.HtmlElement) -> str:
    """The TeX the formula was written in: pandoc's annotation, the alttext a page gave, or its text."""
    for annotation in math.iter("annotation"):
        if (annotation.get("encoding") or "").lower() in TEX_ENCODINGS and (annotation.text or "").strip():
            return " ".join(annotation.text.split())
    given = (math.get("alttext") or "").strip()
    return given or " ".join(math.text_content().split())


def _upright_bold(math: html.HtmlElement) -> None:
    for element in math.iter("mi", "mn", "mtext"):
        if element.get("mathvariant") == "bold-italic":
            element.set("mathvariant", "bold")
            element.text = "".join(_bold(ch) for ch in element.text or "")


def _bold(ch: str) -> str:
    code = ord(ch)
    for italic, (length, bold) in BOLD_ITALIC.items():
        if italic <= code < italic + length:
            return chr(code - italic + bold)
    return ch
