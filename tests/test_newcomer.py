"""A newcomer's path: the web edition, the built-in themes, colours only on a terminal."""

from __future__ import annotations

import io

import pytest
from lxml import html as lxml_html

from postbind.errors import Diagnostic, show
from tests.helpers import REPO, Pdf, assert_epubcheck_clean, build_book, run_cli, write_book


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    out = tmp_path_factory.mktemp("web")
    return build_book(REPO / "book", out, "--format", "html").out / "from-blog-to-book"


def test_web_edition_has_index_and_a_page_per_chapter(web):
    names = sorted(p.name for p in web.iterdir())
    assert names[:3] == ["b1.html", "c01.html", "c02.html"] and "index.html" in names and "style.css" in names
    index = lxml_html.parse(str(web / "index.html")).getroot()
    links = index.xpath("//nav[contains(@class, 'web-toc')]//a/@href")
    assert links[:3] == ["f1.html", "p1.html", "c01.html"]
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
    chapter = lxml_html.parse(str(web / "c02.html")).getroot()
    assert chapter.xpath("//aside[@id='c02-fn1']") and chapter.xpath("//a[@href='#c02-fn1']")
    assert chapter.xpath("//a[@rel='prev']/@href") == ["c01.html"] and chapter.xpath("//a[@rel='next']/@href")


def test_web_edition_replaces_the_last_one_atomically(tmp_path):
    first = build_book(REPO / "book", tmp_path, "--format", "html").out / "from-blog-to-book"
    (first / "stale.html").write_text("old")
    build_book(REPO / "book", tmp_path, "--format", "html")
    assert not (first / "stale.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


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


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_diagnostics_coloured_on_a_terminal_plain_when_piped(monkeypatch):
    diagnostic = Diagnostic("error", "something wrong", "book.yaml", 3)
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal, pipe = Terminal(), io.StringIO()
    show(diagnostic, terminal)
    show(diagnostic, pipe)
    assert terminal.getvalue() == "book.yaml:3: \x1b[1;31merror\x1b[0m: something wrong\n"
    assert pipe.getvalue() == "book.yaml:3: error: something wrong\n"
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Terminal()
    show(diagnostic, plain)
    assert plain.getvalue() == pipe.getvalue()
    assert run_cli("build", "--help").exit_code == 0
