"""Lexical (Ghost 5's editor format) as HTML: a JSON tree of paragraphs, headings, lists, text and cards.

Text nodes carry their formatting as bits (1 bold, 2 italic, 4 strikethrough, 8 underline, 16 code,
32 subscript, 64 superscript); any node type that is not text or a block here is a card (cards.py).
"""

from __future__ import annotations

from html import escape

from postbind.ingest.ghost.cards import Warn, card_html

FORMATS = ((16, "code"), (1, "strong"), (2, "em"), (4, "s"), (8, "u"), (32, "sub"), (64, "sup"))
QUOTES = {"quote", "extended-quote", "aside"}
MAX_DEPTH = 50  # a hostile export must not recurse Python to death


def to_html(doc: dict, warn: Warn) -> str:
    root = doc.get("root") if isinstance(doc.get("root"), dict) else {}
    return "\n".join(part for part in (_node(child, warn, 0) for child in _children(root)) if part)


def markdown_only(doc: dict) -> str | None:
    """The Markdown of a post that is only Markdown cards, else None."""
    children = _children(doc.get("root") if isinstance(doc.get("root"), dict) else {})
    if not children or not all(child.get("type") == "markdown" for child in children):
        return None
    return "\n\n".join(str(child.get("markdown") or "") for child in children)


def _children(node: dict) -> list[dict]:
    return [child for child in node.get("children") or [] if isinstance(child, dict)]


def _inline(node: dict, warn: Warn, depth: int) -> str:
    return "".join(_node(child, warn, depth + 1) for child in _children(node))


def _node(node: dict, warn: Warn, depth: int) -> str:
    kind = node.get("type")
    if depth > MAX_DEPTH:
        return ""
    if kind in ("text", "extended-text"):
        return _text(node)
    if kind == "linebreak":
        return "<br>"
    if kind == "link":
        return f'<a href="{escape(str(node.get("url") or ""))}">{_inline(node, warn, depth)}</a>'
    if kind == "paragraph":
        return f"<p>{_inline(node, warn, depth)}</p>"
    if kind in ("heading", "extended-heading"):
        tag = node.get("tag") if node.get("tag") in {f"h{n}" for n in range(1, 7)} else "h2"
        return f"<{tag}>{_inline(node, warn, depth)}</{tag}>"
    if kind in QUOTES:
        return f"<blockquote>{_inline(node, warn, depth)}</blockquote>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" or node.get("tag") == "ol" else "ul"
        return f"<{tag}>{_inline(node, warn, depth)}</{tag}>"
    if kind == "listitem":
        return f"<li>{_inline(node, warn, depth)}</li>"
    return card_html(str(kind), node, warn)


def _text(node: dict) -> str:
    text = escape(str(node.get("text") or ""), quote=False)
    bits = node.get("format") if isinstance(node.get("format"), int) else 0
    for bit, tag in reversed(FORMATS):
        if bits & bit:
            text = f"<{tag}>{text}</{tag}>"
    return text
