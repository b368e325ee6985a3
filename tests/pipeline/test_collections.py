"""Collections and selection through real books: folders, feeds, Word files, template tags,
select / order / limit, de-duplication, `postbind list`."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.corpus import CORPUS
from tests.helpers import Epub, assert_epubcheck_clean, build_book, run_cli, write_book

FEEDS = CORPUS / "feeds"
BLOG = CORPUS / "blog-18f"


def post(title: str, date: str, tags: str = "[]", author: str = "A. Writer", words: int = 30) -> str:
    body = " ".join(f"{title.lower()} word{n}" for n in range(words))
    return f"---\ntitle: {title}\ndate: {date}\ntags: {tags}\nauthor: {author}\n---\n\n{body}\n"


@pytest.fixture
def blog(tmp_path):
    """A folder of five posts with tags and dates, and a book beside it."""
    files = {
        "posts/2020-01-05-alpha.md": post("Alpha", "2020-01-05", "[Garden, Tools]"),
        "posts/2020-03-01-beta.md": post("Beta", "2020-03-01", "[garden]", author="B. Other"),
        "posts/2021-07-09-gamma.md": post("Gamma", "2021-07-09", "[kitchen]"),
        "posts/2022-02-02-delta.md": post("Delta Garden Notes", "2022-02-02", "[Garden]"),
        "posts/2019-12-31-epsilon.md": post("Epsilon", "2019-12-31", "[tools]"),
        "posts/cover.png": b"not a post",
        "posts/.draft.md": post("Hidden", "2020-01-01"),
    }
    return write_book(tmp_path / "book", "title: T\nchapters: [posts]\n", files)


def titles_of(built) -> list[str]:
    return [t for _, t, _ in Epub(built.output("epub")).toc_entries()]


def build_epub(folder, yaml_text: str, tmp_path):
    (folder / "book.yaml").write_text(yaml_text)
    return build_book(folder, tmp_path / "out", "--format", "epub")


def test_folder_collection_reads_every_post_in_name_order(blog, tmp_path):
    built = build_epub(blog, "title: T\nchapters: [posts]\n", tmp_path)
    assert titles_of(built) == ["Epsilon", "Alpha", "Beta", "Gamma", "Delta Garden Notes"]
    assert_epubcheck_clean(built.output("epub"))


def test_select_combines_keys_with_and_values_with_or(blog, tmp_path):
    yaml = (
        "title: T\nchapters:\n  - source: posts\n    select: {tags: [GARDEN, kitchen], after: 2020-02-01}\n"
        "    order: -date\n"
    )
    assert titles_of(build_epub(blog, yaml, tmp_path)) == ["Delta Garden Notes", "Gamma", "Beta"]


def test_select_by_title_glob_author_slug_and_limit(blog, tmp_path):
    yaml = "title: T\nchapters:\n  - {source: posts, select: {titles: ['*garden*', 'Al?ha']}, order: title}\n"
    assert titles_of(build_epub(blog, yaml, tmp_path)) == ["Alpha", "Delta Garden Notes"]
    yaml = (
        "title: T\nchapters:\n  - {source: posts, select: {authors: b. other}}\n"
        "  - {source: posts, select: {slugs: [gamma]}}\n"
    )
    assert titles_of(build_epub(blog, yaml, tmp_path)) == ["Beta", "Gamma"]
    yaml = "title: T\nchapters:\n  - {source: posts, order: date, limit: 2}\n"
    assert titles_of(build_epub(blog, yaml, tmp_path)) == ["Epsilon", "Alpha"]


def test_empty_selection_is_an_error_naming_the_selector(blog):
    (blog / "book.yaml").write_text("title: T\nchapters:\n  - source: posts\n    select: {tags: [nothing]}\n")
    result = run_cli("build", str(blog), "-o", str(blog / "out"))
    assert result.exit_code == 1
    assert "book.yaml:4: error: posts: no post matches the selection (tags: nothing)" in result.stderr


def test_explicit_post_wins_over_the_collection_and_duplicates_appear_once(blog, tmp_path):
    shutil.copy(blog / "posts/2020-03-01-beta.md", blog / "beta-copy.md")  # same text, another file
    yaml = "title: T\nchapters:\n  - posts/2021-07-09-gamma.md\n  - part: All\n    chapters: [posts, beta-copy.md]\n"
    built = build_epub(blog, yaml, tmp_path)
    # gamma is named, so the collection skips it; beta-copy.md is named, so the collection's Beta (same text) goes
    assert titles_of(built) == ["Gamma", "All", "Epsilon", "Alpha", "Delta Garden Notes", "Beta"]
    stderr = built.result.stderr
    assert "2021-07-09-gamma.md: warning: 'Gamma' is in the book already" in stderr
    assert f"2020-03-01-beta.md: warning: 'Beta' is in the book already ({blog / 'beta-copy.md'}); kept once" in stderr


def test_list_prints_the_order_and_what_was_left_out(blog):
    (blog / "book.yaml").write_text(
        "title: T\nchapters:\n  - part: Garden\n    chapters:\n"
        "      - {source: posts, select: {tags: garden}, limit: 2}\n"
    )
    result = run_cli("list", str(blog), "-v", cwd=blog)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "T — 2 chapters",
        "Part: Garden",
        "    1. Alpha — A. Writer — 2020-01-05 — posts/2020-01-05-alpha.md",
        "    2. Beta — B. Other — 2020-03-01 — posts/2020-03-01-beta.md",
    ]
    assert "  Epsilon (posts/2019-12-31-epsilon.md): not matching tags: garden" in lines
    assert "  Delta Garden Notes (posts/2022-02-02-delta.md): beyond limit 2" in lines
    assert "Left out: 3" in lines
    quiet = run_cli("list", str(blog), cwd=blog).stdout
    assert "Left out" not in quiet


def test_a_link_out_of_a_folder_of_posts_is_not_followed(tmp_path):
    folder = write_book(
        tmp_path / "b", "title: T\nchapters: [posts]\n", {"posts/a.md": "---\ntitle: A\n---\n\nText.\n"}
    )
    (tmp_path / "secret.txt").write_text("Secret\n\nroot:x:0:0 the password file\n")
    os.symlink(tmp_path / "secret.txt", folder / "posts" / "leak.txt")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert "root:x" not in Epub(built.output("epub")).all_text()
    assert "leak.txt: warning: a link to a file outside the folder; not read" in built.result.stderr
