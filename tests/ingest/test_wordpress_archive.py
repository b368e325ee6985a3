"""Big WordPress exports: metadata is read as a stream, and only the posts a book keeps are read again and
rendered (issue 15, "archives at any size"). The exports are made by bench/archive.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import postbind.ingest.wordpress.content as wp_content
from postbind.errors import PostbindError, Reporter
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import read_all
from postbind.ingest.wordpress import WordPressReader
from postbind.ingest.wordpress import xml as wp_xml
from postbind.listing import list_book

ROOT = Path(__file__).resolve().parents[2]


def bench_archive():
    spec = importlib.util.spec_from_file_location("bench_archive", ROOT / "bench" / "archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def archive():
    return bench_archive()


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


def test_the_kept_posts_are_read_in_one_go_and_found_by_their_lines(export_2000, monkeypatch):
    """Bodies found again by their line (past line 65,535 too, where libxml2 gives an element the line of
    its first child) are the bodies a pass over the whole export finds."""
    path = export_2000 / "export.xml"
    reader, reporter = WordPressReader(), Reporter(quiet=True)
    entries = reader.entries(path, reporter, ReadOptions())
    assert max(e.item_line for e in entries) > 65535
    kept = entries[::50]
    passes = []
    items = wp_xml.Export.items
    monkeypatch.setattr(wp_xml.Export, "items", lambda self, *a, **k: passes.append(a) or items(self, *a, **k))
    alone = list(reader.bodies(kept, reporter))
    assert passes == []  # no pass over the export: every item was found by its line
    monkeypatch.setattr(wp_xml.Export, "_read_alone", lambda self, file, want: None)
    streamed = list(reader.bodies(kept, reporter))
    assert len(passes) == 1  # one pass for all of them
    assert alone == streamed and all(body.text.startswith("<p>") for body in alone)


def test_an_export_that_changed_since_it_was_listed_is_not_misread(tmp_path, archive):
    folder = archive.write_export(tmp_path, 50, kept=5)
    path = folder / "export.xml"
    reader, reporter = WordPressReader(), Reporter(quiet=True)
    entries = reader.entries(path, reporter, ReadOptions())
    path.write_text(path.read_text(encoding="utf-8").replace("Post 3:", "Post three:"), encoding="utf-8")
    with pytest.raises(PostbindError, match="changed while it was being read"):
        list(reader.bodies(entries[:2], reporter))


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


def test_memory_does_not_grow_with_the_export(tmp_path, archive):
    """`postbind list` of 2,000 and of 8,000 posts keeping 40: the peak (RSS, libxml2's trees included) grows
    by the metadata of 6,000 more items (under 1 KB each), not by their 35 MB of content."""
    small = archive.measure_list(tmp_path / "small", 2000, kept=40)
    large = archive.measure_list(tmp_path / "large", 8000, kept=40)
    assert small["kept"] == large["kept"] == 40
    assert large["export_mb"] > 55
    assert large["peak_mb"] - small["peak_mb"] < 12, (small, large)


def test_a_book_of_many_sources_reads_each_with_its_own_reader(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Markdown\n---\n\nFrom Markdown.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Plain\n\nFrom text.\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text("title: Mixed\nchapters: [a.md, b.txt]\n", encoding="utf-8")
    lines = list_book(tmp_path, Reporter(quiet=True), verbose=False)
    assert lines[0].endswith("— 2 chapters") and "Markdown" in lines[1]
