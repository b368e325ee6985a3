"""Done when: twenty 18F posts with an index of twenty terms print correct page numbers and links.

Every number the PDF's index prints is a page the term (or an alias) is on, ranges expanded; every number
is a link to that page; every EPUB and web link lands on an occurrence of its term, and there are as many
as the chapters hold.
"""

from __future__ import annotations

import pytest

from tests.corpus import BLOG_POSTS, CORPUS
from tests.helpers import NS, Epub, assert_epubcheck_clean, build_book, needs_shared, shared_missing, write_book
from tests.write.index.checks import (
    NUMBER_RE,
    PrintedBook,
    epub_locators,
    epub_target,
    is_occurrence,
    prose,
    web_locators,
    web_target,
    words_pattern,
)

pytestmark = needs_shared()

TERMS = {
    "Agile": [],
    "Cloud": [],
    "U.S. Web Design System": ["USWDS"],
    "Modular contracting": [],
    "Procurement": [],
    "Human-centered design": ["HCD"],
    "User research": [],
    "Open source": [],
    "Centralization": [],
    "Vendors": ["vendor"],
    "Analytics": [],
    "Federalist": [],
    "Prototypes": ["prototype", "prototyping"],
    "Acquisition": [],
    "Security": [],
    "Budget": [],
    "Stakeholders": [],
    "Login.gov": [],
    "GSA": [],
    "Product management": ["product manager", "product managers"],
}
SEE = ("Design systems", "U.S. Web Design System")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if shared_missing():
        pytest.skip(shared_missing())
    folder = tmp_path_factory.mktemp("blog")
    posts = sorted(BLOG_POSTS.glob("*.md"))[:20]
    blog = CORPUS / "blog-18f"
    terms = "".join(f"  - {{term: {t}, aliases: [{', '.join(a)}]}}\n" for t, a in TERMS.items())
    yaml = (
        f"title: 18F index\nauthor: 18F\nsite_root: {blog}\nsite_url: https://18f.gsa.gov\n"
        + "chapters:\n" + "".join(f"  - {post}\n" for post in posts)
        + f"index:\n{terms}  - {{term: {SEE[0]}, see: {SEE[1]}}}\n"
    )  # fmt: skip
    return build_book(write_book(folder, yaml), folder / "out", "--format", "epub,pdf,html")


@pytest.fixture(scope="module")
def printed(built) -> PrintedBook:
    """The PDF read back once for the module's tests (pdfplumber takes seconds over a hundred pages)."""
    return PrintedBook(built.output("pdf"))


def pattern(term: str):
    return words_pattern([term, *TERMS[term]])


def test_every_printed_page_holds_its_term(printed):
    pdf = printed
    entries = pdf.index_entries()
    assert set(entries) == {*TERMS, SEE[0]}, "every term occurs in these posts"
    assert entries[SEE[0]] == f"see {SEE[1]}"
    checked = 0
    for term in TERMS:
        for page in pdf.pages_of(entries[term]):
            assert pdf.occurs_on(page, [term, *TERMS[term]]), f"{term} is not on page {page + 1} ({entries[term]})"
            checked += 1
    assert checked > 100
    assert any("–" in numbers for numbers in entries.values()), "runs of pages are ranges"


def test_every_printed_number_links_to_its_page(printed):
    pdf = printed
    assert len(pdf.index_links) > 100
    for text, page in pdf.index_links:
        if NUMBER_RE.match(text):
            assert pdf.page_of[text] == page, f"the link '{text}' leads to page {page + 1}"
        else:  # the `see` link, perhaps over two lines
            assert text in SEE[1] and page in pdf.index_pages


def test_every_epub_and_web_link_lands_on_an_occurrence(built):
    epub = Epub(built.output("epub"))
    web = built.out / "18f-index"
    editions = [
        (epub_locators(epub), lambda h: epub_target(epub, h)),
        (web_locators(web), lambda h: web_target(web, h)),
    ]
    for locators, target in editions:
        assert set(locators) == {*TERMS, SEE[0]}
        assert locators[SEE[0]] == []
        for term, hrefs in locators.items():
            assert all(is_occurrence(target(href), term, pattern(term)) for href in hrefs if term in TERMS), term
    assert_epubcheck_clean(built.output("epub"))


def test_the_epub_links_every_occurrence(built):
    """As many locators as independent matching finds in the chapters' text outside headings and code."""
    epub = Epub(built.output("epub"))
    locators = epub_locators(epub)
    everything = words_pattern([w for t, aliases in TERMS.items() for w in (t, *aliases)])
    found = 0
    for href in epub.chapter_hrefs():
        body = epub.xml(href).xpath("//x:div[@class='chapter-body'] | //x:section[@class='notes']", namespaces=NS)
        found += sum(len(everything.findall(text)) for part in body for text in prose(part))
    assert found == sum(len(hrefs) for hrefs in locators.values())
