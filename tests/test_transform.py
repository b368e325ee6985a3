"""Transforms, through the real pipeline on small books: ids, notes, links, titles, images, sanitizing."""

from __future__ import annotations

import os
import subprocess

import postbind.convert
from postbind.assemble import assemble
from postbind.config import load_config
from postbind.errors import Reporter
from tests.helpers import Epub, assert_epubcheck_clean, build_book, write_book

PNG = bytes.fromhex(  # a valid 2x2 RGBA PNG
    "89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d240000001449444154789c63fccfc0d0c0c0c0c0c0c4"
    "00050018250183468895270000000049454e44ae426082"
)


def assembled(tmp_path, files: dict[str, str | bytes], chapters: list[str] | None = None):
    names = chapters or [n for n in files if n.endswith((".md", ".txt"))]
    yaml_text = "title: T\nchapters:\n" + "".join(f"  - {n}\n" for n in names)
    folder = write_book(tmp_path / "book", yaml_text, files)
    reporter = Reporter(quiet=True)
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    book = assemble(load_config(folder), reporter, scratch).book
    return book, [str(w) for w in reporter.warnings], folder


def test_ids_are_unique_across_posts(tmp_path):
    post = "---\ntitle: P\n---\n\n## Intro\n\nSee [intro](#intro).[^1]\n\n[^1]: Note.\n"
    book, warnings, _ = assembled(tmp_path, {"a.md": post, "b.md": post})
    first, second = book.chapters()
    assert 'id="c01-intro"' in first.html and 'href="#c01-intro"' in first.html
    assert 'id="c02-intro"' in second.html and 'href="#c02-intro"' in second.html
    assert [n.id for n in first.notes] == ["c01-fn1"] and [n.id for n in second.notes] == ["c02-fn1"]
    assert not warnings


def test_footnotes_numbered_per_chapter_with_multi_paragraph_notes(tmp_path):
    post = "---\ntitle: P\n---\n\nOne.[^a] Two.[^b]\n\n[^a]: First.\n\n[^b]: Second, para one.\n\n    Para two.\n"
    book, _, _ = assembled(tmp_path, {"a.md": post})
    (chapter,) = book.chapters()
    assert [(n.number, n.id, n.ref_id) for n in chapter.notes] == [
        (1, "c01-fn1", "c01-fnref1"),
        (2, "c01-fn2", "c01-fnref2"),
    ]
    assert chapter.notes[1].html.count("<p>") == 2 and "↩" not in chapter.notes[1].html
    assert 'class="noteref"' in chapter.html and 'epub:type="noteref"' in chapter.html
    assert "footnotes" not in chapter.html  # pandoc's end list left the body


def test_broken_and_local_links_become_text_with_warning(tmp_path):
    post = (
        "---\ntitle: P\n---\n\nA [gone](#nowhere) link.\n\nA [file](other.md) link and [web](https://example.org/).\n"
    )
    book, warnings, folder = assembled(tmp_path, {"a.md": post})
    html = book.chapters()[0].html
    assert "gone" in html and "#nowhere" not in html and "other.md" not in html
    assert '<a href="https://example.org/">web</a>' in html
    assert warnings == [
        f"{folder / 'a.md'}:5: warning: link to '#nowhere' goes nowhere in this post; kept as text",
        f"{folder / 'a.md'}:7: warning: link to local file 'other.md', which is not part of the book; kept as text",
    ]


def test_title_from_first_heading_and_headings_demoted(tmp_path):
    post = "Intro line.\n\n# The Real Title\n\nText.\n\n# Next Section\n\n## Sub\n"
    book, warnings, _ = assembled(tmp_path, {"a.md": post})
    chapter = book.chapters()[0]
    assert chapter.title == "The Real Title"
    assert "The Real Title" not in chapter.html
    assert "<h2" in chapter.html and "Next Section</h2>" in chapter.html and "Sub</h3>" in chapter.html
    assert "<h1" not in chapter.html
    assert not warnings


def test_post_without_title_uses_file_name_with_warning(tmp_path):
    book, warnings, folder = assembled(tmp_path, {"nameless-post.md": "Just text.\n"})
    assert book.chapters()[0].title == "nameless-post"
    assert warnings == [
        f"{folder / 'nameless-post.md'}:1: warning: post has no title; the file name 'nameless-post' stands in"
    ]


def test_markdown_features_through_pandoc(tmp_path):
    post = '---\ntitle: P\n---\n\n"Quoted" -- dashed...\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted block\n'
    html = assembled(tmp_path, {"a.md": post})[0].chapters()[0].html
    assert "“Quoted” – dashed…" in html
    assert "<table>" in html and "<th>a</th>" in html
    assert "<blockquote>" in html


def test_all_posts_converted_in_one_pandoc_process(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTBIND_CACHE", "off")
    calls = []
    real_run = subprocess.run

    def counting_run(*args, **kwargs):
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(postbind.convert.subprocess, "run", counting_run)
    files = {f"p{n}.md": f"---\ntitle: Post {n}\n---\n\nText *{n}*.\n" for n in range(12)}
    book, _, _ = assembled(tmp_path, files)
    assert len(calls) == 1
    assert [c.title for c in book.chapters()] == [f"Post {n}" for n in range(12)]
    assert all(f"<em>{n}</em>" in c.html for n, c in enumerate(book.chapters()))


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


def test_unsafe_html_never_reaches_the_book(tmp_path):
    post = (
        '---\ntitle: P\n---\n\nText <span onclick="steal()" style="position: fixed; font-style: italic">x</span>\n\n'
        '<script>alert(1)</script>\n\n<iframe src="https://example.org"></iframe>\n\n'
        "<form><input name=q></form>\n\n[js](javascript:alert(1))\n"
    )
    folder = write_book(tmp_path / "book", "title: T\nchapters: [a.md]\n", {"a.md": post})
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    chapter = epub.text("c01.xhtml")
    for bad in ("onclick", "position", "<script", "alert", "<iframe", "<form", "<input", "javascript:"):
        assert bad not in chapter, bad
    assert "font-style: italic" in chapter or "font-style:italic" in chapter
    assert "scripted" not in epub.opf.xpath("string(//*[local-name()='manifest'])")
    for element in ("script", "form"):
        assert f"warning: unsupported element <{element}> left out of the book" in built.result.stderr
    # a frame is not kept: it becomes a link to what it showed (transform/embeds.py)
    assert '<a href="https://example.org">https://example.org</a>' in chapter
    assert_epubcheck_clean(built.output("epub"))


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
