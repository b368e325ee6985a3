"""A small book's index, without ../shared: a part, front matter, footnotes, aliases, `see`, marked spans in
Markdown and in HTML (raw HTML in a Markdown post), and words in headings and code that are not occurrences."""

from __future__ import annotations

import re

import pytest

from tests.helpers import Epub, assembled, assert_epubcheck_clean, build_book, write_book
from tests.write.index.checks import PrintedBook, epub_locators, epub_target, is_occurrence, web_locators, web_target
from tests.write.sections.test_sections import assert_same_book, both_renders

FILLER = "Nothing to find in this sentence, which only fills the page. " * 40
POSTS = {
    "preface.md": "---\ntitle: Preface\n---\n\nWhy compost matters.\n",
    "beds.md": "---\ntitle: Raised beds\n---\n\n## Compost in a heading\n\nTurn the compost weekly.[^1]\n\n"
    + "`compost` in code, and\n\n```\ncompost in a block\n```\n\n"
    + (FILLER + "\n\n") * 4
    + 'A [heap of leaves]{.index term="leaf mould"} rots slowly. Compost again.\n\n[^1]: Leaf mould is slower.\n',
    "rain.md": "---\ntitle: Rain\n---\n\nRain barrels and COMPOST heaps. Composting is not compost.\n",
    "seeds.md": '---\ntitle: Seeds\n---\n\n<p>Saving <span class="index" data-term="seed saving">what the pods held'
    "</span> for next year, with mulch.</p>\n",
}
INDEX = """index:
  - Compost
  - {term: Leaf mould, aliases: [leaf mold]}
  - {term: Mulch, aliases: [mulching]}
  - Seed saving
  - {term: Humus, see: compost}
"""
BOOK = (
    "title: Garden\nfront_matter: [preface.md]\n"
    "chapters: [beds.md, {part: Wet weather, chapters: [rain.md, seeds.md]}]\n" + INDEX
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("garden")
    return build_book(write_book(folder / "book", BOOK, POSTS), folder / "out", "--format", "epub,pdf,html")


def assemble_book(folder, yaml_text: str, posts: dict):
    from postbind.assemble import assemble
    from postbind.config import load_config
    from postbind.errors import Reporter

    reporter = Reporter(quiet=True)
    book = assemble(load_config(write_book(folder / "book", yaml_text, posts)), reporter, folder).book
    return book, [w.message for w in reporter.warnings]


def test_occurrences_are_marked_outside_headings_and_code(tmp_path):
    book, _ = assemble_book(tmp_path, BOOK, POSTS)
    beds, rain, seeds = book.chapters()[1:]
    assert [(o.term, o.id) for o in seeds.index] == [("Seed saving", "seeds_ix1"), ("Mulch", "seeds_ix2")]
    assert [o.term for o in beds.index] == ["Compost", "Leaf mould", "Compost", "Leaf mould"]  # the note's last
    assert "<h2" in beds.html and 'data-term="Compost">Compost in' not in beds.html
    assert "<code>compost</code>" in beds.html and "compost in a block" in beds.html
    assert [o.id for o in rain.index] == ["rain_ix1", "rain_ix2"]  # "Composting" is another word
    assert '<span class="index" data-term="Compost" id="rain_ix1">COMPOST</span> heaps' in rain.html
    assert 'data-term="Leaf mould" id="beds_ix4">Leaf mould</span> is slower' in beds.notes[0].html


def test_a_mark_naming_no_term_is_reported(tmp_path):
    posts = {"a.md": '---\ntitle: A\n---\n\nSee [this]{.index term="nowhere"} and compost.\n'}
    book, messages = assemble_book(tmp_path, "title: T\nchapters: [a.md]\nindex: [Compost, Unused]\n", posts)
    assert any("'nowhere' is marked for the index" in m for m in messages)
    assert any("'Unused' occurs nowhere" in m for m in messages)
    assert [o.term for o in book.chapters()[0].index] == ["Compost"]


def test_a_book_without_an_index_is_untouched(tmp_path):
    book, _, _ = assembled(tmp_path, {"a.md": "---\ntitle: A\n---\n\nCompost.\n"})
    assert book.chapters()[0].index == () and 'class="index"' not in book.chapters()[0].html


def test_the_printed_index(built):
    pdf = PrintedBook(built.output("pdf"))
    entries = pdf.index_entries()
    assert set(entries) == {"Compost", "Humus", "Leaf mould", "Mulch", "Seed saving"}
    assert entries["Humus"] == "see Compost"
    assert re.match(r"[ivx]+, \d", entries["Compost"])  # the preface's page is roman
    assert "–" in entries["Compost"] or "," in entries["Compost"]
    marked = ["heap of leaves"]  # what beds.md marked as leaf mould
    for term, words in {"Compost": ["compost"], "Leaf mould": ["leaf mould", *marked], "Mulch": ["mulch"]}.items():
        for page in pdf.pages_of(entries[term]):
            assert pdf.occurs_on(page, words), (term, page)
    assert pdf.bodies[pdf.pages_of(entries["Seed saving"])[0]].find("what the pods held") >= 0  # a marked span
    for text, page in pdf.index_links:
        assert text == "Compost" or pdf.page_of[text] == page


def test_epub_and_web_links_land_on_occurrences(built):
    epub = Epub(built.output("epub"))
    web = built.out / "garden"
    for locators, target in [(epub_locators(epub), lambda h: epub_target(epub, h)),
                             (web_locators(web), lambda h: web_target(web, h))]:  # fmt: skip
        assert locators["Humus"] == []
        assert len(locators["Compost"]) == 5  # preface 1, beds 2 (heading and code aside), rain 2
        for term, hrefs in locators.items():
            for href in hrefs:
                marked = href.endswith(("#beds_ix2", "#seeds_ix1"))  # the spans the posts marked themselves
                assert is_occurrence(target(href), term, None if marked else _pattern(term)), (term, href)
    assert epub.spine_hrefs()[-1] == "book-index.xhtml"
    assert epub.toc_entries()[-1][1:] == ("Index", "book-index.xhtml")
    assert_epubcheck_clean(built.output("epub"))


def _pattern(term):
    from tests.write.index.checks import words_pattern

    return words_pattern({"Leaf mould": ["leaf mould", "leaf mold"], "Mulch": ["mulch", "mulching"]}.get(term, [term]))


@pytest.mark.parametrize("profile", ["print", "screen"])
def test_both_renders_print_the_same_index(tmp_path, profile):
    folder = write_book(tmp_path / "book", BOOK, POSTS)
    whole, sections, _ = both_renders(folder, tmp_path, profile)
    got = assert_same_book(whole, sections)
    assert "Index" in [title for _, title, _ in got["outline"]]
