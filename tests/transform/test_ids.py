"""Ids: every id and internal link in a chapter carries the chapter's prefix."""

from __future__ import annotations

from tests.helpers import assembled


def test_ids_are_unique_across_posts(tmp_path):
    post = "---\ntitle: P\n---\n\n## Intro\n\nSee [intro](#intro).[^1]\n\n[^1]: Note.\n"
    book, warnings, _ = assembled(tmp_path, {"a.md": post, "b.md": post})
    first, second = book.chapters()
    assert 'id="a_intro"' in first.html and 'href="#a_intro"' in first.html
    assert 'id="b_intro"' in second.html and 'href="#b_intro"' in second.html
    assert [n.id for n in first.notes] == ["a_fn1"] and [n.id for n in second.notes] == ["b_fn1"]
    assert not warnings
