"""The Jekyll reader on a tiny site of our own (tests/fixtures/jekyll-site): which files are posts, names
that give dates and slugs, Liquid that knows the site, kramdown's attribute lists, and excerpts."""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.jekyll.kramdown import strip_attribute_lists
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import detect, read_all
from tests.helpers import Epub, assert_epubcheck_clean, build_book, write_book
from tests.ingest.sites import chapter_text, leftover_syntax

SITE = Path(__file__).resolve().parent.parent / "fixtures" / "jekyll-site"
POSTS = SITE / "_posts"


def read():
    reporter = Reporter(quiet=True)
    posts = {p.source.relative_to(POSTS).as_posix(): p for p in read_all(POSTS, reporter, ReadOptions())}
    return posts, [w.message for w in reporter.warnings]


def test_posts_are_the_dated_files_with_front_matter_in_posts_and_below():
    assert detect(POSTS).name == "jekyll" and detect(SITE).name == "jekyll"
    posts, _ = read()
    assert list(posts) == [
        "2020-01-02-first-post.md",
        "2020-03-04-no-title.md",
        "notes/2020-02-03-second-post.markdown",
    ]


def test_the_name_gives_date_slug_and_title_when_the_front_matter_does_not():
    posts, _ = read()
    untitled = posts["2020-03-04-no-title.md"].meta
    assert (untitled.title, untitled.date, untitled.slug) == ("No title", "2020-03-04", "no-title")
    first = posts["2020-01-02-first-post.md"]
    assert (first.meta.date, first.meta.tags, first.meta.authors) == ("2020-01-02", ("one", "two"), ("Ada Writer",))
    assert first.meta.summary == "The opening paragraph, which is the summary."  # before excerpt_separator
    assert first.site.roots == (SITE,) and first.site.url == "https://jekyll.example.org"


def test_liquid_knows_the_site_and_the_page():
    posts, warnings = read()
    body = posts["2020-01-02-first-post.md"].body
    assert "<!--more-->" not in body and "{:" not in body and "TOC" not in body and "kramdown comment" not in body
    assert '```ruby\nputs "{{ kept as code }}"\n```' in body
    assert "![A picture](/assets/pic.png)" in body  # site.baseurl: a site-absolute path
    assert "[the next post](notes/2020-02-03-second-post.markdown)" in body
    assert "[it again](notes/2020-02-03-second-post.markdown)" in body
    assert "[the usage page](https://jekyll.example.org/docs/usage/)" in body
    assert "[the code](https://github.com/example/site)" in body and "(https://jekyll.example.org/about/)" in body
    assert "Liquid is written `{{ like.this }}`." in body
    assert "[#7]: https://github.com/example/site/issues/7\n[#8]: https://github.com/example/site/issues/8" in body
    assert "Captured text" not in body and "include" not in body
    assert "template tag {% include %} dropped" in warnings
    assert "{% capture note %} block dropped: it fills a template" in warnings
    assert "[back](../2020-01-02-first-post.md)" in posts["notes/2020-02-03-second-post.markdown"].body


def test_kramdown_attribute_lists_go_but_code_keeps_them():
    text = 'Para\n{: .lead #intro}\n\n*a*{: .x} b\n\n```\n{: kept}\n```\n\n`{:also kept}` {::options auto_ids="no" /}\n'
    assert strip_attribute_lists(text) == "Para\n\n\n*a* b\n\n```\n{: kept}\n```\n\n`{:also kept}` \n"


def test_a_book_of_the_posts_links_them_and_finds_the_sites_pictures(tmp_path):
    folder = write_book(tmp_path / "book", f"title: Jekyll\nchapters:\n  - {POSTS}\n")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    assert "3 chapters" in built.result.stderr
    assert len(epub.manifest("image/png")) == 1  # /assets/pic.png, from the folder holding _config.yml
    first, _, third = chapters = epub.chapter_hrefs()
    assert f'href="{third}#{third[:-6]}"' in epub.text(first) and f'href="{first}#{first[:-6]}"' in epub.text(third)
    for href in chapters:
        assert not leftover_syntax(chapter_text(epub.text(href)))
    assert_epubcheck_clean(built.output("epub"))
