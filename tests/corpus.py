"""Books built from the real material in ../shared/corpus (read there, never copied into the repo)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import SHARED, write_book

CORPUS = SHARED / "corpus"
SAMPLES = SHARED / "samples"
BLOG_POSTS = CORPUS / "blog-18f" / "posts"
# A course pack: letter size, bleed and crop marks, reading numbers, 18F posts, the seed post, pandoc's suite.
COURSE_PACK = f"""title: Readings in Digital Service
editor: A. Teacher
date: 2026-09-01
rights: For classroom use.
reading_numbers: true
print: {{page_size: letter, bleed: 0.125in, crop_marks: true}}
chapters:
  - part: Week one
    chapters:
      - {{file: {BLOG_POSTS / "2019-06-18-cross-functional-teams.md"}, author: 18F, rights: CC0 1.0 (public domain)}}
      - {{file: {BLOG_POSTS / "2021-07-06-architecture_decision_records_helpful_now_invaluable_later.md"}, author: 18F,
          title: Architecture decision records}}
  - part: Week two
    chapters:
      - {SAMPLES / "lev-sedov.txt"}
      - {{file: {CORPUS / "pandoc" / "testsuite.txt"}, format: markdown, title: The pandoc test suite}}
"""
PANDOC_SUITE = ["testsuite.txt", "markdown-reader-more.txt", "pipe-tables.txt", "tables.txt", "markdown-citations.txt"]


def pandoc_suite_book(folder: Path) -> Path:
    """pandoc's own Markdown test documents, one chapter each."""
    items = "".join(f"  - {{file: {CORPUS / 'pandoc' / name}, format: markdown}}\n" for name in PANDOC_SUITE)
    return write_book(folder, f"title: The pandoc test suite\nchapters:\n{items}")


def blog_18f_book(folder: Path) -> Path:
    """The whole 18F blog (CC0): 114 posts with template tags, site-absolute images and links."""
    blog = CORPUS / "blog-18f"
    return write_book(
        folder,
        f"title: 18F blog\nauthor: 18F\nsite_root: {blog}\nsite_url: https://18f.gsa.gov\n"
        f"chapters:\n  - {{source: {blog / 'posts'}, order: date}}\n",
    )


def seed_post_book(folder: Path) -> Path:
    seed = SHARED / "samples" / "lev-sedov.txt"
    return write_book(folder, f"title: Seed\nchapters:\n  - {seed}\n")


def wordpress_book(folder: Path) -> Path:
    """Every published post of WordPress's theme unit test export, and the block test export."""
    exports = [CORPUS / "wordpress" / name for name in ("themeunittestdata.wordpress.xml", "64-block-test-data.xml")]
    items = "".join(f"  - {path}\n" for path in exports)
    return write_book(folder, f"title: WordPress test data\nchapters:\n{items}")


def saved_pages_book(folder: Path) -> Path:
    """Every saved article page of the corpus, each a chapter."""
    pages = sorted((CORPUS / "html-pages" / "readability").glob("*/source.html"))
    pages += sorted((CORPUS / "html-pages" / "trafilatura").glob("*.html"))
    items = "".join(f"  - {{file: {page}, title: {page.parent.name if page.name == 'source.html' else page.stem}}}\n"
                    for page in pages)  # fmt: skip
    return write_book(folder, f"title: Saved pages\nchapters:\n{items}")


def feeds_book(folder: Path) -> Path:
    feeds = sorted((CORPUS / "feeds").glob("*/*.xml")) + sorted((CORPUS / "feeds").glob("*/*.atom"))
    feeds += sorted((CORPUS / "feeds").glob("*/*.rss")) + sorted((CORPUS / "feeds").glob("*/*.json"))
    items = "".join(f"  - {path}\n" for path in feeds if "utf-16le" not in path.name and "threading" not in path.name)
    return write_book(folder, f"title: Feeds\nchapters:\n{items}")


PLATFORM_SAMPLES = [
    "blogger/blogger-sample.xml",
    "blogger/blogger-sample2.xml",
    "ghost/ghost-4.47-export-yesjinu/ghost_exported_file.json",
    "medium",
    "substack",
    "feeds/medium_feed.xml",
    "wordpress-com/sitetitle.wordpress.2025-01-19.000.xml",
    "hugo-basic-example/content/post",
    "ablog-sunpy/posts",
    "jekyll-news/_posts",
]


def platforms_book(folder: Path) -> Path:
    """Every blogging platform's real export sample, one part each."""
    parts = "".join(
        f"  - part: {name.split('/')[0]}\n    chapters:\n      - {CORPUS / 'platforms' / name}\n"
        for name in PLATFORM_SAMPLES
    )
    return write_book(folder, f"title: Every platform\nchapters:\n{parts}")
