"""A newcomer's path: the web edition, the built-in themes, colours only on a terminal."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from tests.helpers import REPO, build_book


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    out = tmp_path_factory.mktemp("web")
    return build_book(REPO / "book", out, "--format", "html").out / "from-blog-to-book"


def test_web_edition_has_index_and_a_page_per_chapter(web):
    names = {p.name for p in web.iterdir()}
    assert {"colophon.html", "why-put-a-blog-between-covers.html", "anatomy-of-a-chapter.html"} <= names  # by slug
    assert "index.html" in names and "style.css" in names
    index = lxml_html.parse(str(web / "index.html")).getroot()
    links = index.xpath("//nav[contains(@class, 'web-toc')]//a/@href")
    assert links[:3] == ["preface.html", "on-making-books.html", "why-put-a-blog-between-covers.html"]
    for href in links:
        assert (web / href).is_file(), href


def test_web_edition_links_notes_and_pictures_work(web):
    for page in web.glob("*.html"):
        tree = lxml_html.parse(str(page)).getroot()
        ids = set(tree.xpath("//@id"))
        for href in tree.xpath("//a/@href"):
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            file, _, fragment = href.partition("#")
            target = lxml_html.parse(str(web / file)).getroot() if file else tree
            assert not file or (web / file).is_file(), (page.name, href)
            assert not fragment or fragment in (ids if not file else set(target.xpath("//@id"))), (page.name, href)
        for src in tree.xpath("//img/@src"):
            assert (web / src).is_file(), src
    chapter = lxml_html.parse(str(web / "anatomy-of-a-chapter.html")).getroot()
    note = "anatomy-of-a-chapter_fn1"
    assert chapter.xpath(f"//aside[@id='{note}']") and chapter.xpath(f"//a[@href='#{note}']")
    previous = chapter.xpath("//a[@rel='prev']/@href")
    assert previous == ["why-put-a-blog-between-covers.html"] and chapter.xpath("//a[@rel='next']/@href")


def test_web_edition_replaces_the_last_one_atomically(tmp_path):
    first = build_book(REPO / "book", tmp_path, "--format", "html").out / "from-blog-to-book"
    (first / "stale.html").write_text("old")
    build_book(REPO / "book", tmp_path, "--format", "html")
    assert not (first / "stale.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
