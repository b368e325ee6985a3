"""TeX math in posts that are already HTML (WordPress, feeds, pages): found, and put back as MathML.

Blogs write math for MathJax or KaTeX, which typeset it in the reader's browser:
`\\(…\\)`, `\\[…\\]`, `$$…$$` and `\\begin{align}…` in the text, or
`<script type="math/tex">`. A book has no script, and the sanitizer drops
scripts, so the formulas are taken out here, before any transform: each is
replaced by a placeholder, all of a post go to pandoc as one small Markdown
document (in the build's one pandoc process, so they read exactly as Markdown
math does, `\\newcommand` included), and `fill` puts pandoc's MathML back.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

PLACEHOLDER = "postbind-math"
PLACEHOLDER_RE = re.compile(r'<span data-postbind-math="(\d+)"></span>')
# MathJax's default delimiters; a single $ is left alone: in prose it is a price far more often.
DELIMITED_RE = re.compile(
    r"\\\((?P<inline>.+?)\\\)|\\\[(?P<display>.+?)\\\]|\$\$(?P<dollars>.+?)\$\$"
    r"|(?P<env>\\begin\{(?P<name>(?:align|equation|gather|multline|eqnarray)\*?)\}.+?\\end\{(?P=name)\})",
    re.S,
)
DISPLAY_LINES_RE = re.compile(r"(?:\\\[|\$\$)(?:[^<]|<br\s*/?>)*?<br\s*/?>(?:[^<]|<br\s*/?>)*?(?:\\\]|\$\$)")
BREAK_RE = re.compile(r"<br\s*/?>")
MATH_SCRIPT = re.compile(r"^\s*math/tex\s*(;\s*mode\s*=\s*display\s*)?$", re.I)
SKIPPED = {"pre", "code", "kbd", "samp", "textarea", "style", "script", "math", "svg"}
DEFINITION_RE = re.compile(r"\\(?:re)?newcommand\s*\{?\s*\\[A-Za-z]+\s*\}?\s*(?:\[\d\])?\s*")


@dataclass(frozen=True)
class Formula:
    tex: str
    display: bool


@dataclass(frozen=True)
class Found:
    markup: str  # the body, every formula a placeholder span
    formulas: tuple[Formula, ...]


def find(body: str) -> Found | None:
    """The formulas of an HTML body, or None when it has none (the body is then left byte for byte)."""
    if not re.search(r"\\\(|\\\[|\$\$|\\begin\{|math/tex", body):
        return None
    try:
        root = lxml.html.fragment_fromstring(_unbroken(body), create_parent="div")
    except etree.ParserError:  # nothing lxml can make a tree of: nothing to find either
        return None
    formulas: list[Formula] = []
    _take_scripts(root, formulas)
    for element in list(root.iter()):
        if isinstance(element.tag, str) and not _skipped(element):
            _take_text(element, formulas)
    if not formulas:
        return None
    formulas = _in_reading_order(root, formulas)  # a definition applies to the formulas after it
    markup = (root.text or "") + "".join(etree.tostring(c, encoding="unicode", method="html") for c in root)
    return Found(markup, tuple(formulas))


def _unbroken(body: str) -> str:
    """Display math over several lines, as WordPress's wpautop leaves it: `$$<br />a = b<br />$$`."""
    return DISPLAY_LINES_RE.sub(lambda m: BREAK_RE.sub("", m.group(0)), body)


def _in_reading_order(root: etree._Element, formulas: list[Formula]) -> list[Formula]:
    """Number the placeholders in document order (scripts were taken out first)."""
    ordered = []
    for span in root.iter("span"):
        number = span.get("data-" + PLACEHOLDER)
        if number is not None:
            span.set("data-" + PLACEHOLDER, str(len(ordered)))
            ordered.append(formulas[int(number)])
    return ordered


def _skipped(element: etree._Element) -> bool:
    return any(e.tag in SKIPPED for e in (element, *element.iterancestors()))


def _placeholder(formulas: list[Formula], tex: str, display: bool) -> etree._Element:
    formulas.append(Formula(tex.strip(), display))
    span = etree.Element("span")
    span.set("data-" + PLACEHOLDER, str(len(formulas) - 1))
    return span


def _take_scripts(root: etree._Element, formulas: list[Formula]) -> None:
    """<script type="math/tex"> (MathJax 2's own form, and what its preprocessors leave)."""
    for script in list(root.iter("script")):
        kind = MATH_SCRIPT.match(script.get("type") or "")
        if kind:
            span = _placeholder(formulas, script.text or "", bool(kind.group(1)))
            span.tail = script.tail
            script.getparent().replace(script, span)


def _take_text(element: etree._Element, formulas: list[Formula]) -> None:
    """Formulas in the element's own text and in the tails of its children (those it had before)."""
    children = list(element)
    element.text = _split(element.text, formulas, lambda span: element.insert(0, span))
    for child in children:
        child.tail = _split(child.tail, formulas, child.addnext)


def _split(text: str | None, formulas: list[Formula], put) -> str | None:
    """Cut the formulas out of `text`: the text before the first stays, each formula and the text after
    it become a placeholder and its tail, placed by `put` (in reverse order, so each lands in place)."""
    if not text or not DELIMITED_RE.search(text):
        return text
    matches = list(DELIMITED_RE.finditer(text))
    spans = []
    for number, match in enumerate(matches):
        tex = match.group("inline") or match.group("display") or match.group("dollars") or match.group("env")
        span = _placeholder(formulas, tex, match.group("inline") is None)
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        span.tail = text[match.end() : end]
        spans.append(span)
    for span in reversed(spans):
        put(span)
    return text[: matches[0].start()]


def document(formulas: tuple[Formula, ...]) -> tuple[str, list[int | None]]:
    """The formulas as one Markdown document for pandoc, and which of its paragraphs holds each formula
    (None for one that only defines macros: pandoc applies definitions to the formulas after them)."""
    blocks, where = [], []
    for formula in formulas:
        definitions, rest = _definitions(formula.tex)
        blocks += definitions  # raw TeX blocks, not paragraphs: they give no piece
        if rest.strip():
            where.append(len(where) - where.count(None))
            # a blank line would end the paragraph (and the formula) early
            rest = re.sub(r"\n\s*\n", "\n", rest.strip())
            blocks.append(f"\\[{rest}\\]" if formula.display else f"\\({rest}\\)")
        else:
            where.append(None)
    return "\n\n".join(blocks) + "\n", where


def _definitions(tex: str) -> tuple[list[str], str]:
    """`\\newcommand` definitions (each a block of its own for pandoc) and the formula left without them."""
    found, rest, at = [], [], 0
    for match in DEFINITION_RE.finditer(tex):
        end = _balanced_end(tex, match.end())
        if end is None or match.start() < at:
            continue
        rest.append(tex[at : match.start()])
        found.append(tex[match.start() : end])
        at = end
    rest.append(tex[at:])
    return found, "".join(rest)


def _balanced_end(tex: str, start: int) -> int | None:
    """The end of the {…} group that starts at `start`, or None when there is none or it never closes."""
    if start >= len(tex) or tex[start] != "{":
        return None
    depth = 0
    for index in range(start, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[index], 0) if tex[index - 1] != "\\" or index == start else 0
        if depth == 0:
            return index + 1
    return None


def fill(found: Found, where: list[int | None], pieces: tuple[str, ...]) -> str:
    """The body with pandoc's MathML in place of each placeholder (a definition leaves nothing).

    A formula pandoc could not read comes back as its TeX in a `span.math`, as in Markdown posts,
    for the math step to set as code and report."""

    def piece(match: re.Match) -> str:
        number = int(match.group(1))
        index = where[number]
        if index is None:
            return ""
        if index >= len(pieces):  # pandoc failed on the whole document
            formula = found.formulas[number]
            kind = "display" if formula.display else "inline"
            return f'<span class="math {kind}">{html.escape(formula.tex, quote=False)}</span>'
        return re.sub(r"^\s*<p>|</p>\s*$", "", pieces[index])

    return PLACEHOLDER_RE.sub(piece, found.markup)


def as_text(root: etree._Element) -> None:
    """Formulas as delimited TeX text, for a saved page on its way through trafilatura (which keeps no
    script and no MathML, but keeps text): `find` reads them back afterwards."""
    for script in list(root.iter("script")):
        kind = MATH_SCRIPT.match(script.get("type") or "")
        if kind:
            _as_text(script, script.text or "", bool(kind.group(1)))
    for math in list(root.iter("math", "{http://www.w3.org/1998/Math/MathML}math")):
        tex = math.xpath("string(.//*[local-name()='annotation'][contains(@encoding, 'tex')])") or math.get("alttext")
        if tex and tex.strip():
            _as_text(math, tex, math.get("display") == "block")


def _as_text(element: etree._Element, tex: str, display: bool) -> None:
    text = (r"\[" + tex.strip() + r"\]" if display else r"\(" + tex.strip() + r"\)") + (element.tail or "")
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)
