"""reStructuredText posts (tests/fixtures/rst: Pelican) and an ABlog blog of our own (tests/fixtures/ablog-site):
metadata from fields and post directives, MyST posts, and no directive syntax left in a book."""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import detect, read_all
from tests.helpers import Epub, assert_epubcheck_clean, build_book, write_book
from tests.ingest.sites import chapter_text, leftover_syntax

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PELICAN = FIXTURES / "rst" / "pelican.rst"
BLOG = FIXTURES / "ablog-site" / "posts"


def read(path: Path):
    reporter = Reporter(quiet=True)
    posts = {p.source.name: p for p in read_all(path, reporter, ReadOptions())}
    return posts, [w.message for w in reporter.warnings]


def test_a_pelican_post_has_its_fields_as_metadata_not_text():
    assert detect(PELICAN).name == "rst"
    posts, _ = read(PELICAN)
    post = posts["pelican.rst"]
    meta = post.meta
    assert (meta.title, meta.date, meta.slug, meta.summary) == ("A Pelican post", "2010-10-03", "my-super-post",
                                                                "Short version for index and feeds")  # fmt: skip
    assert meta.tags == ("thats", "awesome") and meta.categories == ("yeah",)
    assert meta.authors == ("Alexis Metaireau", "Conan Doyle")
    assert post.body_format == "rst" and ":date:" not in post.body and "This is the content" in post.body


def test_in_an_ablog_folder_only_files_that_say_they_are_posts_are():
    assert detect(BLOG).name == "ablog"
    posts, _ = read(BLOG)
    assert list(posts) == ["first.rst", "front-matter.md", "myst-block.md"]
    first = posts["first.rst"].meta
    assert (first.title, first.date, first.authors) == ("The first post", "2020-06-09", ("Ada Writer", "Bo Editor"))
    assert first.tags == ("GSoC", "Sunpy") and first.categories == ("Update",)
    block = posts["myst-block.md"].meta
    assert (block.title, block.date, block.authors, block.tags) == ("A MyST post", "2021-05-10", ("Cy Author",),
                                                                    ("myst",))  # fmt: skip
    marked = posts["front-matter.md"].meta
    assert (marked.title, marked.date, marked.categories) == ("A post by its front matter", "2021-07-01", ("Update",))


def test_sphinx_and_myst_markup_is_made_plain_before_pandoc():
    posts, warnings = read(BLOG)
    rst = posts["first.rst"].body
    assert ".. post::" not in rst and ".. toctree::" not in rst
    assert "the other post" in rst and "<second-label>" not in rst and "``plot``" in rst and ":doc:" not in rst
    assert "Sphinx directive 'toctree' dropped: it builds the site, not the post" in warnings
    myst = posts["myst-block.md"].body
    assert "```{" not in myst and "{ref}" not in myst and "the first post" in myst and "`sunpy.map.Map`" in myst
    assert '<img src="../2020/pic.png" alt="The picture again" />' in myst and "Its caption." in myst
    assert "MyST directive 'margin' is the site's own: its content is kept" in warnings


def test_a_book_of_the_blog_has_no_directive_syntax(tmp_path):
    folder = write_book(tmp_path / "book", f"title: ABlog\nchapters:\n  - {BLOG}\n  - {PELICAN}\n")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert "4 chapters" in built.result.stderr
    epub = Epub(built.output("epub"))
    assert len(epub.manifest("image/png")) == 1
    texts = [chapter_text(epub.text(href)) for href in epub.chapter_hrefs()]
    assert not [found for text in texts for found in leftover_syntax(text)]
    first = " ".join(texts[0].split())
    assert "What the picture shows." in first and "Content of a directive pandoc does not know stays." in first
    assert "June 9, 2020" not in first and "hidden-page" not in first
    assert_epubcheck_clean(built.output("epub"))
