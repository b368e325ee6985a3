"""Big WordPress exports: metadata is read as a stream, and only the posts a book keeps are read again and
rendered (issue 15, "archives at any size"). The exports are made by bench/archive.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import postbind.ingest.wordpress.content as wp_content
from postbind.errors import Reporter
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import read_all
from postbind.listing import list_book


@pytest.fixture(scope="module")
def export_2000(archive, tmp_path_factory) -> Path:
    return archive.write_export(tmp_path_factory.mktemp("wp2000"), 2000, kept=40)


def test_listing_a_selection_renders_only_the_posts_it_keeps(export_2000, monkeypatch):
    rendered = []
    autop = wp_content.wpautop
    monkeypatch.setattr(wp_content, "wpautop", lambda text: rendered.append(text) or autop(text))
    lines = list_book(export_2000, Reporter(quiet=True), verbose=True)
    assert lines[0].endswith("— 40 chapters")
    assert len(rendered) == 40  # not 2,000: wpautop runs in body(), for the kept posts only
    assert "Left out: 1981" in lines  # 1,960 posts and 21 attachments, each with its reason
    assert sum(1 for line in lines if line.endswith("not matching categories: Field Notes")) == 1960


def test_items_on_one_line_and_hostile_exports_still_read(tmp_path):
    """Items that share a line (a compact export) are told apart; an export with a DOCTYPE is streamed."""
    head = '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
    head += 'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
    items = "".join(
        f"<item><title>T{n}</title><content:encoded><![CDATA[Body {n}.]]></content:encoded>"
        f"<wp:post_id>{n}</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
        for n in range(30)
    )
    for doctype in ("", '<!DOCTYPE rss [<!ENTITY x "y">]>'):
        path = tmp_path / "compact.xml"
        path.write_text(doctype + head + items + "</channel></rss>", encoding="utf-8")
        posts = read_all(path, Reporter(quiet=True), ReadOptions(), "wordpress")
        assert [p.body for p in posts] == [f"<p>Body {n}.</p>\n" for n in range(30)]


def test_a_book_of_many_sources_reads_each_with_its_own_reader(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Markdown\n---\n\nFrom Markdown.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Plain\n\nFrom text.\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text("title: Mixed\nchapters: [a.md, b.txt]\n", encoding="utf-8")
    lines = list_book(tmp_path, Reporter(quiet=True), verbose=False)
    assert lines[0].endswith("— 2 chapters") and "Markdown" in lines[1]
