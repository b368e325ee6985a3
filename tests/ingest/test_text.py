"""Readers: plain text (blog exports) and Markdown front matter."""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.registry import read_all
from tests.helpers import SHARED, needs_shared


def read(tmp_path: Path, name: str, text: str | bytes, fmt: str):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    reporter = Reporter(quiet=True)
    return read_all(path, reporter, fmt=fmt)[0], reporter


@needs_shared("samples")
def test_seed_post_header_and_navigation():
    (post,) = read_all(SHARED / "samples" / "lev-sedov.txt", Reporter(quiet=True), fmt="text")
    assert post.meta.title == "The Strange Death of Lev Sedov"
    assert post.meta.date == "2014-04-16"
    assert post.meta.authors == ("John Simkin",)
    assert post.body.count("<p>") == 14
    assert "Previous Posts" not in post.body and "(16th April, 2014)" not in post.body


def test_plain_text_never_becomes_a_list(tmp_path):
    post, _ = read(tmp_path, "a.txt", "1938. That was the year.\n\n2. Another paragraph.\n\n- not a bullet\n", "text")
    assert post.body == "<p>1938. That was the year.</p>\n<p>2. Another paragraph.</p>\n<p>- not a bullet</p>"
    assert post.meta.title is None


def test_other_text_is_just_paragraphs_with_markup_escaped(tmp_path):
    post, _ = read(
        tmp_path,
        "a.txt",
        "A first paragraph that is\nwrapped over lines, <b>not bold</b> & so on.\n\nSecond.\n",
        "text",
    )
    first = "<p>A first paragraph that is wrapped over lines, &lt;b&gt;not bold&lt;/b&gt; &amp; so on.</p>"
    assert post.body == first + "\n<p>Second.</p>"


def test_text_without_the_export_shape_is_just_paragraphs(tmp_path):
    post, _ = read(tmp_path, "a.txt", "A Title\n\nThe body starts here, and it is a sentence.\n", "text")
    assert post.meta.title is None
    assert post.body == "<p>A Title</p>\n<p>The body starts here, and it is a sentence.</p>"


def test_navigation_needs_title_date_lines(tmp_path):
    text = "Title\n\nMarch 3, 2015\n\nBody text of the post, long enough.\n\nSee also\n\nJust a closing line.\n"
    post, _ = read(tmp_path, "a.txt", text, "text")
    assert "Just a closing line." in post.body and "See also" in post.body


def test_crlf_bom_and_bad_bytes(tmp_path):
    post, reporter = read(tmp_path, "a.txt", b"\xef\xbb\xbfTitle\r\n\r\nBody \xff here.\r\n", "text")
    assert post.body.startswith("<p>Title</p>\n<p>Body ") and post.body.endswith(" here.</p>")
    assert [w.line for w in reporter.warnings] == [3]
    assert reporter.warnings[0].message.startswith("not UTF-8; read as ")


def test_legacy_encodings_are_detected(tmp_path):
    sentence = "Это текст записи в старой кодировке, который нужно прочитать правильно и без потерь."
    text = "Заголовок\n\n" + "\n\n".join([sentence] * 6) + "\n"
    post, reporter = read(tmp_path, "a.txt", text.encode("koi8_r"), "text")
    assert "<p>Заголовок</p>" in post.body and "старой кодировке" in post.body
    assert reporter.warnings[0].message == "not UTF-8; read as koi8_r (save the file as UTF-8 to be sure)"
