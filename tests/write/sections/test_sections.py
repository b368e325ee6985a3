"""The PDF in sections is the one-document PDF, page for page; a rebuild renders only what changed.

Both renders of the same book are read back and compared: page count, every
page's text (folios and running heads included), the page boxes (bleed), the
outline, every link and where it leads, the document information.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from postbind import cache
from postbind.assemble import assemble
from postbind.config import load_config
from postbind.errors import PostbindError, Reporter
from postbind.model import Book, BookMeta, Chapter, PostMeta
from postbind.progress import progress_display
from postbind.render import Renderer
from postbind.write import pdf_merge
from postbind.write.pdf import write_sections, write_whole
from postbind.write.sections import MARKER, Rendered, SectionWriter, link_out, write_in_sections
from tests.corpus import COURSE_PACK
from tests.helpers import REPO, build_book, needs_shared, run_cli, write_book


def both_renders(folder: Path, out: Path, profile: str | None = None) -> tuple[Path, Path, Reporter]:
    config = load_config(folder)
    reporter = Reporter(quiet=True)
    with tempfile.TemporaryDirectory() as scratch:
        book = assemble(config, reporter, Path(scratch)).book
        renderer = Renderer(config, profile)
        write_whole(book, renderer, out / "whole.pdf", reporter)
        write_sections(book, renderer, out / "sections.pdf", reporter)
    return out / "whole.pdf", out / "sections.pdf", reporter


def read_back(path: Path) -> dict:
    """Everything a reader or a printer sees of a PDF, in comparable form."""
    reader = PdfReader(str(path))
    with pdfplumber.open(str(path)) as pdf:
        texts = [same_glyph_text(page.extract_text() or "") for page in pdf.pages]
    boxes = [
        tuple(
            tuple(round(float(v), 2) for v in page[box])
            for box in ("/MediaBox", "/TrimBox", "/BleedBox")
            if box in page
        )
        for page in reader.pages
    ]
    return {
        "pages": len(reader.pages),
        "texts": texts,
        "boxes": boxes,
        "outline": outline(reader),
        "links": links(reader),
        "info": {k: v for k, v in (reader.metadata or {}).items() if k != "/Producer"},
        "lang": reader.trailer["/Root"].get("/Lang"),
    }


def same_glyph_text(text: str) -> str:
    """Text as drawn, not as mapped back: Linux Libertine draws "..." and "…" with one glyph, and WeasyPrint
    maps a glyph back to the first text it drew it for in that document, so which of the two a reader
    copies depends on what else the document holds; the page is the same."""
    return text.replace("…", "...")


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return found


def links(reader: PdfReader) -> list[tuple[int, tuple, object]]:
    """(page, rectangle, the page an internal link leads to or the URI) of every link."""
    pages = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            rect = tuple(round(float(v), 1) for v in annotation["/Rect"])
            dest, action = annotation.get("/Dest"), annotation.get("/A") or {}
            found.append((number, rect, pages[str(dest)] if dest is not None else action.get("/URI")))
    return found


def assert_same_book(whole: Path, sections: Path) -> dict:
    expected, got = read_back(whole), read_back(sections)
    assert got["pages"] == expected["pages"]
    for number, (want, have) in enumerate(zip(expected["texts"], got["texts"], strict=True), 1):
        assert have == want, f"page {number} differs"
    for key in ("boxes", "outline", "links", "info", "lang"):
        assert got[key] == expected[key], key
    return got


@pytest.mark.parametrize(("profile", "batch"), [("print", 200), ("screen", 200), ("print", 3)])
def test_the_sample_book_in_sections_is_the_same_book(tmp_path, monkeypatch, profile, batch):
    monkeypatch.setattr(pdf_merge, "BATCH", batch)  # 3: joined in batches, as a long book is
    whole, sections, _ = both_renders(REPO / "book", tmp_path, profile)
    got = assert_same_book(whole, sections)
    assert any(target is not None and not isinstance(target, str) for _, _, target in got["links"])  # internal
    assert [title for _, title, _ in got["outline"]][:3] == ["Contents", "Preface", "On making books"]
    assert (depth := {t: d for d, t, _ in got["outline"]})["The Anatomy of a Chapter"] == 2
    assert depth["From the 18F blog"] == 1
    assert any(text.strip() == "" for text in got["texts"]) == (profile == "print")  # blank versos in print only


@needs_shared("corpus", "samples")
def test_a_course_pack_with_bleed_marks_and_real_posts_is_the_same_book(tmp_path):
    """Letter size, bleed and crop marks, reading numbers, the pandoc test suite and the seed post."""
    folder = write_book(tmp_path / "book", COURSE_PACK)
    whole, sections, reporter = both_renders(folder, tmp_path)
    got = assert_same_book(whole, sections)
    blank = [n for n, text in enumerate(got["texts"]) if not text.strip()]
    assert blank, "the course pack has blank versos"
    pages, reference = PdfReader(str(sections)).pages, PdfReader(str(whole)).pages
    assert all(float(pages[n].bleedbox.width) > float(pages[n].trimbox.width) for n in blank)  # bleed kept
    marks = drawn(pages[blank[0]])
    assert b" l\n" in marks and b"\nB\n" in marks  # the crop marks, drawn: the same lines as the one document's
    assert all(drawn(pages[n]) == drawn(reference[n]) for n in blank)
    assert not [w for w in reporter.warnings if "anchor" in w.message.lower()]


def drawn(page) -> bytes:
    """What a page draws: its content and the forms it places (WeasyPrint draws a page as a form), the
    forms' names aside (a document numbers its own)."""
    content, forms = page.get_contents().get_data(), page["/Resources"].get("/XObject") or {}
    placed = re.findall(rb"/(\S+) Do", content)
    content = re.sub(rb"/\S+ Do", b"/form Do", content)
    return content + b"".join(forms["/" + name.decode()].get_object().get_data() for name in placed)


WORKERS = len(os.sched_getaffinity(0))  # a build's pool, and so its stamp sheets at most


def long_book(folder: Path, count: int = 14) -> Path:
    posts = {f"p{n:02}.md": f"---\ntitle: Post {n}\n---\n\n" + f"Words of post {n}. " * 80 + "\n" for n in range(count)}
    return write_book(folder, "title: Long\nchapters: [" + ", ".join(posts) + "]\n", posts)


def rendered_and_cached(stderr: str) -> tuple[int, int]:
    found = re.search(r"PDF: (\d+) section\(s\) rendered, (\d+) from the cache", stderr)
    assert found, stderr
    return int(found.group(1)), int(found.group(2))


def test_a_rebuild_renders_the_edited_chapter_only_even_when_it_grew(tmp_path, monkeypatch):
    """Sections do not depend on their place: a chapter that grew moves the numbers of those after it,
    which are stamps, the contents and the sources pages, not their sections."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = long_book(tmp_path / "book")
    first = build_book(folder, tmp_path / "out", "--format", "pdf")
    assert "from the cache" not in first.result.stderr.splitlines()[-1]
    post = folder / "p05.md"
    post.write_text(post.read_text() + "\nOne more sentence.\n")
    edited = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "pdf")
    assert rendered_and_cached(edited.stderr)[0] == 1  # the edited chapter only: its page count did not change
    post.write_text(post.read_text() + "\n\n".join(["A much longer post now. " * 60] * 6))
    grown = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "pdf")
    rendered, _ = rendered_and_cached(grown.stderr)
    assert 3 <= rendered <= 3 + WORKERS  # itself, the contents, the sources, the sheets of the new folios
    cold = build_book(folder, tmp_path / "cold", "--format", "pdf")  # the same book, no cache
    assert read_back(tmp_path / "out" / "long.pdf")["texts"] == read_back(cold.output("pdf"))["texts"]


def test_a_post_inserted_as_chapter_two_renders_that_post_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = long_book(tmp_path / "book")
    build_book(folder, tmp_path / "out", "--format", "pdf")
    (folder / "new.md").write_text("---\ntitle: A new post\n---\n\n" + "Inserted words. " * 300 + "\n")
    chapters = re.sub(r"p00\.md, ", "p00.md, new.md, ", (folder / "book.yaml").read_text())
    (folder / "book.yaml").write_text(chapters)
    inserted = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "pdf")
    rendered, cached = rendered_and_cached(inserted.stderr)
    assert 3 <= rendered <= 3 + WORKERS and cached >= 14  # the new post, contents, sources, new folios' sheets
    got = read_back(tmp_path / "out" / "long.pdf")
    assert [title for _, title, _ in got["outline"]][1:3] == ["Post 0", "A new post"]
    cold = build_book(folder, tmp_path / "cold", "--format", "pdf")
    assert got["texts"] == read_back(cold.output("pdf"))["texts"]


def test_progress_is_plain_lines_when_piped(tmp_path):
    built = build_book(long_book(tmp_path / "book"), tmp_path / "out", "--format", "pdf")
    lines = [line for line in built.result.stderr.splitlines() if re.fullmatch(r"PDF: \d+/\d+ sections", line)]
    assert 2 <= len(lines) <= 11 and lines[-1].split(": ")[1].split("/")[0] == lines[-1].split("/")[1].split()[0]
    assert re.search(r"\d+ chapters, \d+ pages, 0 warning\(s\)", built.result.stderr)


# -- the numbering, with a stand-in renderer: each piece rendered once, the folios stamped -------------


def fake_book(lengths: list[int]) -> Book:
    meta = BookMeta(title="Fake", language="en", identifier="urn:uuid:0")
    chapters = [
        Chapter(id=f"c{n:03}", kind="chapter", meta=PostMeta(title=f"C{n}"), source=Path(f"p{n}.md"), html="x" * size)
        for n, size in enumerate(lengths)
    ]
    return Book(meta=meta, front=[], body=chapters, back=[])


SHEETS: list = []


def fake_render(job) -> Rendered:
    """Pages from the length of the chapter's text (a folio on each); a stamp sheet, a page a stamp."""
    if job.stamps:
        SHEETS.append(job.stamps)
        anchors = {a: n for n, a in enumerate(job.anchors)}
        return Rendered(len(job.stamps), anchors, [], [], [], pdf=b"%PDF")
    match = re.search(r'class="chapter-body">\s*(x*)', job.html)
    pages = 1 + len(match.group(1)) // 1000 if match else 1
    kinds = [("chapter", n == 0, "folio") for n in range(pages)] if job.stamped else []
    return Rendered(pages, {a: 0 for a in job.anchors}, [], [], [], kinds=kinds, pdf=b"%PDF")


@pytest.mark.parametrize("profile", ["print", "screen"])
def test_each_piece_is_rendered_once_and_every_page_gets_its_folio(tmp_path, monkeypatch, profile):
    monkeypatch.setenv("POSTBIND_CACHE", "off")
    SHEETS.clear()
    lengths = [500, 9000, 100, 4200, 7700, 300, 12000, 50, 2500, 6100, 900, 3300]  # 1 to 13 pages, no pattern
    book = fake_book(lengths)
    renderer = Renderer(load_config(REPO / "book"), profile)
    with ThreadPoolExecutor(2) as executor:
        writer = SectionWriter(book, renderer, Reporter(quiet=True), fake_render, "fake", executor, 2, tmp_path)
        merged, _, stamps = writer.render_all()
    assert writer.rendered == len(lengths) + 3 + len(SHEETS) and len(SHEETS) == 2  # + front, sources, blank
    pages = [1 + size // 1000 for size in lengths]
    expected, number, starts = [], 1, set()
    for count in pages:
        starts.add(number)
        expected += [(number + n, "right" if n % 2 == 0 or profile == "screen" else "left") for n in range(count)]
        number += count + count % 2 if profile == "print" else count
    stamped = sorted((stamp.number, stamp.side) for sheet in SHEETS for stamp in sheet)
    front = 1  # the stand-in's front section: one page (two with its blank verso, in print)
    if profile == "screen":  # one-sided: a page's side is its place in the book's
        expected = [(n, "right" if (front + n - 1) % 2 == 0 else "left") for n, _ in expected]
    assert stamped == expected
    assert all(stamp.opener == (stamp.number in starts) for sheet in SHEETS for stamp in sheet)
    blanks = sum(count % 2 for count in pages) + 1 if profile == "print" else 0  # the front page, then odd chapters
    assert len(merged) == 1 + len(lengths) + blanks + 1  # front, chapters, blank versos, sources
    assert [len(s) for s in stamps if s] == pages  # a stamp for each page of each chapter


def test_links_into_other_sections_are_marked_for_the_merge():
    html = '<a href="#c001-x">in</a><p id="c001-x"></p><a href="#c002">out</a>'
    assert link_out(html) == f'<a href="#c001-x">in</a><p id="c001-x"></p><a href="{MARKER}c002">out</a>'


@pytest.mark.heavy  # starts a Dask cluster
def test_a_dask_cluster_renders_the_same_book(tmp_path, monkeypatch):
    """The sections go through any concurrent.futures executor: here a local Dask cluster's (postbind[dask])."""
    from distributed import Client, LocalCluster, get_task_stream  # make installs postbind[dask]

    from postbind.pipeline import build

    monkeypatch.setenv("POSTBIND_CACHE", "off")
    folder = long_book(tmp_path / "book")
    local = build(folder, tmp_path / "local", ("pdf",), Reporter(quiet=True))
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        with get_task_stream(client) as tasks:
            spread = build(folder, tmp_path / "dask", ("pdf",), Reporter(quiet=True), executor=client.get_executor())
    workers = {task["worker"] for task in tasks.data if "render_section" in task["key"]}
    assert len(workers) == 2 and spread.pdf.rendered >= 14 and spread.pdf.pages == local.pdf.pages
    assert read_back(spread.outputs["pdf"])["texts"] == read_back(local.outputs["pdf"])["texts"]


def test_a_damaged_section_in_the_cache_is_rendered_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = long_book(tmp_path / "book")
    first = build_book(folder, tmp_path / "out", "--format", "pdf")
    expected = read_back(first.output("pdf"))["texts"]
    sections = sorted((tmp_path / "cache" / "postbind" / "pdf-sections").rglob("*.pdf"))
    whole = {path: path.read_bytes() for path in sections}
    for damaged in sections[::2]:
        damaged.write_bytes(damaged.read_bytes()[:100])  # as a crash half way through writing would leave it
    again = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "pdf")
    rendered, cached = rendered_and_cached(again.stderr)
    assert rendered >= len(sections[::2]) - 1 and cached >= len(sections[1::2]) - 2  # stamp sheets: a few
    pieces = [path for path in sections[::2] if "stamp-0" not in path.with_suffix("").read_text()]  # not sheets
    assert pieces and all(path.read_bytes() == whole[path] for path in pieces)  # written anew, whole
    assert read_back(first.output("pdf"))["texts"] == expected


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    screen = Terminal()
    with progress_display(screen) as step:
        for done in range(1, 4):
            step("PDF", done, 3)
    assert "PDF: sections" in screen.getvalue() and "3/3" in screen.getvalue()
    assert "\x1b[" in screen.getvalue()  # drawn and redrawn in place, not printed line by line


def picture(width: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, 100), "#336699").save(out, "PNG")
    return out.getvalue()


def test_pictures_are_cached_by_their_bytes_not_their_paths(tmp_path, monkeypatch):
    """A picture edited in place renders its chapter again; one from a data: URL (kept in a new scratch
    folder every build) does not."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = long_book(tmp_path / "book")
    (folder / "photo.png").write_bytes(picture(200))
    inline = "data:image/png;base64," + __import__("base64").b64encode(picture(50)).decode()
    (folder / "p03.md").write_text((folder / "p03.md").read_text() + "\n![A photo](photo.png)\n")
    (folder / "p07.md").write_text((folder / "p07.md").read_text() + f"\n![Inline]({inline})\n")
    build_book(folder, tmp_path / "out", "--format", "pdf")
    unchanged = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "pdf")
    assert rendered_and_cached(unchanged.stderr)[0] == 0
    (folder / "photo.png").write_bytes(picture(300))
    edited = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "pdf")
    assert rendered_and_cached(edited.stderr)[0] == 1
    widths = [
        image.image.width for page in PdfReader(str(tmp_path / "out" / "long.pdf")).pages for image in page.images
    ]
    assert sorted(widths) == [50, 300]


def test_the_cache_forgets_what_was_least_recently_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    old, recent = time.time() - 7200, time.time()
    for n in range(10):
        entry = cache.store_bytes(f"{n:02}entry", b"x" * 1000, "pdf-sections")
        os.utime(entry, (old + n, old + n) if n < 8 else (recent, recent))
    cache.prune("pdf-sections", 5000)
    left = sorted(p.name for p in cache.cache_dir("pdf-sections").rglob("*entry"))
    assert left == ["06entry", "07entry", "08entry", "09entry"]  # down to 80% of the cap: 4,000 bytes


def dying_render(job):
    os._exit(9)  # as the kernel's out-of-memory killer would end a worker


def test_a_worker_that_dies_is_one_clear_error(tmp_path):
    book = fake_book([500] * 3)
    renderer = Renderer(load_config(REPO / "book"))
    with pytest.raises(PostbindError, match="a PDF worker process died"):
        write_in_sections(book, renderer, tmp_path / "out.pdf", Reporter(quiet=True), dying_render, "x", None)
    assert not (tmp_path / "out.pdf").exists()


def failing_render(job):
    raise ValueError("WeasyPrint fell over")


def test_a_render_that_fails_names_its_post(tmp_path):
    book = fake_book([500] * 3)
    renderer = Renderer(load_config(REPO / "book"))
    with ThreadPoolExecutor(2) as executor, pytest.raises(ValueError) as failure:
        write_in_sections(book, renderer, tmp_path / "o.pdf", Reporter(quiet=True), failing_render, "x", None, executor)
    assert any("while rendering the PDF of p" in note for note in failure.value.__notes__)


PAGINATION = b"/Artifact <</Type /Pagination>> BDC"


def test_folios_are_stamped_afterwards_as_pagination_artifacts(tmp_path):
    """A body page's folio is not in its section's drawing: it is laid over it, marked as an artifact."""
    import pikepdf

    path = build_book(REPO / "book", tmp_path / "out", "--format", "pdf").output("pdf")
    with pikepdf.open(path) as pdf:
        streams = [
            list(page.obj.Contents) if isinstance(page.obj.Contents, pikepdf.Array) else [page.obj.Contents]
            for page in pdf.pages
        ]
        stamped = [n for n, parts in enumerate(streams) if PAGINATION in parts[-1].read_bytes()]
        assert len(stamped) > 20 and all(
            PAGINATION not in b"".join(s.read_bytes() for s in parts[:-1]) for parts in streams
        )
        for n in stamped:
            pdf.pages[n].obj.Contents = pikepdf.Array(streams[n][:-1])  # the page without its stamp
        pdf.save(tmp_path / "unstamped.pdf")
    with pdfplumber.open(str(path)) as stamped_pdf, pdfplumber.open(str(tmp_path / "unstamped.pdf")) as bare:
        for n in stamped:
            folio = max(stamped_pdf.pages[n].extract_words(), key=lambda word: word["bottom"])
            assert folio["text"].isdigit() or folio["text"].isalpha()
            left = bare.pages[n].extract_words()
            assert not any(w["text"] == folio["text"] and abs(w["bottom"] - folio["bottom"]) < 1 for w in left), n
