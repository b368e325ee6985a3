"""Pictures in the EPUB: scaled and converted for e-readers, the PDF keeping the originals."""

from __future__ import annotations

import io

from PIL import Image

from tests.helpers import Epub, Pdf, assert_epubcheck_clean, build_book, image_bytes, post_with_url, write_book


def test_images_scaled_and_converted_for_the_epub_only(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    files = {
        "a.md": post_with_url(
            "A", "![big](big.jpg)\n\n![web](pic.webp)\n\n![vector](v.svg)\n\n![broken](bad.png)\n\n![bad svg](bad.svg)"
        ),
        "big.jpg": image_bytes((3200, 1000), "JPEG"),
        "pic.webp": image_bytes((50, 40), "WEBP", "RGBA"),
        "v.svg": svg,
        "bad.png": b"\x89PNG\r\n\x1a\nnot really",
        "bad.svg": "<svg><unclosed",
    }
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", files)
    built = build_book(folder, tmp_path / "out")
    epub = Epub(built.output("epub"))
    sizes = {}
    for href in epub.manifest("image/jpeg") + epub.manifest("image/png") + epub.manifest("image/svg+xml"):
        if "cover" not in href and not href.endswith(".svg"):
            sizes[href] = Image.open(io.BytesIO(epub.zip.read(epub.base + href))).size
    assert sorted(sizes.values()) == [(50, 40), (1600, 500)]
    assert not epub.manifest("image/webp")
    assert len(epub.manifest("image/svg+xml")) == 1
    assert "bad.png: not a readable image" in built.result.stderr
    assert "bad.svg: not valid SVG" in built.result.stderr
    pdf = Pdf(built.output("pdf"))
    widths = sorted(image.image.size[0] for page in pdf.reader.pages for image in page.images)
    assert 3200 in widths  # the PDF keeps the original
    assert_epubcheck_clean(built.output("epub"))
