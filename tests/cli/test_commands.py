"""The command-line contract: arguments, exit codes, diagnostics, atomic outputs."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import postbind.pipeline
from postbind import __version__
from postbind.errors import MissingDependency
from tests.helpers import REPO, assert_epubcheck_clean, build_book, run_cli, run_postbind_process, write_book

POST = "---\ntitle: Only Post\nauthor: A. Writer\n---\n\nSome text with a note.[^1]\n\n[^1]: The note.\n"
GOOD = "title: Small Book\nchapters:\n  - post.md\n"


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A good build whose outputs every failing build below must leave untouched."""
    folder = write_book(tmp_path_factory.mktemp("prev") / "book", GOOD, {"post.md": POST})
    built = build_book(folder, folder.parent / "out")
    return {p.name: p.read_bytes() for p in built.out.iterdir()}


@pytest.fixture
def book(tmp_path, previous):
    folder = write_book(tmp_path / "book", GOOD, {"post.md": POST})
    out = tmp_path / "out"
    out.mkdir()
    for name, data in previous.items():
        (out / name).write_bytes(data)
    return folder, out


def assert_untouched(out, previous):
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous, "a failed build changed or added files"


BROKEN_BOOKS = {
    "malformed yaml": ("title: Small Book\nchapters: [post.md\n", "book.yaml:3: error: malformed YAML"),
    "unknown key": (GOOD + "autor: X\n", "book.yaml:4: error: autor: unknown key; did you mean 'author'?"),
    "wrong type": (GOOD + "date: [1, 2]\n", "book.yaml:4: error: date: expected a single value, got a list"),
    "missing post": (GOOD + "  - gone.md\n", "book.yaml:4: error: chapters: gone.md: no such file"),
    "same file twice": (
        GOOD + "  - post.md\n",
        "book.yaml:4: error: file: post.md is already in the book (line 3)",
    ),
    "empty book": ("title: Small Book\nchapters: []\n", "book.yaml:2: error: chapters: the book is empty"),
    "unknown type": (
        GOOD + "  - notes.pages\n",
        "book.yaml:4: error: file: notes.pages: unsupported file type '.pages'",
    ),
    "empty folder": (GOOD + "  - drafts\n", "book.yaml:4: error: drafts: holds no posts postbind can read"),
    "folder named as a post": (GOOD + "  - {file: drafts}\n", "book.yaml:4: error: chapters: drafts: is not a file"),
    "missing front matter": (
        GOOD + "front_matter: [preface.md]\n",
        "book.yaml:4: error: front_matter: preface.md: no such file",
    ),
}


@pytest.mark.parametrize("case", BROKEN_BOOKS)
def test_book_errors_exit_1_with_file_line_and_keep_previous_output(case, book, previous):
    folder, out = book
    yaml_text, expected = BROKEN_BOOKS[case]
    (folder / "book.yaml").write_text(yaml_text)
    (folder / "notes.pages").write_text("x")
    (folder / "drafts").mkdir()
    result = run_cli("build", str(folder), "-o", str(out))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.endswith(expected) or expected in line for line in lines), lines
    assert all(":" in line and (": error: " in line or ": warning: " in line) for line in lines), lines
    assert "Traceback" not in result.stderr
    assert_untouched(out, previous)


def test_real_process_prints_one_line_and_no_traceback(book, previous):
    folder, out = book
    (folder / "book.yaml").write_text("title: Small Book\nchapters: [post.md\n")
    done = run_postbind_process("build", str(folder), "-o", str(out), cwd=folder)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "book.yaml:3: error: malformed YAML: expected ',' or ']', but got '<stream end>'"
    ]
    assert_untouched(out, previous)


def test_strict_fails_on_warnings_and_writes_nothing(book, previous):
    folder, out = book
    (folder / "post.md").write_text(POST + "\n![a lost picture](lost.png)\n")
    result = run_cli("build", str(folder), "-o", str(out), "--strict")
    assert result.exit_code == 1
    assert "post.md:10: warning: image left out: lost.png: no such file" in result.stderr
    assert "error: --strict: 1 warning(s); nothing written" in result.stderr
    assert_untouched(out, previous)


def test_warnings_do_not_stop_the_build(book, previous):
    folder, out = book
    (folder / "post.md").write_text(POST + "\n![a lost picture](lost.png)\n")
    result = run_cli("build", str(folder), "-o", str(out), "--format", "epub")
    assert result.exit_code == 0
    assert "warning: image left out" in result.stderr
    epub = out / "small-book.epub"
    assert epub.read_bytes() != previous["small-book.epub"]
    assert (out / "small-book.pdf").read_bytes() == previous["small-book.pdf"]  # not asked for, not touched
    assert_epubcheck_clean(epub)


def test_a_failing_writer_leaves_no_partial_file(book, previous, monkeypatch):
    folder, out = book

    def explode(fmt):
        def write(book, renderer, target, reporter, *rest):
            target.write_bytes(b"half a book")
            raise MissingDependency("pango is gone")

        return write

    monkeypatch.setattr(postbind.pipeline, "writer_for", explode)
    result = run_cli("build", str(folder), "-o", str(out))
    assert result.exit_code == 3
    assert "pango is gone" in result.stderr
    assert_untouched(out, previous)


def test_internal_error_is_exit_70_with_traceback(book, previous, monkeypatch):
    folder, out = book

    def broken(*args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(postbind.pipeline, "assemble", broken)
    result = run_cli("build", str(folder), "-o", str(out))
    assert result.exit_code == 70
    assert "Traceback" in result.stderr and "internal error (a bug); please report it" in result.stderr
    assert_untouched(out, previous)


@pytest.mark.parametrize(
    "args", [["build", "--format", "mobi"], ["build", "--format", "epub,docx"], ["build", "--bogus"], ["frobnicate"]]
)
def test_usage_errors_exit_2(args, book):
    folder, _ = book
    assert run_cli(*args, cwd=folder).exit_code == 2


def test_version_and_help():
    assert run_cli("--version").stdout.strip() == f"postbind, version {__version__}"
    help_text = run_cli("build", "--help").stdout
    assert "--format" in help_text and "--strict" in help_text and "Examples" in help_text


def test_book_defaults_to_dot_then_book_folder(tmp_path):
    write_book(tmp_path / "here", GOOD, {"post.md": POST})
    result = run_cli("build", "--format", "epub", cwd=tmp_path / "here")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "here" / "dist" / "small-book.epub").is_file()
    write_book(tmp_path / "above" / "book", GOOD, {"post.md": POST})
    result = run_cli("build", "--format", "epub", "-o", "out", cwd=tmp_path / "above")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "above" / "out" / "small-book.epub").is_file()


def test_book_yaml_path_and_repeated_format(tmp_path):
    folder = write_book(tmp_path / "b", GOOD + "output: custom\n", {"post.md": POST})
    result = run_cli(
        "build", str(folder / "book.yaml"), "-o", str(tmp_path / "o"), "--format", "pdf", "--format", "epub"
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["custom.epub", "custom.pdf"]


def test_build_py_is_postbind_build_book(tmp_path):
    shutil.copytree(REPO / "book", tmp_path / "book")
    shutil.copytree(REPO / "chapters", tmp_path / "chapters")
    shutil.copy(REPO / "build.py", tmp_path / "build.py")
    built = subprocess.run(
        [sys.executable, "build.py", "--format", "epub", "-q"], cwd=tmp_path, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "dist" / "from-blog-to-book.epub").is_file()


def test_new_scaffolds_a_book_that_builds(tmp_path):
    result = run_cli("new", str(tmp_path / "mine"))
    assert result.exit_code == 0 and "created" in result.stdout
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["book.yaml", "posts", "styles"]
    built = build_book(tmp_path / "mine", tmp_path / "out")
    assert sorted(p.name for p in built.out.iterdir()) == ["my-anthology.epub", "my-anthology.pdf"]
    assert ": warning:" not in built.result.stderr
    again = run_cli("new", str(tmp_path / "mine"))
    assert again.exit_code == 1 and "exists and is not empty" in again.stderr


def test_every_command_has_help_with_examples():
    for command in ("build", "check", "list", "new", "watch"):
        text = run_cli(command, "--help").stdout
        assert "Examples:" in text, command


def test_workers_must_be_one_or_more(book):
    folder, out = book
    result = run_cli("build", str(folder), "-o", str(out), "--workers", "0")
    assert result.exit_code == 2 and "'--workers': 0 is not in the range x>=1" in result.stderr


def test_workers_and_a_scheduler_reach_the_build(book, monkeypatch):
    """`--workers` goes to the pipeline; `--scheduler`'s executor too, for a PDF only, closed after the build."""
    import contextlib

    import postbind.cluster

    folder, out = book
    seen, opened = [], []

    def fake_build(*args, **kwargs):
        seen.append((kwargs["workers"], kwargs["executor"], list(opened)))

    @contextlib.contextmanager
    def fake_cluster(address):
        opened.append(address)
        yield f"executor of {address}"
        opened.remove(address)

    monkeypatch.setattr(postbind.pipeline, "build", fake_build)
    monkeypatch.setattr(postbind.cluster, "dask_executor", fake_cluster)
    assert run_cli("build", str(folder), "-o", str(out), "-q", "--workers", "3").exit_code == 0
    address = "tcp://10.0.0.1:8786"
    assert run_cli("build", str(folder), "-o", str(out), "-q", "--scheduler", address).exit_code == 0
    assert (
        run_cli("build", str(folder), "-o", str(out), "-q", "--scheduler", address, "--format", "epub").exit_code == 0
    )
    assert seen == [(3, None, []), (None, f"executor of {address}", [address]), (None, None, [])]
    assert opened == []


def test_a_scheduler_without_dask_installed_says_what_to_install(book, previous, monkeypatch):
    folder, out = book
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if postbind[dask] were not installed
    result = run_cli("build", str(folder), "-o", str(out), "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 1
    assert result.stderr.strip() == "postbind: error: --scheduler needs Dask: install postbind[dask]"
    assert_untouched(out, previous)


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:notaport", "udp://127.0.0.1:8786", "localhost"])
def test_a_malformed_scheduler_address_is_one_line(book, address):
    pytest.importorskip("distributed")
    folder, out = book
    result = run_cli("build", str(folder), "-o", str(out), "--scheduler", address)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"postbind: error: --scheduler {address}: not a Dask scheduler's address")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_scheduler_that_does_not_answer_is_one_line(book, previous, monkeypatch):
    pytest.importorskip("distributed")
    import socket

    import postbind.cluster

    monkeypatch.setattr(postbind.cluster, "CONNECT_SECONDS", 1)
    folder, out = book
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = run_cli("build", str(folder), "-o", str(out), "--scheduler", f"tcp://127.0.0.1:{port}")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"postbind: error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert_untouched(out, previous)
