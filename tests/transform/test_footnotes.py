"""Footnotes: numbered per chapter; the notes' own links and pictures go through the same checks."""

from __future__ import annotations

from tests.helpers import PNG, Epub, assembled, assert_epubcheck_clean, build_book, write_book


def test_footnotes_numbered_per_chapter_with_multi_paragraph_notes(tmp_path):
    post = "---\ntitle: P\n---\n\nOne.[^a] Two.[^b]\n\n[^a]: First.\n\n[^b]: Second, para one.\n\n    Para two.\n"
    book, _, _ = assembled(tmp_path, {"a.md": post})
    (chapter,) = book.chapters()
    assert [(n.number, n.id, n.ref_id) for n in chapter.notes] == [
        (1, "a_fn1", "a_fnref1"),
        (2, "a_fn2", "a_fnref2"),
    ]
    assert chapter.notes[1].html.count("<p>") == 2 and "↩" not in chapter.notes[1].html
    assert 'class="noteref"' in chapter.html and 'epub:type="noteref"' in chapter.html
    assert "footnotes" not in chapter.html  # pandoc's end list left the body


def test_pictures_and_links_inside_footnotes_are_checked_too(tmp_path):
    post = "---\ntitle: A\n---\n\nText.[^1]\n\n[^1]: ![dot](dot.png) [b](b.md) [gone](#nowhere) ![s](file:///etc/hostname)\n"
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": post, "dot.png": PNG})
    built = build_book(folder, tmp_path / "out")
    epub = Epub(built.output("epub"))
    assert len(epub.manifest("image/png")) == 1  # dot.png, embedded from inside the note
    assert "hostname" not in epub.text("a.xhtml")
    assert "file:///etc/hostname is outside the book's folders" in built.result.stderr
    assert "link to '#nowhere' goes nowhere" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))
