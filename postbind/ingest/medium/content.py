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
DROPPED_CLASSES = ("aspectRatioPlaceholder-fill", "section-divider", "graf--title", "mixtapeImage")
KEPT_ATTRIBUTES = {"href", "src", "alt", "title", "datetime", "colspan", "rowspan", "start"}


def clean(text: str) -> str:
    """The story's body (its e-content section) as plain HTML."""
    root = lxml.html.document_fromstring(text)
    found = root.xpath(f"//section[{_has_class('e-content')}]")
    if not found:
        return ""
    body = found[0]
    for section in body.xpath(f".//section[{_has_class('section--body')}]")[1:]:
        section.insert(0, lxml.html.Element("hr"))  # a section after the first starts after a break
    for element in [e for e in body.iter() if isinstance(e.tag, str) and _classes(e) & set(DROPPED_CLASSES)]:
        if element.getparent() is not None:
            element.drop_tree()
    for pre in body.iter("pre"):
        _code_text(pre)
    _unwrap(body)
    for element in body.iter():
        if isinstance(element.tag, str):
            _strip_attributes(element)
    return (body.text or "").strip() + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)


def _unwrap(body) -> None:
    """Medium's layout sections and divs go, their content stays; a link card ("mixtape") is a paragraph."""
    for element in [e for e in body.iter(*LAYOUT) if e is not body]:
        if element.tag == "div" and "graf" in _classes(element):
            element.tag = "p"
        else:
            element.drop_tag()


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


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
