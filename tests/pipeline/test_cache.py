"""The conversion cache: a rebuild converts only what changed, and a broken cache costs only time."""

from __future__ import annotations

import re

from postbind.cache import cache_dir
from tests.helpers import build_book, write_book


def posts(count: int) -> dict[str, str]:
    return {f"p{n}.md": f"---\ntitle: Post {n}\n---\n\nText of post {n}, in the cache test.\n" for n in range(count)}


def hits(built) -> int:
    found = re.search(r"(\d+) post\(s\) from the cache", built.result.stderr)
    return int(found.group(1)) if found else 0


def test_unchanged_posts_come_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = write_book(
        tmp_path / "b", "title: Cached\nchapters:\n" + "".join(f"  - p{n}.md\n" for n in range(5)), posts(5)
    )
    cold = build_book(folder, tmp_path / "one", "--format", "epub")
    warm = build_book(folder, tmp_path / "two", "--format", "epub")
    assert (hits(cold), hits(warm)) == (0, 5)
    assert cold.output("epub").read_bytes() == warm.output("epub").read_bytes()
    (folder / "p3.md").write_text("---\ntitle: Post 3\n---\n\nAn edit.\n")
    assert hits(build_book(folder, tmp_path / "three", "--format", "epub")) == 4


def test_a_corrupt_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = write_book(tmp_path / "b", "title: Cached\nchapters: [p0.md, p1.md]\n", posts(2))
    first = build_book(folder, tmp_path / "one", "--format", "epub")
    entries = [p for p in cache_dir().rglob("*") if p.is_file()]
    assert len(entries) == 2
    for entry in entries:
        entry.write_text('{"html": ')  # half written
    again = build_book(folder, tmp_path / "two", "--format", "epub")
    assert hits(again) == 0 and again.output("epub").read_bytes() == first.output("epub").read_bytes()
    assert hits(build_book(folder, tmp_path / "three", "--format", "epub")) == 2  # and it was repaired


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTBIND_CACHE", "off")
    folder = write_book(tmp_path / "b", "title: Cached\nchapters: [p0.md]\n", posts(1))
    build_book(folder, tmp_path / "one", "--format", "epub")
    assert hits(build_book(folder, tmp_path / "two", "--format", "epub")) == 0
