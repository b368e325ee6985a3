"""Links: broken and local links become text; links between posts become links between chapters."""

from __future__ import annotations

from tests.helpers import NS, Epub, assembled, assert_epubcheck_clean, build_book, post_with_url, write_book


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


def test_links_between_posts_become_links_between_chapters(tmp_path):
    files = {
        "2020-01-01-first.md": post_with_url(
            "First",
            "See [the second](https://www.blog.example.org/2020/02/02/second/), "
            "[by file](2020-02-02-second.md), [by slug](/2020/02/02/second) "
            "and [elsewhere](https://blog.example.org/not-in-book/).",
            "https://blog.example.org/2020/01/01/first/",
        ),
        "2020-02-02-second.md": post_with_url(
            "Second",
            "Back to [the first](../2020-01-01-first.md) has no such file.",
            "https://blog.example.org/2020/02/02/second/",
        ),
    }
    folder = write_book(tmp_path / "b", "title: T\nchapters: [2020-01-01-first.md, 2020-02-02-second.md]\n", files)
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    first = Epub(built.output("epub")).xml("first.xhtml")
    hrefs = first.xpath("//x:div[@class='chapter-body']//x:a/@href", namespaces=NS)
    assert hrefs == [
        "second.xhtml#second",
        "second.xhtml#second",
        "second.xhtml#second",
        "https://blog.example.org/not-in-book/",
    ]
    second = Epub(built.output("epub")).xml("second.xhtml")
    assert second.xpath("//x:div[@class='chapter-body']//x:a/@href", namespaces=NS) == ["first.xhtml#first"]
    assert_epubcheck_clean(built.output("epub"))
