"""Languages: a post's language must be a language tag to reach lang and xml:lang."""

from __future__ import annotations

from tests.helpers import Epub, assert_epubcheck_clean, build_book, write_book


def test_post_languages_are_checked(tmp_path):
    files = {
        "a.md": "---\ntitle: A\nlang: en_US\n---\n\nText.\n",
        "b.md": "---\ntitle: B\nlang: not a language\n---\n\nText.\n",
    }
    built = build_book(
        write_book(tmp_path / "b", "title: T\nchapters: [a.md, b.md]\n", files), tmp_path / "out", "--format", "epub"
    )
    epub = Epub(built.output("epub"))
    assert epub.xml("a.xhtml").get("lang") == "en-US" and epub.xml("b.xhtml").get("lang") == "en"
    assert "'not a language' is not a language tag" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))
