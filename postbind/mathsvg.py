"""Formulas drawn for print: MathML as inline SVG through ziamath (the only module that uses it).

WeasyPrint 70 has no MathML. ziamath lays a formula out in STIX Two Math (bundled
with it) and draws every glyph as a path, so the PDF needs no math font and no
glyph can go missing. The SVG is sized in em, so a formula scales with the text
around it, and lowered by ziamath's baseline offset, so inline math sits on the
line's baseline. ziamath names its glyph symbols by font and glyph: every id is
given the formula's own prefix, or two formulas sharing a glyph would define the
same anchor twice.
"""

from __future__ import annotations

import functools
import re
import warnings

from lxml import etree

with warnings.catch_warnings():  # ziamath 0.13 loads its font with a deprecated importlib call
    warnings.simplefilter("ignore", DeprecationWarning)
    import ziamath

DRAWN_AT = 24.0  # the font size ziamath lays out at; the SVG is then scaled to 1em of the text
ID_RE = re.compile(r'\b(id|href|xlink:href)="(#?)([^"#]+)"')
DROPPED = {"annotation", "annotation-xml"}  # the TeX source, which ziamath does not know


class Unreadable(ValueError):
    """ziamath could not draw the formula."""


def svg_for(math: etree._Element, prefix: str) -> str:
    """The formula `math` (a <math> element) as inline SVG markup, every id starting with `prefix`."""
    display = math.get("display") == "block"
    drawing = _drawing(_plain_mathml(math), display)
    return ID_RE.sub(lambda m: f'{m.group(1)}="{m.group(2)}{prefix}-{m.group(3)}"', drawing)


def _plain_mathml(math: etree._Element) -> str:
    """The formula as MathML ziamath reads: no <semantics> wrapper, no annotation, the MathML namespace."""
    copy = etree.fromstring(etree.tostring(math, method="xml", encoding="unicode", with_tail=False))
    for element in list(copy.iter()):
        tag = etree.QName(element).localname if isinstance(element.tag, str) else None
        if tag in DROPPED:
            element.getparent().remove(element)
        elif tag == "semantics" and len(element):
            element.getparent().replace(element, element[0])
    for name in list(copy.attrib):
        if name not in ("display",):
            del copy.attrib[name]
    if not copy.tag.startswith("{"):  # a page's MathML may leave the namespace out
        copy.set("xmlns", "http://www.w3.org/1998/Math/MathML")
    return etree.tostring(copy, encoding="unicode")


@functools.lru_cache(maxsize=4096)  # a PDF is laid out more than once; each formula is drawn once
def _drawing(mathml: str, display: bool) -> str:
    try:
        formula = ziamath.Math(mathml, size=DRAWN_AT)
        svg = formula.svg()
        width, height = formula.getsize()
        baseline = formula.getyofst()
    except Exception as problem:  # ziamath raises many kinds; any of them means "not drawn"
        raise Unreadable(str(problem)) from None
    size = f"width:{width / DRAWN_AT:.3f}em;height:{height / DRAWN_AT:.3f}em"
    lowered = f"vertical-align:{baseline / DRAWN_AT:.3f}em"  # the formula's baseline on the line's
    style = f"{size};display:block;margin:0.5em auto" if display else f"{size};{lowered}"
    svg = re.sub(r'^<svg ([^>]*?)width="[^"]*" height="[^"]*"', r"<svg \1", svg, count=1)
    css_class = "math-svg display" if display else "math-svg"
    return svg.replace("<svg ", f'<svg class="{css_class}" role="img" style="{style}" ', 1)
