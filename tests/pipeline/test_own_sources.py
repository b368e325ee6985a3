"""A book from the small sources in tests/fixtures (a saved page, an Atom feed, a WordPress export): what a
clone can build and check on its own, without ../shared."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import FIXTURES, Epub, Pdf, assert_epubcheck_clean, build_book, run_cli, write_book

YAML = "title: Allotment\nauthor: Ruth Gardener\nchapters: [saved-page.html, feed.atom, export.xml]\n"
TITLES = ["Pricking Out Seedlings", "Sowing Beans in May", "A Wet Week", "Planting Potatoes", "The Compost Heap"]


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    folder = write_book(tmp_path_factory.mktemp("own") / "book", YAML)
    shutil.copytree(FIXTURES, folder, dirs_exist_ok=True)
    return build_book(folder, folder.parent / "out")


def test_every_source_of_our_own_reaches_both_outputs(own):
    epub = Epub(own.output("epub"))
    assert [title for _, title, _ in epub.toc_entries()] == TITLES
    text = epub.all_text()
    for phrase in ("Hold each seedling by a leaf", "Broad beans went in today", "Rain every day",
                   "Chitted seed potatoes", "Turn it once a month"):  # fmt: skip
        assert phrase in text, phrase
    for chrome in ("Subscribe", "Share this post", "Lovely post", "Privacy", "Leeks need"):
        assert chrome not in text, chrome
    assert len(epub.manifest("image/png")) == 1  # the saved page's picture, from its _files folder
    outline = [title for _, title, _ in Pdf(own.output("pdf")).outline()]
    assert [t for t in outline if t in TITLES] == TITLES
    assert_epubcheck_clean(own.output("epub"))


def test_list_tells_where_each_chapter_comes_from_and_what_was_left_out(own):
    result = run_cli("list", str(own.folder), "-v")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Allotment — 5 chapters"
    assert lines[1] == f"  1. Pricking Out Seedlings — Ruth Gardener — 2024-04-14 — {own.folder / 'saved-page.html'}"
    assert lines[3] == f"  3. A Wet Week — Tom Digger — 2024-05-12 — {own.folder / 'feed.atom'}:24"
    assert f"  Half-Written Thoughts on Leeks ({own.folder / 'export.xml'}:64): draft (include: status)" in lines
    assert f"  About This Allotment ({own.folder / 'export.xml'}:75): page (include: types)" in lines
    assert f"{own.folder / 'feed.atom'}:35: warning: feed entry 'An Entry With Nothing In It' has no content" in (
        result.stderr
    )
