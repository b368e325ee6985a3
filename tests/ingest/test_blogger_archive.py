"""Big Blogger exports: metadata is read as a stream, and only the posts a book keeps are read again and
tidied (issue 15, "archives at any size"). The exports are made by bench/archive.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import postbind.ingest.blogger as blogger
from postbind.errors import Reporter
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import read_all
from postbind.listing import list_book


@pytest.fixture(scope="module")
def export_2000(archive, tmp_path_factory) -> Path:
    return archive.write_export(tmp_path_factory.mktemp("blogger2000"), 2000, kept=40, kind="blogger")


def test_listing_a_selection_tidies_only_the_posts_it_keeps(export_2000, monkeypatch):
    tidied = []
    tidy = blogger.tidy
    monkeypatch.setattr(blogger, "tidy", lambda text: tidied.append(text) or tidy(text))
    lines = list_book(export_2000, Reporter(quiet=True), verbose=True)
    assert lines[0].endswith("— 40 chapters")
    assert len(tidied) == 40  # not 2,000: bodies are read and tidied for the kept posts only
    assert "Left out: 2002" in lines  # 1,960 posts, 40 comments, the template and a setting, each with its reason
    assert sum(1 for line in lines if line.endswith("not matching categories: Field Notes")) == 1960


def test_entries_on_one_line_late_feed_authors_and_hostile_exports_still_read(tmp_path):
    """Entries that share a line are told apart; the feed's author and address after its entries still sign
    and place them; an export with a DOCTYPE is streamed, its entity references dropped with one warning,
    said before the posts skipped (as when the export was parsed whole)."""
    head = "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>"
    entries = "".join(
        f"<entry><id>p{n}</id><title>T{n}</title><blogger:type>POST</blogger:type>"
        f"<blogger:filename>/p{n}.html</blogger:filename><content type='html'>Body {n}.</content></entry>"
        for n in range(30)
    )
    tail = "<author><name>Late</name></author><link rel='alternate' href='https://late.blogspot.com/'/></feed>"
    path = tmp_path / "compact.xml"
    for doctype in ("", '<!DOCTYPE feed [<!ENTITY x "y">]>'):
        path.write_text(doctype + head + entries + tail, encoding="utf-8")
        posts = read_all(path, Reporter(quiet=True), ReadOptions(), "blogger")
        assert [p.body for p in posts] == [f"<p>Body {n}.</p>" for n in range(30)]
        assert {p.meta.authors for p in posts} == {("Late",)}
        assert posts[7].meta.source_url == "https://late.blogspot.com/p7.html"
    hostile = entries.replace("Body 5.", "").replace("Body 9.", "Body &x;9.")
    path.write_text('<!DOCTYPE feed [<!ENTITY x "y">]>' + head + hostile + tail, encoding="utf-8")
    reporter = Reporter(quiet=True)
    posts = read_all(path, reporter, ReadOptions(), "blogger")
    assert len(posts) == 29 and posts[8].body == "<p>Body 9.</p>"
    assert [w.message for w in reporter.warnings] == [
        "entity references declared in the file's DOCTYPE are ignored",
        "'T5' has no content; skipped",
    ]
