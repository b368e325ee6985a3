"""The print edition's page numbers in the EPUB and the web edition (pagebreaks.py).

Each printed page that begins inside a post's text must have its marker right before that page's first
words: the first five words after the marker in the EPUB are the first five of the page's body text in
the PDF, read back with pdfplumber (running heads, folios and footnotes left out by their size and place;
hyphenation aside). Pages without such text (title, contents, part and sources pages, blank versos) are
exempt: their marker sits with the next one, or where nothing of the body follows.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from lxml import etree

from tests.corpus import blog_18f_book, pandoc_suite_book, wordpress_book
from tests.helpers import NS, Epub, build_book, image_bytes, require_shared, write_book

WORDS = (
    "the river keeps an old account of rain and stone, and every reader who walks beside it learns "
    "something patient about time, distance, grammar, harvest, lantern, margin, notebook, orchard"
).split()
LIST_MARKER = re.compile(r"^\s*(?:[•◦▪‣–]|\d{1,3}[.)]|[a-z][.)]|[ivxl]{1,5}[.)])\s+")
MATHML = {"m": "http://www.w3.org/1998/Math/MathML"}
SKIPPED = "contains(@class, 'noteref') or contains(@class, 'notes') or contains(@class, 'footnote')"


def page_list(epub: Epub) -> list[tuple[str, str]]:
    """(label, href) of the nav's page-list, in order."""
    nav = epub.xml(epub.nav_href())
    return [
        ("".join(a.itertext()), a.get("href")) for a in nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
    ]


def letters(text: str) -> str:
    """Text as compared: its letters and digits only (hyphens, punctuation, spaces and joiners aside)."""
    return "".join(char for char in text.lower() if char.isalnum())


def word_before(epub: Epub, href: str) -> str:
    """The word just before a marker (a page may begin with the end of a word hyphenated across the turn)."""
    file, anchor = href.split("#")
    marker = epub.xml(file).xpath(f"//*[@id='{anchor}']")[0]
    before = "".join(marker.xpath("preceding::text()")[-3:]).lower().split()
    return before[-1] if before else ""


def words_after(epub: Epub, href: str) -> list[str] | None:
    """The first five words after a marker, if it stands in a chapter's body with text before the next
    marker; else None (an exempt page)."""
    file, anchor = href.split("#")
    marker = epub.xml(file).xpath(f"//*[@id='{anchor}']")[0]
    body = marker.xpath("ancestor::x:div[contains(@class, 'chapter-body')]", namespaces=NS)
    if not body:
        return None
    texts: list[str] = []
    for node in marker.xpath("following::node()"):
        if isinstance(node, etree._Element):
            if node.get("class") == "pagebreak" and not " ".join(texts).split():
                return None  # the next page's marker comes first: this page has no text of its own
            continue
        container = node.getparent().getparent() if node.is_tail else node.getparent()
        if not container.xpath("ancestor-or-self::x:div[contains(@class, 'chapter-body')]", namespaces=NS):
            break  # past the body
        if not container.xpath(f"ancestor-or-self::*[{SKIPPED}] or ancestor-or-self::m:math", namespaces=MATHML):
            texts.append(str(node))
        if len(" ".join(texts).split()) > 6:
            break
    words = [word for word in " ".join(texts).lower().split() if not LIST_MARKER.fullmatch(word + " ")]
    return words[:5] if len(words) >= 5 else None


def body_texts(path: Path) -> list[str]:
    """Each PDF page's body text in reading order (read with pdfium: pdfminer misreads the CMaps of some of
    WeasyPrint's fonts)."""
    return [body_text(page) for page in pdfium.PdfDocument(str(path))]


def body_text(page) -> str:
    """A page's text inside its margins (no running head or folio), without note calls (small digits raised
    above the line) and list bullets or numbers (drawn, not text)."""
    chars = page.get_textpage()
    found = [
        (chars.get_text_range(i, 1), chars.get_charbox(i), pdfium_c.FPDFText_GetFontSize(chars.raw, i))
        for i in range(chars.count_chars())
    ]
    sizes = Counter(round(size, 1) for text, _, size in found if text.strip())
    small = sizes.most_common(1)[0][0] * 0.8 if sizes else 0
    top, bottom = page.get_height() * 0.93, page.get_height() * 0.08  # PDF y runs upwards
    kept, line_bottom = [], None
    for text, (_, low, _, high), size in found:
        note_call = text.isdigit() and size < small and line_bottom is not None and low > line_bottom + 1
        line_bottom = line_bottom if note_call or not text.strip() else low
        # a note call left out is a space: it may stand between a word and the next
        kept.append(text if not text.strip() or (bottom < high < top and not note_call) else " ")
    text = "".join(kept).lower().replace("\ufffe", "-\n")  # pdfium's mark of a hyphen at a line's end
    return "\n".join(LIST_MARKER.sub("", line) for line in text.splitlines())


def repeated_head(epub: Epub, href: str) -> str:
    """The head of the table a marker stands in (a page that begins inside a table repeats it first)."""
    file, anchor = href.split("#")
    marker = epub.xml(file).xpath(f"//*[@id='{anchor}']")[0]
    head = marker.xpath("ancestor::x:tbody[1]/../x:thead", namespaces=NS)  # begun in the body rows
    return letters("".join(head[0].itertext())) if head else ""


def hyphenated(word: str, previous_page: str, first: str) -> bool:
    """Whether `word` (the EPUB's, before a marker) was split across the page turn: the page's first token
    ends it, and the previous page holds the rest of it (after a hyphen, or a slash in a code line)."""
    whole, tail = letters(word), letters(first)
    if not tail or len(whole) <= len(tail) + 1 or not whole.endswith(tail):
        return False
    return any(letters(token) == whole[: -len(tail)] for token in previous_page.split())


def check_pages(epub_path: Path, pdf_path: Path) -> int:
    """Compare every non-exempt page; the number compared."""
    epub = Epub(epub_path)
    entries = page_list(epub)
    compared = 0
    pages = body_texts(pdf_path)
    assert len(entries) == len(pages), "one page-list entry for every page of the PDF"
    for index, (label, href) in enumerate(entries):
        words = words_after(epub, href)
        if words is None:
            continue
        printed = [word for word in pages[index].split() if not LIST_MARKER.fullmatch(word + " ")]
        if index and printed and hyphenated(word_before(epub, href), pages[index - 1], printed[0]):
            printed = printed[1:]  # the page begins with the end of a word hyphenated across the turn
        page_text, head = letters(" ".join(printed)), repeated_head(epub, href)
        page_text = page_text[len(head) :] if head and page_text.startswith(head) else page_text
        assert page_text.startswith(letters(" ".join(words))), (
            f"page {label}: EPUB marker before {words!r}, the PDF page begins {' '.join(printed)[:80]!r}"
        )
        compared += 1
    return compared


def test_the_sample_books_page_list_marks_where_each_printed_page_begins(sample_book):
    epub, pdf = sample_book.output("epub"), sample_book.output("pdf")
    entries = page_list(Epub(epub))
    assert [label for label, _ in entries][:3] == ["i", "ii", "iii"]  # the front pages keep their roman folios
    assert "1" in [label for label, _ in entries]
    assert check_pages(epub, pdf) >= 10


def test_a_book_with_footnotes_pictures_and_a_part(tmp_path):
    rng = random.Random(7)

    def paragraph(note: int | None = None) -> str:
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 110))).capitalize() + "."
        return text + (f"[^{note}]" if note else "")

    posts = {}
    for number in range(3):
        body = [paragraph(n if n % 3 == 1 else None) for n in range(1, 14)]
        body.insert(4, "![A plate](plate.png)")
        body.insert(8, "## A heading in the middle")
        notes = [
            f"[^{n}]: A note about {rng.choice(WORDS)} and {rng.choice(WORDS)}." for n in range(1, 14) if n % 3 == 1
        ]
        posts[f"posts/p{number}.md"] = f"---\ntitle: Post {number}\n---\n\n" + "\n\n".join(body + notes) + "\n"
    yaml = "title: Pages\nauthor: A\nchapters:\n  - posts/p0.md\n  - part: A part\n"
    yaml += "    chapters: [posts/p1.md, posts/p2.md]\n"
    folder = write_book(tmp_path / "book", yaml, {**posts, "posts/plate.png": image_bytes((900, 500), "PNG")})
    built = build_book(folder, tmp_path / "out", "--format", "epub,pdf,html")
    assert check_pages(built.output("epub"), built.output("pdf")) >= 10
    web = next(p for p in (tmp_path / "out").iterdir() if p.is_dir())
    for label, href in page_list(Epub(built.output("epub"))):
        file, anchor = href.split("#")
        page = (web / file.replace(".xhtml", ".html")).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in page and f'aria-label="{label}"' in page, f"the web edition's {file}#{anchor}"


def test_page_list_false_leaves_the_epub_without_page_numbers(tmp_path):
    folder = write_book(tmp_path / "book", "title: T\npage_list: false\nchapters: [a.md]\n", {"a.md": "# A\n\nText.\n"})
    built = build_book(folder, tmp_path / "out")
    epub = Epub(built.output("epub"))
    assert not page_list(epub)
    assert "pagebreak" not in epub.all_text() and "pagination" not in etree.tostring(epub.opf, encoding="unicode")


@pytest.mark.parametrize("formats", ["epub", "html"])
def test_page_list_true_lays_the_pdf_out_without_writing_it(tmp_path, formats):
    folder = write_book(tmp_path / "book", "title: T\npage_list: true\nchapters: [a.md]\n", {"a.md": "# A\n\nText.\n"})
    build_book(folder, tmp_path / "out", "--format", formats)
    assert not list((tmp_path / "out").glob("*.pdf"))
    if formats == "epub":
        (epub_path,) = (tmp_path / "out").glob("*.epub")
        assert "1" in [label for label, _ in page_list(Epub(epub_path))]
    else:
        assert 'id="page-1"' in "".join(p.read_text() for p in (tmp_path / "out").rglob("a.html"))


def test_a_book_rendered_as_one_document_has_the_same_page_list(tmp_path):
    """PDF/A is rendered as one document (write_whole), not in sections: its pages are found the same way."""
    rng = random.Random(3)
    text = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(90)).capitalize() + "." for _ in range(12))
    files = {"a.md": f"# A\n\n{text}\n", "b.md": f"# B\n\n{text[::-1]}\n"}
    yaml = "title: One\nprint:\n  pdf_variant: pdf/a-3b\nchapters: [a.md, b.md]\n"
    built = build_book(write_book(tmp_path / "book", yaml, files), tmp_path / "out")
    assert check_pages(built.output("epub"), built.output("pdf")) >= 3


@pytest.mark.heavy
@pytest.mark.parametrize("make", [blog_18f_book, wordpress_book, pandoc_suite_book], ids=["18F", "WordPress", "pandoc"])
def test_real_books_page_lists(make, tmp_path):
    """`make check`: the same comparison on books of real posts (../shared/corpus): tables whose head repeats
    on a new page, code lines broken across a page turn, words hyphenated across it, lists, many scripts."""
    require_shared("corpus")
    built = build_book(make(tmp_path / "book"), tmp_path / "out", "--format", "epub,pdf")
    assert check_pages(built.output("epub"), built.output("pdf")) >= 20
