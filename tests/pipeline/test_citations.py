"""Citations through pandoc's citeproc: formatted in the text, listed at each chapter's end or in a References
chapter, and every citation's link landing on its entry in the EPUB, the PDF and the web edition."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree, html
from pypdf import PdfReader

from tests.helpers import (
    FIXTURES,
    SHARED,
    Epub,
    Pdf,
    assert_epubcheck_clean,
    build_book,
    require_shared,
    run_cli,
    write_book,
)

BIB = (FIXTURES / "citations" / "refs.bib").read_text(encoding="utf-8")  # item1, item2, пункт3 (the test file's keys)
ENTRY = "Doe, John. 2005. First Book"  # item1's entry, Chicago author-date


def yaml(references: str = "chapter", chapters: tuple[str, ...] = ("one.md", "two.md")) -> str:
    listed = "".join(f"  - {name}\n" for name in chapters)
    return f"title: Cited\nauthor: A. Writer\nbibliography: refs.bib\nreferences: {references}\nchapters:\n{listed}"


POSTS = {
    "refs.bib": BIB,
    "one.md": "---\ntitle: One\n---\n\nAs @item1 says, water is wet [see @пункт3, 12].\n",
    "two.md": "---\ntitle: Two\n---\n\nAn article [@item2, 33] and a book [-@item1].\n",
}


# -- reading the links back ------------------------------------------------------
def citation_links(pages: dict[str, etree._Element]) -> list[tuple[str, str]]:
    """(page, href) of every citation's link: the links inside <span class="citation">."""
    path = "//*[local-name()='span'][contains(concat(' ', @class, ' '), ' citation ')]//*[local-name()='a']/@href"
    return [(name, href) for name, root in pages.items() for href in root.xpath(path)]


def target(pages: dict[str, etree._Element], page: str, href: str) -> etree._Element | None:
    """The element a link lands on: `file#id` or `#id` on the same page (ids %-decoded, as readers do)."""
    file, _, fragment = href.partition("#")
    root = pages.get(file or page)
    found = root.xpath("//*[@id=$id]", id=unquote(fragment)) if root is not None else []
    return found[0] if found else None


def text_of(*roots: etree._Element) -> str:
    """The pages' text as a reader sees it: one space for every run of white space."""
    return " ".join(" ".join("".join(root.itertext()).split()) for root in roots)


def epub_pages(path: Path) -> dict[str, etree._Element]:
    epub = Epub(path)
    return {href: epub.xml(href) for href in epub.spine_hrefs()}


def web_pages(folder: Path) -> dict[str, etree._Element]:
    return {page.name: html.parse(str(page)).getroot() for page in folder.glob("*.html")}


def assert_links_land_on_entries(pages: dict[str, etree._Element]) -> set[str]:
    """Every citation link lands on a reference entry; returns the pages holding the entries."""
    links = citation_links(pages)
    assert links, "no citation links"
    landed = set()
    for page, href in links:
        entry = target(pages, page, href)
        assert entry is not None, f"{page}: {href} goes nowhere"
        assert "csl-entry" in (entry.get("class") or "").split(), f"{page}: {href} is no reference entry"
        landed.add(href.partition("#")[0] or page)
    return landed


def pdf_citation_links(path: Path) -> list[tuple[int, str, int]]:
    """(page of the link, destination name, page of the destination) of every link to a reference entry."""
    reader = PdfReader(str(path))
    dests = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            name = str(annotation.get_object().get("/Dest") or "")
            if "_ref-" in name:
                assert name in dests, f"PDF link to {name} goes nowhere"
                found.append((number, name, dests[name]))
    return found


def assert_pdf_links_land_on_entries(path: Path) -> None:
    """Links to the three works of refs.bib, each to a page that holds reference entries."""
    links = pdf_citation_links(path)
    assert {name.split("_ref-", 1)[1] for _, name, _ in links} == {"item1", "item2", "пункт3"}
    pages = Pdf(path).pages
    for _, _, page in links:
        assert "Doe, John" in pages[page], f"page {page + 1} holds no reference entry"


def build_all(folder: Path, out: Path):
    return build_book(folder, out, "--format", "epub,pdf,html")


# -- the books ----------------------------------------------------------------------
@pytest.mark.parametrize("references", ["chapter", "book"])
def test_pandocs_citations_file_is_formatted_listed_and_linked_in_every_edition(tmp_path, references):
    require_shared("corpus")
    text = (SHARED / "corpus" / "pandoc" / "markdown-citations.txt").read_text(encoding="utf-8")
    files = {"refs.bib": BIB, "cites.md": text}
    folder = write_book(tmp_path / "book", yaml(references, ("cites.md",)), files)
    built = build_all(folder, tmp_path / "out")
    assert "cites.md:4: warning: citation key 'nonexistent' is not in the bibliography" in built.result.stderr
    epub = built.output("epub")
    assert_epubcheck_clean(epub)
    pages = epub_pages(epub)
    words = text_of(*pages.values())
    assert (
        "Doe (2005, 30)" in words and "(see Doe 2005, chap. 3; also Doe and Roe 2007, 34–35)" in words
    )  # author-date, with locators
    assert ENTRY in words and "Doe, John, and Jenny Roe. 2007. Why Water Is Wet" in words
    landed = assert_links_land_on_entries(pages)
    assert landed == ({"references.xhtml"} if references == "book" else {"cites.xhtml"})
    assert_links_land_on_entries(web_pages(tmp_path / "out" / "cited"))
    assert_pdf_links_land_on_entries(built.output("pdf"))


@pytest.mark.parametrize("references", ["chapter", "book"])
def test_a_small_book_cites_across_chapters_in_every_edition(tmp_path, references):
    folder = write_book(tmp_path / "book", yaml(references), POSTS)
    built = build_all(folder, tmp_path / "out")
    assert ": warning:" not in built.result.stderr
    epub = built.output("epub")
    assert_epubcheck_clean(epub)
    pages = epub_pages(epub)
    assert "Doe (2005) says" in text_of(pages["one.xhtml"])
    assert "(Doe 2006, 33)" in text_of(pages["two.xhtml"])
    landed = assert_links_land_on_entries(pages)
    web = web_pages(tmp_path / "out" / "cited")
    assert assert_links_land_on_entries(web) == {name.replace(".xhtml", ".html") for name in landed}
    if references == "book":
        assert landed == {"references.xhtml"}
        titles = [title for _, title, _ in Epub(epub).toc_entries()]
        assert titles[-1] == "References"  # in the contents, after the chapters
        assert "References" not in text_of(pages["one.xhtml"])  # no list of its own
    else:
        assert landed == {"one.xhtml", "two.xhtml"}
        assert "References" in text_of(pages["two.xhtml"])
    assert_pdf_links_land_on_entries(built.output("pdf"))


def test_a_posts_own_bibliography_adds_to_the_books_and_its_style_replaces_it(tmp_path):
    extra = "@book{extra, author = {Poe, Edgar}, title = {Tales}, year = {1845}, publisher = {Wiley}}\n"
    three = "---\ntitle: Three\ncsl: numbers.csl\n---\n\nNumbered [@item2].\n"
    files = {
        **POSTS,
        "notes/more.bib": extra,
        "two.md": "---\ntitle: Two\nbibliography: notes/more.bib\n---\n\nBoth [@extra] and [@item2].\n",
        "three.md": three,
        "numbers.csl": (FIXTURES / "citations" / "numbers.csl").read_text(encoding="utf-8"),
    }
    folder = write_book(tmp_path / "book", yaml(chapters=("one.md", "two.md", "three.md")), files)
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert ": warning:" not in built.result.stderr
    pages = epub_pages(built.output("epub"))
    text = text_of(pages["two.xhtml"])
    assert "(Poe 1845)" in text and "(Doe 2006)" in text
    assert "Poe, Edgar. 1845. Tales" in text
    assert "Numbered [1]." in text_of(pages["three.xhtml"]) and "1. Article" in text_of(pages["three.xhtml"])


def test_a_posts_bibliography_outside_the_book_is_ignored_with_a_warning(tmp_path):
    outside = tmp_path / "secret.bib"
    outside.write_text(BIB.replace("item2", "hidden"), encoding="utf-8")
    files = {**POSTS, "two.md": f"---\ntitle: Two\nbibliography: {outside}\n---\n\nSee [@hidden].\n"}
    folder = write_book(tmp_path / "book", yaml(), files)
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    stderr = built.result.stderr
    assert f"two.md:3: warning: bibliography '{outside}' is outside the book's folders; ignored" in stderr
    assert "two.md:6: warning: citation key 'hidden' is not in the bibliography" in stderr


def test_unknown_keys_are_warned_at_their_line(tmp_path):
    files = {**POSTS, "two.md": "---\ntitle: Two\n---\n\nFine [@item2].\n\nBut [@nobody, 4] and\n@nobody2 are not.\n"}
    folder = write_book(tmp_path / "book", yaml(), files)
    stderr = build_book(folder, tmp_path / "out", "--format", "epub").result.stderr
    assert "two.md:7: warning: citation key 'nobody' is not in the bibliography" in stderr
    assert "two.md:8: warning: citation key 'nobody2' is not in the bibliography" in stderr
    assert "item2" not in stderr


def test_bracketed_citations_without_any_bibliography_are_warned_once(tmp_path):
    files = {"one.md": "---\ntitle: One\n---\n\nHi @jack.\n\nSee [@a] and [@b].\n"}
    folder = write_book(tmp_path / "book", "title: T\nchapters:\n  - one.md\n", files)
    stderr = build_book(folder, tmp_path / "out", "--format", "epub").result.stderr
    assert "one.md:7: warning: the post cites 'a', but neither book.yaml nor the post gives a bibliography" in stderr
    assert stderr.count(": warning:") == 1  # a bare @jack may be a handle: no warning


def test_a_malformed_bibliography_is_an_error_naming_it(tmp_path):
    files = {**POSTS, "refs.bib": "@book{item1,\n  title = {Unclosed\n"}
    folder = write_book(tmp_path / "book", yaml(), files)
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert re.search(r"refs\.bib:3: error: cannot read the bibliography: .*unexpected end of input", result.stderr)
    assert "Traceback" not in result.stderr


def test_a_malformed_style_is_an_error_naming_it(tmp_path):
    files = {**POSTS, "style.csl": "<style>"}
    folder = write_book(tmp_path / "book", yaml() + "csl: style.csl\n", files)
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "style.csl: error: cannot read the citation style" in result.stderr


def test_an_edited_bibliography_converts_the_posts_anew(tmp_path):
    folder = write_book(tmp_path / "book", yaml(), POSTS)
    first = build_book(folder, tmp_path / "out", "--format", "epub").output("epub")
    assert "(Doe 2006, 33)" in text_of(*epub_pages(first).values())
    (folder / "refs.bib").write_text(BIB.replace("2006", "1999"), encoding="utf-8")
    again = build_book(folder, tmp_path / "out2", "--format", "epub").output("epub")
    assert "(Doe 1999, 33)" in text_of(*epub_pages(again).values())
