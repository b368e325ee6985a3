"""The index's occurrences in a chapter, each wrapped in a span with an id the index can point at.

An occurrence is a whole-word match of a term or one of its aliases, ignoring case, in the text outside
headings, code and math (a heading's words are the chapter's own signposts, code is not prose), or a
span the post marks itself: `<span class="index" data-term="…">` (pandoc writes `[text]{.index
term="…"}` so). Every occurrence becomes such a span, with an id in the chapter's namespace
(`<chapter>_ix<N>`), recorded on the chapter as an `Occurrence`. All terms are one regular expression,
longest first, so "open data portal" wins over "open data" where both would match, and nothing is marked
twice; a book without an index does none of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lxml import etree, html

from postbind.config.index import words_key
from postbind.model import IndexTerm, Occurrence
from postbind.transform.ids import chapter_prefix

if TYPE_CHECKING:
    from postbind.transform import ChapterContext

MARK_CLASS = "index"
SKIPPED = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "math", "script", "style"}


@dataclass(frozen=True)
class IndexMatcher:
    """Every term and alias of the index as one pattern, and the term each stands for (by its words)."""

    pattern: re.Pattern
    terms: dict[str, str]

    @classmethod
    def build(cls, terms: tuple[IndexTerm, ...]) -> IndexMatcher | None:
        """None for a book without an index (or with `see` entries only): nothing to look for."""
        words = {words_key(w): t.term for t in terms if t.see is None for w in (t.term, *t.aliases)}
        if not words:
            return None
        spelt = sorted(words, key=len, reverse=True)  # longest first: the longest match wins
        alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in spelt)
        return cls(re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), words)

    def term_of(self, text: str) -> str | None:
        return self.terms.get(words_key(text))


def mark_occurrences(root: html.HtmlElement, context: ChapterContext) -> None:
    """Wrap and number every occurrence in the chapter; record them on it."""
    matcher = context.book.index
    if matcher is None:
        return
    namer = _Namer(chapter_prefix(context.chapter.id), {e.get("id") for e in root.iter() if e.get("id")})
    found: list[Occurrence] = []
    for element, slot in _text_slots(root):
        if slot == "mark":
            found.extend(_own_mark(element, matcher, namer, context))
        else:
            found.extend(_wrap_matches(element, slot == "tail", matcher, namer))
    context.chapter = replace(context.chapter, index=tuple(found))


class _Namer:
    """The next free `<chapter>_ix<N>` id (a post may hold ids of that shape itself)."""

    def __init__(self, prefix: str, taken: set[str]):
        self.prefix, self.taken, self.count = prefix, taken, 0

    def __call__(self) -> str:
        while True:
            self.count += 1
            candidate = f"{self.prefix}ix{self.count}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def _is_mark(element) -> bool:
    return element.tag == "span" and MARK_CLASS in element.get("class", "").split() and bool(element.get("data-term"))


def _text_slots(root: html.HtmlElement) -> list[tuple[html.HtmlElement, str]]:
    """In reading order, where occurrences may be: ("text" of an element, "tail" after it, or a "mark" the
    post made). Headings, code and math, and the marks themselves, are looked into by no one."""
    slots, closed = [], 0  # how many closed elements we are inside
    for event, element in etree.iterwalk(root, events=("start", "end")):
        mark = isinstance(element.tag, str) and _is_mark(element)
        shut = not isinstance(element.tag, str) or element.tag in SKIPPED or mark
        if event == "start":
            if mark and not closed:
                slots.append((element, "mark"))
            closed += int(shut)
            if not closed and element.text:
                slots.append((element, "text"))
        else:
            closed -= int(shut)
            if not closed and element is not root and element.tail:
                slots.append((element, "tail"))
    return slots


def _own_mark(span, matcher: IndexMatcher, namer: _Namer, context: ChapterContext) -> list[Occurrence]:
    """A span the post marked: an occurrence of the term it names, if the index has that term."""
    term = matcher.term_of(span.get("data-term"))
    if term is None:
        context.warn(f"'{span.get('data-term')}' is marked for the index but is not a term in book.yaml's index")
        return []
    span.set("data-term", term)
    if not span.get("id"):
        span.set("id", namer())
    return [Occurrence(term, span.get("id"))]


def _wrap_matches(element, tail: bool, matcher: IndexMatcher, namer: _Namer) -> list[Occurrence]:
    """Wrap each match in the element's text (or tail) in a mark span; the text around stays where it was."""
    text = element.tail if tail else element.text
    # A match whose case folding differs from Python's (a rare letter) names no term: it stays text.
    matches = [(m, term) for m in matcher.pattern.finditer(text) if (term := matcher.term_of(m.group(0)))]
    if not matches:
        return []
    found, spans = [], []
    for number, (match, term) in enumerate(matches):
        span = html.Element("span", {"class": MARK_CLASS, "data-term": term, "id": namer()})
        span.text = match.group(0)
        end = matches[number + 1][0].start() if number + 1 < len(matches) else len(text)
        span.tail = text[match.end() : end]
        spans.append(span)
        found.append(Occurrence(term, span.get("id")))
    if tail:
        element.tail = text[: matches[0][0].start()]
        for span in reversed(spans):
            element.addnext(span)
    else:
        element.text = text[: matches[0][0].start()]
        for position, span in enumerate(spans):
            element.insert(position, span)
    return found
