"""The sample book's PDF, read back: outline, contents numbers, recto chapters, fonts, metadata."""

from __future__ import annotations

import re

import pytest

from tests.helpers import REPO, SAMPLE_BOOK_CONTENTS, Pdf

REPO_THEME = REPO / "styles" / "classic"


@pytest.fixture(scope="module")
def pdf(sample_book) -> Pdf:
    return Pdf(sample_book.output("pdf"))


def test_page_size_is_the_trim_size(pdf):
    box = pdf.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (432, 648)  # 6in x 9in


def test_outline_has_parts_and_chapters_only(pdf):
    outline = pdf.outline()
    titles = [title for _, title, _ in outline]
    assert titles == ["Contents", *SAMPLE_BOOK_CONTENTS, "Sources and permissions"]
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
    for _depth, title, page in pdf.outline():
        if title in ("Contents", "Sources and permissions"):
            continue
        printed = pdf.folio(page)
        assert contents[title] == printed, f"{title}: contents says {contents[title]}, page {page} prints {printed}"
        heading = "".join(pdf.lines(page)[:3]).replace(" ", "")  # a title may wrap, even at a hyphen
        assert heading.startswith(title.split(":")[0].replace(" ", ""))


def test_front_matter_roman_body_arabic_from_one(pdf):
    contents = _contents(pdf)
    assert contents["Preface"] == "vii"  # half-title, blank, title page, copyright, contents, blank
    assert contents["On making books"] == "1"


def test_chapters_and_parts_start_on_odd_pages(pdf):
    for _, title, page in pdf.outline():
        assert page % 2 == 1, f"{title} starts on page {page}"


def test_blank_versos_in_the_body_carry_no_number(pdf):
    body_start = next(page for _, title, page in pdf.outline() if title == "On making books")
    blanks = [n for n in range(body_start, len(pdf.pages) + 1) if not pdf.lines(n)]
    assert len(blanks) >= 3 and all(n % 2 == 0 for n in blanks), blanks  # versos before recto openings
    assert all(pdf.folio(n - 1) is not None for n in blanks)  # while the page before each is numbered


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
    call = pdf.position(page, "the background.")  # the sentence that carries note 1
    note = pdf.position(page, "A small survey I ran on my own bookmarks")
    assert call is not None and note is not None, "note 1 must be on its call's page"
    assert note > call and note > 0.6, f"note at {note:.2f} of the page height, call at {call:.2f}"


def _text_left_edge(pdf_path, page_number: int) -> float:
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as doc:
        return min(char["x0"] for char in doc.pages[page_number - 1].chars)


def test_margins_mirror_on_facing_pages(sample_book, pdf):
    # inner 0.875in (63pt) at the spine, outer 0.625in (45pt): the text block moves
    recto = next(p for _, t, p in pdf.outline() if t == "Why Put a Blog Between Covers?")
    verso = recto + 1
    assert abs(_text_left_edge(sample_book.output("pdf"), recto) - 63) < 1.5
    assert abs(_text_left_edge(sample_book.output("pdf"), verso) - 45) < 1.5


def test_bleed_and_crop_marks_give_trim_and_bleed_boxes(tmp_path):
    from tests.helpers import build_book, write_book

    folder = write_book(
        tmp_path / "b",
        "title: Printed\nprint: {page_size: A5, bleed: 3mm, crop_marks: true, cross_marks: true}\nchapters: [a.md]\n",
        {"a.md": "---\ntitle: A\n---\n\nText.\n"},
    )
    built = build_book(folder, tmp_path / "out", "--format", "pdf")
    page = Pdf(built.output("pdf")).reader.pages[0]
    mm = 72 / 25.4
    trim = (float(page.trimbox.width), float(page.trimbox.height))
    bleed = (float(page.bleedbox.width), float(page.bleedbox.height))
    media = (float(page.mediabox.width), float(page.mediabox.height))
    assert trim == pytest.approx((148 * mm, 210 * mm), abs=0.5)
    assert bleed == pytest.approx((154 * mm, 216 * mm), abs=0.5)
    assert media == pytest.approx(bleed)  # the sheet is the trim plus the bleed
    trim_left = float(page.trimbox.left) - float(page.mediabox.left)  # pdfplumber measures from the sheet edge
    assert trim_left == pytest.approx(3 * mm, abs=0.1)
    assert _marks_outside_trim(built.output("pdf"), trim_left) >= 2, "crop marks are drawn in the bleed"


def _marks_outside_trim(pdf_path, trim_left: float) -> int:
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as doc:
        page = doc.pages[0]
        return sum(1 for line in page.lines + page.curves + page.rects if line["x1"] <= trim_left + 0.5)


def test_a_book_overrides_one_theme_file(tmp_path):
    from tests.helpers import Epub, assert_epubcheck_clean, build_book, write_book

    override = (REPO_THEME / "part.html").read_text().replace('class="part-title">', 'class="part-title">Part: ')
    folder = write_book(
        tmp_path / "b",
        "title: Own Look\nchapters:\n  - part: Alpha\n    chapters: [a.md]\n",
        {"a.md": "---\ntitle: A\n---\n\nText.\n", "styles/part.html": override},
    )
    built = build_book(folder, tmp_path / "out")
    assert "Part: Alpha" in Epub(built.output("epub")).text("alpha.xhtml")  # the part is named after its title
    assert any("Part: Alpha" in text for text in Pdf(built.output("pdf")).pages)
    assert_epubcheck_clean(built.output("epub"))
