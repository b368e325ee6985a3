"""book.yaml's `index:`: typed terms, and every malformed entry named with its line."""

from __future__ import annotations

from postbind.config import load_config
from postbind.model import IndexTerm
from tests.config.test_book_yaml import POST, errors_of


def test_index_terms_load_typed(make_book):
    index = "index:\n  - Compost\n  - {term: Leaf  mould, aliases: [leaf mold]}\n  - {term: Humus, see: compost}\n"
    config = load_config(make_book("title: T\nchapters: [a.md]\n" + index, {"a.md": POST}))
    assert config.index_terms == (
        IndexTerm("Compost"),
        IndexTerm("Leaf mould", ("leaf mold",)),
        IndexTerm("Humus", (), "Compost"),  # the see names the term as it is spelt
    )


def test_a_book_without_an_index_has_no_terms(make_book):
    assert load_config(make_book("title: T\nchapters: [a.md]\n", {"a.md": POST})).index_terms == ()


def test_malformed_entries_are_errors_with_their_lines(make_book):
    index = (
        "index:\n"
        "  - {aliases: [x]}\n"  # 4: no term
        "  - {term: Mulch, also: y}\n"  # 5: unknown key
        "  - '--'\n"  # 6: nothing to match
        "  - [a, list]\n"  # 7: not a term
        "  - {term: Humus, see: Nowhere}\n"  # 8: see names no term
        "  - {term: Loam, see: Humus}\n"  # 9: see names a see entry
        "  - {term: Soil, see: Mulch, aliases: [dirt]}\n"  # 10: a see entry has no pages of its own
        "  - mulch\n"  # 11: the same words twice
    )
    lines = errors_of(make_book("title: T\nchapters: [a.md]\n" + index, {"a.md": POST}))
    expected = {
        4: "'term' is required",
        5: "also: unknown key",
        6: "has no letter or digit",
        7: "expected a single value",
        8: "'Nowhere' is not another term of the index",
        9: "'Humus' is itself a 'see' entry",
        10: "a 'see' entry has no pages of its own",
        11: "'mulch' is already in the index (as 'Mulch', line 5)",
    }
    for line, message in expected.items():
        assert any(f"book.yaml:{line}:" in found and message in found for found in lines), (line, lines)


def test_index_must_be_a_list(make_book):
    (line,) = errors_of(make_book("title: T\nchapters: [a.md]\nindex: {term: x}\n", {"a.md": POST}))
    assert "index: expected a list" in line
