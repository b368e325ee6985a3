"""The real seed post (a blog's plain-text export) through both outputs."""

from __future__ import annotations

from tests.helpers import NS, Epub, Pdf, assert_epubcheck_clean, needs_shared

pytestmark = needs_shared("samples")

TITLE = "The Strange Death of Lev Sedov"


def test_epub_valid_with_title_date_author(seed_book):
    path = seed_book.output("epub")
    assert_epubcheck_clean(path)
    chapter = Epub(path).xml("lev-sedov.xhtml")
    assert chapter.xpath("string(//x:h1)", namespaces=NS) == TITLE
    byline = chapter.xpath("string(//x:p[@class='byline'])", namespaces=NS)
    assert byline == "John Simkin · 16 April 2014"


def test_header_lines_are_not_body_text(seed_book):
    epub = Epub(seed_book.output("epub"))
    body = epub.xml("lev-sedov.xhtml").xpath("string(//x:div[@class='chapter-body'])", namespaces=NS)
    assert "Spartacus Blog" not in body
    assert "Wednesday, 16th April, 2014" not in body
    assert body.strip().startswith("Victor Serge has pointed out")


def test_previous_posts_in_neither_output(seed_book):
    epub_text = Epub(seed_book.output("epub")).all_text()
    pdf_text = "\n".join(Pdf(seed_book.output("pdf")).pages)
    for text in (epub_text, pdf_text):
        assert "Previous Posts" not in text
        assert "Why we will never discover who killed John F. Kennedy" not in text
        assert "Ralph Miliband and Lord Rothermere" not in text
        assert "A wry, pitiful smile" in text  # the last paragraph is kept


def test_pdf_names_title_and_author(seed_book):
    pdf = Pdf(seed_book.output("pdf"))
    assert [t for _, t, _ in pdf.outline()] == ["Contents", TITLE, "Sources and permissions"]
    opening = next(n for n in range(1, len(pdf.pages) + 1) if pdf.lines(n)[:1] == [TITLE])
    assert "John Simkin · 16 April 2014" in pdf.lines(opening)
