"""trafilatura's XML body written as HTML.

trafilatura's own HTML output turns every <ol> into <ul> and every <code> into <pre>, so its
XML (p, head, list, item, hi, graphic, ref, quote, code, table…) is converted here instead:
elements renamed, the stand-in image names and the marks page_prepare left taken back, and
the result tidied into blocks a book's styles can set.
"""

from __future__ import annotations

import re

from lxml import etree

from postbind.ingest.html.prepare import EMBED_MARK, LINK_MARK, PRE_MARK, START_MARK
from postbind.ingest.xmltree import append_inline

HI_TAGS = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}
RENAMED = {"item": "li", "lb": "br", "quote": "blockquote", "row": "tr"}
HEADINGS = {f"h{level}" for level in range(1, 7)}
INLINE_TAGS = {"strong", "em", "u", "code", "sub", "sup", "del", "a"}
BLOCK_TAGS = {"p", "ul", "ol", "blockquote", "table", "pre"} | HEADINGS
KEPT_TAGS = BLOCK_TAGS | INLINE_TAGS | {"li", "br", "img", "tr", "th", "td"}
INLINE_PARENTS = {"p"} | INLINE_TAGS | HEADINGS  # code in these is inline, even over two lines
TRIMMED_TAGS = {"p", "li", "td", "th", "blockquote"} | HEADINGS


def body_html(body: etree._Element, images: dict[str, str]) -> str:
    """trafilatura's body (p, head, list, item, hi, graphic, ref, quote, code, table…) as HTML."""
    if not "".join(body.itertext()).strip() and body.find(".//graphic") is None:
        return ""  # no article found: the caller warns and skips the page
    _flatten_nested_code(body)
    for element in list(body.iter()):
        if isinstance(element.tag, str):
            _convert(element, images)
    etree.strip_elements(body, "_drop", with_tail=False)
    _restore_list_starts(body)
    etree.strip_tags(body, *{e.tag for e in body.iter() if isinstance(e.tag, str) and e.tag not in KEPT_TAGS})
    etree.strip_elements(body, etree.Comment, etree.PI, with_tail=False)
    _strip_empty_inline(body)
    _wrap_loose_inline(body)
    _trim_blocks(body)
    _restore_embeds(body)
    return "\n".join(etree.tostring(child, encoding="unicode", method="html").strip() for child in body)


def _flatten_nested_code(body: etree._Element) -> None:
    """Block code often arrives as <code><code>…</code></code>: keep the outer one only,
    with the inner one's language class."""
    for code in list(body.iter("code")):
        outer = next(code.iterancestors("code"), None)
        if outer is not None:
            if "language-" in code.get("class", "") and "language-" not in outer.get("class", ""):
                outer.set("class", code.get("class"))
            code.tag = "_strip"
    etree.strip_tags(body, "_strip")


def _convert(element: etree._Element, images: dict[str, str]) -> None:
    """Rename one element to HTML and keep only the attributes HTML needs (parents go first)."""
    tag, attrs = element.tag, dict(element.attrib)
    element.attrib.clear()
    if tag == "code":
        _convert_code(element, attrs)
    elif tag == "list":
        element.tag = "ol" if attrs.get("rend") == "ol" else "ul"
    elif tag == "head":
        rend = attrs.get("rend", "")
        element.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h3"
    elif tag == "hi":
        element.tag = HI_TAGS.get(attrs.get("rend", ""), "em")
    elif tag == "cell":
        element.tag = "th" if attrs.get("role") == "head" else "td"
    elif tag == "graphic":
        _convert_image(element, attrs, images)
    elif tag == "ref":
        _convert_link(element, attrs)
    elif _inside_code_block(element):
        element.tag = "_strip"  # markup in code (highlighting spans) goes; its text stays
    else:
        element.tag = RENAMED.get(tag, tag)


def _convert_code(element: etree._Element, attrs: dict[str, str]) -> None:
    """<pre> blocks stay blocks (<pre><code>), inline code stays inline."""
    parent = element.getparent()
    block = PRE_MARK in attrs or (
        (parent is None or parent.tag not in INLINE_PARENTS)
        and ("\n" in "".join(element.itertext()).strip() or element.find(".//lb") is not None)
    )
    if not block:
        return
    for line_break in element.iter("lb"):
        line_break.tag = "_strip"
        line_break.tail = "\n" + (line_break.tail or "")
    code = etree.Element("code")
    language = next((c for c in attrs.get("class", "").split() if c.startswith("language-")), None)
    if language:
        code.set("class", language)
    code.text, element.text = element.text, None
    code.extend(list(element))
    element.append(code)
    element.tag = "pre"


def _inside_code_block(element: etree._Element) -> bool:
    return any(ancestor.tag == "pre" for ancestor in element.iterancestors())


def _convert_image(element: etree._Element, attrs: dict[str, str], images: dict[str, str]) -> None:
    url = images.get(attrs.get("src", ""))
    if url is None:
        element.tag = "_drop"
        return
    element.tag = "img"
    element.set("src", url)
    element.set("alt", " ".join(attrs.get("alt", "").split()))
    if attrs.get("title"):
        element.set("title", attrs["title"])


def _convert_link(element: etree._Element, attrs: dict[str, str]) -> None:
    """Links keep their target, except in-page ones: trafilatura keeps no ids for them to reach."""
    href = attrs.get("target", "").strip().removeprefix(LINK_MARK)
    if href.startswith(EMBED_MARK):
        href = href.removeprefix(EMBED_MARK)
        element.set("data-embed", "")
    if href.startswith("#") and not any(ch.isalnum() for ch in "".join(element.itertext())):
        element.tag = "_drop"  # a heading's "#" or "¶", a note's "↩": signs for a link that is gone
        return
    if not href or href.startswith("#") or href.lower().startswith("javascript:"):
        element.tag = "_strip"  # a note number "[1]" stays as text
        return
    element.tag = "a"
    element.set("href", href)


def _restore_embeds(body: etree._Element) -> None:
    """The paragraph prepare's embed figure became is made a figure again, its text the caption."""
    for link in body.xpath(".//a[@data-embed]"):
        del link.attrib["data-embed"]
        paragraph = link.getparent()
        if paragraph.tag != "p":
            continue
        caption = etree.Element("figcaption")
        caption.text, paragraph.text = paragraph.text, None
        caption.extend(list(paragraph))
        paragraph.tag = "figure"
        paragraph.set("class", "embed")
        paragraph.append(caption)


def _restore_list_starts(body: etree._Element) -> None:
    """Take the `<ol start>` marks out of the text and set them on their lists."""
    for element in body.iter():
        for field in ("text", "tail"):
            value = getattr(element, field)
            found = START_MARK.search(value) if value else None
            if found:
                setattr(element, field, START_MARK.sub("", value))
                holder = element if field == "text" else element.getparent()  # a tail is its parent's text
                _set_start(holder, found.group(1))


def _set_start(holder: etree._Element | None, start: str) -> None:
    """Number the list whose first item holds the mark (trafilatura may have dropped the list)."""
    chain = [holder, *holder.iterancestors()] if holder is not None else []
    item = next((e for e in chain if e.tag == "li"), None)
    ordered = item.getparent() if item is not None else None
    if ordered is not None and ordered.tag == "ol" and ordered.index(item) == 0:
        ordered.set("start", start)


def _strip_empty_inline(body: etree._Element) -> None:
    """Formatting left empty (a <strong> that held only a dropped "^" back link) goes."""
    for element in body.iter(*sorted(INLINE_TAGS)):
        if len(element) == 0 and not (element.text or "").strip():
            element.tag = "_strip"
    etree.strip_tags(body, "_strip")


def _wrap_loose_inline(body: etree._Element) -> None:
    """Text and inline elements straight in the body (left around dropped formulas, or a
    figure's image) go into paragraphs, which a book's styles set as text."""
    children, leading = list(body), body.text
    body.text = None
    for child in children:
        body.remove(child)  # an lxml element takes its tail along
    paragraph = None
    for node in [leading, *(item for child in children for item in (child, child.tail))]:
        if isinstance(node, etree._Element) and node.tag in BLOCK_TAGS:
            node.tail, paragraph = None, None
            body.append(node)
        elif isinstance(node, etree._Element) or (node and node.strip()):
            if paragraph is None:
                paragraph = etree.SubElement(body, "p")
            append_inline(paragraph, node)
    for empty in [p for p in body.iter("p") if not "".join(p.itertext()).strip() and p.find(".//img") is None]:
        empty.getparent().remove(empty)


def _trim_blocks(body: etree._Element) -> None:
    """No leading or trailing white space inside a block: the page's indentation is not text."""
    for block in body.iter(*sorted(TRIMMED_TAGS)):
        if block.text:
            block.text = block.text.lstrip()
        last = block[-1] if len(block) else None
        if last is not None and last.tail:
            last.tail = last.tail.rstrip()
        elif last is None and block.text:
            block.text = block.text.rstrip()
