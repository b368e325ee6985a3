"""The Medium reader: a small archive of our own (tests/fixtures/medium), and books of the real
samples in ../shared/corpus/platforms (the archive in medium/, a Medium RSS feed in feeds/)."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from postbind.errors import Reporter
from postbind.ingest.registry import detect, read_all
from tests.helpers import SHARED, Epub, Pdf, assert_epubcheck_clean, build_book, needs_shared, run_cli, write_book
from tests.ingest.fidelity import chapter_words, fidelity, source_words

ARCHIVE = Path(__file__).resolve().parent.parent / "fixtures" / "medium"
PLATFORMS = SHARED / "corpus" / "platforms"
# What Medium's pages look like if they reach a reader's eyes.
SOURCE_SYNTAX = ("graf", "section-inner", "&lt;", "&gt;", "<p", "<br", "Canonical link", "Exported from")


def read(path: Path = ARCHIVE):
    reporter = Reporter(quiet=True)
    return {p.meta.title: p for p in read_all(path, reporter)}, reporter


def e_content(page: Path) -> str:
    """The story's body as the page holds it: its e-content section."""
    root = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    (section,) = root.xpath("//section[contains(@class, 'e-content')]")
    return lxml.html.tostring(section, encoding="unicode")


def test_an_archive_or_its_posts_folder_is_medium_and_a_story_page_alone_is_a_saved_page():
    assert detect(ARCHIVE).name == "medium" and detect(ARCHIVE / "posts").name == "medium"
    assert detect(ARCHIVE / "posts" / "draft_Harbours-0a0b0c0d0e0f.html").name == "html"


def test_metadata_drafts_and_responses():
    posts, _ = read()
    story = posts["Rivers and Roads"].meta
    assert (story.authors, story.date, story.summary, story.tags) == (
        ("Ada Writer",),
        "2024-02-10",
        "How towns grew",
        ("History",),
    )
    assert (story.source_url, story.slug) == (
        "https://medium.com/@ada/rivers-and-roads-1a2b3c4d5e6f",
        "rivers-and-roads",
    )
    assert (story.status, story.post_type) == ("publish", "post")
    assert posts["Harbours"].meta.status == "draft"  # a draft_ file
    assert posts["Unlisted Notes"].meta.status == "draft"  # no canonical link, no publication time
    assert posts["Great point, I think bridges came…"].meta.post_type == "response"


def test_the_body_is_the_story_without_mediums_layout():
    posts, _ = read()
    body = posts["Rivers and Roads"].body
    assert "graf" not in body and "<div" not in body and "<section" not in body and "Rivers and Roads" not in body
    assert '<figure><img src="images/map.png" alt="A map"><figcaption>An old <em>map</em></figcaption></figure>' in body
    assert "<ol><li>stone</li><li>iron</li></ol>" in body and "<h4>Bridges</h4>" in body
    assert "<pre><code>def cross(river):\n    return river + 1</code></pre>" in body
    assert body.count("<hr>") == 1 and body.index("<hr>") < body.index("After the break")
    card = '<p><a href="https://medium.com/@ada/harbours-0a0b0c0d0e0f"><strong>Harbours</strong><br><em>Where'
    assert card in body and "background-image" not in body  # a link card is a paragraph, its picture gone


def test_list_says_why_the_draft_and_the_response_are_left_out(tmp_path):
    folder = write_book(tmp_path / "book", f"title: Stories\nchapters:\n  - {ARCHIVE}\n")
    listing = run_cli("list", str(folder), "-v").stdout
    assert "Stories — 1 chapters" in listing or "Stories — 1 chapter" in listing
    assert "Harbours (" in listing and "Great point" in listing
    assert "response (include: types)" in listing and listing.count("draft (include: status)") == 2
    yaml_text = f"title: Replies\nchapters:\n  - {{source: {ARCHIVE}, include: {{types: [post, response]}}}}\n"
    assert "Replies — 2 chapters" in run_cli("list", str(write_book(tmp_path / "all", yaml_text))).stdout


@needs_shared
def test_a_book_of_the_real_archive(tmp_path):
    sample = PLATFORMS / "medium"
    folder = write_book(tmp_path / "book", f"title: Medium sample\nchapters:\n  - {sample}\n")
    left_out = run_cli("list", str(folder), "-v").stdout.split("Left out: 2\n")[1].splitlines()
    assert [line.split(" (")[0].strip() + ": " + line.rsplit("): ", 1)[1] for line in left_out] == [
        "This is a comment: response (include: types)",
        "Draft Post Title: draft (include: status)",
    ]
    built = build_book(folder, tmp_path / "out")
    assert "7 chapters" in built.result.stderr
    epub = Epub(built.output("epub"))
    titles = [t for _, t, _ in epub.chapter_toc_entries()]
    assert len(titles) == 7 and "Draft Post Title" not in titles and "This is a comment" not in titles
    assert_epubcheck_clean(built.output("epub"))
    pdf = Pdf(built.output("pdf"))
    assert len(pdf.pages) > 7
    for text in (epub.all_text(), "\n".join(pdf.pages)):
        assert not [s for s in SOURCE_SYNTAX if s in text]
    posts, _ = read(sample)
    for title in titles:
        source = source_words(e_content(posts[title].source))
        assert fidelity(source, chapter_words(epub, title)) >= 0.95, title


@needs_shared
def test_a_book_of_the_medium_feed(tmp_path):
    feed = PLATFORMS / "feeds" / "medium_feed.xml"
    folder = write_book(tmp_path / "book", f"title: Medium feed\nchapters:\n  - {feed}\n")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert "2 chapters" in built.result.stderr
    # messages name files by their resolved paths
    assert f"{feed.resolve()}:31: warning: a stray '<' before <![CDATA[" in built.result.stderr
    text = Epub(built.output("epub")).all_text()
    assert text.count("The quick brown fox") == 2 and "CDATA" not in text and "<figure" not in text
    assert_epubcheck_clean(built.output("epub"))
