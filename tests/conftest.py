"""Shared fixtures: the sample book and the seed post built once, and helpers to build throwaway books."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The tests' conversions are cached apart from the user's own cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="postbind-test-cache-")

from tests.helpers import (
    BUILT_BY,
    CHECKED,
    REPO,
    SHARED,
    BuiltBook,
    assert_epubcheck_clean,
    build_book,
    file_digest,
    require_shared,
    start_epubcheck_jvm,
    write_book,
)


def pytest_collection_finish(session):
    """Start EPUBCheck's JVM (tests/EpubCheckServer.java) while the first tests run: it is ready when needed."""
    if session.items and not session.config.option.collectonly:
        start_epubcheck_jvm()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """`@needs_shared(...)`: skip (or, with POSTBIND_REQUIRE_SHARED=1, fail) before any fixture reads ../shared."""
    for marker in item.iter_markers("needs_shared"):
        require_shared(*marker.args)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    """Remember which test built each EPUB in its tmp_path, so a failure at the end names it."""
    folder = getattr(item, "funcargs", {}).get("tmp_path")
    if folder is not None and folder.is_dir():
        for path in folder.rglob("*.epub"):
            BUILT_BY.setdefault(path, item.nodeid)


@pytest.fixture(scope="session", autouse=True)
def every_epub_passes_epubcheck(tmp_path_factory):
    """After the run, EPUBCheck sees every EPUB any test built that no test checked itself."""
    yield
    base = tmp_path_factory.getbasetemp()
    unchecked = {file_digest(p): p for p in sorted(base.rglob("*.epub"))}
    for digest in CHECKED:
        unchecked.pop(digest, None)
    for path in unchecked.values():  # built by a module's or the session's fixture: its folder names the book
        BUILT_BY.setdefault(path, f"the fixture that made {path.relative_to(base).parts[0]}")
    if unchecked:
        assert_epubcheck_clean(*unchecked.values())


@pytest.fixture(scope="session")
def sample_book(tmp_path_factory) -> BuiltBook:
    """The repository's sample book (book/ + chapters/), built into a temp folder."""
    return build_book(REPO / "book", tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def seed_book(tmp_path_factory) -> BuiltBook:
    """A book of the real seed post ../shared/samples/lev-sedov.txt (read there, never copied into the repo)."""
    require_shared("samples")
    seed = SHARED / "samples" / "lev-sedov.txt"
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
