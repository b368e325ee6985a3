"""One book from every place a blog lives, chosen in one book.yaml: the issue's "done" criterion."""

from __future__ import annotations

import functools
import json

import pytest

from tests.corpus import CORPUS
from tests.helpers import Epub, Pdf, assert_epubcheck_clean, build_book, needs_shared, run_cli, write_book

pytestmark = needs_shared("corpus", "samples")

WXR = CORPUS / "wordpress" / "themeunittestdata.wordpress.xml"
PAGES = CORPUS / "html-pages"
DOCX = CORPUS / "blog-18f" / "assets" / "presentations" / "agile-software-development-solicitation-template.docx"


@functools.cache
def kulinaria() -> dict:
    """The saved page's entry in trafilatura's evaluation data: what the article holds and what it must leave out."""
    evaldata = json.loads((PAGES / "trafilatura" / "evaldata-subset.json").read_text(encoding="utf-8"))
    return next(v for v in evaldata.values() if v["file"].startswith("kulinaria"))


def mixed_yaml() -> str:
    return f"""title: Everything at once
author: Many hands
site_root: {CORPUS / "blog-18f"}
chapters:
  - part: From a WordPress export
    chapters:
      - source: {WXR}
        select: {{tags: [post-formats], titles: ["Post Format: *"]}}
        order: title
        limit: 4
  - part: From the web and the inbox
    chapters:
      - {PAGES / "trafilatura" / kulinaria()["file"]}
      - {PAGES / "readability" / "wordpress" / "source.html"}
      - {CORPUS / "feeds" / "trafilatura" / "feed1.atom"}
      - {{source: {CORPUS / "feeds" / "trafilatura" / "feed.json"}, limit: 2}}
      - {DOCX}
  - part: From a folder of Markdown
    chapters:
      - source: {CORPUS / "blog-18f" / "posts"}
        select: {{tags: [accessibility], after: 2020-01-01}}
        order: -date
        limit: 3
  - {{file: {CORPUS.parent / "samples" / "lev-sedov.txt"}, rights: Quoted for study}}
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = write_book(tmp_path_factory.mktemp("mixed") / "book", mixed_yaml())
    return build_book(folder, folder.parent / "out")


def test_every_source_reaches_the_book(mixed):
    epub = Epub(mixed.output("epub"))
    entries = epub.toc_entries()
    parts = [title for depth, title, _ in entries if depth == 1]
    assert parts == ["From a WordPress export", "From the web and the inbox", "From a folder of Markdown",
                     "The Strange Death of Lev Sedov"]  # fmt: skip
    wordpress = [t for d, t, _ in entries[1:5]]
    assert wordpress == sorted(wordpress) and all(t.startswith("Post Format: ") for t in wordpress)
    assert len(entries) == 1 + 4 + 1 + 6 + 1 + 3 + 1
    text = epub.all_text()
    for snippet in kulinaria()["with"]:
        assert snippet in text, snippet
    for snippet in kulinaria()["without"]:
        assert snippet not in text, snippet  # the site's chrome stayed on the site
    assert "Atom-Powered Robots Run Amok" in text and "Agile" in text
    assert "Previous Posts" not in text
    assert_epubcheck_clean(mixed.output("epub"))


def test_the_pdf_has_every_part_and_chapter(mixed):
    outline = Pdf(mixed.output("pdf")).outline()
    assert len([t for _, t, _ in outline if t not in ("Contents", "Sources and permissions")]) == 17


def test_list_explains_what_the_export_left_out(mixed):
    result = run_cli("list", str(mixed.folder), "-v")
    assert result.exit_code == 0
    out = result.stdout
    assert "page (include: types)" in out and "attachment (include: types)" in out
    assert "not matching tags: post-formats" in out
    assert "beyond limit 4" in out
    assert "Edge Case: No Content' has no content; skipped" in result.stderr


def test_include_opts_in_to_drafts_and_pages(tmp_path):
    yaml = (
        f"title: T\nchapters:\n  - source: {WXR}\n    include: {{status: [draft, publish], types: [page]}}\n"
        "    select: {titles: ['Page *', 'Draft*', 'About The Tests']}\n"
    )
    folder = write_book(tmp_path / "b", yaml)
    result = run_cli("list", str(folder), "-v")
    assert result.exit_code == 0, result.stderr
    assert "About The Tests" in result.stdout.split("Left out")[0]
