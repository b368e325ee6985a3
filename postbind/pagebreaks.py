"""Where each printed page begins, as a place in the book's text, and the page-break markers put there.

The print edition and the EPUB (or the web edition) are made from the same chapters, but their markup
differs: print moves footnotes to the foot of the page, spells out links and draws formulas. What
both share is a chapter body's words. So a page start is counted in words: "page 47 begins at the
312th word of the body of chapter `rain`" (the word a page begins in the middle of counts as the
previous page's). write/pdf.py finds the count from the laid-out PDF; `mark_pages` puts a marker
before that word in the EPUB's and the web edition's chapter. Both count words with `words_of`, so
they agree: text inside notes, note calls and formulas is not counted, and every block is a boundary.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from lxml import html

from postbind.transform.tree import parse_fragment, serialize_children

BODY_CLASS = "chapter-body"
SKIPPED_CLASSES = ("footnote", "noteref", "math-source")  # notes and formulas: not on the page as words
SKIPPED_TAGS = {"math", "svg", "script", "style", "template"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
    "summary", "table", "td", "th", "tr", "ul", "caption",
}  # fmt: skip
START, END = "start", "end"  # a page that opens with a chapter's head, or after its body (print's endnotes)


@dataclass(frozen=True)
class PageBreak:
    """A printed page: its folio, and where it begins: in the page `owner` (a chapter's or a part's id)
    at a word of its body (`at`: the number of words before it), its START or its END. A page without
    text of its own (title, contents, blank, sources) has no owner: its marker goes with the next one."""

    label: str
    owner: str | None = None
    at: int | str | None = None

    @property
    def anchor(self) -> str:
        return f"page-{self.label}"


def local_name(element) -> str:
    """An element's tag without its namespace (lxml's and ElementTree's trees alike); "" for a comment."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def skipped(element) -> bool:
    classes = (element.get("class") or "").split()
    return local_name(element) in SKIPPED_TAGS or any(c in SKIPPED_CLASSES for c in classes)


def pieces(element) -> Iterator[tuple[object, str, str]]:
    """The text under `element` in reading order, as (owner, "text" or "tail", text); a block's edges are
    (None, "", " "). The tail of a skipped element is text; what is inside it is not."""
    name = local_name(element)
    block = name in BLOCK_TAGS
    if block:
        yield None, "", " "
    if element.text and name:
        yield element, "text", element.text
    for child in element:
        if local_name(child) and not skipped(child):
            yield from pieces(child)
        if child.tail:
            yield child, "tail", child.tail
    if block:
        yield None, "", " "


def normalized(text: str) -> str:
    """Text as compared between the PDF and the source: lower case, soft hyphens gone, spaces collapsed."""
    return " ".join(text.replace("\xad", "").lower().split())


def words_of(body) -> str:
    """A chapter body's words, normalized, one space between them."""
    return normalized("".join(text for _, _, text in pieces(body)))


class Words:
    """A chapter body's words, normalized, walked once from start to end as its text boxes come: `cursor` is
    where the last box found ended. Counting is incremental, so a post of 10 MB over thousands of pages costs
    one pass, not one pass a page."""

    def __init__(self, body):
        self.text, self.cursor = words_of(body), 0
        self._counted = (0, 0)  # (an offset, the spaces before it)

    def before(self, offset: int) -> int:
        """How many words start before `offset` (a word a page begins in the middle of is the page before's):
        the one at 0, and one after each space before offset - 1."""
        end = max(offset - 1, 0)
        start, spaces = self._counted if self._counted[0] <= end else (0, 0)
        spaces += self.text.count(" ", start, end)
        self._counted = (end, spaces)
        return spaces + (1 if offset > 0 and self.text else 0)


def find_body(root):
    """The chapter body under `root` (an lxml or ElementTree element), if any."""
    for element in root.iter():
        if local_name(element) == "div" and BODY_CLASS in (element.get("class") or "").split():
            return element
    return None


def by_owner(breaks: tuple[PageBreak, ...] | list[PageBreak], pages: set[str]) -> dict[str, list[PageBreak]]:
    """Each page's break under the chapter or part that holds it (one of `pages`, the edition's). A page
    with no text of its own there goes just before the next page that has some ("at its next content");
    the last ones at the end of the last."""
    placed: dict[str, list[PageBreak]] = {}
    waiting: list[PageBreak] = []
    for page in breaks:
        if page.owner not in pages:
            waiting.append(page)
            continue
        placed.setdefault(page.owner, []).extend([replace(w, owner=page.owner, at=page.at) for w in waiting] + [page])
        waiting = []
    if waiting and placed:
        last = list(placed)[-1]
        placed[last] += [replace(w, owner=last, at=END) for w in waiting]
    return placed


def marker(page: PageBreak) -> html.HtmlElement:
    """The page-break marker of EPUB 3 and DPUB-ARIA: empty, its number in its label."""
    attributes = {"id": page.anchor, "class": "pagebreak", "role": "doc-pagebreak", "aria-label": page.label}
    return html.Element("span", {"epub:type": "pagebreak", **attributes})


def mark_pages(markup: str, breaks: list[PageBreak]) -> str:
    """A chapter's or part's page (`markup`: its <section>) with a marker where each of `breaks` begins."""
    if not breaks:
        return markup
    root = parse_fragment(markup)
    section = root[0] if len(root) else root
    body = find_body(section)
    words = [b for b in breaks if isinstance(b.at, int)] if body is not None else []
    for page in reversed([b for b in breaks if b.at == START or (body is None and b.at != END)]):
        _insert(section, "text", 0, marker(page))
    places = _word_places(body, [b.at for b in words]) if words else []
    for page, place in reversed(list(zip(words, places, strict=True))):
        _insert(*place, marker(page))
    for page in [b for b in breaks if b.at == END]:
        _insert(body if body is not None else section, "end", 0, marker(page))
    return serialize_children(root)


def _word_places(body, counts: list[int]) -> list[tuple[object, str, int]]:
    """Where the word after `count` words of `body` starts, for each count (in order): (element, "text" or
    "tail", offset in that text); past the last word, the end of the body."""
    places, wanted = [], iter(counts)
    goal, seen, in_word = next(wanted), 0, False
    for owner, kind, text in pieces(body):
        for offset, char in enumerate(text):
            if char == "\xad":
                continue
            if char.isspace():
                in_word = False
            elif not in_word:
                in_word = True
                while goal is not None and goal <= seen:
                    places.append((owner, kind, offset))
                    goal = next(wanted, None)
                seen += 1
    end = (body, "end", 0)
    return places + [end] * (len(counts) - len(places))


def _insert(owner, kind: str, offset: int, new) -> None:
    """`new` into the text of `owner` at `offset`: its own text ("text"), the text after it ("tail"), or
    at its end ("end")."""
    if kind == "end":
        owner.append(new)
    elif kind == "text":
        text = owner.text or ""
        new.tail, owner.text = text[offset:] or None, text[:offset] or None
        owner.insert(0, new)
    else:
        text = owner.tail or ""
        new.tail, owner.tail = text[offset:] or None, text[:offset] or None
        owner.addnext(new)
