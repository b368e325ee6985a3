"""The Markdown reader: front matter fields, and a broken header as a warning."""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.registry import read_all


def test_markdown_front_matter_fields(tmp_path):
    text = (
        "---\ntitle: >\n  A folded\n  title\nauthors: [A. One, B. Two]\ndate: 2020-02-03\n"
        "tags: [x, y]\nlicense: CC BY 4.0\nsource_url: https://example.org/p\nlang: fr\n---\n\nBody.\n"
    )
    post, _ = read(tmp_path, "a.md", text, "markdown")
    meta = post.meta
    assert (meta.title, meta.authors, meta.date) == ("A folded title", ("A. One", "B. Two"), "2020-02-03")
    assert (meta.tags, meta.rights, meta.source_url, meta.lang) == (
        ("x", "y"),
        "CC BY 4.0",
        "https://example.org/p",
        "fr",
    )
    assert post.body.strip() == "Body." and post.body_line == 13


def test_markdown_bad_front_matter_is_a_warning(tmp_path):
    post, reporter = read(tmp_path, "a.md", "---\ntitle: [unclosed\n---\n\nBody.\n", "markdown")
    assert post.body.strip() == "Body."
    assert reporter.warnings and reporter.warnings[0].message.startswith("front matter is not valid YAML")


def read(tmp_path: Path, name: str, text: str | bytes, fmt: str):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    reporter = Reporter(quiet=True)
    return read_all(path, reporter, fmt=fmt)[0], reporter
