"""The Ghost reader: a small export of our own (tests/fixtures/ghost) in every editor format, and books of
the real samples in ../shared/corpus/platforms/ghost (read there, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from postbind.errors import Reporter
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import detect, read_all
from tests.helpers import SHARED, Epub, Pdf, assert_epubcheck_clean, build_book, needs_shared, run_cli, write_book

EXPORT = Path(__file__).resolve().parent.parent / "fixtures" / "ghost" / "export.json"
SAMPLES = SHARED / "corpus" / "platforms" / "ghost"
PNG = bytes.fromhex(  # a valid 2x2 RGBA PNG
    "89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d240000001449444154789c63fccfc0d0c0c0c0c0c0c4"
    "00050018250183468895270000000049454e44ae426082"
)
# What Ghost's formats look like if they reach a reader's eyes.
SOURCE_SYNTAX = ("__GHOST_URL__", "mobiledoc", '{"', "&lt;", "&gt;", "&amp;", "<p>", "kg-card")


def read(path: Path, media: Path | None = None):
    reporter = Reporter(quiet=True)
    return {p.meta.slug: p for p in read_all(path, reporter, ReadOptions(media=media))}, reporter


def site_images(folder: Path) -> Path:
    """A Ghost site's content/images with the fixture's one picture."""
    images = folder / "content" / "images"
    (images / "2024" / "01").mkdir(parents=True)
    (images / "2024" / "01" / "pic.png").write_bytes(PNG)
    return images


def test_exports_are_told_from_json_feeds_and_other_json(tmp_path):
    feed, other = tmp_path / "feed.json", tmp_path / "data.json"
    feed.write_text('{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}', encoding="utf-8")
    other.write_text('{"db": [{"rows": []}]}', encoding="utf-8")
    assert detect(EXPORT).name == "ghost" and detect(feed).name == "feed" and detect(other) is None


def test_metadata_comes_from_the_tables_around_each_post():
    posts, reporter = read(EXPORT)
    assert list(posts) == ["html-post", "lexical-post", "mobiledoc-post", "markdown-post", "unfinished", "about"]
    first = posts["html-post"].meta
    assert first.authors == ("Ada Writer", "Bo Editor")  # posts_authors in sort_order
    assert first.tags == first.categories == ("Travel", "Food")  # posts_tags in sort_order
    assert (first.date, first.guid, first.summary, first.status) == ("2024-01-05", "u-1", "The first.", "publish")
    assert first.source_url is None  # an export knows its site only as __GHOST_URL__
    assert (posts["unfinished"].meta.status, posts["unfinished"].meta.date) == ("draft", "2024-04-01")
    assert posts["about"].meta.post_type == "page"
    assert [w.message for w in reporter.warnings if "skipped" in w.message] == ["'Empty' has no content; skipped"]


def test_lexical_and_mobiledoc_are_rendered_when_there_is_no_html():
    posts, reporter = read(EXPORT)
    lexical = posts["lexical-post"].body
    assert "<h2>Why lexical</h2>" in lexical
    assert (
        '<p><strong>Bold</strong> and <a href="https://ghost.org/">a link</a><br><code>x &lt; y</code></p>' in lexical
    )
    assert "<ul><li>first</li><li>second</li></ul>" in lexical
    assert "<pre><code class=\"language-python\">print('hi')</code></pre>" in lexical
    assert "<figcaption>Seen <em>small</em></figcaption>" in lexical
    mobiledoc = posts["mobiledoc-post"].body
    assert '<p>Read <a href="/lexical-post/"><strong>the other post</strong></a>.<br>New line.</p>' in mobiledoc
    assert "<ol><li>one</li><li><strong>two</strong></li></ol>" in mobiledoc
    assert '<p class="raw">Raw HTML card</p>' in mobiledoc
    assert posts["markdown-post"].body_format == "markdown"
    assert posts["markdown-post"].body.startswith("Plain *Markdown* post.")
    messages = [w.message for w in reporter.warnings]
    assert "'Lexical post': Ghost card 'product' left out: a book can't show it" in messages
    assert "'Mobiledoc post': Ghost card 'gallery-of-things' left out: a book can't show it" in messages
    assert not any("paywall" in m for m in messages)  # site furniture, silently


def test_site_pictures_come_from_the_media_folder(tmp_path):
    images = site_images(tmp_path / "site")
    posts, reporter = read(EXPORT, images)
    local = (images / "2024" / "01" / "pic.png").resolve().as_uri()
    assert posts["html-post"].body.count(f'src="{local}"') == 2  # the feature picture and the post's own
    assert "<figcaption>A caption</figcaption>" in posts["html-post"].body
    assert f'src="{local}"' in posts["lexical-post"].body  # a resized copy falls back to the original
    assert not any("picture" in w.message for w in reporter.warnings)
    _, without = read(EXPORT)
    assert any("name the site's content/images folder as media:" in w.message for w in without.warnings)


def test_a_book_of_the_export_links_its_posts_and_embeds_its_pictures(tmp_path):
    site_images(tmp_path / "site")
    yaml_text = f"title: Ghost\nchapters:\n  - {{source: {EXPORT}, media: {tmp_path / 'site'}}}\n"
    folder = write_book(tmp_path / "book", yaml_text)
    listing = run_cli("list", str(folder), "-v")
    assert "Ghost — 4 chapters" in listing.stdout
    assert "draft (include: status)" in listing.stdout and "page (include: types)" in listing.stdout
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    assert epub.manifest("image/png")
    first = epub.chapter_hrefs()[0]
    assert 'href="lexical-post.xhtml#lexical-post"' in epub.text(first)  # __GHOST_URL__/lexical-post/'s chapter
    text = epub.all_text()
    assert "Plain Markdown post." in " ".join(text.split()) and "*Markdown*" not in text
    assert not [s for s in SOURCE_SYNTAX if s in text]
    assert_epubcheck_clean(built.output("epub"))


@needs_shared
@pytest.mark.parametrize(
    ("sample", "chapters"),
    [
        ("tryghost-migrate-fixtures/ghost-db-export.json", 3),
        ("tryghost-migrate-fixtures/admin-api-posts-lexical.json", 1),
    ],
)
def test_a_book_of_each_real_export(tmp_path, sample, chapters):
    """The tryghost-migrate fixtures; the real 4.47 export is in tests/ingest/test_export_samples.py."""
    folder = write_book(tmp_path / "book", f"title: Ghost sample\nchapters:\n  - {SAMPLES / sample}\n")
    built = build_book(folder, tmp_path / "out")
    assert f"{chapters} chapters" in built.result.stderr
    epub = Epub(built.output("epub"))
    assert len(epub.chapter_hrefs()) == chapters
    assert_epubcheck_clean(built.output("epub"))
    pdf = Pdf(built.output("pdf"))
    assert len(pdf.pages) > chapters
    for text in (epub.all_text(), "\n".join(pdf.pages)):
        assert not [s for s in SOURCE_SYNTAX if s in text]
