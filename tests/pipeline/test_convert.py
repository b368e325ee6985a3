"""Conversion through pandoc: Markdown features, and every post of a book in one pandoc process."""

from __future__ import annotations

import subprocess

import postbind.convert
from tests.helpers import assembled


def test_markdown_features_through_pandoc(tmp_path):
    post = '---\ntitle: P\n---\n\n"Quoted" -- dashed...\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted block\n'
    html = assembled(tmp_path, {"a.md": post})[0].chapters()[0].html
    assert "“Quoted” – dashed…" in html
    assert "<table>" in html and "<th>a</th>" in html
    assert "<blockquote>" in html


def test_all_posts_converted_in_one_pandoc_process(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTBIND_CACHE", "off")
    calls = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(postbind.convert.subprocess, "run", counting_run)
    files = {f"p{n}.md": f"---\ntitle: Post {n}\n---\n\nText *{n}*.\n" for n in range(12)}
    book, _, _ = assembled(tmp_path, files)
    assert len(calls) == 1
    assert [c.title for c in book.chapters()] == [f"Post {n}" for n in range(12)]
    assert all(f"<em>{n}</em>" in c.html for n, c in enumerate(book.chapters()))
