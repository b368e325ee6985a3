"""Print-ready PDF, read back: running heads, footnotes on their pages, course-pack features,
profiles, resolution warnings, PDF variants. Built from ../shared/corpus and small books."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from postbind.config import PDF_VARIANTS, load_config
from postbind.errors import PostbindError
from tests.corpus import COURSE_PACK
from tests.helpers import Epub, Pdf, build_book, image_bytes, needs_shared, run_cli, write_book


@pytest.fixture(scope="module")
def course_pack(tmp_path_factory):
    folder = write_book(tmp_path_factory.mktemp("pack") / "book", COURSE_PACK)
    built = build_book(folder, folder.parent / "out")
    return built, Pdf(built.output("pdf"))


def band_words(path: Path, number: int, where: str) -> list[dict]:
    """Words in the top or bottom margin of the trimmed page: the running head, or the folio."""
    with pdfplumber.open(str(path)) as doc:
        page = doc.pages[number - 1]
        x0, top, x1, bottom = page.bbox
        box = PdfReader(str(path)).pages[number - 1].trimbox
        bleed = float(box.left) - float(PdfReader(str(path)).pages[number - 1].mediabox.left)
        area = (x0, top, x1, top + bleed + 50) if where == "head" else (x0, bottom - bleed - 52, x1, bottom)
        return page.crop(area).extract_words()


def band(path: Path, number: int, where: str) -> str:
    return " ".join(w["text"] for w in band_words(path, number, where))


def text_of(pdf: Pdf) -> str:
    """All the text, with words hyphenated at line ends joined again."""
    return "\n".join(pdf.pages).replace("‐\n", "")


def openings(pdf: Pdf) -> dict[int, str]:
    """The page where each part, chapter and section opens: {page: title}."""
    return {page: title for _, title, page in pdf.outline()}


def opening(pdf: Pdf, title: str) -> int:
    return next(page for _, name, page in pdf.outline() if name == title)


@needs_shared("corpus", "samples")
def test_running_heads(course_pack):
    built, pdf = course_pack
    path, starts = built.output("pdf"), openings(pdf)
    body_start = opening(pdf, "Week one")
    current, checked = None, 0
    for number in range(body_start, len(pdf.pages) + 1):
        current = starts.get(number, current)
        head = band(path, number, "head")
        if number in starts or not pdf.lines(number):
            assert head == "", f"page {number}: an opening or blank page has no head, got {head!r}"
        elif number % 2 == 0:
            assert head == "Readings in Digital Service", f"page {number}: {head!r}"
            checked += 1
        else:
            assert head == current, f"page {number}: {head!r} for {current!r}"
            checked += 1
    assert checked > 10


@needs_shared("corpus", "samples")
def test_folios_on_the_outer_edge(course_pack):
    built, pdf = course_pack
    start = opening(pdf, "Week one")
    for number in (start, start + 2, start + 3):
        (folio,) = band_words(built.output("pdf"), number, "foot")
        assert folio["text"] == pdf.folio(number)
        assert (folio["x0"] > 306) == (number % 2 == 1), f"page {number}: folio at {folio['x0']}"


def _calls_and_markers(page) -> tuple[list[str], list[str]]:
    """Footnote calls (small superscript numbers) and note markers ("3." at 8.5 pt) on a page."""
    words = page.extract_words(extra_attrs=["size"])
    calls = [w["text"] for w in words if w["size"] < 7 and re.fullmatch(r"\d+", w["text"])]
    markers = [w["text"][:-1] for w in words if 8.3 <= w["size"] <= 8.7 and re.fullmatch(r"\d+\.", w["text"])]
    return calls, markers


@needs_shared("corpus", "samples")
def test_every_footnote_is_on_its_calls_page(course_pack):
    built, pdf = course_pack
    total = 0
    first, last = opening(pdf, "Week one"), opening(pdf, "Sources and permissions")
    with pdfplumber.open(str(built.output("pdf"))) as doc:
        for number, page in enumerate(doc.pages[first - 1 : last - 1], start=first):
            calls, markers = _calls_and_markers(page)
            assert sorted(calls, key=int) == sorted(markers, key=int), f"page {number}: calls {calls}, notes {markers}"
            total += len(calls)
    assert total >= 8


@needs_shared("corpus", "samples")
def test_no_note_lost_and_notes_numbered_per_chapter(course_pack, tmp_path):
    built, pdf = course_pack
    text = text_of(pdf)
    for phrase in ("Here is the footnote.", "Here’s the long note.", "Subsequent blocks are indented"):
        assert phrase in text, phrase  # pandoc's test suite notes, multi-paragraph one included
    starts = sorted(page for depth, _, page in pdf.outline() if depth == 2) + [opening(pdf, "Sources and permissions")]
    firsts = []
    with pdfplumber.open(str(built.output("pdf"))) as doc:
        for start, end in zip(starts, starts[1:], strict=False):
            markers = [m for page in doc.pages[start - 1 : end - 1] for m in _calls_and_markers(page)[1]]
            if markers:
                firsts.append(markers[0])
    assert len(firsts) >= 2 and set(firsts) == {"1"}, firsts  # every chapter's notes start again at 1


def test_a_note_too_long_for_its_page_becomes_an_endnote(tmp_path):
    long_note = " ".join(["This note goes on and on, far longer than any page can hold."] * 90)
    post = f"---\ntitle: Long\n---\n\nA short call.[^1] And another.[^2]\n\n[^1]: {long_note}\n\n[^2]: A short note.\n"
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": post})
    pdf = Pdf(build_book(folder, tmp_path / "out", "--format", "pdf").output("pdf"))
    call_page = next(n for n in range(1, len(pdf.pages) + 1) if "A short call." in pdf.pages[n - 1])
    notes_page = next(n for n in range(1, len(pdf.pages) + 1) if "Notes" in pdf.lines(n))
    assert notes_page >= call_page
    assert "This note goes on and on" in "\n".join(pdf.pages[notes_page - 1 :])
    assert "A short note." in pdf.pages[call_page - 1]  # the short one stays a footnote


@needs_shared("corpus", "samples")
def test_sources_page_lists_every_reading_with_its_pages(course_pack):
    _, pdf = course_pack
    starts = sorted((page, title) for _, title, page in pdf.outline())
    sources_page = next(page for page, title in starts if title == "Sources and permissions")
    listing = " ".join(" ".join(pdf.lines(n)) for n in range(sources_page, len(pdf.pages) + 1))
    chapters = {title for depth, title, _ in pdf.outline() if depth == 2}
    readings = [(p, t) for p, t in starts if t in chapters]
    assert len(readings) == 4
    for index, (page, title) in enumerate(readings):
        following = [p for p, _ in starts if p > page][0]
        last = max(n for n in range(page, following) if pdf.lines(n))  # the blank verso is not the reading's
        first_number, last_number = pdf.folio(page), pdf.folio(last)
        expected = f"p. {first_number}" if page == last else f"pp. {first_number}–{last_number}"
        assert re.search(rf"Reading {index + 1}\. {re.escape(title[:20])}.*?, {expected}\.", listing), (title, expected)
    assert "CC0 1.0 (public domain)" in listing and "For classroom use." in listing
    assert "Originally published as" in listing  # the ADR post was retitled in book.yaml


@needs_shared("corpus", "samples")
def test_reading_numbers_in_both_outputs(course_pack):
    built, pdf = course_pack
    assert any(line.startswith("3. The Strange Death of Lev Sedov") for line in pdf.lines(5) + pdf.lines(6))
    assert pdf.lines(opening(pdf, "The Strange Death of Lev Sedov"))[0] == "Reading 3"
    epub = Epub(built.output("epub"))
    assert [t for _, t, _ in epub.toc_entries()][2] == "2. Architecture decision records"
    assert "Reading 3" in epub.text("lev-sedov.xhtml")


@needs_shared("corpus", "samples")
def test_trim_bleed_and_marks(course_pack):
    built, _ = course_pack
    page = PdfReader(str(built.output("pdf"))).pages[10]
    assert (float(page.trimbox.width), float(page.trimbox.height)) == pytest.approx((612, 792))
    assert (float(page.bleedbox.width), float(page.bleedbox.height)) == pytest.approx((630, 810))


@needs_shared("corpus", "samples")
def test_links_spelled_out_as_footnotes_in_print(course_pack):
    _, pdf = course_pack
    page = next(n for n in range(1, len(pdf.pages) + 1) if "Enter the Architecture Decision Record" in pdf.pages[n - 1])
    assert "https://adr.github.io/" in pdf.pages[page - 1]  # the address, on the page of its link


@needs_shared("corpus", "samples")
def test_hyphenation_and_book_face(course_pack):
    built, pdf = course_pack
    assert sum(line.endswith("‐") for page in range(1, len(pdf.pages) + 1) for line in pdf.lines(page)) > 5
    fonts = pdf.fonts()
    assert any("Linux-Libertine-O" in name for name in fonts) and all(fonts.values())


@needs_shared("corpus", "samples")
def test_images_stay_inside_the_page(course_pack):
    built, pdf = course_pack
    seen = 0
    with pdfplumber.open(str(built.output("pdf"))) as doc:
        for page in doc.pages:
            for image in page.images:
                seen += 1
                assert image["x0"] >= 0 and image["top"] >= 0
                assert image["x1"] <= page.width and image["bottom"] <= page.height
    assert seen >= 1  # the test suite's lalune.jpg


def test_screen_profile(tmp_path):
    post = "---\ntitle: A\n---\n\nSee [the site](https://example.org/page).\n\n" + "Text. " * 400
    yaml = "title: T\nprint: {bleed: 3mm, crop_marks: true}\nchapters: [a.md, b.md]\n"
    folder = write_book(tmp_path / "b", yaml, {"a.md": post, "b.md": post.replace("title: A", "title: B")})
    printed = Pdf(build_book(folder, tmp_path / "print", "--format", "pdf").output("pdf"))
    screen_path = build_book(folder, tmp_path / "screen", "--format", "pdf", "--profile", "screen").output("pdf")
    screen = Pdf(screen_path)
    assert any(not printed.lines(n) for n in range(1, len(printed.pages) + 1))
    assert all(screen.lines(n) for n in range(1, len(screen.pages) + 1)), "no blank pages on screen"
    page = screen.reader.pages[3]
    assert page.mediabox == page.trimbox  # no bleed
    assert "https://example.org/page" in "\n".join(printed.pages)
    assert "https://example.org/page" not in "\n".join(screen.pages)
    links = [
        a.get_object()["/A"]["/URI"]
        for p in screen.reader.pages
        for a in p.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert "https://example.org/page" in links
    with pdfplumber.open(str(screen_path)) as doc:
        link_chars = [
            c
            for p in doc.pages
            for c in p.chars
            if c["text"] == "s" and c["non_stroking_color"] not in ((0,), (0, 0, 0), None)
        ]
    assert link_chars, "links are coloured on screen"


def test_low_resolution_images_warned(tmp_path):
    files = {
        "a.md": "---\ntitle: A\n---\n\n![a small chart](small.png)\n",
        "small.png": image_bytes((300, 200), "PNG"),
    }
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", files)
    built = build_book(folder, tmp_path / "out", "--format", "pdf")
    assert re.search(
        r"a\.md: warning: image small\.png prints at 96 dpi at its size \(3\.1×2\.1 in\)", built.result.stderr
    )
    assert "dpi" not in build_book(folder, tmp_path / "screen", "--format", "pdf", "--profile", "screen").result.stderr


def test_sample_book_prints_without_warnings(sample_book):
    assert ": warning:" not in sample_book.result.stderr


def test_missing_glyph_is_a_warning_at_its_post_and_line(tmp_path):
    posts = {"a.md": "---\ntitle: A\n---\n\nPlain text.\n", "b.md": "---\ntitle: B\n---\n\nFirst.\n\nCuneiform 𒀀.\n"}
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md, b.md]\n", posts)
    built = build_book(folder, tmp_path / "out", "--format", "pdf")
    warning = 'b.md:7: warning: PDF: .notdef glyph rendered for Unicode string unsupported by fonts: "𒀀"'
    assert warning in built.result.stderr
    assert "install a font that covers it" in built.result.stderr
    steps = [(int(done), int(total)) for done, total in re.findall(r"PDF: (\d+)/(\d+) sections", built.result.stderr)]
    assert steps and all(done <= total for done, total in steps) and steps[-1][0] == steps[-1][1], steps


def test_tables_repeat_their_header(tmp_path):
    rows = "".join(f"| row {n} | value {n} |\n" for n in range(120))
    post = f"---\ntitle: A\n---\n\n| Name | Amount |\n|---|---|\n{rows}"
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": post})
    pdf = Pdf(build_book(folder, tmp_path / "out", "--format", "pdf").output("pdf"))
    pages_with_rows = [n for n in range(1, len(pdf.pages) + 1) if re.search(r"\brow (5|119)\b", pdf.pages[n - 1])]
    assert len(pages_with_rows) == 2
    for number in pages_with_rows:
        assert "Name Amount" in pdf.pages[number - 1]


VARIANT_BOOK = "title: T\nlanguage: en\nprint: {{pdf_variant: {variant}{extra}}}\nchapters: [a.md]\n"


@pytest.mark.parametrize("variant", ["pdf/a-3b", "pdf/ua-1", "pdf/x-4"])
def test_pdf_variants(variant, tmp_path):
    icc = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
    extra = f", icc_profile: {icc}" if variant.startswith("pdf/x") else ""
    files = {"a.md": "---\ntitle: A\n---\n\nText.\n"}
    folder = write_book(tmp_path / "b", VARIANT_BOOK.format(variant=variant, extra=extra), files)
    reader = PdfReader(str(build_book(folder, tmp_path / "out", "--format", "pdf").output("pdf")))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    if variant == "pdf/a-3b":
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
        assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    if variant == "pdf/ua-1":
        assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
        assert "pdfuaid:part" in xmp
    if variant == "pdf/x-4":
        intent = root["/OutputIntents"][0].get_object()
        assert intent["/S"] == "/GTS_PDFX" and "/DestOutputProfile" in intent
        assert "PDF/X-4" in xmp


def test_pdf_x_needs_an_icc_profile(tmp_path):
    folder = write_book(tmp_path / "b", VARIANT_BOOK.format(variant="pdf/x-4", extra=""), {"a.md": "Text.\n"})
    with pytest.raises(PostbindError) as raised:
        load_config(folder)
    assert "print.pdf_variant: pdf/x-4 needs a CMYK output intent: set print.icc_profile" in str(raised.value)


def test_pdf_variant_names_match_weasyprint():
    from weasyprint.pdf import VARIANTS

    assert set(PDF_VARIANTS) == set(VARIANTS) - {"debug"}


def test_profile_option_is_validated():
    assert run_cli("build", "--profile", "glossy").exit_code == 2
