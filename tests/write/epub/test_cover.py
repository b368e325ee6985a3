"""The EPUB's cover: marked, shown first, converted from what the book gives."""

from __future__ import annotations

import io

from PIL import Image

from tests.helpers import NS, PNG, Epub, assert_epubcheck_clean, build_book, run_cli, write_book


def test_cover_is_marked_shown_first_and_valid(tmp_path):
    folder = write_book(
        tmp_path / "b",
        "title: Covered\ncover: art/cover.png\nchapters: [a.md]\n",
        {"a.md": "---\ntitle: A\n---\n\nText.\n", "art/cover.png": PNG},
    )
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    cover = epub.opf.xpath("//opf:item[contains(@properties, 'cover-image')]/@href", namespaces=NS)
    assert cover == ["images/cover.png"]
    assert epub.spine_hrefs()[0] == "cover.xhtml"
    nav = epub.xml(epub.nav_href())
    assert nav.xpath("//x:nav[@epub:type='landmarks']//x:a[@epub:type='cover']/@href", namespaces=NS) == ["cover.xhtml"]
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
