"""print.printer: each service's preset rejects what it would bounce, one line naming the key, and accepts the
sample book set up for it."""

from __future__ import annotations

import shutil

import pytest
from pypdf import PdfReader

from postbind.config import load_config
from postbind.preflight import check_pages
from tests.helpers import REPO, run_cli

ICC = "/usr/share/color/icc/ghostscript/default_cmyk.icc"  # Ghostscript's CMYK profile (make test installs it)
SETUP = {  # what each service needs in print: beyond its name
    "kdp": "",
    "lulu": "",
    "ingramspark": f"  icc_profile: {ICC}\n",
}
NAMES = {"kdp": "KDP", "lulu": "Lulu", "ingramspark": "IngramSpark"}
INNER = {"kdp": "0.375in", "lulu": "0.5in", "ingramspark": "0.5in"}  # each one's least gutter for a short book
MOST = {"kdp": 828, "lulu": 800, "ingramspark": 1200}  # a white-paper paperback's most pages


def sample_book(tmp_path, printer: str, *replacements: tuple[str, str]):
    """The sample book copied beside its chapters, set up for `printer` (and changed by `replacements`)."""
    shutil.copytree(REPO / "book", tmp_path / "book")
    shutil.copytree(REPO / "chapters", tmp_path / "chapters")
    path = tmp_path / "book" / "book.yaml"
    text = path.read_text(encoding="utf-8").replace("\nprint:\n", f"\nprint:\n  printer: {printer}\n{SETUP[printer]}")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize("printer", list(SETUP))
def test_the_sample_book_set_up_for_each_service_passes_its_preflight(tmp_path, printer):
    path = sample_book(tmp_path, printer)
    result = run_cli("check", str(path.parent), "--print")
    assert result.exit_code == 0, result.stderr
    assert f"{NAMES[printer]} preflight: " in result.stderr and "6in 9in, white paperback: passed" in result.stderr


@pytest.mark.parametrize("printer", list(SETUP))
def test_a_trim_size_the_service_does_not_offer_is_refused_with_the_nearest_ones(tmp_path, printer):
    path = sample_book(tmp_path, printer, ("page_size: 6in 9in", "page_size: 6.3in 9.4in"))
    result = run_cli("build", str(path.parent), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    nearest = {"kdp": "6.14in 9.21in, 6.69in 9.61in, 6in 9in", "lulu": "6.14in 9.21in, 6in 9in, 6.625in 10.25in",
               "ingramspark": "6.14in 9.21in, 6.69in 9.61in, 6in 9in"}[printer]  # fmt: skip
    assert result.stderr.splitlines() == [
        f"{path}:{line_of(path, 'page_size:')}: error: print.page_size 6.3in 9.4in is not a trim size "
        f"{NAMES[printer]} offers for a paperback; the nearest: {nearest}"
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("printer", list(SETUP))
def test_a_gutter_too_small_for_the_page_count_is_refused_and_nothing_is_written(tmp_path, printer):
    path = sample_book(tmp_path, printer, ("inner: 0.875in", "inner: 0.3in"))
    result = run_cli("build", str(path.parent), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert not list((tmp_path / "out").iterdir())  # the interior was laid out, and nothing put in place
    line = line_of(path, "margins:")
    # the same book without the service: built, so its pages can be counted
    path.write_text(path.read_text().replace(f"  printer: {printer}\n", ""))
    assert run_cli("build", str(path.parent), "-o", str(tmp_path / "free"), "--format", "pdf").exit_code == 0
    pages = len(PdfReader(str(tmp_path / "free" / "from-blog-to-book.pdf")).pages)
    assert f"{path}:{line}: error: print.margins.inner 0.3in is below {NAMES[printer]}'s " in (result.stderr)
    assert result.stderr.strip().endswith(f"{INNER[printer]} for a {pages}-page book"), result.stderr


@pytest.mark.parametrize("printer", list(SETUP))
def test_more_pages_than_the_service_prints_is_refused_on_the_paper_key(tmp_path, printer):
    path = sample_book(tmp_path, printer, ("  page_size: 6in 9in\n", "  page_size: 6in 9in\n  paper: white\n"))
    settings = load_config(path).print
    (problem,) = [p for p in check_pages(settings, MOST[printer] + 2, path) if "print.paper" in p.message]
    assert str(problem) == (
        f"{path}:{line_of(path, 'paper: white')}: error: print.paper white: {NAMES[printer]} prints a paperback on it "
        f"with {_fewest(printer)} to {MOST[printer]} pages, and this book has {MOST[printer] + 2}"
    )
    assert not [p for p in check_pages(settings, MOST[printer], path) if "print.paper" in p.message]


def _fewest(printer: str) -> int:
    return {"kdp": 24, "lulu": 32, "ingramspark": 18}[printer]


CONFLICTS = [  # (service, what book.yaml changes, the line it points at, the message)
    pytest.param(
        "kdp",
        ("  page_size: 6in 9in\n", "  page_size: 6in 9in\n  crop_marks: true\n"),
        "crop_marks",
        "print.crop_marks true contradicts print.printer kdp: the service trims the book itself",
        id="crop-marks-with-kdp",
    ),
    pytest.param(
        "ingramspark",
        (f"  icc_profile: {ICC}\n", ""),
        "printer:",
        "print.icc_profile is needed: IngramSpark wants pdf/x-3 or pdf/x-1a, which needs a CMYK output intent",
        id="ingramspark-without-an-output-intent",
    ),
]


@pytest.mark.parametrize(("printer", "change", "at", "message"), CONFLICTS)
def test_a_setting_the_preset_cannot_take_is_one_error_on_its_line(tmp_path, printer, change, at, message):
    path = sample_book(tmp_path, printer, change)
    result = run_cli("check", str(path.parent), "--print")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}:{line_of(path, at)}: error: {message}"]


def test_a_preset_sets_the_services_bleed_and_pdf_variant(tmp_path):
    kdp = load_config(sample_book(tmp_path / "k", "kdp")).print
    ingram = load_config(sample_book(tmp_path / "i", "ingramspark")).print
    assert (kdp.bleed, kdp.crop_marks, kdp.pdf_variant) == ("0.125in", False, None)
    assert (ingram.bleed, ingram.pdf_variant) == ("0.125in", "pdf/x-3")
