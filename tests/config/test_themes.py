"""Themes: the built-in ones, a book's own settings over them, a broken theme file."""

from __future__ import annotations

import pytest

from tests.helpers import Pdf, assert_epubcheck_clean, build_book, run_cli, write_book


def test_a_theme_file_that_is_not_utf8_is_an_error_not_a_crash(tmp_path):
    files = {"a.md": "Text.\n", "styles/theme.yaml": b'cover: {background: "\xff"}\n'}
    result = run_cli("build", str(write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", files)))
    assert result.exit_code == 1 and "cannot read theme.yaml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("theme", ["modern", "course-pack"])
def test_built_in_themes(theme, tmp_path):
    post = "---\ntitle: A Reading\nsource_url: https://example.org/a\nrights: CC BY 4.0\n---\n\n" + "Words. " * 300
    folder = write_book(tmp_path / "b", f"title: T\ntheme: {theme}\nchapters: [a.md]\n", {"a.md": post})
    built = build_book(folder, tmp_path / "out")
    pdf = Pdf(built.output("pdf"))
    fonts = " ".join(pdf.fonts())
    opening = next(page for _, title, page in pdf.outline() if title == "A Reading")
    if theme == "modern":
        assert "Biolinum" in fonts
        assert pdf.lines(opening)[0] == "A Reading"
    else:
        assert pdf.lines(opening)[0] == "Reading 1"  # reading_numbers on by default
        assert "CC BY 4.0" in pdf.pages[opening - 1] and "https://example.org/a" in pdf.pages[opening - 1]
    assert_epubcheck_clean(built.output("epub"))


def test_course_pack_margin_is_wide_and_a_book_can_still_set_its_own(tmp_path):
    from postbind.config import load_config

    folder = write_book(tmp_path / "b", "title: T\ntheme: course-pack\nchapters: [a.md]\n", {"a.md": "Text.\n"})
    assert load_config(folder).print.margins.outer == "1.6in"
    (folder / "book.yaml").write_text("title: T\ntheme: course-pack\nreading_numbers: false\n"
                                      "print: {margins: {outer: 1in}}\nchapters: [a.md]\n")  # fmt: skip
    config = load_config(folder)
    assert config.print.margins.outer == "1in" and config.print.margins.inner == "0.75in"
    assert config.reading_numbers is False
