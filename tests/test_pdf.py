"""The sample book's PDF, read back: outline, contents numbers, recto chapters, fonts, metadata."""

from __future__ import annotations

import re

import pytest

from tests.helpers import Pdf
from tests.test_epub import CHAPTER_TITLES


@pytest.fixture(scope="module")
def pdf(sample_book) -> Pdf:
    return Pdf(sample_book.output("pdf"))


def test_page_size_is_the_trim_size(pdf):
    box = pdf.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (432, 648)  # 6in x 9in


def test_outline_has_parts_and_chapters_only(pdf):
    outline = pdf.outline()
    titles = [title for _, title, _ in outline]
    assert titles == ["Contents", "Preface", "On making books", *CHAPTER_TITLES[:4], "From the 18F blog", *CHAPTER_TITLES[4:], "Colophon"]
    depth = {title: d for d, title, _ in outline}
    assert depth["The Anatomy of a Chapter"] == 2 and depth["From the 18F blog"] == 1
    assert depth["Letters from the Archive"] == 1
    assert "Tokenism" not in titles  # a post's own headings stay out of the outline


def _contents(pdf: Pdf) -> dict[str, str]:
    """Contents entries as {title: printed number}, reading the contents page(s)."""
    entries: dict[str, str] = {}
    pending = ""
    start = next(n for n in range(1, len(pdf.pages) + 1) if pdf.lines(n)[:1] == ["Contents"])
    for line in pdf.lines(start)[1:-1]:
        match = re.match(r"^(.*?)[\s.]*\s([0-9]+|[ivxlc]+)$", line)
        if match:
            entries[" ".join((pending + " " + match.group(1)).split())] = match.group(2)
            pending = ""
        else:
            pending += " " + line
    return entries


def test_contents_numbers_are_the_printed_numbers_of_chapter_openings(pdf):
    contents = _contents(pdf)
    assert len(contents) == 12, contents
    for depth, title, page in pdf.outline():
        if title == "Contents":
            continue
        printed = pdf.folio(page)
        assert contents[title] == printed, f"{title}: contents says {contents[title]}, page {page} prints {printed}"
        assert " ".join(pdf.lines(page)[:3]).startswith(title.split(":")[0])


def test_front_matter_roman_body_arabic_from_one(pdf):
    contents = _contents(pdf)
    assert contents["Preface"] == "v"
    assert contents["On making books"] == "1"


def test_chapters_and_parts_start_on_odd_pages(pdf):
    for _, title, page in pdf.outline():
        assert page % 2 == 1, f"{title} starts on page {page}"


def test_blank_pages_carry_no_number(pdf):
    blanks = [n for n in range(1, len(pdf.pages) + 1) if not pdf.lines(n)]
    assert blanks, "the sample book has blank versos before recto chapters"


def test_every_font_embedded(pdf):
    fonts = pdf.fonts()
    assert fonts and all(fonts.values()), fonts


def test_metadata(pdf):
    info = pdf.reader.metadata
    assert info.title == "From Blog to Book"
    assert "Jason Nakai" in info.author
    assert "publishing" in info["/Keywords"]
    assert pdf.reader.trailer["/Root"]["/Lang"] == "en"


def test_footnotes_at_foot_of_page(pdf):
    page = next(n for n in range(1, len(pdf.pages) + 1) if "Why Put a Blog Between Covers?" in pdf.lines(n)[:1])
    call = pdf.position(page, "in the background.")  # the sentence that carries note 1
    note = pdf.position(page, "A small survey I ran on my own bookmarks")
    assert call is not None and note is not None, "note 1 must be on its call's page"
    assert note > call and note > 0.6, f"note at {note:.2f} of the page height, call at {call:.2f}"
