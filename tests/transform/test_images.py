"""Transforms, through the real pipeline on small books: ids, notes, links, titles, images, sanitizing."""

from __future__ import annotations

import os

from tests.helpers import PNG, Epub, assembled, assert_epubcheck_clean, build_book, write_book


def test_images_embedded_or_replaced_by_alt_text(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    post = (
        "---\ntitle: P\n---\n\nA ![dot](img/dot.png) inline.\n\nB ![missing one](img/none.png) here.\n\n"
        f"C ![escape](../secret.png) D ![abs](file://{outside}) E ![web](https://example.org/x.png)\n\n"
        "F ![linked out](img/link.png)\n"
    )
    folder = tmp_path / "book"
    (folder / "img").mkdir(parents=True)
    os.symlink(outside, folder / "img" / "link.png")
    book, warnings, folder = assembled(tmp_path, {"a.md": post, "img/dot.png": PNG})
    html = book.chapters()[0].html
    (asset,) = book.assets.values()
    assert asset.path == folder / "img" / "dot.png" and f'src="{asset.name}"' in html
    for alt in ("missing one", "escape", "abs", "web", "linked out"):
        assert f'<span class="missing-image">{alt}</span>' in html
    joined = "\n".join(warnings)
    assert "img/none.png: no such file" in joined
    assert "../secret.png is outside the book's folders" in joined
    assert f"file://{outside} is outside the book's folders" in joined
    assert "remote resource https://example.org/x.png not fetched" in joined
    assert "img/link.png is outside the book's folders" in joined  # a symlink pointing out


def test_hostile_image_references_do_not_leak_files(tmp_path):
    post = '---\ntitle: P\n---\n\n<img src="file:///etc/passwd" alt="pw">\n\n![x](/etc/hostname)\n'
    folder = write_book(tmp_path / "book", "title: T\nchapters: [a.md]\n", {"a.md": post})
    built = build_book(folder, tmp_path / "out")
    epub = Epub(built.output("epub"))
    images = [n for n in epub.zip.namelist() if "passwd" in n or "hostname" in n or n.endswith((".png", ".jpg"))]
    assert images == ["EPUB/images/cover.jpg"]  # the generated cover, nothing the post asked for
    assert b"root:" not in built.output("pdf").read_bytes()
    assert "file:///etc/passwd is outside the book's folders" in built.result.stderr
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
