"""The EPUB's CSS and fonts: Kindle-safe, nothing from outside, only fonts that may be embedded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import NS, PNG, Epub, assert_epubcheck_clean, build_book, post_with_url, write_book


def test_css_is_kindle_safe(sample_book):
    epub = Epub(sample_book.output("epub"))
    css = epub.text("style/book.css")
    assert "@import" not in css and "http" not in css
    assert not {rule for rule in ("@page", "@media", "@supports", "@font-feature-values") if rule in css}
    styles = [s for href in epub.manifest() for s in epub.xml(href).xpath("//x:style", namespaces=NS)]
    assert not styles  # no duplicated inline CSS


def test_theme_fonts_embedded_only_when_ofl_and_local(tmp_path):
    ofl = Path("/usr/share/fonts/opentype/linux-libertine/LinLibertine_R.otf")
    other = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    css = (
        '@font-face { font-family: "G"; src: url("LinLibertine_R.otf"); }\n'
        '@font-face { font-family: "D"; src: url("DejaVuSans.ttf"); }\n'
        '@font-face { font-family: "R"; src: url("https://fonts.example.org/r.woff2"); }\nhtml { font-family: G; }\n'
    )
    files = {
        "a.md": post_with_url("A", "Quick text."),
        "styles/epub.css": css,
        "styles/LinLibertine_R.otf": ofl.read_bytes(),
        "styles/DejaVuSans.ttf": other.read_bytes(),
    }
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", files)
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    fonts = [n for n in epub.zip.namelist() if "/fonts/" in n]
    assert fonts == ["EPUB/fonts/LinLibertine_R.otf"]
    assert len(epub.zip.read(fonts[0])) < ofl.stat().st_size / 4  # subset
    assert 'url("../fonts/LinLibertine_R.otf")' in epub.text("style/book.css")
    assert "not under the SIL Open Font License" in built.result.stderr
    assert "https://fonts.example.org/r.woff2 is not local" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))


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
