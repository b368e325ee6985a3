"""Hostile posts and broken books: the sandbox, XML attacks, sanitising, size, interruption, concurrency."""

from __future__ import annotations

import base64
import http.server
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

import postbind.pipeline
from tests.helpers import NS, PNG, Epub, assert_epubcheck_clean, build_book, run_cli, write_book

SECRET = "root:x:0:0"  # what /etc/passwd starts with


@contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging: entity bombs and quadratic steps must not stall a build."""

    def expire(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def one_post_book(tmp_path, body: str, name: str = "a.md", extra: dict | None = None):
    files = {name: body, **(extra or {})}
    return write_book(tmp_path / "b", f"title: T\nchapters: [{name}]\n", files)


def test_small_data_urls_are_pictures_and_large_ones_are_refused(tmp_path):
    small = "data:image/png;base64," + base64.b64encode(PNG).decode()
    large = "data:image/png;base64," + "A" * (11 * 1024 * 1024)
    folder = one_post_book(tmp_path, f'---\ntitle: A\n---\n\n![dot]({small})\n\n<img src="{large}" alt="big one">\n')
    built = build_book(folder, tmp_path / "out")
    epub = Epub(built.output("epub"))
    assert len(epub.manifest("image/png")) == 1
    assert "left out: it has no usable source" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))


@pytest.fixture
def picture_server():
    """A web server on this machine's loopback serving a picture, a page and a huge file."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            body, kind = {"/dot.png": (PNG, "image/png"), "/page": (b"<html></html>", "text/html")}.get(
                self.path, (b"x" * (11 * 1024 * 1024), "image/png")
            )
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_remote_images_only_with_allow_remote(tmp_path, picture_server):
    images = ["dot.png", "page", "huge.png"]
    body = "---\ntitle: A\n---\n\n" + "\n\n".join(f"![{name}]({picture_server}/{name})" for name in images) + "\n"
    folder = one_post_book(tmp_path, body)
    offline = build_book(folder, tmp_path / "offline", "--format", "epub")
    assert not Epub(offline.output("epub")).manifest("image/png")
    assert (
        f"remote resource {picture_server}/dot.png not fetched (--allow-remote fetches web images)"
        in offline.result.stderr
    )
    online = build_book(folder, tmp_path / "online", "--format", "epub", "--allow-remote")
    assert len(Epub(online.output("epub")).manifest("image/png")) == 1
    assert f"{picture_server}/page is text/html, not a picture" in online.result.stderr
    assert f"{picture_server}/huge.png is larger than 10 MB; not fetched" in online.result.stderr
    assert_epubcheck_clean(online.output("epub"))


ENTITY_FEED = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Evil</title>
<item><title>Secret</title><description>before &secret; after</description></item>
<item><title>Laughs</title><description>&lol9;</description></item>
</channel></rss>
"""


def test_feeds_neither_read_local_files_nor_expand_entity_bombs(tmp_path):
    folder = one_post_book(tmp_path, ENTITY_FEED, name="evil.xml")
    with time_limit(60):
        result = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "epub")
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        epub = tmp_path / "out" / "t.epub"
        assert SECRET not in Epub(epub).all_text() and "lollollol" not in Epub(epub).all_text()
    else:
        assert result.exit_code == 1 and "evil.xml" in result.stderr


def test_wordpress_export_with_entities_is_safe(tmp_path):
    wxr = ENTITY_FEED.replace(
        '<rss version="2.0">',
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    ).replace("<description>", "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status><content:encoded>")
    wxr = wxr.replace("</description>", "</content:encoded>")
    folder = one_post_book(tmp_path, wxr, name="export.xml")
    with time_limit(60):
        result = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "epub")
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stderr
    if result.exit_code == 0:
        assert SECRET not in Epub(tmp_path / "out" / "t.epub").all_text()


def test_nothing_active_reaches_either_output(tmp_path):
    body = (
        '---\ntitle: A\n---\n\n<base href="https://evil.example/">\n\n<meta http-equiv="refresh" content="0;url=x">\n\n'
        '<object data="x.swf"></object><embed src="x.swf">\n\n<p style="position:absolute;top:-999px">hidden</p>\n\n'
        '<a href="javascript:alert(1)" onclick="x()">click</a> <img src="x" onerror="alert(1)">\n\n'
        "<svg><script>alert(1)</script></svg> <math><mi>x</mi></math>\n"
    )
    built = build_book(one_post_book(tmp_path, body), tmp_path / "out")
    epub = Epub(built.output("epub"))
    chapter = epub.text("a.xhtml")
    for bad in ("<base", "http-equiv", "<object", "<embed", "position", "javascript", "onclick", "onerror", "<script"):
        assert bad not in chapter, bad
    assert "hidden" in chapter  # the text stays, its escape from the page does not
    pdf_bytes = built.output("pdf").read_bytes()
    assert b"/JavaScript" not in pdf_bytes and b"/JS" not in pdf_bytes
    assert_epubcheck_clean(built.output("epub"))


def ten_megabytes() -> str:
    paragraph = "A long post goes on, sentence after sentence, for page after page. " * 20
    body = "Big Post\n\n" + "\n\n".join([paragraph] * 7500)
    assert len(body) > 10_000_000
    return body


@pytest.mark.heavy  # a book of some 4,000 pages
def test_a_ten_megabyte_post(tmp_path):
    body = ten_megabytes()
    with time_limit(120):
        built = build_book(one_post_book(tmp_path, body, name="big.txt"), tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    assert epub.toc_entries()[0][1] == "big"  # plain text without an export header: the file name
    assert epub.xml("big.xhtml").xpath("count(//x:p)", namespaces=NS) > 7000


@pytest.mark.heavy
def test_the_pdf_of_a_ten_megabyte_post(tmp_path):
    """One chapter of some 4,000 pages: one WeasyPrint document (about 1.2 GB and two minutes here)."""
    folder = one_post_book(tmp_path, ten_megabytes(), name="big.txt")
    with time_limit(900):
        built = build_book(folder, tmp_path / "out", "--format", "pdf")
    reader = PdfReader(str(built.output("pdf")))
    assert len(reader.pages) > 3900
    chapter_end = reader.pages[-3].extract_text().split()[-1]  # then a blank verso, then the sources page
    sources = reader.pages[-1].extract_text()
    assert f"big, pp. 1–{chapter_end}." in sources and sources.split()[-1] == str(int(chapter_end) + 2)


def five_thousand_chapters(folder: Path) -> Path:
    files = {
        f"posts/p{n:04d}.md": f"---\ntitle: Post {n}\n---\n\nText {n}.[^1]\n\n[^1]: Note {n}.\n" for n in range(5000)
    }
    return write_book(folder, "title: Many\nchapters: [posts]\n", files)


@pytest.mark.heavy  # a book of some 10,000 pages
def test_a_five_thousand_chapter_book(tmp_path):
    folder = five_thousand_chapters(tmp_path / "b")
    with time_limit(180):
        built = build_book(folder, tmp_path / "out", "--format", "epub")
    entries = Epub(built.output("epub")).toc_entries()
    assert len(entries) == 5000 and entries[-1][1] == "Post 4999"


@pytest.mark.heavy
def test_the_pdf_of_a_five_thousand_chapter_book(tmp_path):
    """Rendered in sections, a book of 5,000 chapters is some 10,000 pages: numbered, outlined, linked."""
    folder = five_thousand_chapters(tmp_path / "b")
    with time_limit(900):
        built = build_book(folder, tmp_path / "out", "--format", "pdf")
    reader = PdfReader(str(built.output("pdf")))
    outline = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in outline][-2:] == ["Post 4999", "Sources and permissions"]
    text = reader.pages[reader.get_destination_page_number(outline[-2])].extract_text()
    assert text.split()[-1] == "9999"  # 4,999 openings before it, each with its blank verso
    assert "Post 4999" in text and "Note 4999." in text
    assert len(reader.pages) > 10_000


def test_running_out_of_memory_is_one_line_and_keeps_the_last_book(tmp_path, monkeypatch):
    folder = one_post_book(tmp_path, "---\ntitle: A\n---\n\nText.\n")
    built = build_book(folder, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in built.out.iterdir()}

    def exhausted(fmt):
        def write(*_):
            raise MemoryError

        return write

    monkeypatch.setattr(postbind.pipeline, "writer_for", exhausted)
    result = run_cli("build", str(folder), "-o", str(built.out))
    assert result.exit_code == 3 and result.stderr.strip().splitlines() == [
        "postbind: error: out of memory; nothing written (build the EPUB alone, or on a bigger machine)"
    ]
    assert {p.name: p.read_bytes() for p in built.out.iterdir()} == before


def test_an_interrupted_build_keeps_the_last_book(tmp_path, monkeypatch):
    folder = one_post_book(tmp_path, "---\ntitle: A\n---\n\nText.\n")
    built = build_book(folder, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in built.out.iterdir()}

    def interrupted(fmt):
        def write(book, renderer, target, reporter, *executor):
            target.write_bytes(b"half")
            raise KeyboardInterrupt

        return write

    monkeypatch.setattr(postbind.pipeline, "writer_for", interrupted)
    result = run_cli("build", str(folder), "-o", str(built.out))
    assert result.exit_code == 130 and "interrupted; nothing written" in result.stderr
    assert {p.name: p.read_bytes() for p in built.out.iterdir()} == before


def test_two_builds_at_once_do_not_disturb_each_other(tmp_path):
    folder = one_post_book(tmp_path, "---\ntitle: A\n---\n\nText.[^1]\n\n[^1]: A note.\n")
    command = [sys.executable, "-m", "postbind", "build", str(folder), "-o", str(tmp_path / "out"), "-q"]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    assert all(code == 0 for code, _ in results), results
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["t.epub", "t.pdf"]
    assert_epubcheck_clean(tmp_path / "out" / "t.epub")


def test_oversized_data_url_refused_by_the_loader(tmp_path):
    from postbind.resources import Refused, ResourceLoader

    loader = ResourceLoader((tmp_path,), scratch=tmp_path)
    with pytest.raises(Refused, match="too large"):
        loader.image("data:image/png;base64," + "A" * (15 * 1024 * 1024), tmp_path)
    with pytest.raises(Refused, match="not a picture"):
        loader.image("data:text/html;base64,PGgxPmhpPC9oMT4=", tmp_path)
    assert loader.image("data:image/png;base64," + base64.b64encode(PNG).decode(), tmp_path).media_type == "image/png"


def test_an_empty_post_is_left_out_with_a_warning(tmp_path):
    files = {"a.md": "---\ntitle: Full\n---\n\nText.\n", "empty.md": "---\ntitle: Nothing here\n---\n\n\n"}
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md, empty.md]\n", files)
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert f"{folder / 'empty.md'}: warning: the post is empty; left out" in built.result.stderr
    assert [t for _, t, _ in Epub(built.output("epub")).toc_entries()] == ["Full"]
