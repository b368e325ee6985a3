"""Books of the real export samples in ../shared/corpus/platforms whose readers read one file: Blogger,
Ghost, WordPress.com and a Medium feed. Each gives the chapters a reader would expect, validates clean,
and keeps at least 95% of every post's words (read there, never copied)."""

from __future__ import annotations

import pytest

from postbind.errors import Reporter
from postbind.ingest.registry import read_all
from tests.helpers import SHARED, Epub, Pdf, assert_epubcheck_clean, build_book, needs_shared, write_book
from tests.ingest.fidelity import chapter_words, fidelity, source_words

PLATFORMS = SHARED / "corpus" / "platforms"
# sample -> the chapters a book of it holds by default (the table)
SAMPLES = {
    "blogger/blogger-sample.xml": 3,
    "blogger/blogger-sample2.xml": 4,
    "ghost/ghost-4.47-export-yesjinu/ghost_exported_file.json": 2,
    "wordpress-com/sitetitle.wordpress.2025-01-19.000.xml": 7,
    "feeds/medium_feed.xml": 2,
}
ESCAPED = ("&lt;", "&gt;", "&amp;", "<p>")  # markup a reader let through as text
# what else each export's source looks like
SOURCE_SYNTAX = {
    "blogger": ("<br", "<b:", "kind#", "<object", "<embed", "data:blog"),
    "ghost": ("__GHOST_URL__", "mobiledoc", '{"', "kg-card"),
}

pytestmark = needs_shared


@pytest.fixture(scope="module", params=list(SAMPLES))
def sample(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    book = write_book(folder / "book", f"title: Sample\nchapters:\n  - {PLATFORMS / request.param}\n")
    built = build_book(book, folder / "out")
    return request.param, built


def test_the_default_chapters_validate_clean_in_both_editions(sample):
    name, built = sample
    epub = Epub(built.output("epub"))
    chapters = epub.chapter_toc_entries()
    assert len(chapters) == SAMPLES[name], [title for _, title, _ in chapters]
    assert f"{SAMPLES[name]} chapters" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))
    pdf = Pdf(built.output("pdf"))
    assert len(pdf.pages) > SAMPLES[name]


def test_no_source_syntax_is_left_in_the_text(sample):
    name, built = sample
    syntax = ESCAPED + SOURCE_SYNTAX.get(name.split("/")[0], ())
    for text in (Epub(built.output("epub")).all_text(), "\n".join(Pdf(built.output("pdf")).pages)):
        assert not [s for s in syntax if s in text]


def test_every_post_keeps_its_words(sample):
    name, built = sample
    epub = Epub(built.output("epub"))
    titles = {title for _, title, _ in epub.chapter_toc_entries()}
    posts = [p for p in read_all(PLATFORMS / name, Reporter(quiet=True)) if p.meta.title in titles]
    assert len(posts) >= len(titles)
    for post in posts:
        source = source_words(post.body)
        assert fidelity(source, chapter_words(epub, post.meta.title)) >= 0.95, post.meta.title
