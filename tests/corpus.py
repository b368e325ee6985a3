"""Books built from the real material in ../shared/corpus (read there, never copied into the repo)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import SHARED, write_book

CORPUS = SHARED / "corpus"
PANDOC_SUITE = ["testsuite.txt", "markdown-reader-more.txt", "pipe-tables.txt", "tables.txt", "markdown-citations.txt"]


def pandoc_suite_book(folder: Path) -> Path:
    """pandoc's own Markdown test documents, one chapter each."""
    items = "".join(f"  - {{file: {CORPUS / 'pandoc' / name}, format: markdown}}\n" for name in PANDOC_SUITE)
    return write_book(folder, f"title: The pandoc test suite\nchapters:\n{items}")


def blog_18f_book(folder: Path) -> Path:
    """The 18F posts that need no static-site template handling (CC0)."""
    posts = sorted(p for p in (CORPUS / "blog-18f" / "posts").glob("*.md") if not _has_template_tags(p))
    items = "".join(f"  - {p}\n" for p in posts)
    return write_book(folder, f"title: 18F blog\nauthor: 18F\nchapters:\n{items}")


def _has_template_tags(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return any(mark in text for mark in ("{{", "{%", "<img", "]("))  # images and links to the site need site_root


def seed_post_book(folder: Path) -> Path:
    seed = SHARED / "samples" / "lev-sedov.txt"
    return write_book(folder, f"title: Seed\nchapters:\n  - {seed}\n")
