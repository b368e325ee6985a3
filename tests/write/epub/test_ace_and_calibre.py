"""`make check`: DAISY Ace and Calibre on the sample book and books built from ../shared/corpus (its
platforms' export samples too).

These need the validators `make check` installs (Node.js with @daisy/ace-cli, Chromium, Calibre);
`make test` leaves them out with `-m "not heavy"`, `make check` runs them.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from postbind import validate
from tests.corpus import (
    blog_18f_book,
    feeds_book,
    pandoc_suite_book,
    platforms_book,
    saved_pages_book,
    seed_post_book,
    wordpress_book,
)
from tests.helpers import REPO, assert_epubcheck_clean, build_book, require_shared, run_cli

pytestmark = pytest.mark.heavy

BOOKS = {
    "sample": lambda folder: REPO / "book",
    "seed post": seed_post_book,
    "pandoc suite": pandoc_suite_book,
    "18F blog": blog_18f_book,
    "WordPress exports": wordpress_book,
    "saved pages": saved_pages_book,
    "feeds": feeds_book,
    "platform exports": platforms_book,
}


@pytest.fixture(scope="module", params=list(BOOKS))
def built(request, tmp_path_factory):
    if request.param != "sample":
        require_shared("corpus", "samples")
    folder = tmp_path_factory.mktemp("heavy")
    book = BOOKS[request.param](folder / "book")
    formats = "epub,pdf" if request.param == "sample" else "epub"  # the sample with its page-list, too
    return build_book(book, folder / "out", "--format", formats).output("epub")


def test_epubcheck_clean(built):
    assert_epubcheck_clean(built)


def test_ace_finds_no_critical_or_serious_violation(built):
    assert validate.ace_command() is not None, "make check installs DAISY Ace"
    serious = [f for f in validate.run_ace(built) if f.severity == "error"]
    assert not serious, [(f.file, f.code, f.message) for f in serious]


def test_calibre_converts_to_azw3(built, tmp_path):
    target = tmp_path / "book.azw3"
    done = subprocess.run(["ebook-convert", str(built), str(target)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert target.stat().st_size > 10_000
    assert "Traceback" not in done.stderr


def test_check_command_runs_both_validators():
    result = run_cli("check", str(REPO / "book"), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ace"] is True
    assert report["findings"] == [] or all(f["severity"] == "warning" for f in report["findings"])
