"""Titles and headings: the first heading as the title, the post's headings under the chapter's."""

from __future__ import annotations

from tests.helpers import assembled


def test_title_from_first_heading_and_headings_demoted(tmp_path):
    post = "Intro line.\n\n# The Real Title\n\nText.\n\n# Next Section\n\n## Sub\n"
    book, warnings, _ = assembled(tmp_path, {"a.md": post})
    chapter = book.chapters()[0]
    assert chapter.title == "The Real Title"
    assert "The Real Title" not in chapter.html
    assert "<h2" in chapter.html and "Next Section</h2>" in chapter.html and "Sub</h3>" in chapter.html
    assert "<h1" not in chapter.html
    assert not warnings


def test_post_without_title_uses_file_name_with_warning(tmp_path):
    book, warnings, folder = assembled(tmp_path, {"nameless-post.md": "Just text.\n"})
    assert book.chapters()[0].title == "nameless-post"
    assert warnings == [
        f"{folder / 'nameless-post.md'}:1: warning: post has no title; the file name 'nameless-post' stands in"
    ]
