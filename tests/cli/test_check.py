"""`postbind check`: EPUBCheck's findings named by file and post, Java missing, --no-build."""

from __future__ import annotations

import json

import postbind.check
from postbind import validate
from tests.corpus import CORPUS
from tests.helpers import needs_shared, post_with_url, run_cli, write_book

POST = "---\ntitle: Only Post\nauthor: A. Writer\n---\n\nSome text with a note.[^1]\n\n[^1]: The note.\n"
GOOD = "title: Small Book\nchapters:\n  - post.md\n"


@needs_shared
def test_epubcheck_wrapper_reports_a_broken_epub():
    findings = validate.run_epubcheck(CORPUS / "epub-samples" / "invalid.epub")
    codes = {f.code for f in findings if f.severity == "error"}
    assert {"OPF-049", "RSC-005"} <= codes
    assert all(f.file for f in findings)


def test_check_command_reports_and_fails(tmp_path, monkeypatch):
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": post_with_url("A", "Text.")})
    monkeypatch.setattr(validate, "ace_command", lambda: None)
    clean = run_cli("check", str(folder))
    assert clean.exit_code == 0, clean.stderr
    assert "EPUBCheck: 0 error(s), 0 warning(s)" in clean.stderr
    assert "DAISY Ace is not installed" in clean.stderr
    # a.md's chapter is named after its address, which ends in /x/
    broken = validate.Finding("epubcheck", "error", "RSC-005", "Error while parsing file", "EPUB/x.xhtml", 12)
    monkeypatch.setattr(postbind.check.validate, "run_epubcheck", lambda path: [broken])
    failed = run_cli("check", str(folder))
    assert failed.exit_code == 1
    assert (
        f"book.epub/EPUB/x.xhtml:12: error: EPUBCheck RSC-005: Error while parsing file (from {folder / 'a.md'})"
        in failed.stderr
    )
    report = json.loads(run_cli("check", str(folder), "--json").stdout)
    assert report["findings"] == [broken.as_dict()] and report["ace"] is False


def test_no_java_is_a_missing_system_dependency(tmp_path, monkeypatch):
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": "Text.\n"})
    monkeypatch.setattr(postbind.validate.shutil, "which", lambda name: None)
    result = run_cli("check", str(folder))
    assert result.exit_code == 3 and "EPUBCheck needs Java: install it" in result.stderr


def test_check_no_build_reads_sources_only(tmp_path):
    folder = write_book(tmp_path / "b", GOOD, {"post.md": POST + "\n![gone](gone.png)\n"})
    result = run_cli("check", str(folder), "--no-build")
    assert result.exit_code == 0 and "book.yaml and 1 post(s) read: 0 warning(s)" in result.stderr
    (folder / "book.yaml").write_text(GOOD + "  - missing.md\n")
    broken = run_cli("check", str(folder), "--no-build")
    assert broken.exit_code == 1 and "missing.md: no such file" in broken.stderr
