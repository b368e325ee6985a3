"""PDF/A, PDF/UA and PDF/X books in sections (pdf_merge.py restores what joining loses), held against the
same book rendered as one document: the same pages, and what each standard asks for, checked with pikepdf
(no full validator such as veraPDF can be installed here)."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest

from postbind.write import pdf_merge
from tests.helpers import image_bytes, write_book
from tests.write.sections.test_sections import assert_same_book, both_renders, same_glyph_text

ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
MCID = re.compile(rb"/MCID\s+(\d+)")


def variant_book(folder: Path, variant: str) -> Path:
    """A part, chapters that run over pages, footnotes, links between chapters and a picture."""
    text = " ".join(f"Sentence {n} of a paragraph that runs on and on about books." for n in range(40))
    posts = {
        f"p{n}.md": f"---\ntitle: Post {n}\n---\n\n{text}[^1]\n\nSee [the next](p{(n + 1) % 3}.md).\n\n"
        f"![A plate](plate.png)\n\n## More\n\n{text}\n\n[^1]: A note {n}.\n"
        for n in range(3)
    }
    icc = f", icc_profile: {ICC}" if variant.startswith("pdf/x") else ""
    yaml = (
        f"title: Standards\nauthor: A\nlanguage: en\nprint: {{pdf_variant: {variant}{icc}}}\n"
        "chapters:\n  - p0.md\n  - part: A part\n    chapters: [p1.md, p2.md]\n"
    )
    return write_book(folder, yaml, {**posts, "plate.png": image_bytes((600, 400), "PNG")})


def content(page) -> bytes:
    """A page's content streams, joined."""
    streams = page.Contents if isinstance(page.Contents, pikepdf.Array) else [page.Contents]
    return b"".join(stream.read_bytes() for stream in streams)


def marked_texts(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """The text of every marked-content sequence with an MCID, by (page, MCID), decoded through each font's
    ToUnicode map (WeasyPrint's fonts are two-byte Type0 fonts)."""
    found: dict[tuple[int, int], str] = {}
    for number, page in enumerate(pdf.pages):
        fonts, font, stack = page.Resources.get("/Font", {}), {}, []
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                mcid = (
                    operands[1].get("/MCID") if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else None
                )
                stack.append(None if mcid is None else (number, int(mcid)))
                if stack[-1]:
                    found.setdefault(stack[-1], "")
            elif name == "EMC" and stack:
                stack.pop()
            elif name == "Tf":
                font = unicode_map(fonts[str(operands[0])])
            elif name in ("Tj", "TJ", "'", '"') and stack and stack[-1]:
                strings = operands[-1] if name == "TJ" else [operands[-1]]
                for text in strings:
                    if isinstance(text, pikepdf.String):
                        raw = bytes(text)
                        found[stack[-1]] += "".join(font.get(raw[i : i + 2], "") for i in range(0, len(raw), 2))
    return found


def unicode_map(font) -> dict[bytes, str]:
    """A font's ToUnicode CMap as two-byte codes to text (bfchar and bfrange entries)."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1") if "/ToUnicode" in font else ""
    chars = "".join(re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S))
    ranges = "".join(re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S))
    found = {}
    for code, text in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>", chars):
        found[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    for first, last, start in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>", ranges):
        for offset in range(int(last, 16) - int(first, 16) + 1):
            found[(int(first, 16) + offset).to_bytes(2, "big")] = chr(int(start, 16) + offset)
    return found


def structure(path: Path) -> tuple[list[tuple[str, int, str]], Counter, Counter, bool]:
    """(tag, page, text) of every structure element in reading order (its text: that of the marked content
    it names itself); how often the tree names each (page, MCID); the (page, MCID) pairs the pages' content
    marks; whether every /StructParent(s) key resolves."""
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        tree, elements, named, texts = pdf.Root.StructTreeRoot, [], Counter(), marked_texts(pdf)
        keys = dict(zip(tree.ParentTree.Nums[::2], tree.ParentTree.Nums[1::2], strict=True))

        def walk(element, page):
            kids = element.get("/K", pikepdf.Array())
            page = pages.get(element.Pg.objgen, page) if "/Pg" in element else page
            own = []
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    own.append((page, int(kid)))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    own.append((pages[kid.Pg.objgen], int(kid.MCID)))
            named.update(own)
            if "/S" in element:
                elements.append((str(element.S), page, same_glyph_text("".join(texts.get(m, "") for m in own))))
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                    walk(kid, page)

        walk(tree, None)
        marked = Counter(texts)
        resolved = all(int(page.StructParents) in keys for page in pdf.pages if "/StructParents" in page) and all(
            int(a.StructParent) in keys for page in pdf.pages for a in page.get("/Annots", []) if "/StructParent" in a
        )
    return elements, named, marked, resolved


RENDERS: dict[str, tuple[Path, Path]] = {}


@pytest.fixture(scope="module")
def render(tmp_path_factory):
    """The book in a PDF standard, rendered as one document and in sections (each standard once a module)."""

    def made(variant: str) -> tuple[Path, Path]:
        if variant not in RENDERS:
            folder = tmp_path_factory.mktemp(variant.replace("/", "-"))
            whole, sections, _ = both_renders(variant_book(folder / "book", variant), folder)
            RENDERS[variant] = whole, sections
        return RENDERS[variant]

    return made


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3b", "pdf/x-4"])
def test_a_standards_book_in_sections_is_the_same_book(render, variant):
    assert_same_book(*render(variant))


def test_pdf_ua_keeps_its_structure_tree_whole(render):
    whole, sections = render("pdf/ua-1")
    elements, named, marked, resolved = structure(sections)
    assert resolved, "every /StructParents and /StructParent is a key of the parent tree"
    assert marked and set(named) == set(marked), "every marked-content id on every page is in the tree"
    assert set(named.values()) == {1}, "and named there once"
    assert any(text for _, _, text in elements), "the elements' text is read"
    assert elements == structure(whole)[0], "the same (tag, page, text) sequence as the book rendered whole"
    with pikepdf.open(sections) as pdf:
        assert str(pdf.Root.Lang) == "en" and pdf.Root.MarkInfo.Marked
        assert "pdfuaid:part" in pdf.Root.Metadata.read_bytes().decode()
        stamped = b"".join(content(page) for page in pdf.pages)
        assert stamped.count(b"/Artifact <</Type /Pagination>> BDC") >= 10, "the stamped folios are artifacts"


@pytest.mark.parametrize(("variant", "intent", "claim"), [
    ("pdf/a-3b", "/GTS_PDFA1", 'pdfaid:part="3"'),
    ("pdf/x-4", "/GTS_PDFX", "PDF/X-4"),
])  # fmt: skip
def test_pdf_a_and_x_keep_their_output_intent_and_metadata(render, variant, intent, claim):
    with pikepdf.open(render(variant)[1]) as pdf:
        (found,) = pdf.Root.OutputIntents
        assert found.S == intent and len(found.DestOutputProfile.read_bytes()) > 1000  # an ICC profile
        assert claim in pdf.Root.Metadata.read_bytes().decode()
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                files = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descendant.FontDescriptor.keys())
                assert files, "every font embedded"


@pytest.mark.heavy
@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/x-4"])
def test_a_300_page_standards_book_in_sections(variant, tmp_path):
    """`make check`: a book of 300 pages or more, page for page its one-document render, still tagged (PDF/UA)
    or still carrying its output intent (PDF/X)."""
    folder = variant_book(tmp_path / "book", variant)
    yaml = (folder / "book.yaml").read_text(encoding="utf-8").replace("  - p0.md\n", "  - p0.md\n  - more\n")
    text = " ".join(f"Line {n} of a long post about presses, paper and the people who bind books." for n in range(60))
    for n in range(72):  # each its own text: the same text twice is one post (kept once)
        body = f"Post {n}. {text}\n\n{text}[^1]\n\n[^1]: Note {n}.\n"
        write_book(folder, yaml, {f"more/m{n:02}.md": f"---\ntitle: More {n}\n---\n\n{body}"})
    whole, sections, _ = both_renders(folder, tmp_path)
    assert len(pikepdf.open(sections).pages) >= 300
    assert_same_book(whole, sections)
    if variant == "pdf/ua-1":
        elements, named, marked, resolved = structure(sections)
        assert resolved and set(named) == set(marked) and set(named.values()) == {1}
        assert elements == structure(whole)[0]
    else:
        with pikepdf.open(sections) as pdf:
            assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"


PREFLIGHT_JARS = ("preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api")


def preflight_codes(path: Path) -> set[str]:
    """Apache PDFBox Preflight's PDF/A-1b findings (their codes) for a PDF; `make check` installs it."""
    jars = ":".join(f"/usr/share/java/{jar}.jar" for jar in PREFLIGHT_JARS)
    done = subprocess.run(
        ["java", "-cp", jars, "org.apache.pdfbox.preflight.Validator_A1b", str(path)], capture_output=True, text=True
    )
    assert "is a valid PDF/A-1b file" in done.stdout or "is not a valid" in done.stdout, done.stderr[-500:]
    return set(re.findall(r"^(\d+(?:\.\d+)+) :", done.stdout, re.M))


@pytest.mark.heavy
def test_pdf_a_1b_in_sections_passes_pdfbox_preflight_as_far_as_the_one_document_does(tmp_path):
    """PDFBox faults WeasyPrint 70's own PDF/A-1b (OpenType font programs, /Interpolate, the pdfaid schema:
    ../shared/corpus/README.md calls them advisory); the sections, stamps and join must add nothing to that."""
    assert all(Path(f"/usr/share/java/{jar}.jar").exists() for jar in PREFLIGHT_JARS), "make check installs PDFBox"
    whole, sections, _ = both_renders(variant_book(tmp_path / "book", "pdf/a-1b"), tmp_path)
    assert preflight_codes(sections) <= preflight_codes(whole)


def test_pdf_ua_joined_in_batches_keeps_its_structure_tree(render, tmp_path, monkeypatch):
    """A long book is joined in batches, each saved and joined again: the structure survives both joins."""
    whole, _ = render("pdf/ua-1")
    monkeypatch.setattr(pdf_merge, "BATCH", 2)
    _, sections, _ = both_renders(variant_book(tmp_path / "book", "pdf/ua-1"), tmp_path)
    elements, named, marked, resolved = structure(sections)
    assert resolved and set(named) == set(marked) and set(named.values()) == {1}
    assert elements == structure(whole)[0]
