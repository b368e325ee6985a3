"""The Blogger reader: a small export of our own in each shape (tests/fixtures/blogger), and books of the
real samples in ../shared/corpus/platforms/blogger (read there, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from postbind.errors import PostbindError, Reporter
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import detect, read_all
from tests.helpers import SHARED, run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "blogger"
BACKUP, TAKEOUT = FIXTURES / "backup.xml", FIXTURES / "takeout.atom"
SAMPLES = SHARED / "corpus" / "platforms" / "blogger"
# What an export's HTML, Atom or template language looks like if it reaches a reader's eyes.


def read(path: Path):
    reporter = Reporter(quiet=True)
    return read_all(path, reporter, ReadOptions()), reporter


def test_exports_are_told_from_plain_atom_feeds(tmp_path):
    plain = tmp_path / "feed.atom"
    plain.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        '<generator uri="http://www.blogger.com">Blogger</generator><entry><title>e</title>'
        '<content type="html">x</content></entry></feed>',
        encoding="utf-8",
    )
    assert detect(BACKUP).name == "blogger" and detect(TAKEOUT).name == "blogger"
    assert detect(plain).name == "feed"  # a blog's public feed is a feed, not an export


def test_backup_entries_have_their_kind_status_and_labels():
    posts, reporter = read(BACKUP)
    found = [(p.meta.title, p.meta.post_type, p.meta.status) for p in posts]
    assert found == [
        ("Template: A small Blogger blog", "template", "publish"),
        ("BLOG_NAME", "settings", "publish"),
        ("Up the hill", "post", "publish"),
        ("Half written", "post", "draft"),  # app:draft, and a type="html" title as text
        ("About", "page", "publish"),
        ("Lovely walk", "comment", "publish"),
        ("Down again", "post", "publish"),
    ]
    hill = posts[2].meta
    assert hill.tags == hill.categories == ("Walks", "Hills & Dales")
    assert hill.authors == ("Walker",) and hill.date == "2019-04-01"
    assert hill.source_url == "https://small.blogspot.com/2019/04/up-the-hill.html"
    assert hill.guid == "tag:blogger.com,1999:blog-1.post-101"
    assert posts[6].meta.authors == ("Blog Owner",)  # the feed's author signs an entry that names none
    assert posts[6].meta.source_url is None  # its tag: id is no address
    assert not reporter.warnings


def test_takeout_entries_have_their_type_status_and_address():
    posts, _ = read(TAKEOUT)
    assert [(p.meta.title, p.meta.post_type, p.meta.status) for p in posts] == [
        ("Nach Suzhou", "post", "publish"),
        ("Entwurf", "post", "draft"),
        (None, "comment", "publish"),
    ]
    first = posts[0].meta
    assert first.slug == "nach-suzhou" and first.tags == ("Reisen",) and first.authors == ("Bernd",)
    assert first.source_url == "https://takeout.blogspot.com/2011/05/nach-suzhou.html"  # blog + blogger:filename
    assert first.date == "2011-05-11"


def test_line_breaks_become_paragraphs_and_players_links():
    posts, _ = read(BACKUP)
    body = posts[2].body
    assert body.startswith("<p>We walked up the hill.</p><p>It was <b>steep</b>.<br>Very steep.</p>")
    assert '<p class="video">Video: <a href="https://www.youtube.com/v/abc123">' in body
    assert "<ul><li>boots</li><li>map</li></ul>" in body  # the <br />s between items are gone


def test_a_book_keeps_the_posts_and_says_why_the_rest_went(make_book):
    folder = make_book(f"title: Small\nchapters:\n  - {BACKUP}\n")
    result = run_cli("list", str(folder), "-v")
    assert result.exit_code == 0, result.stderr
    assert "Small — 2 chapters" in result.stdout
    assert "1. Up the hill — Walker — 2019-04-01" in result.stdout and "2. Down again" in result.stdout
    for reason in ("template (include: types)", "settings (include: types)", "draft (include: status)",
                   "page (include: types)", "comment (include: types)"):  # fmt: skip
        assert reason in result.stdout
    pages = make_book(f"title: Small\nchapters:\n  - {{source: {BACKUP}, include: {{types: [post, page]}}}}\n")
    assert "2. About" in run_cli("list", str(pages)).stdout  # in file order


def test_malformed_and_hostile_exports(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(BACKUP.read_text(encoding="utf-8").replace("</feed>", ""), encoding="utf-8")
    with pytest.raises(PostbindError, match="malformed Blogger export"):
        read(broken)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    hostile = tmp_path / "hostile.xml"
    doctype = f'<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
    text = BACKUP.read_text(encoding="utf-8").replace("<feed ", doctype + "<feed ", 1)
    hostile.write_text(text.replace("Down the other side.", "&xxe;"), encoding="utf-8")
    posts, reporter = read(hostile)
    assert not any("TOP SECRET" in p.body for p in posts)
    assert any("entity references" in w.message for w in reporter.warnings)


# A book of each real export: tests/ingest/test_export_samples.py.
