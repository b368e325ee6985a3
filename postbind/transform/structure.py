"""Repairs of markup that browsers forgive and EPUB validators do not.

Web HTML nests blocks in phrasing elements (`<span><div>`, `<p><table>`), and
blogs put captions beside figures instead of in them. The EPUB's XHTML must
follow the content model, so such markup is reshaped, never dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import html

if TYPE_CHECKING:
    from postbind.transform import ChapterContext

BLOCKS = {
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
# elements whose content must be phrasing only; the ones that can hold flow instead become a <div>
PHRASING_ONLY = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "span", "em", "strong", "b", "i", "u", "s", "small", "sub", "sup",
    "code", "abbr", "cite", "q", "dfn", "kbd", "samp", "var", "mark", "time", "label", "bdi", "bdo", "dt",
}  # fmt: skip
BECOME_DIV = {"p", "span", "pre"}
TRANSPARENT = {"a", "ins", "del"}  # their content model is their parent's


def repair(root: html.HtmlElement, context: ChapterContext) -> None:
    _captions(root)
    _blocks_in_phrasing(root)


def _captions(root: html.HtmlElement) -> None:
    """A caption outside a figure joins the figure before it, or becomes a plain caption paragraph."""
    for caption in list(root.iter("figcaption")):
        parent = caption.getparent()
        if parent is None or parent.tag == "figure":
            continue
        figure = caption.getprevious()
        if figure is not None and figure.tag == "figure" and not (figure.tail or "").strip():
            for old in figure.findall("figcaption"):
                figure.remove(old)  # the author's own caption beats one made from the alt text
            tail, caption.tail = caption.tail, None
            figure.append(caption)
            figure.tail = (figure.tail or "") + (tail or "")
        else:
            caption.tag, caption.attrib["class"] = "p", "caption"


def _blocks_in_phrasing(root: html.HtmlElement) -> None:
    """A block inside a phrasing-only element: the element becomes a div, or lets go of its content."""
    changed = True
    while changed:  # one repair can expose the next, one level up
        changed = False
        for block in [e for e in root.iter() if e.tag in BLOCKS]:
            holder = _phrasing_holder(block, root)
            if holder is not None:
                if holder.tag in BECOME_DIV:
                    holder.tag = "div"
                else:
                    holder.drop_tag()
                changed = True
                break


def _phrasing_holder(block: html.HtmlElement, root: html.HtmlElement) -> html.HtmlElement | None:
    parent = block.getparent()
    while parent is not None and parent is not root and parent.tag in TRANSPARENT:
        parent = parent.getparent()
    if parent is not None and parent is not root and parent.tag in PHRASING_ONLY:
        return parent
    return None
