"""Sanitizing: nothing unsafe in a post's HTML reaches the book."""

from __future__ import annotations

from tests.helpers import Epub, assert_epubcheck_clean, build_book, write_book


def test_unsafe_html_never_reaches_the_book(tmp_path):
    post = (
        '---\ntitle: P\n---\n\nText <span onclick="steal()" style="position: fixed; font-style: italic">x</span>\n\n'
        '<script>alert(1)</script>\n\n<iframe src="https://example.org"></iframe>\n\n'
        "<form><input name=q></form>\n\n[js](javascript:alert(1))\n"
    )
    folder = write_book(tmp_path / "book", "title: T\nchapters: [a.md]\n", {"a.md": post})
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    chapter = epub.text("a.xhtml")
    for bad in ("onclick", "position", "<script", "alert", "<iframe", "<form", "<input", "javascript:"):
        assert bad not in chapter, bad
    assert "font-style: italic" in chapter or "font-style:italic" in chapter
    assert "scripted" not in epub.opf.xpath("string(//*[local-name()='manifest'])")
    for element in ("script", "form"):
        assert f"warning: unsupported element <{element}> left out of the book" in built.result.stderr
    # a frame is not kept: it becomes a link to what it showed (transform/embeds.py)
    assert '<a href="https://example.org">https://example.org</a>' in chapter
    assert_epubcheck_clean(built.output("epub"))
