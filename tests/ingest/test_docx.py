"""Word files as posts."""

from __future__ import annotations

from tests.corpus import CORPUS
from tests.helpers import Epub, assert_epubcheck_clean, build_book, needs_shared, write_book

BLOG = CORPUS / "blog-18f"


@needs_shared
def test_word_files(tmp_path):
    docx = BLOG / "assets" / "presentations" / "agile-software-development-solicitation-template.docx"
    folder = write_book(tmp_path / "b", f"title: T\nchapters:\n  - {docx}\n")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    text = epub.all_text()
    assert "Agile" in text and len(text) > 5000
    assert_epubcheck_clean(built.output("epub"))
