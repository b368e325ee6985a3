"""Mobiledoc (Ghost 1-4's editor format) as HTML: sections of marked-up text, lists, images and cards.

A mobiledoc is `{markups, atoms, cards, sections}`. A section is `[1, tag, markers]` (text),
`[2, src]` (an image), `[3, tag, items]` (a list) or `[10, card index]`; a marker is
`[0 text | 1 atom, markups opened, how many close, value]`, markups being `[tag, [name, value, …]]`.
"""

from __future__ import annotations

from html import escape

from postbind.ingest.ghost.cards import Warn, card_html

TEXT_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "aside", "pull-quote"}
MARKUP_TAGS = {"a", "b", "strong", "i", "em", "u", "s", "code", "sub", "sup"}


def markdown_only(doc: dict) -> str | None:
    """The Markdown of a post that is only Markdown cards (Ghost 1's editor), else None."""
    cards = doc.get("cards") or []
    sections = doc.get("sections") or []
    if not sections or not all(_is_section(s, 10) and _card(cards, s[1])[0] in ("markdown", "card-markdown")
                                for s in sections):  # fmt: skip
        return None
    return "\n\n".join(str(_card(cards, s[1])[1].get("markdown") or "") for s in sections)


def to_html(doc: dict, warn: Warn) -> str:
    markups, atoms, cards = doc.get("markups") or [], doc.get("atoms") or [], doc.get("cards") or []
    parts = []
    for section in doc.get("sections") or []:
        if _is_section(section, 1) and len(section) > 2:
            tag = section[1] if section[1] in TEXT_TAGS else "p"
            tag = "blockquote" if tag in ("aside", "pull-quote") else tag
            parts.append(f"<{tag}>{_markers(section[2], markups, atoms, warn)}</{tag}>")
        elif _is_section(section, 2) and len(section) > 1:
            parts.append(card_html("image", {"src": section[1]}, warn))
        elif _is_section(section, 3) and len(section) > 2:
            tag = "ol" if section[1] == "ol" else "ul"
            items = "".join(f"<li>{_markers(item, markups, atoms, warn)}</li>" for item in section[2])
            parts.append(f"<{tag}>{items}</{tag}>")
        elif _is_section(section, 10) and len(section) > 1:
            parts.append(card_html(*_card(cards, section[1]), warn))
    return "\n".join(part for part in parts if part)


def _is_section(section: object, kind: int) -> bool:
    return isinstance(section, list) and bool(section) and section[0] == kind


def _card(cards: list, index: object) -> tuple[str, dict]:
    card = cards[index] if isinstance(index, int) and 0 <= index < len(cards) else None
    if not isinstance(card, list) or len(card) < 2 or not isinstance(card[1], dict):
        return "", {}
    return str(card[0]), card[1]


def _markers(markers: list, markups: list, atoms: list, warn: Warn) -> str:
    """Marked-up text: each marker opens some markups, writes its text, and closes the innermost few."""
    out, stack = [], []
    for marker in markers if isinstance(markers, list) else []:
        if not isinstance(marker, list) or len(marker) < 4:
            continue
        kind, opened, closing, value = marker[:4]
        for index in opened or []:
            tag, attrs = _markup(markups, index)
            out.append(f"<{tag}{attrs}>")
            stack.append(tag)
        out.append(escape(str(value), quote=False) if kind == 0 else _atom(atoms, value, warn))
        for _ in range(min(int(closing or 0), len(stack))):
            out.append(f"</{stack.pop()}>")
    out.extend(f"</{tag}>" for tag in reversed(stack))
    return "".join(out)


def _markup(markups: list, index: object) -> tuple[str, str]:
    markup = markups[index] if isinstance(index, int) and 0 <= index < len(markups) else None
    if not isinstance(markup, list) or not markup or markup[0] not in MARKUP_TAGS:
        return "span", ""
    pairs = markup[1] if len(markup) > 1 and isinstance(markup[1], list) else []
    attrs = "".join(f' {escape(str(k))}="{escape(str(v))}"' for k, v in zip(pairs[::2], pairs[1::2], strict=False)
                    if k == "href")  # fmt: skip
    return markup[0], attrs


def _atom(atoms: list, index: object, warn: Warn) -> str:
    atom = atoms[index] if isinstance(index, int) and 0 <= index < len(atoms) else None
    if not isinstance(atom, list) or len(atom) < 2:
        return ""
    if atom[0] == "soft-return":
        return "<br>"
    return escape(str(atom[1] or ""), quote=False)  # a mention, an emoji: its text
