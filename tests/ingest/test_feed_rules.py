"""Feeds' rules, on a small built book: who wrote an entry, what is printed as its source, and what a
file postbind can't read is told."""

from __future__ import annotations

import pytest

from tests.helpers import Epub, Pdf, assert_epubcheck_clean, build_book, run_cli, write_book

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>An Atom blog</title><id>urn:uuid:60a76c80-d399-11d9</id>
<updated>2024-01-02T00:00:00Z</updated><author><name>Feed Author</name></author>
<entry><title>Nameless entry</title><id>tag:example.org,2024-01-01:/nameless</id>
<updated>2024-01-01T00:00:00Z</updated><content type="html">&lt;p&gt;Whose words are these?&lt;/p&gt;</content></entry>
<entry><title>Signed entry</title><id>urn:uuid:1225c695-cfb8</id><link rel="alternate" href="https://example.org/signed"/>
<author><name>Entry Author</name></author>
<updated>2024-01-02T00:00:00Z</updated><content type="html">&lt;p&gt;Mine.&lt;/p&gt;</content></entry>
</feed>
"""
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>An RSS blog</title>
<link>https://rss.example.org/</link><description>d</description><dc:creator>Channel Creator</dc:creator>
<item><title>Channel item</title><guid isPermaLink="false">item-42</guid>
<description>&lt;p&gt;Said by the channel.&lt;/p&gt;</description></item></channel></rss>
"""
MANAGED = RSS.replace(
    "Channel Creator</dc:creator>", "</dc:creator><managingEditor>ed@example.org (Ed Itor)</managingEditor>"
)
MANAGED = MANAGED.replace("<dc:creator></dc:creator>", "").replace("item-42", "item-43")
POST = "---\ntitle: A catalogued post\nsource_url: urn:isbn:9780000000000\n---\n\nFrom a catalogue.\n"
BOOK = "title: Sources\nchapters:\n  - blog.atom\n  - blog.rss\n  - managed.rss\n  - post.md\n"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feeds") / "book"
    write_book(folder, BOOK, {"blog.atom": ATOM, "blog.rss": RSS, "managed.rss": MANAGED, "post.md": POST})
    return build_book(folder, folder.parent / "out")


def _byline(epub: Epub, href: str) -> str:
    return " ".join(epub.xml(href).xpath("string(//*[@class='byline'])").split())


def test_feed_authors_apply_to_entries_that_name_none(book):
    epub = Epub(book.output("epub"))
    bylines = [_byline(epub, href) for href in epub.chapter_hrefs()[:4]]
    assert bylines[0].startswith("Feed Author")  # RFC 4287 4.2.1
    assert bylines[1].startswith("Entry Author") and "Feed Author" not in bylines[1]
    assert bylines[2] == "Channel Creator"  # RSS channel dc:creator
    assert bylines[3] == "Ed Itor"  # RSS managingEditor
    assert_epubcheck_clean(book.output("epub"))


def test_only_web_addresses_are_printed_as_first_published(book):
    epub = Epub(book.output("epub"))
    text = epub.all_text()  # the copyright page is in the spine
    assert "First published at https://example.org/signed" in " ".join(text.split())
    for never in ("tag:example.org", "urn:uuid:1225", "item-4", "urn:isbn"):
        assert never not in text
    assert text.count("First published at") == 2  # the signed entry's chapter and its copyright line
    pdf = " ".join(" ".join(Pdf(book.output("pdf")).pages).split())
    assert "First published at https://example.org/signed" in pdf
    assert not any(never in pdf for never in ("tag:example.org", "urn:uuid:1225", "item-4", "urn:isbn"))


def test_a_refused_file_is_told_what_postbind_reads_without_contradiction(make_book):
    folder = make_book(
        "title: T\nchapters:\n  - data.json\n  - notes.xml\n", {"data.json": '{"a": 1}', "notes.xml": "<notes/>"}
    )
    result = run_cli("list", str(folder))
    assert result.exit_code != 0
    assert "data.json: not a Ghost export or a feed postbind knows (postbind reads " in result.stderr
    assert "notes.xml: not a WordPress export, a Blogger export or a feed postbind knows" in result.stderr
    assert "unsupported file type '.json'" not in result.stderr
