"""A Medium story's text as clean HTML: the e-content section without Medium's layout.

Medium wraps every paragraph ("graf") in sections, section-content and section-inner layout
divs, puts placeholder divs around pictures, repeats the title as the first heading and marks
every element with its classes. A book keeps the text: headings, paragraphs, lists, figures
with their captions, code and quotes; a break between two of the story's sections stays a rule.
"""

from __future__ import annotations

import textwrap

import lxml.html
from lxml import etree

LAYOUT = ("section", "div")  # Medium's wrappers: their content stays, they go
DROPPED_CLASSES = ("aspectRatioPlaceholder-fill", "section-divider", "graf--title")
KEPT_ATTRIBUTES = {"href", "src", "alt", "title", "datetime", "colspan", "rowspan", "start"}


def clean(text: str) -> str:
    """The story's body (its e-content section) as plain HTML."""
    root = lxml.html.document_fromstring(text)
    found = root.xpath("//section[contains(concat(' ', normalize-space(@class), ' '), ' e-content ')]")
    if not found:
        return ""
    body = found[0]
    sections = body.xpath(".//section[contains(concat(' ', normalize-space(@class), ' '), ' section--body ')]")
    for section in sections[1:]:  # a section after the first starts after a break in the story
        section.insert(0, lxml.html.Element("hr"))
    for element in [e for e in body.iter() if isinstance(e.tag, str) and _classes(e) & set(DROPPED_CLASSES)]:
        if element.getparent() is not None:
            element.drop_tree()
    for pre in body.iter("pre"):
        _code_text(pre)
    for element in list(body.iter()):
        if isinstance(element.tag, str):
            _strip_attributes(element)
    for element in [e for e in body.iter(*LAYOUT) if e is not body]:
        element.drop_tag()
    return (body.text or "").strip() + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)


def _code_text(pre) -> None:
    """A code block as plain text: Medium writes its lines with <br> and indents them like the page."""
    for br in list(pre.iter("br")):
        br.tail = "\n" + (br.tail or "")
        br.drop_tree()
    code = pre.find("code")
    text = (code if code is not None else pre).text_content()
    if text.startswith("\n"):  # the block opens on a line of its own: the first line's indent is the page's
        text = text.lstrip()
    lines = textwrap.dedent("\n".join(line.rstrip() for line in text.strip("\n").split("\n")))
    for child in list(pre):
        pre.remove(child)
    code = etree.SubElement(pre, "code")
    code.text = lines.strip("\n")
    pre.text = None


def _strip_attributes(element) -> None:
    for name in list(element.attrib):
        if name not in KEPT_ATTRIBUTES:
            del element.attrib[name]


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())
