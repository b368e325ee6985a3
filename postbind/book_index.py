"""The back-of-book index as data: its entries in alphabetical order, and (for print) their pages.

The occurrences are marked on the chapters (transform/index.py); here they are gathered by term. The
EPUB and the web edition link each occurrence; the PDF prints the pages they landed on, a run of
consecutive pages as a range (47–49), each number a link to the first occurrence on its page. No I/O.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from postbind.model import Book, Chapter, IndexTerm

PAGE_ID = "book-index"  # the index page's id and file name (reserved: see identity.py)
ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """A term with its occurrences in reading order (chapter and id), or the term it sends the reader to."""

    term: str
    anchor: str  # its id on the index page, where a `see` lands
    occurrences: tuple[tuple[Chapter, str], ...] = ()
    see: str | None = None
    see_anchor: str | None = None

    def by_chapter(self) -> list[tuple[Chapter, list[str]]]:
        """The occurrences' ids grouped by chapter, in reading order."""
        groups: list[tuple[Chapter, list[str]]] = []
        for chapter, mark in self.occurrences:
            if not groups or groups[-1][0] is not chapter:
                groups.append((chapter, []))
            groups[-1][1].append(mark)
        return groups


def entries(book: Book) -> list[Entry]:
    """The index's entries, sorted as a reader looks them up; terms that occur nowhere are left out."""
    found: dict[str, list[tuple[Chapter, str]]] = {t.term: [] for t in book.index_terms}
    for chapter in book.chapters():
        for occurrence in chapter.index:
            found[occurrence.term].append((chapter, occurrence.id))
    anchors = {t.term: f"{PAGE_ID}_{number}" for number, t in enumerate(book.index_terms, start=1)}
    kept = [t for t in book.index_terms if found[t.term] or (t.see and found[t.see])]
    made = [_entry(t, anchors, found) for t in kept]
    return sorted(made, key=lambda e: sort_key(e.term))


def _entry(term: IndexTerm, anchors: dict[str, str], found: dict) -> Entry:
    if term.see:
        return Entry(term.term, anchors[term.term], see=term.see, see_anchor=anchors[term.see])
    return Entry(term.term, anchors[term.term], tuple(found[term.term]))


def missing(book: Book) -> list[str]:
    """The terms with nothing to show: no occurrence, or a `see` to such a term."""
    shown = {e.term for e in entries(book)}
    return [t.term for t in book.index_terms if t.term not in shown]


def sort_key(term: str) -> tuple[str, str]:
    """Letters and digits only, accents and case aside ("Émile" among the e's); ties by the term itself."""
    plain = unicodedata.normalize("NFKD", term)
    letters = "".join(ch for ch in plain if ch.isalnum()).casefold()
    return letters, term


# -- pages, for print ----------------------------------------------------------
@dataclass(frozen=True, order=True)
class Folio:
    """A printed page number: in the front matter (roman, i from the half-title) or the body (arabic)."""

    body: bool
    number: int

    @property
    def label(self) -> str:
        return str(self.number) if self.body else roman(self.number)


@dataclass(frozen=True)
class Run:
    """Consecutive pages on which a term occurs, with the first occurrence on the first and last page."""

    first: Folio
    last: Folio
    first_id: str
    last_id: str


@dataclass(frozen=True)
class Printed:
    """An entry as the PDF prints it: its runs of pages."""

    entry: Entry
    runs: tuple[Run, ...]


def printed(book: Book, folio_of: Callable[[str], Folio | None]) -> list[Printed]:
    """Every entry with the pages its occurrences landed on (`folio_of`: an occurrence's id to its page)."""
    return [Printed(entry, tuple(page_runs(entry, folio_of))) for entry in entries(book)]


def page_runs(entry: Entry, folio_of: Callable[[str], Folio | None]) -> list[Run]:
    """The pages of the entry's occurrences, consecutive ones merged into runs."""
    first_on: dict[Folio, str] = {}
    for _, mark in entry.occurrences:
        folio = folio_of(mark)
        if folio is not None:
            first_on.setdefault(folio, mark)
    runs: list[Run] = []
    for folio in sorted(first_on):
        last = runs[-1] if runs else None
        if last and last.last.body == folio.body and last.last.number + 1 == folio.number:
            runs[-1] = Run(last.first, folio, last.first_id, first_on[folio])
        else:
            runs.append(Run(folio, folio, first_on[folio], first_on[folio]))
    return runs


def roman(number: int) -> str:
    """A front-matter page's number as the stylesheet prints it (lower-roman)."""
    out = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
