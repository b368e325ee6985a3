"""What WordPress's and Blogger's big exports share (ingest/xmltree.StreamedExport): the kept records are
found again by their line, an export changed since it was listed is refused, and memory does not grow with
the export (issue 15, "archives at any size"). The exports are made by bench/archive.py."""

from __future__ import annotations

import pytest

from postbind.errors import PostbindError, Reporter
from postbind.ingest.blogger import BloggerReader, atom
from postbind.ingest.reader import ReadOptions
from postbind.ingest.wordpress import WordPressReader
from postbind.ingest.wordpress import xml as wp_xml

# kind (as bench/archive.py names it) -> its reader, its export's class
KINDS = {"wordpress": (WordPressReader, wp_xml.Export), "blogger": (BloggerReader, atom.Export)}


@pytest.mark.parametrize("kind", KINDS)
def test_the_kept_records_are_read_in_one_go_and_found_by_their_lines(kind, archive, tmp_path, monkeypatch):
    """Bodies found again by their line (past line 65,535 too, where libxml2 gives an element the line of
    its first child) are the bodies a pass over the whole export finds, and what body() reads alone."""
    reader_class, export_class = KINDS[kind]
    path = archive.write_export(tmp_path, 2000, kept=40, kind=kind) / "export.xml"
    reader, reporter = reader_class(), Reporter(quiet=True)
    entries = reader.entries(path, reporter, ReadOptions())
    assert max(e.item_line for e in entries) > 65535
    kept = entries[::50]
    passes = []
    items = export_class.items
    monkeypatch.setattr(export_class, "items", lambda self, *a, **k: passes.append(a) or items(self, *a, **k))
    alone = list(reader.bodies(kept, reporter))
    assert passes == []  # no pass over the export: every record was found by its line
    monkeypatch.setattr(export_class, "_read_alone", lambda self, file, want: None)
    streamed = list(reader.bodies(kept, reporter))
    assert len(passes) == 1  # one pass for all of them
    assert alone == streamed and all(body.text.startswith("<p>") for body in alone)
    assert [reader.body(entry, reporter) for entry in kept[:3]] == alone[:3]


@pytest.mark.parametrize("kind", KINDS)
def test_an_export_that_changed_since_it_was_listed_is_not_misread(kind, archive, tmp_path):
    reader_class, export_class = KINDS[kind]
    path = archive.write_export(tmp_path, 50, kept=5, kind=kind) / "export.xml"
    reader, reporter = reader_class(), Reporter(quiet=True)
    entries = reader.entries(path, reporter, ReadOptions())
    path.write_text(path.read_text(encoding="utf-8").replace("Post 3:", "Post three:"), encoding="utf-8")
    with pytest.raises(PostbindError, match=f"{export_class.what} changed while it was being read"):
        list(reader.bodies(entries[:2], reporter))


@pytest.mark.parametrize("kind", KINDS)
def test_memory_does_not_grow_with_the_export(kind, archive, tmp_path):
    """`postbind list` of 2,000 and of 8,000 posts keeping 40: the peak (RSS, libxml2's trees included) grows
    by the metadata of 6,000 more records (under 1 KB each), not by their 35 MB of content."""
    small = archive.measure_list(tmp_path / "small", 2000, kept=40, kind=kind)
    large = archive.measure_list(tmp_path / "large", 8000, kept=40, kind=kind)
    assert small["kept"] == large["kept"] == 40
    assert large["export_mb"] > 55
    assert large["peak_mb"] - small["peak_mb"] < 12, (small, large)
