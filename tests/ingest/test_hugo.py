"""The Hugo reader on a tiny site of our own (tests/fixtures/hugo-site): which pages are posts, front matter
in its three forms, shortcodes, and a book whose pictures come from the site's own folders."""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.front import split_front_matter
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import detect, read_all
from tests.helpers import Epub, assert_epubcheck_clean, build_book, run_cli, write_book
from tests.ingest.sites import chapter_text, leftover_syntax

SITE = Path(__file__).resolve().parent.parent / "fixtures" / "hugo-site"
SECTION = SITE / "content" / "posts"


def read():
    reporter = Reporter(quiet=True)
    posts = {p.source.relative_to(SECTION).as_posix(): p for p in read_all(SECTION, reporter, ReadOptions())}
    return posts, [w.message for w in reporter.warnings]


def test_a_section_of_a_hugo_site_is_told_from_other_folders(tmp_path):
    assert detect(SECTION).name == "hugo" and detect(SITE / "content").name == "hugo"
    (tmp_path / "content").mkdir()  # a content/ folder without a site configuration is just a folder
    assert detect(tmp_path / "content").name == "folder"


def test_regular_pages_are_posts_section_pages_bundle_resources_and_headless_bundles_are_not():
    posts, _ = read()
    assert sorted(posts) == ["_index.md", "draft.md", "first.md", "second/index.md"]
    assert posts["_index.md"].meta.post_type == "section"
    assert posts["draft.md"].meta.status == "draft"  # JSON front matter, draft: true
    first = posts["first.md"].meta
    assert (first.title, first.date, first.tags, first.authors) == ("First post", "2021-03-04", ("one", "two"),
                                                                    ("Ada Writer",))  # fmt: skip
    assert posts["second/index.md"].site.url == "https://hugo.example.org/"
    assert posts["second/index.md"].meta.slug == "second"  # a bundle is named by its folder
    assert first.source_url == "https://hugo.example.org/posts/first/"  # Hugo's default address


def test_front_matter_in_yaml_toml_and_json():
    for text in ("---\ntitle: T\n---\nBody\n", '+++\ntitle = "T"\n+++\nBody\n', '{\n  "title": "T"\n}\nBody\n'):
        fields, body, line = split_front_matter(text)
        assert (fields, body, line) == ({"title": "T"}, "Body\n", 4)


def test_shortcodes_become_what_they_mean():
    posts, warnings = read()
    body = posts["first.md"].body
    assert "<!--more-->" not in body and "first post. The rest follows" in body
    assert '<figure><img src="/images/pic.png" alt="A small picture" /><figcaption>Figure title What the figure ' \
           "shows</figcaption></figure>" in body  # fmt: skip
    assert '```python\ndef greet():\n    return "{{ not a template }}"\n```' in body
    # embeds: the markup the services embed with, which transform/embeds.py makes figures of
    assert '<iframe src="https://www.youtube.com/watch?v=ZJthWmvUzzc" title="YouTube video"></iframe>' in body
    tweet = "https://twitter.com/SanDiegoZoo/status/1453110110599868418"
    assert f'<blockquote class="twitter-tweet"><a href="{tweet}">{tweet}</a></blockquote>' in body
    assert '<script src="https://gist.github.com/spf13/7896402.js"></script>' in body
    assert "[the second post](second/index.md)" in body and "[again](second/index.md)" in body
    assert "Text inside a theme's own shortcode stays." in body and "Details text stays too." in body
    assert "Before a widget  after it." in body
    assert '`{{< figure src="x.png" >}}`' in body  # an escaped shortcode is shown as written, in code
    assert "shortcode notice is the site's own: its content is kept, its template is not" in warnings
    assert "shortcode newsletter-signup is the site's own template and is dropped" in warnings


def test_a_book_of_the_site_finds_its_pictures_and_links_without_site_root(tmp_path):
    folder = write_book(tmp_path / "book", f"title: Hugo\nchapters:\n  - {SECTION}\n")
    listing = run_cli("list", str(folder), "-v")
    assert "2 chapters" in listing.stdout and "draft (include: status)" in listing.stdout
    assert "section (include: types)" in listing.stdout
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    assert len(epub.manifest("image/png")) == 1  # static/images/pic.png and the bundle's copy: the same bytes
    chapters = epub.chapter_hrefs()
    first = epub.text(chapters[0])
    assert f'href="{chapters[1]}#{chapters[1][:-6]}"' in first  # ref → the second post's chapter
    # the embed shortcodes are linked figures, as any post's embeds are
    assert '<a href="https://www.youtube.com/watch?v=ZJthWmvUzzc">' in first and "embed-video" in first
    assert "embed-tweet" in first and 'href="https://twitter.com/SanDiegoZoo/status/1453110110599868418"' in first
    assert "embed-gist" in first and 'href="https://gist.github.com/spf13/7896402"' in first
    assert "/images/missing.png: no such file in" in built.result.stderr and "site_root" in built.result.stderr
    for href in chapters:
        assert not leftover_syntax(chapter_text(epub.text(href)))
    assert_epubcheck_clean(built.output("epub"))
