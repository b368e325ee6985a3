"""book.yaml's bibliography, csl and references: typed at load, every problem named with its line."""

from __future__ import annotations

import pytest

from postbind.config import BookConfigError, load_config

POST = "---\ntitle: A post\n---\n\nText.\n"
FILES = {"a.md": POST, "refs.bib": "", "more.json": "[]", "style.csl": "<style/>", "notes.txt": ""}


def config_errors(make_book, yaml: str) -> list[str]:
    folder = make_book("title: T\nchapters: [a.md]\n" + yaml, FILES)
    with pytest.raises(BookConfigError) as raised:
        load_config(folder)
    return [str(d) for d in raised.value.diagnostics]


def test_citation_keys_load_into_typed_settings(make_book):
    folder = make_book("title: T\nchapters: [a.md]\nbibliography: [refs.bib, more.json]\ncsl: style.csl\n"
                       "references: book\n", FILES)  # fmt: skip
    citations = load_config(folder).citations
    assert citations.bibliography == (folder / "refs.bib", folder / "more.json")
    assert citations.csl == folder / "style.csl" and citations.references == "book"


def test_without_citation_keys_the_defaults_hold(make_book):
    citations = load_config(make_book("title: T\nchapters: [a.md]\nbibliography: refs.bib\n", FILES)).citations
    assert citations.bibliography[0].name == "refs.bib"
    assert citations.csl is None and citations.references == "chapter"


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("bibliography: gone.bib\n", "book.yaml:3: error: bibliography: gone.bib: no such file"),
        (
            "bibliography:\n  - refs.bib\n  - notes.txt\n",
            "book.yaml:5: error: bibliography: notes.txt: not a bibliography",
        ),
        ("csl: refs.bib\n", "book.yaml:3: error: csl: refs.bib: not a citation style (a .csl file)"),
        ("references: end\n", "book.yaml:3: error: references: 'end' is not one of: chapter, book"),
        ("bibliography: {a: 1}\n", "book.yaml:3: error: bibliography: expected a single value, got a mapping"),
    ],
)
def test_bad_citation_keys_are_errors_at_their_line(make_book, yaml, message):
    errors = config_errors(make_book, yaml)
    assert any(message in error for error in errors), errors
