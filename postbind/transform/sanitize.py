"""Sanitizing: post HTML is untrusted, so only book-safe markup passes (nh3).

Scripts, event handlers, frames, objects, forms and styles that could move
content off the page never reach a writer; the EPUB never needs `scripted`.
Dropped elements that carried content are reported, so an author knows, and the ids they
carried are handed on first (old-style `<a name>` anchors become ids), so links keep their targets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import nh3

from postbind.transform.ids import keep_id, link_targets
from postbind.transform.tree import parse_fragment, serialize_children

if TYPE_CHECKING:
    from postbind.transform import ChapterContext

# MathML Core's elements and attributes: pandoc's math output, and MathML already in a post.
MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub",
    "msubsup", "mfrac", "msqrt", "mroot", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle",
    "merror", "mpadded", "mphantom", "mmultiscripts", "mprescripts", "none",
}  # fmt: skip
MATHML_ATTRIBUTES = {
    "math": {"display", "alttext", "xmlns"},
    "annotation": {"encoding"},
    "mo": {"stretchy", "form", "fence", "separator", "lspace", "rspace", "largeop", "movablelimits", "accent"},
    "mi": {"mathvariant"},
    "mn": {"mathvariant"},
    "mtext": {"mathvariant"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mfrac": {"linethickness"},
    "mtable": {"columnalign", "rowalign", "columnspacing", "rowspacing", "displaystyle"},
    "mtr": {"columnalign", "rowalign"},
    "mtd": {"columnalign", "rowalign", "rowspan", "columnspan"},
    "mspace": {"width", "height", "depth"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "munder": {"accentunder"},
    "mover": {"accent"},
    "munderover": {"accent", "accentunder"},
}
TAGS = (set(nh3.ALLOWED_TAGS) | {"section", "figure", "figcaption", "aside"} | MATHML_TAGS) - {
    "center",
    "strike",
    "tt",
    "acronym",
    "map",
    "area",
}
DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "form",
    "svg",
    "audio",
    "video",
    "canvas",
}
SILENT = {"div", "span", "html", "body", "head", "meta", "link", "base", "title"}
ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title", "style"},  # no "role": a post's ARIA promises nothing it keeps
    "a": {"href"},
    "span": {"data-term"},  # a span marked for the index (transform/index.py)
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "time": {"datetime"},
    **MATHML_ATTRIBUTES,
}
STYLE_PROPERTIES = {"text-align", "font-style", "font-weight", "text-decoration", "vertical-align", "width"}
URL_SCHEMES = {"http", "https", "mailto", "file", "data"}  # file/data are judged by the resource loader


def clean(markup: str, context: ChapterContext) -> str:
    markup = _prepare(markup, context)
    return nh3.clean(
        markup,
        tags=TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        filter_style_properties=STYLE_PROPERTIES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _prepare(markup: str, context: ChapterContext) -> str:
    """Report the elements nh3 will drop and hand on their ids; the markup is rewritten only when an id moved."""
    root = parse_fragment(markup)
    _report_dropped(root, context)
    return serialize_children(root) if _hand_on_ids(root) else markup


def _report_dropped(root, context: ChapterContext) -> None:
    dropped = set()
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else None
        if tag and tag not in TAGS and tag not in SILENT and tag not in dropped:
            dropped.add(tag)
            context.warn(f"unsupported element <{tag}> left out of the book", f"<{tag}")


def _hand_on_ids(root) -> bool:
    """Ids of elements nh3 drops move to a kept element; `<a name>` (HTML 4's id) becomes an id. True if any did."""
    moved, targets = False, None
    for element in reversed(list(root.iter())):  # deepest first: a nested dropped element's id moves out
        if not isinstance(element.tag, str) or element is root:
            continue
        if element.tag == "a" and element.get("name") and not element.get("id"):
            element.set("id", element.get("name"))
            moved = True
        if element.tag not in TAGS and element.get("id"):
            targets = link_targets(root) if targets is None else targets
            keep_id(element, root, targets)
            moved = True
    return moved
