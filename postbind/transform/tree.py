"""HTML fragments as lxml trees, and back to text."""

from __future__ import annotations

import html as std_html

from lxml import etree, html


def parse_fragment(markup: str) -> html.HtmlElement:
    """Parse an HTML fragment into a <div> holding it (empty markup gives an empty div)."""
    if not markup.strip():
        return html.Element("div")
    return html.fragment_fromstring(markup, create_parent="div")


def serialize_children(root: html.HtmlElement) -> str:
    """The fragment inside `root` as HTML text (what `parse_fragment` read)."""
    parts = [std_html.escape(root.text, quote=False)] if root.text else []
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in root)
    return "".join(parts)


def replace_with_span(element: html.HtmlElement, text: str, css_class: str) -> None:
    """Replace an element and its content by a span of plain text, keeping its tail."""
    parent = element.getparent()
    if parent is None:
        return
    span = html.Element("span", {"class": css_class})
    if element.get("id"):
        span.set("id", element.get("id"))  # a link to the element now lands on what stands in for it
    span.text = text
    span.tail = element.tail
    parent.replace(element, span)
