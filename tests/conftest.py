"""Shared fixtures: the sample book and the seed post built once, and helpers to build throwaway books."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The tests' conversions are cached apart from the user's own cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="postbind-test-cache-")

from tests.helpers import CHECKED, REPO, SHARED, BuiltBook, assert_epubcheck_clean, build_book, file_digest, write_book


@pytest.fixture(scope="session", autouse=True)
def every_epub_passes_epubcheck(tmp_path_factory):
    """After the run, EPUBCheck sees every EPUB any test built that no test checked itself."""
    yield
    unchecked = {file_digest(p): p for p in sorted(tmp_path_factory.getbasetemp().rglob("*.epub"))}
    for digest in CHECKED:
        unchecked.pop(digest, None)
    if unchecked:
        assert_epubcheck_clean(*unchecked.values())


@pytest.fixture(scope="session")
def sample_book(tmp_path_factory) -> BuiltBook:
    """The repository's sample book (book/ + chapters/), built into a temp folder."""
    return build_book(REPO / "book", tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def seed_book(tmp_path_factory) -> BuiltBook:
    """A book of the real seed post ../shared/samples/lev-sedov.txt (read there, never copied into the repo)."""
    seed = SHARED / "samples" / "lev-sedov.txt"
    assert seed.is_file(), f"the seed post is missing: {seed}"
    folder = tmp_path_factory.mktemp("seed")
    shutil.copy(seed, folder / "lev-sedov.txt")
    write_book(folder, "title: Seed\nchapters:\n  - lev-sedov.txt\n")
    return build_book(folder, folder / "out")


@pytest.fixture
def make_book(tmp_path):
    """Write a small book into tmp_path: make_book(yaml, files={name: text}) -> folder."""

    def make(yaml_text: str, files: dict[str, str | bytes] | None = None) -> Path:
        return write_book(tmp_path / "book", yaml_text, files or {})

    return make
