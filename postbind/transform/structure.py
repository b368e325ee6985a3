"""Repairs of markup that browsers forgive and EPUB validators do not.

Web HTML nests blocks in phrasing elements (`<span><div>`, `<p><table>`), and
blogs put captions beside figures instead of in them. The EPUB's XHTML must
follow the content model, so such markup is reshaped, never dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import html

from postbind.transform.ids import keep_id, link_targets

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


# an item element and the containers it may stand in
ITEM_PARENTS = {"li": {"ul", "ol", "menu"}, "dt": {"dl", "div"}, "dd": {"dl", "div"}, "tr": {"table", "thead", "tbody",
                "tfoot"}, "td": {"tr"}, "th": {"tr"}, "tbody": {"table"}, "thead": {"table"}, "tfoot": {"table"},
                "caption": {"table"}, "colgroup": {"table"}, "col": {"colgroup"}}  # fmt: skip
# a container and the only elements it may hold
CONTAINERS = {"ul": "li", "ol": "li", "menu": "li"}


def repair(root: html.HtmlElement, context: ChapterContext) -> None:
    targets = link_targets(root)
    _captions(root, targets)
    _orphan_items(root)
    _list_contents(root)
    _table_rows(root)
    _table_contents(root)
    _definition_lists(root)
    _blocks_in_phrasing(root, targets)


def _orphan_items(root: html.HtmlElement) -> None:
    """An item outside its container (an <li> not in a list, a <td> not in a row) becomes a plain block."""
    for element in list(root.iter(*ITEM_PARENTS)):
        parent = element.getparent()
        if parent is not None and parent.tag not in ITEM_PARENTS[element.tag]:
            element.tag = "div"
        elif element.tag in ("dt", "dd") and parent is not None and parent.tag == "div":
            grand = parent.getparent()
            if grand is None or grand.tag != "dl":
                element.tag = "div"


def _list_contents(root: html.HtmlElement) -> None:
    """Text and elements other than <li> directly in a list move into an <li> of their own."""
    for container in list(root.iter(*CONTAINERS)):
        _wrap_strays(container, allowed={CONTAINERS[container.tag]}, wrapper="li")


def _table_contents(root: html.HtmlElement) -> None:
    """What a table holds besides its parts (stray text, a paragraph) moves out, just before it."""
    parts = {"caption", "colgroup", "thead", "tbody", "tfoot", "tr", "script", "template"}
    for table in list(root.iter("table")):
        for holder in [table, *table.iter("thead", "tbody", "tfoot", "tr")]:
            allowed = parts if holder is table else ({"td", "th"} if holder.tag == "tr" else {"tr"})
            _move_strays_before(table, holder, allowed)


def _move_strays_before(table: html.HtmlElement, holder: html.HtmlElement, allowed: set[str]) -> None:
    moved = html.Element("div")
    if holder.text and holder.text.strip():
        moved.text, holder.text = holder.text, None
    for child in list(holder):
        if isinstance(child.tag, str) and child.tag not in allowed:
            moved.append(child)
        elif child.tail and child.tail.strip():
            stray = html.Element("span")
            stray.text, child.tail = child.tail, None
            moved.append(stray)
    if len(moved) or moved.text:
        table.addprevious(moved)


def _table_rows(root: html.HtmlElement) -> None:
    """Rows beside a tbody (or thead) go into a tbody of their own: a table may not mix the two."""
    for table in root.iter("table"):
        if table.find("tbody") is None and table.find("thead") is None and table.find("tfoot") is None:
            continue
        body = None
        for child in list(table):
            if child.tag != "tr":
                body = None
                continue
            if body is None:
                body = html.Element("tbody")
                child.addprevious(body)
            body.append(child)


def _definition_lists(root: html.HtmlElement) -> None:
    """A <dl> holds terms and definitions only, in pairs: strays go into a definition, a lone term gets one."""
    for dl in list(root.iter("dl")):
        if dl.find("dt") is None:
            dl.tag = "div"  # a "list" without a single term is just a block
            continue
        _wrap_strays(dl, allowed={"dt", "dd"}, wrapper="dd")
        children = [c for c in dl if isinstance(c.tag, str)]
        for index, child in enumerate(children):
            following = children[index + 1].tag if index + 1 < len(children) else None
            if child.tag == "dt" and following not in ("dt", "dd"):
                child.addnext(html.Element("dd"))


def _wrap_strays(container: html.HtmlElement, allowed: set[str], wrapper: str) -> None:
    """Text and elements a container may not hold directly move into a `wrapper` element of their own."""
    if container.text and container.text.strip():
        stray = html.Element(wrapper)
        stray.text, container.text = container.text, None
        container.insert(0, stray)
    for child in list(container):
        if isinstance(child.tag, str) and child.tag not in allowed | {"script", "template"}:
            holder = html.Element(wrapper)
            child.addprevious(holder)
            holder.append(child)  # the child's tail goes with it, inside the wrapper
        elif child.tail and child.tail.strip():
            holder = html.Element(wrapper)
            holder.text, child.tail = child.tail, None
            child.addnext(holder)


def _captions(root: html.HtmlElement, targets: set[str]) -> None:
    """A caption outside a figure joins the figure before it, or becomes a plain caption paragraph."""
    for caption in list(root.iter("figcaption")):
        parent = caption.getparent()
        if parent is None or parent.tag == "figure":
            continue
        figure = caption.getprevious()
        if figure is not None and figure.tag == "figure" and not (figure.tail or "").strip():
            for old in figure.findall("figcaption"):
                keep_id(old, root, targets)
                figure.remove(old)  # the author's own caption beats one made from the alt text
            tail, caption.tail = caption.tail, None
            figure.append(caption)
            figure.tail = (figure.tail or "") + (tail or "")
        else:
            caption.tag, caption.attrib["class"] = "p", "caption"


def _blocks_in_phrasing(root: html.HtmlElement, targets: set[str]) -> None:
    """A block inside a phrasing-only element: the element becomes a div, or lets go of its content.

    Blocks are visited deepest first and each is fixed up to the top, so one pass
    does it (a page of hostile markup must not cost a quadratic number of passes).
    """
    blocks = [e for e in root.iter() if e.tag in BLOCKS]
    for block in reversed(blocks):
        while (holder := _phrasing_holder(block, root)) is not None:
            if holder.tag in BECOME_DIV:
                holder.tag = "div"
                block = holder  # now a block itself, it may sit in phrasing further up
            else:
                keep_id(holder, root, targets)
                holder.drop_tag()


def _phrasing_holder(block: html.HtmlElement, root: html.HtmlElement) -> html.HtmlElement | None:
    parent = block.getparent()
    while parent is not None and parent is not root and parent.tag in TRANSPARENT:
        parent = parent.getparent()
    if parent is not None and parent is not root and parent.tag in PHRASING_ONLY:
        return parent
    return None
