"""The built wheel carries the themes: installed in a fresh environment, it builds a book outside the repo."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile

from tests.helpers import REPO, Epub, assert_epubcheck_clean, write_book


def test_wheel_installed_elsewhere_builds_a_book(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("postbind-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "postbind/styles/classic/chapter.html" in names and "postbind/convert.lua" in names

    # A fresh environment with only the wheel; its dependencies come from the test
    # environment's site-packages, added as a plain path (no .pth there is run, so
    # the editable checkout of postbind is not visible).
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with open(f"{site}/deps.pth", "w") as pth:
        pth.write(sysconfig.get_path("purelib") + "\n")

    book = write_book(
        tmp_path / "elsewhere",
        "title: Elsewhere\nchapters: [post.md]\n",
        {"post.md": "---\ntitle: Hello\n---\n\nFrom outside.[^1]\n\n[^1]: A note.\n"},
    )
    where = subprocess.run(
        [python, "-c", "import postbind; print(postbind.__file__)"],
        cwd=book,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(env)), where
    done = subprocess.run([env / "bin" / "postbind", "build", "-o", "out"], cwd=book, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (book / "out" / "elsewhere.pdf").read_bytes().startswith(b"%PDF")
    epub = book / "out" / "elsewhere.epub"
    assert "From outside." in Epub(epub).all_text()
    assert_epubcheck_clean(epub)
