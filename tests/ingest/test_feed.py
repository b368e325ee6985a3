"""The feed reader (RSS, Atom, JSON Feed): real feeds from ../shared/corpus and a small feed of our own."""

from __future__ import annotations

import shutil

from tests.corpus import CORPUS
from tests.helpers import FIXTURES, NS, Epub, assert_epubcheck_clean, build_book, needs_shared, run_cli, write_book

FEEDS = CORPUS / "feeds"


def titles_of(built) -> list[str]:
    return [t for _, t, _ in Epub(built.output("epub")).toc_entries()]


@needs_shared
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


@needs_shared
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


def test_control_characters_are_read_out_with_a_warning(tmp_path):
    """U+000B from a word processor is not well-formed XML even as text; the feed is read without it."""
    feed = tmp_path / "pasted.xml"
    feed.write_bytes(
        b"<?xml version='1.0'?>\n<rss version='2.0'><channel><title>F</title>\n<item><title>Pasted</title>\n"
        b"<description>&lt;p&gt;Vertical\x0btab and\x1f unit separator.&lt;/p&gt;</description></item>\n"
        b"</channel></rss>\n"
    )
    folder = write_book(tmp_path / "b", f"title: T\nchapters: [{feed}]\n")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert f"{feed}:4: warning: control characters XML forbids (the first, U+000B, here)" in built.result.stderr
    assert "Verticaltab and unit separator." in Epub(built.output("epub")).all_text()
    assert_epubcheck_clean(built.output("epub"))


def test_an_atom_feed_of_our_own(tmp_path):
    folder = write_book(tmp_path / "b", "title: Feed\nchapters: [feed.atom]\n")
    feed = folder / "feed.atom"
    shutil.copy(FIXTURES / "feed.atom", feed)
    listed = run_cli("list", str(folder))
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.splitlines()[1:] == [
        f"  1. Sowing Beans in May — Ruth Gardener — 2024-05-02 — {feed}:10",
        f"  2. A Wet Week — Tom Digger — 2024-05-12 — {feed}:24",  # an entry's own author
    ]
    assert f"{feed}:35: warning: feed entry 'An Entry With Nothing In It' has no content; skipped" in listed.stderr
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    first = epub.xml("beans.xhtml")  # each chapter is named after its entry's address
    assert first.xpath("string(//x:h2)", namespaces=NS) == "What the soil needed"  # the html content, kept
    assert first.xpath("//x:ul/x:li/text()", namespaces=NS) == ["a barrow of compost", "a morning of weeding"]
    assert "Rain every day: the water butts are full" in epub.text("rain.xhtml")  # a summary stands in for content
    assert_epubcheck_clean(built.output("epub"))


def test_an_atom_entry_without_an_author_takes_the_feeds(tmp_path):
    """RFC 4287 4.2.1: an entry without atom:author takes the feed's authors."""
    folder = write_book(tmp_path / "b", f"title: Feed\nchapters:\n  - {FIXTURES / 'feed.atom'}\n")
    assert "  1. Sowing Beans in May — Ruth Gardener — 2024-05-02" in run_cli("list", str(folder)).stdout
