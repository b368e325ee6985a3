"""A build loads only what its formats need: an EPUB never loads WeasyPrint or pikepdf, a PDF never ebooklib,
a book without math never ziamath, and no build loads Dask unless `--scheduler` asks for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import REPO, write_book

PROBE = """
import json, sys
from postbind.cli import main
main(sys.argv[1:], standalone_mode=False)
print(json.dumps(sorted(sys.modules)))
"""
MATH_POST = "---\ntitle: Sums\n---\n\nEuler wrote $e^{i\\pi} + 1 = 0$ once.\n"
PLAIN_POST = "---\ntitle: Words\n---\n\nJust words, and a note.[^1]\n\n[^1]: The note.\n"
PDF_ONLY = {"weasyprint", "pikepdf", "postbind.write.pdf", "postbind.write.sections", "postbind.write.pdf_merge"}
MATH_FOR_PRINT = {"ziamath", "postbind.mathsvg"}
CLUSTER = {"dask", "distributed", "postbind.cluster"}


def modules_loaded_by_build(tmp_path, post: str, fmt: str) -> set[str]:
    folder = write_book(tmp_path / "book", "title: Small\nchapters: [post.md]\n", {"post.md": post})
    env = dict(os.environ, PYTHONPATH=str(REPO), POSTBIND_CACHE="off")
    args = ["build", str(folder), "-o", str(tmp_path / "out"), "--format", fmt, "-q"]
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("post", [MATH_POST, PLAIN_POST], ids=["math", "plain"])
def test_an_epub_build_loads_no_pdf_module(tmp_path, post):
    loaded = modules_loaded_by_build(tmp_path, post, "epub")
    assert "ebooklib" in loaded and "postbind.write.epub" in loaded
    assert not loaded & (PDF_ONLY | MATH_FOR_PRINT | CLUSTER)


def test_a_pdf_build_loads_no_epub_module_and_no_math_without_math(tmp_path):
    loaded = modules_loaded_by_build(tmp_path, PLAIN_POST, "pdf")
    assert "weasyprint" in loaded
    assert not loaded & ({"ebooklib", "postbind.write.epub", "postbind.write.epub_package"} | MATH_FOR_PRINT | CLUSTER)
