"""Problems a review found, each proved fixed by reading the outputs back."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

import postbind.validate
from tests.helpers import NS, Epub, Pdf, assert_epubcheck_clean, build_book, run_cli, write_book
from tests.test_transform import PNG


def test_pictures_and_links_inside_footnotes_are_checked_too(tmp_path):
    post = "---\ntitle: A\n---\n\nText.[^1]\n\n[^1]: ![dot](dot.png) [b](b.md) [gone](#nowhere) ![s](file:///etc/hostname)\n"
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": post, "dot.png": PNG})
    built = build_book(folder, tmp_path / "out")
    epub = Epub(built.output("epub"))
    assert len(epub.manifest("image/png")) == 1  # dot.png, embedded from inside the note
    assert "hostname" not in epub.text("c01.xhtml")
    assert "file:///etc/hostname is outside the book's folders" in built.result.stderr
    assert "link to '#nowhere' goes nowhere" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))


def test_svg_that_reaches_out_is_refused(tmp_path):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="9" height="9" '
           'onload="alert(1)"><image xlink:href="file:///etc/hostname" width="9" height="9"/></svg>')  # fmt: skip
    folder = write_book(
        tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": "---\ntitle: A\n---\n\n![v](v.svg)\n", "v.svg": svg}
    )
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert not Epub(built.output("epub")).manifest("image/svg+xml")
    assert "v.svg: SVG with event handlers is not allowed in a book" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))


def test_a_link_out_of_a_folder_of_posts_is_not_followed(tmp_path):
    folder = write_book(
        tmp_path / "b", "title: T\nchapters: [posts]\n", {"posts/a.md": "---\ntitle: A\n---\n\nText.\n"}
    )
    (tmp_path / "secret.txt").write_text("Secret\n\nroot:x:0:0 the password file\n")
    os.symlink(tmp_path / "secret.txt", folder / "posts" / "leak.txt")
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert "root:x" not in Epub(built.output("epub")).all_text()
    assert "leak.txt: warning: a link to a file outside the folder; not read" in built.result.stderr


def test_a_part_left_empty_is_left_out(tmp_path):
    yaml = "title: T\nchapters:\n  - a.md\n  - part: Hollow\n    chapters: [empty.md]\n"
    files = {"a.md": "---\ntitle: A\n---\n\nText.\n", "empty.md": "---\ntitle: E\n---\n"}
    built = build_book(write_book(tmp_path / "b", yaml, files), tmp_path / "out")
    assert [t for _, t, _ in Epub(built.output("epub")).toc_entries()] == ["A"]
    assert "Hollow" not in "\n".join(Pdf(built.output("pdf")).pages)
    assert_epubcheck_clean(built.output("epub"))


def test_post_languages_are_checked(tmp_path):
    files = {
        "a.md": "---\ntitle: A\nlang: en_US\n---\n\nText.\n",
        "b.md": "---\ntitle: B\nlang: not a language\n---\n\nText.\n",
    }
    built = build_book(
        write_book(tmp_path / "b", "title: T\nchapters: [a.md, b.md]\n", files), tmp_path / "out", "--format", "epub"
    )
    epub = Epub(built.output("epub"))
    assert epub.xml("c01.xhtml").get("lang") == "en-US" and epub.xml("c02.xhtml").get("lang") == "en"
    assert "'not a language' is not a language tag" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))


def test_the_cover_is_checked_and_converted(tmp_path):
    tiff = io.BytesIO()
    Image.new("RGB", (2000, 3000), "#884422").save(tiff, "TIFF")
    files = {"a.md": "---\ntitle: A\n---\n\nText.\n", "cover.tiff": tiff.getvalue()}
    built = build_book(
        write_book(tmp_path / "b", "title: T\ncover: cover.tiff\nchapters: [a.md]\n", files),
        tmp_path / "out",
        "--format",
        "epub",
    )
    epub = Epub(built.output("epub"))
    (cover,) = epub.opf.xpath("//opf:item[contains(@properties, 'cover-image')]/@href", namespaces=NS)
    assert cover == "images/cover.jpg"
    assert max(Image.open(io.BytesIO(epub.zip.read(epub.base + cover))).size) == 1600
    assert_epubcheck_clean(built.output("epub"))
    (tmp_path / "b" / "book.yaml").write_text("title: T\ncover: a.md\nchapters: [a.md]\n")
    result = run_cli("build", str(tmp_path / "b"), "-o", str(tmp_path / "out2"))
    assert result.exit_code == 1 and "book.yaml:2: error: cover: a.md:" in result.stderr


def test_a_missing_title_does_not_hide_other_errors(tmp_path):
    folder = write_book(tmp_path / "b", "print: {bleed: wide}\noutput: ../x\nchapters: [a.md]\n", {"a.md": "Text.\n"})
    result = run_cli("build", str(folder))
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 3, lines
    assert any("'title' is required" in line for line in lines) and any("print.bleed" in line for line in lines)


def test_a_theme_file_that_is_not_utf8_is_an_error_not_a_crash(tmp_path):
    files = {"a.md": "Text.\n", "styles/theme.yaml": b'cover: {background: "\xff"}\n'}
    result = run_cli("build", str(write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", files)))
    assert result.exit_code == 1 and "cannot read theme.yaml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("theme", ["classic", "modern", "course-pack"])
def test_every_theme_is_kindle_safe(theme, tmp_path):
    built = build_book(
        write_book(tmp_path / "b", f"title: T\ntheme: {theme}\nchapters: [a.md]\n", {"a.md": "Text.\n"}),
        tmp_path / "out",
        "--format",
        "epub",
    )
    css = Epub(built.output("epub")).text("style/book.css")
    assert not [rule for rule in ("@page", "@media", "@import", "http") if rule in css]


def test_outside_references_in_epub_css_are_dropped(tmp_path):
    css = '@import "extra.css";\nbody { background: url(paper.png); }\np { color: #333; }\n'
    files = {"a.md": "Text.\n", "styles/epub.css": css, "styles/paper.png": PNG, "styles/extra.css": "p {}"}
    built = build_book(
        write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", files), tmp_path / "out", "--format", "epub"
    )
    out = Epub(built.output("epub")).text("style/book.css")
    assert "@import" not in out and "paper.png" not in out and "color: #333" in out
    assert "stylesheet url(paper.png) dropped from the EPUB" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))


def test_no_java_is_a_missing_system_dependency(tmp_path, monkeypatch):
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": "Text.\n"})
    monkeypatch.setattr(postbind.validate.shutil, "which", lambda name: None)
    result = run_cli("check", str(folder))
    assert result.exit_code == 3 and "EPUBCheck needs Java: install it" in result.stderr


def test_quiet_and_verbose(tmp_path):
    folder = write_book(
        tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": "---\ntitle: A\n---\n\n![x](gone.png)\n"}
    )
    quiet = run_cli("build", str(folder), "-o", str(tmp_path / "q"), "-q", "--format", "epub")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    verbose = run_cli("build", str(folder), "-o", str(tmp_path / "v"), "-v", "--format", "epub")
    assert "warning: image left out" in verbose.stderr and " KB)" in verbose.stderr and "1 chapters" in verbose.stderr
