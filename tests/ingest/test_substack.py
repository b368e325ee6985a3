"""The Substack reader: a small export of our own (tests/fixtures/substack), and a book of the real
sample in ../shared/corpus/platforms/substack (read there, never copied)."""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.registry import detect, read_all
from tests.helpers import SHARED, Epub, Pdf, assert_epubcheck_clean, build_book, needs_shared, run_cli, write_book
from tests.ingest.fidelity import chapter_words, fidelity, source_words

EXPORT = Path(__file__).resolve().parent.parent / "fixtures" / "substack"
SAMPLE = SHARED / "corpus" / "platforms" / "substack"
# What Substack's files look like if they reach a reader's eyes.
SOURCE_SYNTAX = ("&#x", "&lt;", "&gt;", "<p", "button-wrapper", "data-attrs", "Sign up now", "Leave a comment")
WIDGETS = ("//*[contains(@class, 'button-wrapper')]", "//*[contains(@class, 'subscription-widget-wrap')]")


def read(path: Path = EXPORT):
    reporter = Reporter(quiet=True)
    return {p.meta.slug: p for p in read_all(path, reporter)}, reporter


def test_an_export_folder_is_told_from_other_folders(tmp_path):
    (tmp_path / "posts.csv").write_text("id,name\n1,x\n", encoding="utf-8")
    assert detect(EXPORT).name == "substack" and detect(tmp_path).name == "folder"


def test_metadata_comes_from_posts_csv():
    posts, reporter = read()
    assert list(posts) == ["first-letter", "on-air", "open-thread", "unsent", "about"]
    first = posts["first-letter"].meta
    assert (first.title, first.summary, first.date) == (
        "The \u201cFirst\u201d Letter",
        "Where it all starts",
        "2023-02-01",
    )
    assert (first.status, first.post_type, first.guid) == ("publish", "newsletter", "substack:1001")
    assert [posts[s].meta.post_type for s in ("on-air", "open-thread", "about")] == ["podcast", "thread", "page"]
    assert posts["unsent"].meta.status == "draft"
    messages = [(w.message, w.line) for w in reporter.warnings]
    assert posts["about"].meta.summary == "This newsletter,\nin short"  # a quoted cell may hold a line break
    assert messages == [("'Lost Body': no posts/1006.lost.html; skipped", 8)]


def test_bodies_lose_substacks_widgets_and_a_podcast_links_its_audio():
    posts, _ = read()
    body = posts["first-letter"].body
    assert "Subscribe" not in body and "<form" not in body and "button" not in body and "Restack" not in body
    assert "<figcaption>The editor at work</figcaption>" in body and "<li>one thing</li>" in body
    assert '<pre><code>print("hello")</code></pre>' in body
    assert posts["on-air"].body.startswith('<p class="podcast">Listen: <a href="https://example.com/audio/on-air.mp3">')
    assert "Leave a comment" not in posts["on-air"].body and "<hr" not in posts["on-air"].body  # nor its rule


def test_a_book_keeps_newsletters_and_podcasts_unless_it_names_other_types(tmp_path):
    folder = write_book(tmp_path / "default", f"title: Letters\nchapters:\n  - {EXPORT}\n")
    listing = run_cli("list", str(folder), "-v").stdout
    assert "Letters — 2 chapters" in listing
    assert "thread (include: types)" in listing and "page (include: types)" in listing
    assert "draft (include: status)" in listing
    yaml_text = f"title: All\nchapters:\n  - {{source: {EXPORT}, include: {{types: [thread, page]}}}}\n"
    listing = run_cli("list", str(write_book(tmp_path / "others", yaml_text)), "-v").stdout
    assert "All — 2 chapters" in listing and "Open Thread" in listing and "About" in listing


@needs_shared
def test_a_book_of_the_real_sample(tmp_path):
    folder = write_book(tmp_path / "book", f"title: Substack sample\nchapters:\n  - {SAMPLE}\n")
    built = build_book(folder, tmp_path / "out")
    assert "2 chapters" in built.result.stderr
    epub = Epub(built.output("epub"))
    assert [t for _, t, _ in epub.chapter_toc_entries()] == ["Plain Text", "Comment Buttons"]
    assert_epubcheck_clean(built.output("epub"))
    pdf = Pdf(built.output("pdf"))
    assert len(pdf.pages) > 2
    for text in (epub.all_text(), "\n".join(pdf.pages)):
        assert not [s for s in SOURCE_SYNTAX if s in text]
    for title, post_id in (("Plain Text", "123401.plain-text"), ("Comment Buttons", "123402.podcast")):
        source = source_words((SAMPLE / "posts" / f"{post_id}.html").read_text(encoding="utf-8"), WIDGETS)
        assert fidelity(source, chapter_words(epub, title)) >= 0.95, title
