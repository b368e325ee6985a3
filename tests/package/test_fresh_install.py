"""The wheel, installed as a user installs it: into a fresh venv by that venv's own pip (the one `python -m venv`
bundles, not upgraded), with only what the wheel declares. Then it builds a book, outside the repository, from a
Markdown post, a saved page, a feed and a WordPress export.

The dependencies come from a local wheelhouse made once with `pip wheel` (from PyPI) and kept between runs under
~/.cache/postbind-tests (or $POSTBIND_WHEELHOUSE), one folder per set of requirements; the install itself runs
with --no-index, so it needs no network and resolves exactly as that old pip does.
"""

from __future__ import annotations

import ensurepip
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, REPO, Epub, assert_epubcheck_clean, write_book

WHEELHOUSES = Path(os.environ.get("POSTBIND_WHEELHOUSE") or Path.home() / ".cache" / "postbind-tests" / "wheelhouse")


ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}  # nothing of ours


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False, env=ENV, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, REPO)
    (built,) = out.glob("postbind-*.whl")
    return built


def requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    return sorted(metadata.get_all("Requires-Dist") or [])


@pytest.fixture(scope="session")
def wheelhouse(wheel) -> Path:
    """Wheels of everything the wheel requires, for this Python and machine (fetched once, then reused)."""
    key = "\n".join([sys.implementation.cache_tag, platform.machine(), *requirements(wheel)])
    house = WHEELHOUSES / hashlib.sha256(key.encode()).hexdigest()[:16]
    if not (house / ".complete").is_file():
        partial = house.with_name(house.name + f".part-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        run(sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "-w", partial, wheel)
        for own in partial.glob("postbind-*.whl"):
            own.unlink()  # the wheel under test comes from the fixture, not from here
        (partial / ".complete").write_text(key)
        shutil.rmtree(house, ignore_errors=True)
        partial.rename(house)
    return house


def test_the_wheel_carries_the_themes_and_the_lua_filter(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "postbind/styles/classic/chapter.html" in names and "postbind/convert.lua" in names


@pytest.fixture
def env():
    """A folder for the fresh venv, outside pytest's temporary folders (whose EPUBs all go through EPUBCheck)."""
    with tempfile.TemporaryDirectory(prefix="postbind-venv-") as folder:
        yield Path(folder)


def test_a_fresh_venv_installs_the_wheel_and_builds_a_book(wheel, wheelhouse, env, tmp_path):
    run(sys.executable, "-m", "venv", env)
    python = env / "bin" / "python"
    pip_version = run(python, "-m", "pip", "--version").stdout
    assert pip_version.startswith(f"pip {ensurepip.version()} "), pip_version  # the bundled pip, as is
    run(python, "-m", "pip", "install", "-q", "--no-compile", "--no-index", "--find-links", wheelhouse, wheel)
    run(python, "-m", "pip", "check")

    book = write_book(
        tmp_path / "elsewhere",
        "title: Elsewhere\nauthor: Ruth Gardener\nchapters: [post.md, saved-page.html, feed.atom, export.xml]\n",
        {"post.md": "---\ntitle: Hello\n---\n\nFrom outside.[^1]\n\n[^1]: A note.\n"},  # pandoc and convert.lua
    )
    shutil.copytree(FIXTURES, book, dirs_exist_ok=True)
    where = run(python, "-c", "import postbind; print(postbind.__file__)", cwd=book).stdout
    assert where.startswith(str(env)), where
    done = run(env / "bin" / "postbind", "build", "-o", "out", cwd=book)
    assert "Traceback" not in done.stderr
    assert (book / "out" / "elsewhere.pdf").read_bytes().startswith(b"%PDF")
    epub = book / "out" / "elsewhere.epub"
    text = Epub(epub).all_text()
    assert "From outside." in text
    for phrase in ("Hold each seedling by a leaf", "Broad beans went in today", "Chitted seed potatoes"):
        assert phrase in text, phrase  # the saved page, the feed and the export each reached the book
    assert_epubcheck_clean(epub)
