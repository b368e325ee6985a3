"""Collections and selection through real books: folders, feeds, Word files, template tags,
select / order / limit, de-duplication, `postbind list`."""

from __future__ import annotations

import shutil

import pytest

from postbind.ingest.markdown.liquid import render_tags
from tests.corpus import CORPUS
from tests.helpers import NS, Epub, assert_epubcheck_clean, build_book, run_cli, write_book

FEEDS = CORPUS / "feeds"
BLOG = CORPUS / "blog-18f"


def post(title: str, date: str, tags: str = "[]", author: str = "A. Writer", words: int = 30) -> str:
    body = " ".join(f"{title.lower()} word{n}" for n in range(words))
    return f"---\ntitle: {title}\ndate: {date}\ntags: {tags}\nauthor: {author}\n---\n\n{body}\n"


@pytest.fixture
def blog(tmp_path):
    """A folder of five posts with tags and dates, and a book beside it."""
    files = {
        "posts/2020-01-05-alpha.md": post("Alpha", "2020-01-05", "[Garden, Tools]"),
        "posts/2020-03-01-beta.md": post("Beta", "2020-03-01", "[garden]", author="B. Other"),
        "posts/2021-07-09-gamma.md": post("Gamma", "2021-07-09", "[kitchen]"),
        "posts/2022-02-02-delta.md": post("Delta Garden Notes", "2022-02-02", "[Garden]"),
        "posts/2019-12-31-epsilon.md": post("Epsilon", "2019-12-31", "[tools]"),
        "posts/cover.png": b"not a post",
        "posts/.draft.md": post("Hidden", "2020-01-01"),
    }
    return write_book(tmp_path / "book", "title: T\nchapters: [posts]\n", files)


def titles_of(built) -> list[str]:
    return [t for _, t, _ in Epub(built.output("epub")).toc_entries()]


def build_epub(folder, yaml_text: str, tmp_path):
    (folder / "book.yaml").write_text(yaml_text)
    return build_book(folder, tmp_path / "out", "--format", "epub")


def test_folder_collection_reads_every_post_in_name_order(blog, tmp_path):
    built = build_epub(blog, "title: T\nchapters: [posts]\n", tmp_path)
    assert titles_of(built) == ["Epsilon", "Alpha", "Beta", "Gamma", "Delta Garden Notes"]
    assert_epubcheck_clean(built.output("epub"))


def test_select_combines_keys_with_and_values_with_or(blog, tmp_path):
    yaml = (
        "title: T\nchapters:\n  - source: posts\n    select: {tags: [GARDEN, kitchen], after: 2020-02-01}\n"
        "    order: -date\n"
    )
    assert titles_of(build_epub(blog, yaml, tmp_path)) == ["Delta Garden Notes", "Gamma", "Beta"]


def test_select_by_title_glob_author_slug_and_limit(blog, tmp_path):
    yaml = "title: T\nchapters:\n  - {source: posts, select: {titles: ['*garden*', 'Al?ha']}, order: title}\n"
    assert titles_of(build_epub(blog, yaml, tmp_path)) == ["Alpha", "Delta Garden Notes"]
    yaml = (
        "title: T\nchapters:\n  - {source: posts, select: {authors: b. other}}\n"
        "  - {source: posts, select: {slugs: [gamma]}}\n"
    )
    assert titles_of(build_epub(blog, yaml, tmp_path)) == ["Beta", "Gamma"]
    yaml = "title: T\nchapters:\n  - {source: posts, order: date, limit: 2}\n"
    assert titles_of(build_epub(blog, yaml, tmp_path)) == ["Epsilon", "Alpha"]


def test_empty_selection_is_an_error_naming_the_selector(blog):
    (blog / "book.yaml").write_text("title: T\nchapters:\n  - source: posts\n    select: {tags: [nothing]}\n")
    result = run_cli("build", str(blog), "-o", str(blog / "out"))
    assert result.exit_code == 1
    assert "book.yaml:4: error: posts: no post matches the selection (tags: nothing)" in result.stderr


def test_explicit_post_wins_over_the_collection_and_duplicates_appear_once(blog, tmp_path):
    shutil.copy(blog / "posts/2020-03-01-beta.md", blog / "beta-copy.md")  # same text, another file
    yaml = "title: T\nchapters:\n  - posts/2021-07-09-gamma.md\n  - part: All\n    chapters: [posts, beta-copy.md]\n"
    built = build_epub(blog, yaml, tmp_path)
    # gamma is named, so the collection skips it; beta-copy.md is named, so the collection's Beta (same text) goes
    assert titles_of(built) == ["Gamma", "All", "Epsilon", "Alpha", "Delta Garden Notes", "Beta"]
    stderr = built.result.stderr
    assert "2021-07-09-gamma.md: warning: 'Gamma' is in the book already" in stderr
    assert f"2020-03-01-beta.md: warning: 'Beta' is in the book already ({blog / 'beta-copy.md'}); kept once" in stderr


def test_list_prints_the_order_and_what_was_left_out(blog):
    (blog / "book.yaml").write_text(
        "title: T\nchapters:\n  - part: Garden\n    chapters:\n"
        "      - {source: posts, select: {tags: garden}, limit: 2}\n"
    )
    result = run_cli("list", str(blog), "-v", cwd=blog)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "T — 2 chapters",
        "Part: Garden",
        "    1. Alpha — A. Writer — 2020-01-05 — posts/2020-01-05-alpha.md",
        "    2. Beta — B. Other — 2020-03-01 — posts/2020-03-01-beta.md",
    ]
    assert "  Epsilon (posts/2019-12-31-epsilon.md): not matching tags: garden" in lines
    assert "  Delta Garden Notes (posts/2022-02-02-delta.md): beyond limit 2" in lines
    assert "Left out: 3" in lines
    quiet = run_cli("list", str(blog), cwd=blog).stdout
    assert "Left out" not in quiet


def test_rss_atom_and_json_feeds(tmp_path):
    yaml = (
        f"title: Feeds\nchapters:\n  - {FEEDS / 'feedparser' / 'rss2.0NSwithModules.xml'}\n"
        f"  - {FEEDS / 'trafilatura' / 'feed1.atom'}\n  - {FEEDS / 'trafilatura' / 'feed.json'}\n"
        f"  - {{source: {FEEDS / 'trafilatura' / 'feed2.rss'}, limit: 3}}\n"
    )
    folder = write_book(tmp_path / "b", yaml)
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    titles = titles_of(built)
    assert titles[0] == "Test Item - RSS2.0 w/ NS"
    assert "Atom-Powered Robots Run Amok" in titles
    assert len(titles) >= 8
    assert_epubcheck_clean(built.output("epub"))


def test_feed_encodings_and_hostile_content(tmp_path):
    names = ["koi8r.xml", "eucjp.xml", "item_content_encoded_crazy.xml", "entry_content_crazy.xml",
             "large_atom_feed_that_needs_css_sanitisation.xml"]  # fmt: skip
    items = "".join(f"  - {FEEDS / 'feedparser' / name}\n" for name in names)
    folder = write_book(tmp_path / "b", f"title: Feeds\nlanguage: ru\nchapters:\n{items}")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    text = epub.all_text()
    assert any("\u0400" <= ch <= "\u04ff" for ch in text), "KOI8-R / Russian text decoded"
    assert any("\u3040" <= ch <= "\u30ff" for ch in text), "EUC-JP text decoded"
    for href in epub.manifest():
        markup = epub.text(href)
        assert "<script" not in markup and "executeMe" not in markup.split("</head>")[-1].replace("executeMe()", "")
        assert "position:" not in markup and "onmouseover" not in markup
    assert_epubcheck_clean(built.output("epub"))


def test_malformed_feed_names_file_and_line(tmp_path):
    (tmp_path / "broken.xml").write_text(
        "<?xml version='1.0'?>\n<rss version='2.0'>\n<channel>\n<item><title>x</item>\n"
    )
    folder = write_book(tmp_path / "b", f"title: T\nchapters: [{tmp_path / 'broken.xml'}]\n")
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'broken.xml'}:4: error: malformed feed:" in result.stderr


def test_word_files(tmp_path):
    docx = BLOG / "assets" / "presentations" / "agile-software-development-solicitation-template.docx"
    folder = write_book(tmp_path / "b", f"title: T\nchapters:\n  - {docx}\n")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    text = epub.all_text()
    assert "Agile" in text and len(text) > 5000
    assert_epubcheck_clean(built.output("epub"))


def test_template_tags_become_what_they_mean():
    warnings = []
    text = (
        '{% image "assets/a.png" "An alt" %} {% image_with_class "assets/b.jpg" "cls" "B alt" %}\n'
        '[link]({{ "/2019/01/01/x/" | url }}) {{site.baseurl}}/assets/c.png {{ "jane-doe" | team_link }}\n'
        '{% include "linked-figure.html", image: "/assets/d.png", alt: "D alt", caption: "D caption" %}\n'
        "{% raw %}{{ kept }}{% endraw %} {% if x %}cond{% endif %} {{ page.title }}\n"
    )
    out = render_tags(text, lambda message, found: warnings.append(message))
    assert "![An alt](/assets/a.png)" in out and "![B alt](/assets/b.jpg)" in out
    assert "[link](/2019/01/01/x/)" in out and "/assets/c.png" in out and "Jane Doe" in out
    assert '<img src="/assets/d.png" alt="D alt" /><figcaption>D caption</figcaption>' in out
    assert "{{ kept }}" in out and "cond" in out and "{%" not in out.replace("{{ kept }}", "")
    assert warnings == ["template tag {% if %} dropped", "template tag {% endif %} dropped",
                        "template output {{ page.title }} dropped"]  # fmt: skip


@pytest.fixture(scope="module")
def blog_18f(tmp_path_factory):
    """The whole 18F blog (114 posts), with site_root for /assets/… and site_url for other pages."""
    folder = write_book(
        tmp_path_factory.mktemp("b18") / "book",
        f"title: 18F\nauthor: 18F\nsite_root: {BLOG}\nsite_url: https://18f.gsa.gov\n"
        f"chapters:\n  - {{source: {BLOG / 'posts'}, order: date}}\n",
    )
    return build_book(folder, folder.parent / "out", "--format", "epub")


def test_a_whole_static_site_blog(blog_18f):
    epub = Epub(blog_18f.output("epub"))
    assert len(epub.toc_entries()) == 114
    text = epub.all_text()
    assert "{%" not in text and "| url" not in text and "site.baseurl" not in text  # {{ … }} in {% raw %} stays
    assert len(epub.manifest("image/png") + epub.manifest("image/jpeg")) > 60  # found under site_root
    links = [a for h in epub.manifest() for a in epub.xml(h).xpath("//x:a/@href", namespaces=NS)]
    assert "https://18f.gsa.gov/2016/02/23/software-maintenance-is-an-anti-pattern/" in links
    assert "image left out: /assets/blog/doj-crt-landing-page.gif: no such file" in blog_18f.result.stderr
    assert_epubcheck_clean(blog_18f.output("epub"))
