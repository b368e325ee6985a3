"""Assembling the book: parts and chapters as book.yaml names them."""

from __future__ import annotations

from tests.helpers import Epub, Pdf, assert_epubcheck_clean, build_book, write_book


def test_a_part_left_empty_is_left_out(tmp_path):
    yaml = "title: T\nchapters:\n  - a.md\n  - part: Hollow\n    chapters: [empty.md]\n"
    files = {"a.md": "---\ntitle: A\n---\n\nText.\n", "empty.md": "---\ntitle: E\n---\n"}
    built = build_book(write_book(tmp_path / "b", yaml, files), tmp_path / "out")
    assert [t for _, t, _ in Epub(built.output("epub")).toc_entries()] == ["A"]
    assert "Hollow" not in "\n".join(Pdf(built.output("pdf")).pages)
    assert_epubcheck_clean(built.output("epub"))
