"""Reading a book's index back: the PDF's printed numbers against the pages' text, the EPUB's and the web
edition's links against the elements they land on. What counts as an occurrence is written here again,
independently of postbind/transform/index.py, so that the two must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from tests.helpers import NS, Epub

SKIPPED = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "math"}
NUMBER_RE = re.compile(r"^([ivxlcdm]+|\d+)(?:–([ivxlcdm]+|\d+))?$")


def words_pattern(words: list[str]) -> re.Pattern:
    """Any of the words, whole-word, ignoring case and spacing."""
    spelt = sorted(words, key=len, reverse=True)
    return re.compile(
        r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in spelt) + r")(?!\w)", re.I
    )


# -- PDF -----------------------------------------------------------------------
class PrintedBook:
    """A PDF read back: each page's text without its running head and folio, the page each folio is on, and
    the index's lines and links."""

    def __init__(self, path: Path):
        self.path = path
        self.reader = PdfReader(str(path))
        with pdfplumber.open(str(path)) as pdf:
            texts = [page.extract_text() or "" for page in pdf.pages]
        self.page_of = {}
        self.bodies = []
        for number, text in enumerate(texts):
            lines = [line for line in text.split("\n") if line.strip()]
            if lines and NUMBER_RE.match(lines[-1].strip()):
                self.page_of.setdefault(lines[-1].strip(), number)
                lines = lines[:-1]
            self.bodies.append("\n".join(lines[1:]))  # the running head (or, on an opening page, the title) aside
        self.texts = texts
        start = next(n for n, t in enumerate(texts) if t.lstrip().startswith("Index\n"))
        self.index_pages = [n for n in range(start, len(texts)) if texts[n].strip()]
        with pdfplumber.open(str(path)) as pdf:
            self.index_links = [link for n in self.index_pages for link in self._link_texts(pdf.pages[n], n)]

    def _link_texts(self, page, number: int) -> list[tuple[str, int]]:
        """Each internal link on the page: its text and the page it leads to."""
        found = []
        for annotation in self.reader.pages[number].get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link" or annotation.get("/Dest") is None:
                continue
            x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
            x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
            box = (x0, float(page.height) - y1, x1, float(page.height) - y0)
            text = page.crop(box).extract_text().strip(" ,\n–")
            found.append(
                (
                    text,
                    self.reader.get_destination_page_number(self.reader.named_destinations[str(annotation["/Dest"])]),
                )
            )
        return found

    def index_entries(self) -> dict[str, str]:
        """Each entry of the printed index (term → the rest of it), read column by column: an entry's
        run-over lines are indented."""
        lines: list[tuple[bool, str]] = []
        with pdfplumber.open(str(self.path)) as pdf:
            for number in self.index_pages:
                lines += _column_lines(pdf.pages[number])
        entries: list[str] = []
        for starts, text in lines:
            if starts or not entries:
                entries.append(text)
            else:
                entries[-1] += " " + text
        return {entry.split(",")[0]: entry.split(",", 1)[1].strip() for entry in entries if "," in entry}

    def pages_of(self, numbers: str) -> list[int]:
        """The PDF pages a printed "3, 7–9, 12" names (ranges expanded)."""
        pages = []
        for item in re.split(r",\s*", re.sub(r"–\s+", "–", numbers.strip())):
            first, last = NUMBER_RE.match(item).groups()
            start, end = self.page_of[first], self.page_of[last or first]
            pages += range(start, end + 1)
        return pages

    def occurs_on(self, page: int, words: list[str]) -> bool:
        """The words are on the page, also when hyphenated at a line's end or (the page's last word) its foot."""
        pattern, text = words_pattern(words), self.bodies[page]
        following = self.bodies[page + 1].split("\n", 1)[0] if page + 1 < len(self.bodies) else ""
        text = text.replace("\u2010", "-")  # a hyphen WeasyPrint added at a line's end
        following = following.replace("\u2010", "-")
        # a word the page's last text line breaks goes on over the page (footnotes may stand in between)
        over = [line[:-1] + following for line in text.split("\n") if line.endswith("-")]
        variants = (text, re.sub(r"-\n", "", text), re.sub(r"-\n", "-", text), *over)
        # a footnote's call follows its word with no space in the page's text: a digit may end the word
        loose = re.compile(pattern.pattern.replace(r"(?!\w)", r"(?![^\W\d])"), pattern.flags)
        if any(loose.search(variant) for variant in variants):
            return True
        # pdfplumber can't map some pages' glyphs back (a font subset's broken ToUnicode); pypdf reads
        # them letter by letter: the words' letters, spaces aside, must then be on the page
        squeezed = re.sub(r"[\s\x00]+", "", self.reader.pages[page].extract_text()).casefold()
        return any(re.sub(r"\s+", "", w).casefold() in squeezed for w in words)


def _column_lines(page) -> list[tuple[bool, str]]:
    """A two-column page's lines, left column first, without its first line (title or running head) and
    its folio; each says whether it starts at its column's edge (a new entry) or is indented."""
    words = page.extract_words(x_tolerance=1.5)
    tops = sorted({round(w["top"]) for w in words})
    words = [w for w in words if tops[0] < round(w["top"]) < tops[-1]]
    left = min(w["x0"] for w in words)
    middle = (left + max(w["x1"] for w in words)) / 2
    right = min((w["x0"] for w in words if w["x0"] > middle), default=None)
    found: dict[tuple[int, int], list[dict]] = {}
    for word in words:
        column = int(right is not None and word["x0"] >= right - 1)
        key = next((k for k in found if k[0] == column and abs(k[1] - word["top"]) < 2), (column, word["top"]))
        found.setdefault(key, []).append(word)
    lines = []
    for (column, _), line in sorted(found.items()):
        line.sort(key=lambda w: w["x0"])
        edge = right if column else left
        lines.append((line[0]["x0"] < edge + 2, " ".join(w["text"] for w in line)))
    return lines


# -- EPUB and the web edition ------------------------------------------------------
def epub_locators(epub: Epub) -> dict[str, list[str]]:
    """The EPUB index's terms and the hrefs of their locators."""
    page = epub.xml("book-index.xhtml")
    found = {}
    for entry in page.xpath("//x:li[@epub:type='index-entry']", namespaces=NS):
        term = entry.xpath("string(x:span[@epub:type='index-term'])", namespaces=NS)
        found[term] = entry.xpath(".//x:a[@epub:type='index-locator']/@href", namespaces=NS)
    return found


def epub_target(epub: Epub, href: str) -> etree._Element:
    file, _, fragment = href.partition("#")
    (target,) = epub.xml(file).xpath(f"//*[@id='{fragment}']")
    return target


def web_locators(folder: Path) -> dict[str, list[str]]:
    """The web edition's index: its terms and the hrefs of their locators."""
    page = lxml_html.parse(str(folder / "book-index.html")).getroot()
    found = {}
    for entry in page.xpath("//li[@class='index-entry']"):
        term = entry.xpath("string(span[@class='index-term'])")
        found[term] = [a.get("href") for a in entry.iter("a") if a.get("epub:type") == "index-locator"]
    return found


def web_target(folder: Path, href: str):
    file, _, fragment = href.partition("#")
    (target,) = lxml_html.parse(str(folder / file)).getroot().xpath(f"//*[@id='{fragment}']")
    return target


def local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def is_occurrence(element, term: str, pattern: re.Pattern | None) -> bool:
    """A mark of the term: a span of the index, outside headings and code, whose text is the term or an
    alias (`pattern`), or any text when the post marked it itself (`pattern` None)."""
    if local(element.tag) != "span" or "index" not in element.get("class", "").split():
        return False
    if element.get("data-term") != term or any(local(a.tag) in SKIPPED for a in element.iterancestors()):
        return False
    return pattern is None or bool(pattern.fullmatch(" ".join("".join(element.itertext()).split())))


def prose(root) -> list[str]:
    """The text under `root` that is not in a heading, code or math, a text node at a time."""
    found = []
    for element in root.iter():
        inside = [element, *element.iterancestors()]
        if element.text and not any(local(e.tag) in SKIPPED for e in inside):
            found.append(element.text)
        if element is not root and element.tail and not any(local(e.tag) in SKIPPED for e in inside[1:]):
            found.append(element.tail)
    return found
