"""Big Blogger exports: metadata is read as a stream, and only the posts a book keeps are read again and
tidied (issue 15, "archives at any size"). The exports are made by bench/archive.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import postbind.ingest.blogger as blogger
from postbind.errors import PostbindError, Reporter
from postbind.ingest.blogger import BloggerReader, atom
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import read_all
from postbind.listing import list_book

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def archive():
    spec = importlib.util.spec_from_file_location("bench_archive", ROOT / "bench" / "archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def test_the_kept_posts_are_read_in_one_go_and_found_by_their_lines(export_2000, monkeypatch):
    """Bodies found again by their line (past line 65,535 too) are the bodies a pass over the whole export
    finds, and the bodies the export holds."""
    path = export_2000 / "export.xml"
    reader, reporter = BloggerReader(), Reporter(quiet=True)
    entries = reader.entries(path, reporter, ReadOptions())
    assert max(e.item_line for e in entries) > 65535
    kept = entries[::50]
    passes = []
    items = atom.Export.items
    monkeypatch.setattr(atom.Export, "items", lambda self, *a, **k: passes.append(a) or items(self, *a, **k))
    alone = list(reader.bodies(kept, reporter))
    assert passes == []  # no pass over the export: every entry was found by its line
    monkeypatch.setattr(atom.Export, "_read_alone", lambda self, file, want: None)
    streamed = list(reader.bodies(kept, reporter))
    assert len(passes) == 1  # one pass for all of them
    assert alone == streamed and all(body.text.startswith("<p>") for body in alone)
    assert [reader.body(entry, reporter) for entry in kept[:3]] == alone[:3]


def test_an_export_that_changed_since_it_was_listed_is_not_misread(tmp_path, archive):
    folder = archive.write_export(tmp_path, 50, kept=5, kind="blogger")
    path = folder / "export.xml"
    reader, reporter = BloggerReader(), Reporter(quiet=True)
    entries = reader.entries(path, reporter, ReadOptions())
    path.write_text(path.read_text(encoding="utf-8").replace("Post 3:", "Post three:"), encoding="utf-8")
    with pytest.raises(PostbindError, match="Blogger export changed while it was being read"):
        list(reader.bodies(entries[:2], reporter))


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


def test_memory_does_not_grow_with_the_export(tmp_path, archive):
    """`postbind list` of 2,000 and of 8,000 posts keeping 40: the peak (RSS, libxml2's trees included) grows
    by the metadata of 6,000 more entries (under 1 KB each), not by their content."""
    small = archive.measure_list(tmp_path / "small", 2000, kept=40, kind="blogger")
    large = archive.measure_list(tmp_path / "large", 8000, kept=40, kind="blogger")
    assert small["kept"] == large["kept"] == 40
    assert large["export_mb"] > 55
    assert large["peak_mb"] - small["peak_mb"] < 12, (small, large)
