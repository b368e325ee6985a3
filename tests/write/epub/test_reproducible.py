"""Reproducible EPUBs: the same book twice is the same bytes; SOURCE_DATE_EPOCH sets the time."""

from __future__ import annotations

import zipfile

from tests.helpers import NS, REPO, Epub, build_book


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build_book(REPO / "book", tmp_path / "one")
    second = build_book(REPO / "book", tmp_path / "two")
    for ext in ("epub", "pdf"):
        assert first.output(ext).read_bytes() == second.output(ext).read_bytes(), ext
    epub = zipfile.ZipFile(first.output("epub"))
    assert epub.infolist()[0].filename == "mimetype" and epub.infolist()[0].compress_type == zipfile.ZIP_STORED
    assert {info.date_time for info in epub.infolist()} == {(2026, 11, 26, 0, 0, 0)}  # the book's date


def test_source_date_epoch_sets_the_build_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    built = build_book(REPO / "book", tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    assert epub.opf.xpath("string(//opf:meta[@property='dcterms:modified'])", namespaces=NS) == "2023-11-14T22:13:20Z"
    assert zipfile.ZipFile(built.output("epub")).infolist()[1].date_time == (2023, 11, 14, 22, 13, 20)
