"""book.yaml's `index:`: the terms of the back-of-book index, checked into `IndexTerm`s.

A term is a plain string, or `{term, aliases, see}`. A `see` entry is a cross-reference only: it sends
the reader to another term of the index ("Civic tech, see Government technology") and has no pages of
its own, so it takes no aliases, and it must name a term that has pages (not another `see` entry), or
the reader would be sent nowhere. Terms and aliases are matched whole-word and ignoring case, so no
two of them may be the same words.
"""

from __future__ import annotations

import re

from postbind.config.checker import Checker, Node
from postbind.model import IndexTerm
from postbind.yamlio import SequenceNode

INDEX_KEYS = {
    "term": "Required. The entry as the index prints it; its occurrences in the posts are found whole-word, "
    "ignoring case.",
    "aliases": "Other words for it (a list) whose occurrences count as the term's.",
    "see": 'Another term of the index to send the reader to ("see …"); the entry then has no pages of its own.',
}
WORD_RE = re.compile(r"\w")


def words_key(text: str) -> str:
    """What a term or alias is compared by: its words, case folded (matching ignores case and spacing)."""
    return " ".join(text.split()).casefold()


def index_of(ck: Checker, node: Node | None) -> tuple[IndexTerm, ...]:
    """The index's terms in book.yaml's order; every problem recorded with its line."""
    read = [(item, _entry(ck, item)) for item in ck.sequence(node, "index")]
    read = [(item, term) for item, term in read if term is not None]
    names = _unique_words(ck, read)
    return tuple(_resolved_see(ck, item, term, names) for item, term in read)


def _entry(ck: Checker, node: Node) -> IndexTerm | None:
    if not ck.is_mapping(node):
        term = _words(ck, node, "index")
        return IndexTerm(term) if term else None
    keys = ck.mapping(node, "index", INDEX_KEYS) or {}
    term = _words(ck, keys.get("term"), "index.term")
    if "term" not in keys:
        ck.error(node, "index", "'term' is required: the entry as the index prints it")
    aliases = tuple(a for a in (_words(ck, n, "index.aliases") for n in _items(keys.get("aliases"))) if a)
    see = ck.text(keys.get("see"), "index.see")
    if see and aliases:
        ck.error(keys["aliases"], "index.aliases", "a 'see' entry has no pages of its own: give the aliases to "
                 f"'{see}'")  # fmt: skip
    return IndexTerm(term, aliases, see) if term else None


def _items(node: Node | None) -> list[Node]:
    """A value or a list of values."""
    if node is None:
        return []
    return list(node.value) if isinstance(node, SequenceNode) else [node]


def _words(ck: Checker, node: Node | None, key: str) -> str | None:
    """A term or an alias: text holding a letter or a digit (else no word could match it), spaces tidied."""
    value = ck.text(node, key)
    if value is not None and not WORD_RE.search(value):
        ck.error(node, key, f"'{value}' has no letter or digit: nothing in a post could match it")
        return None
    return " ".join(value.split()) if value else None


def _unique_words(ck: Checker, read: list[tuple[Node, IndexTerm]]) -> dict[str, IndexTerm]:
    """Each term and alias by its words; the same words given twice are an error (which entry would they
    count for?)."""
    seen: dict[str, tuple[IndexTerm, int]] = {}
    for node, term in read:
        for words in (term.term, *term.aliases):
            key = words_key(words)
            if key in seen:
                other, line = seen[key]
                ck.error(node, "index", f"'{words}' is already in the index (as '{other.term}', line {line})")
                continue
            seen[key] = (term, ck.line(node))
    return {key: term for key, (term, _) in seen.items() if words_key(term.term) == key}


def _resolved_see(ck: Checker, node: Node, term: IndexTerm, names: dict[str, IndexTerm]) -> IndexTerm:
    """A `see` names another term that has pages; it is kept as that term is spelt."""
    if term.see is None:
        return term
    target = names.get(words_key(term.see))
    if target is None or target is term:
        known = ", ".join(t.term for t in names.values() if t.see is None and t is not term)
        ck.error(node, "index.see", f"'{term.see}' is not another term of the index (terms: {known or 'none'})")
        return term
    if target.see is not None:
        ck.error(node, "index.see", f"'{target.term}' is itself a 'see' entry: send the reader to '{target.see}'")
        return term
    return IndexTerm(term.term, (), target.term)
