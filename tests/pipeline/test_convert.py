"""Conversion through pandoc: Markdown features, a small book in one pandoc process, a big one in several."""

from __future__ import annotations

import subprocess

import postbind.convert
from postbind import convert
from postbind.errors import Reporter
from postbind.pipeline import build
from tests.helpers import assembled, write_book


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


def varied_posts(count: int) -> list[str]:
    """Markdown posts of different lengths and features, enough text for several pandoc processes."""
    return [
        f"# Post {n}\n\n" + f"Paragraph *{n}* with [a link](https://example.org/{n}) and $x^{n % 5}$.\n\n" * (5 + n * 7)
        for n in range(30)
    ]


def test_several_pandoc_processes_give_what_one_gives(tmp_path, monkeypatch):
    """The posts split over processes come back in order, identical, and a post that fails fails alone."""
    monkeypatch.setenv("POSTBIND_CACHE", "off")
    jobs = [convert.Job("markdown", text=text) for text in varied_posts(30)]
    jobs.insert(7, convert.Job("docx", path=tmp_path / "missing.docx", media_dir=tmp_path / "media"))
    jobs.append(convert.Job("math", text="$a^2$\n\n$$b_1$$\n"))
    assert len(convert.batches(jobs, 3)) == 3
    calls = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(convert.subprocess, "run", counting_run)
    one, _ = convert.to_html(jobs, workers=1)
    assert len(calls) == 1
    three, _ = convert.to_html(jobs, workers=3)
    assert len(calls) == 4
    assert three == one
    assert [n for n, result in enumerate(three) if result.error] == [7]
    assert "missing.docx" in three[7].error
    assert all("<em>" in result.html for n, result in enumerate(three[:-1]) if n != 7)
    assert len(three[-1].pieces) == 2


def test_batches_are_balanced_by_size_and_keep_the_order():
    sizes = [90_000, 10_000, 40_000, 30_000, 20_000, 60_000, 50_000, 25_000, 35_000, 15_000]
    jobs = [convert.Job("markdown", text="x" * size) for size in sizes]
    split = convert.batches(jobs, 2)
    assert sorted(i for batch in split for i in batch) == list(range(len(jobs)))
    assert all(batch == sorted(batch) for batch in split)
    loads = [sum(sizes[i] for i in batch) for batch in split]
    assert len(split) == 2 and max(loads) - min(loads) <= 10_000
    assert (
        len(convert.batches(jobs, 16)) == 2 and len(convert.batches(jobs * 2, 16)) == 5
    )  # a batch per 4 posts at most


def test_few_or_small_posts_are_one_pandoc_process():
    big = [convert.Job("markdown", text="x" * 100_000) for _ in range(7)]
    small = [convert.Job("markdown", text="Some words.") for _ in range(200)]
    assert convert.batches(big, 8) == [list(range(7))]  # under MIN_JOBS posts
    assert convert.batches(small, 8) == [list(range(200))]  # under BATCH_CHARS of text in all
    assert convert.batches([], 8) == []


def test_the_builds_workers_size_the_pandoc_processes(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTBIND_CACHE", "off")
    asked = []
    real_batches = convert.batches

    def recording_batches(jobs, workers):
        asked.append(workers)
        return real_batches(jobs, workers)

    monkeypatch.setattr(convert, "batches", recording_batches)
    monkeypatch.setattr(convert, "usable_cores", lambda: 5)
    folder = write_book(tmp_path / "book", "title: T\nchapters: [a.md]\n", {"a.md": "---\ntitle: A\n---\n\nText.\n"})
    build(folder, tmp_path / "out", ("html",), Reporter(quiet=True), workers=3)
    build(folder, tmp_path / "out", ("html",), Reporter(quiet=True))
    assert asked == [3, 5]
