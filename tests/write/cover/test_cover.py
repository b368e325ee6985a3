"""The printed cover wrap: its boxes, its spine text, its barcode read back by a scanner, its guides."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from postbind.config import load_config
from postbind.errors import Reporter
from postbind.render import Renderer
from postbind.write.cover import wrap_for, write_cover
from tests.helpers import assembled, image_bytes, run_cli, write_book

ISBN = "978-1-234-56789-7"
ICC = "/usr/share/color/icc/ghostscript/default_cmyk.icc"  # Ghostscript's CMYK profile (make test installs it)
PT = 72


def words(count: int) -> str:
    """Filler text: `count` paragraphs of some 120 words, a page of 6 × 9 in holds about three."""
    vocabulary = "the book page spine cover paper print margin binding reader chapter post blog ink trim fold".split()
    return "\n\n".join(" ".join(vocabulary[(i * 7 + j) % 16] for j in range(120)) + "." for i in range(count))


def kdp_yaml(paper: str = "white", extra: str = "") -> str:
    return (
        f"title: Notes on Binding\nauthor: Jane Example\npublisher: Small Press\n{extra}"
        "description: A book about books.\nchapters: [a.md]\n"
        f"print:\n  printer: kdp\n  paper: {paper}\n  page_size: 6in 9in\n"
    )


def boxes(path) -> dict[str, list[float]]:
    page = PdfReader(str(path)).pages[0]
    return {name: [float(v) / PT for v in getattr(page, name)] for name in ("mediabox", "trimbox", "bleedbox")}


def raster(path, dpi: int = 300):
    return pypdfium2.PdfDocument(str(path))[0].render(scale=dpi / PT).to_pil().convert("RGB")


def magenta_pixels(image) -> int:
    return sum(count for count, (r, g, b) in image.getcolors(2**24) if r > 200 and g < 100 and b > 200)


def cover_of(tmp_path, pages: int, yaml_text: str, guides: bool = False):
    """The cover wrap of a small book as if its interior had `pages` pages (the page count is its only input)."""
    book, _, folder = assembled(tmp_path, {"a.md": "---\ntitle: A\n---\n\nText.\n"})
    write_book(folder, yaml_text)
    config = load_config(folder)
    book = type(book)(**{**book.__dict__, "meta": config.meta, "cover": config.cover})
    reporter, target = Reporter(quiet=True), tmp_path / "cover.pdf"
    write_cover(book, Renderer(config), wrap_for(config.print, pages), target, reporter, guides, config.places)
    return target, reporter


def test_a_312_page_kdp_paperback_on_cream_paper_has_a_13_03_by_9_25_inch_cover(tmp_path):
    target, reporter = cover_of(tmp_path, 312, kdp_yaml("cream", f"isbn: {{print: {ISBN}}}\n"))
    found = boxes(target)
    width, height = found["mediabox"][2] - found["mediabox"][0], found["mediabox"][3] - found["mediabox"][1]
    assert (round(width, 2), round(height, 2)) == (13.03, 9.25)  # 2 × 6 + 312 × 0.0025 + 2 × 0.125 by 9 + 0.25
    assert found["trimbox"] == pytest.approx([0, 0, 12.78, 9])
    assert found["bleedbox"] == found["mediabox"]
    assert not reporter.warnings, reporter.warnings


def test_the_spine_text_is_centred_on_the_spine_inside_its_safety_margins(tmp_path):
    target, _ = cover_of(tmp_path, 312, kdp_yaml("cream"))
    fold, spine = 6.0, 312 * 0.0025
    with pdfplumber.open(str(target)) as pdf:
        rotated = [c for c in pdf.pages[0].chars if not c["upright"]]
    text = "".join(c["text"] for c in sorted(rotated, key=lambda c: c["top"]))
    assert text.replace(" ", "") == "NotesonBindingJaneExampleSmallPress"
    left, right = min(c["x0"] for c in rotated) / PT, max(c["x1"] for c in rotated) / PT
    assert fold + 1 / 16 <= left and right <= fold + spine - 1 / 16
    assert (left + right) / 2 == pytest.approx(fold + spine / 2, abs=0.03)
    top, bottom = min(c["top"] for c in rotated) / PT, max(c["bottom"] for c in rotated) / PT
    assert (top + bottom) / 2 == pytest.approx(9.25 / 2, abs=0.2)  # centred along the spine too (bleed above)


def test_the_barcode_reads_back_as_the_isbn_inside_kdps_barcode_area(tmp_path):
    target, _ = cover_of(tmp_path, 312, kdp_yaml("cream", f"isbn: {{print: {ISBN}}}\n"))
    image = raster(target)
    (found,) = zxingcpp.read_barcodes(image)
    assert (found.text, found.format.name) == ("9781234567897", "EAN13")
    corners = [found.position.top_left, found.position.top_right, found.position.bottom_left]
    xs = [p.x / 300 - 0.125 for p in corners]  # inches from the trim's left edge
    ys = [p.y / 300 - 0.125 for p in corners]
    spine_fold, bottom = 6.0, 9.0
    # KDP's area: 2 × 1.2 in at the back's lower right, 0.25 in from the spine fold and the bottom edge
    assert spine_fold - 0.25 - 2 <= min(xs) and max(xs) <= spine_fold - 0.25
    assert bottom - 0.25 - 1.2 <= min(ys) and max(ys) <= bottom - 0.25
    with pdfplumber.open(str(target)) as pdf:
        assert "9 781234 567897" in pdf.pages[0].extract_text()  # the human-readable line beneath


def test_without_an_isbn_the_barcode_area_stays_clear_and_a_warning_says_so(tmp_path):
    target, reporter = cover_of(tmp_path, 312, kdp_yaml())
    assert [w.message for w in reporter.warnings] == [
        "isbn.print is not set: the back cover's barcode area is left clear"
    ]
    assert Path(reporter.warnings[0].file).name == "book.yaml"  # no `isbn` key: the file, with no line
    image = raster(target, 100)
    area = image.crop((int(3.875 * 100), int(7.675 * 100), int(5.875 * 100), int(8.875 * 100)))
    assert len(area.getcolors()) == 1  # the background alone
    assert not zxingcpp.read_barcodes(raster(target))


def test_a_cover_picture_under_300_dpi_is_scaled_to_the_front_with_a_warning(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "front.png").write_bytes(image_bytes((600, 900), "PNG"))
    target, reporter = cover_of(tmp_path, 100, kdp_yaml(extra="cover: front.png\n"))
    assert any("front.png prints at 97 dpi on the front" in w.message for w in reporter.warnings), reporter.warnings
    image = raster(target, 50)
    front_right_corner = image.getpixel((image.width - 2, 2))
    assert front_right_corner == (0x33, 0x66, 0x99)  # the picture reaches into the bleed


def test_a_60_page_book_gets_a_plain_spine_and_a_note_and_the_guides_only_in_the_proof(tmp_path):
    folder = write_book(tmp_path / "book", kdp_yaml(extra=f"isbn: {{print: {ISBN}}}\n"), {"a.md": words(170)})
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "cover", "--cover-guides")
    assert result.exit_code == 0, result.stderr
    pages = len(PdfReader(str(tmp_path / "out" / "notes-on-binding.pdf")).pages)
    assert 24 <= pages < 79, pages
    assert f"the spine has no text: KDP prints spine text on books of 79 pages or more, and this one has {pages}" in (
        result.stderr
    )
    cover, proof = (
        tmp_path / "out" / "notes-on-binding-cover.pdf",
        tmp_path / "out" / "notes-on-binding-cover-guides.pdf",
    )
    width = boxes(cover)["trimbox"][2]
    assert width == pytest.approx(12 + pages * 0.002252, abs=0.001)
    with pdfplumber.open(str(cover)) as pdf:
        assert not [c for c in pdf.pages[0].chars if not c["upright"]]
    assert not magenta_pixels(raster(cover))
    assert magenta_pixels(raster(proof)) > 1000  # the trim and the folds, drawn in magenta


def test_the_cover_needs_a_printer_and_a_real_isbn(tmp_path):
    folder = write_book(tmp_path / "a", "title: T\nchapters: [a.md]\n", {"a.md": "Text.\n"})
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "cover")
    assert result.exit_code == 1
    assert "book.yaml: error: print.printer is needed for the cover: name the service (kdp, lulu, ingramspark)" in (
        result.stderr
    )
    folder = write_book(tmp_path / "b", kdp_yaml(extra="isbn: {print: 978-1-234-56789-0}\n"), {"a.md": "Text.\n"})
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "cover")
    assert result.exit_code == 1
    assert "error: isbn.print 978-1-234-56789-0 is not an ISBN: its check digit should be 7" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_back_text_too_long_for_the_back_cover_is_a_warning_on_its_key_and_stops_above_the_barcode(tmp_path):
    back = words(6).replace("\n\n", "\\n\\n")  # some 720 words: about half fit
    yaml_text = kdp_yaml(extra=f'isbn: {{print: {ISBN}}}\nback_cover: "{back}"\n')
    folder = write_book(tmp_path / "book", yaml_text, {"a.md": words(100)})
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "cover")
    assert result.exit_code == 0, result.stderr
    line = next(n for n, text in enumerate(yaml_text.splitlines(), 1) if text.startswith("back_cover:"))
    (warning,) = [text for text in result.stderr.splitlines() if "back_cover" in text]
    assert re.fullmatch(
        rf".*book\.yaml:{line}: warning: back_cover is too long for the back cover: (\d+) of its 720 words fit "
        r"above the barcode area and the rest is cut off: shorten it",
        warning,
    ), warning
    assert 200 < int(re.search(r"(\d+) of its", warning)[1]) < 720
    # what does not fit is clipped at the text's area, 0.25 in above the barcode area (7.55 in from the top):
    # below it, left of the barcode, the back panel is the background alone (the bleed is 0.125 in)
    image = raster(tmp_path / "out" / "notes-on-binding-cover.pdf", 100)
    below = image.crop((int(0.625 * 100), int(7.45 * 100), int(3.8 * 100), int(9.0 * 100)))
    assert len(below.getcolors()) == 1
    above = image.crop((int(0.625 * 100), int(6.5 * 100), int(3.8 * 100), int(7.3 * 100)))
    assert len(above.getcolors(2**16)) > 1  # the text's last lines


def test_a_long_description_on_the_back_cover_is_a_warning_to_set_a_shorter_back_cover(tmp_path):
    text = " ".join(words(6).split())
    _, reporter = cover_of(tmp_path, 312, kdp_yaml().replace("A book about books.", text))
    (warning,) = [w for w in reporter.warnings if "description" in w.message]
    assert warning.line == 4 and warning.message.startswith(
        "description is too long for the back cover, which carries it when back_cover is not set: "
    )
    assert warning.message.endswith(
        "words fit above the barcode area and the rest is cut off: set a shorter back_cover"
    )


def test_a_title_too_long_for_the_spine_is_a_warning_on_title(tmp_path):
    title = "The Collected Notes on Binding, Folding, Trimming and Gluing Books by Hand and Machine"
    _, reporter = cover_of(tmp_path, 312, kdp_yaml().replace("Notes on Binding", title))
    (warning,) = [w for w in reporter.warnings if "spine" in w.message]
    assert warning.line == 1, warning
    assert re.fullmatch(
        rf"title is too long for the spine: its line \({re.escape(title)} · Jane Example · Small Press\) needs "
        r"\d+\.\d\d in and the spine has 8\.00 in, so both ends are cut off: shorten title",
        warning.message,
    ), warning.message


def test_a_book_whose_back_text_and_spine_fit_gets_no_warning(tmp_path):
    back = words(2).replace("\n\n", "\\n\\n")  # some 240 words
    _, reporter = cover_of(tmp_path, 312, kdp_yaml(extra=f'isbn: {{print: {ISBN}}}\nback_cover: "{back}"\n'))
    assert not reporter.warnings, reporter.warnings


@pytest.mark.parametrize(("printer", "name"), [("kdp", "KDP"), ("lulu", "Lulu"), ("ingramspark", "IngramSpark")])
def test_a_hardcover_is_refused_naming_the_service_whose_case_wrap_is_not_known(tmp_path, printer, name):
    intent = f"  icc_profile: {ICC}\n" if printer == "ingramspark" else ""  # IngramSpark wants PDF/X
    yaml_text = kdp_yaml().replace("printer: kdp\n", f"printer: {printer}\n  binding: hardcover\n{intent}")
    folder = write_book(tmp_path / "book", yaml_text, {"a.md": "Text.\n"})
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "cover")
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(yaml_text.splitlines(), 1) if "binding:" in text)
    assert (
        f"book.yaml:{line}: error: print.binding hardcover: postbind draws paperback covers only; {name}'s case "
        f"wrap (its turn-in, hinges and board spine) is not known to postbind: make it on {name}'s cover template"
    ) in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.heavy
def test_a_real_312_page_book_gets_its_13_03_inch_cover_end_to_end(tmp_path):
    """The cover of a book laid out to 312 pages: its spine from the interior's own page count."""
    posts = {f"p{n:02}.md": f"---\ntitle: Essay {n}\n---\n\n{words(29)}\n" for n in range(1, 31)}
    posts["p31.md"] = "---\ntitle: Afterword\n---\n\nA last word.\n"
    chapters = "".join(f"  - {name}\n" for name in posts)
    yaml_text = kdp_yaml("cream", f"isbn: {{print: {ISBN}}}\n").replace("chapters: [a.md]\n", f"chapters:\n{chapters}")
    folder = write_book(tmp_path / "book", yaml_text, posts)
    result = run_cli("build", str(folder), "-o", str(tmp_path / "out"), "--format", "cover")
    assert result.exit_code == 0, result.stderr
    pages = len(PdfReader(str(tmp_path / "out" / "notes-on-binding.pdf")).pages)
    cover = tmp_path / "out" / "notes-on-binding-cover.pdf"
    media = boxes(cover)["mediabox"]
    assert media[2] - media[0] == pytest.approx(12.25 + pages * 0.0025, abs=0.001)
    (found,) = zxingcpp.read_barcodes(raster(cover))
    assert found.text == "9781234567897"
    assert pages == 312, f"the interior has {pages} pages: change the filler so the cover is 13.03 in wide"
