"""Math in every edition: one book with every kind of formula, from Markdown, a saved page and a WordPress
export, built as EPUB, PDF and web edition, and read back."""

from __future__ import annotations

import re

import lxml.html
import pytest

from tests.helpers import NS, Epub, Pdf, assert_epubcheck_clean, build_book, write_book

M = "{http://www.w3.org/1998/Math/MathML}"
MATH_MD = r"""---
title: Every kind of formula
---

\newcommand{\R}{\mathbb{R}}

Inline $E = mc^2$ and \(a + b\), a fraction $\frac{1}{2}$ and a root $\sqrt{x^2 + 1}$ in $\R^n$.
Bold $\mathbf{v}$ and script $\mathcal{M}$.

$$\sum_{i=1}^{n} i = \frac{n(n+1)}{2}$$

\[ \begin{pmatrix} a & b \\ c & d \end{pmatrix} \]

\begin{align}
f(x) &= x^2 \\
g(x) &= \sqrt[3]{x}
\end{align}

A broken one: $\frac{a$ stays as written.
"""
PAGE_HTML = r"""<!DOCTYPE html><html><head><title>Math on a page</title></head><body><article>
<h1>Math on a page</h1>
<p>Euler wrote \(e^{i\pi} + 1 = 0\), and MathJax 2 wrote <script type="math/tex">\alpha^2</script> in scripts,
long enough a paragraph for the article to be found on the page and kept in the book.</p>
<p>And for display: <script type="math/tex; mode=display">\int_0^1 x\,dx = \tfrac12</script></p>
<p>Another paragraph, so that the extractor is sure that this is the article of the page.</p>
</article></body></html>
"""
WP_CONTENT = r"""Let \(\newcommand{\N}{\mathbb{N}} n \in \N\) be a number.

<script type="math/tex; mode=display">\sum_{k \in \N} 2^{-k} = 2</script>

$$
x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}
$$

Already MathML: <math><mi>y</mi><mo>=</mo><mn>3</mn></math>."""
WXR = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel><title>Mine</title>
<item><title>Math from WordPress</title><dc:creator>ann</dc:creator>
<content:encoded><![CDATA[{WP_CONTENT}]]></content:encoded>
<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:post_date>2020-05-06 07:08:09</wp:post_date></item>
</channel></rss>
"""
BOOK = """title: Math Book
author: A. Mathematician
language: en
date: 2026-01-01
chapters:
  - math.md
  - page.html
  - export.xml
"""
CHAPTERS = {"Every kind of formula": 60, "Math on a page": 15, "Math from WordPress": 25}  # least glyph outlines
RAW_TEX = ("\\sum", "\\sqrt", "\\mathbf", "\\mathcal", "\\begin", "\\newcommand", "\\(", "\\[", "$$", "\\alpha")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = write_book(
        tmp_path_factory.mktemp("math") / "book",
        BOOK,
        {"math.md": MATH_MD, "page.html": PAGE_HTML, "export.xml": WXR},
    )
    return build_book(folder, folder.parent / "out", "--format", "epub,pdf,html")


@pytest.fixture(scope="module")
def epub(built):
    return Epub(built.output("epub"))


def chapter_maths(epub: Epub, href: str) -> list:
    return epub.xml(href).xpath("//m:math", namespaces={"m": M[1:-1]})


def test_epub_is_clean_and_every_formula_is_mathml_with_alttext(built, epub):
    assert_epubcheck_clean(built.output("epub"))
    chapters = epub.chapter_hrefs()
    assert len(chapters) == 3
    for href in chapters:
        maths = chapter_maths(epub, href)
        assert maths, href
        assert all(m.get("alttext", "").strip() for m in maths), href


def test_the_mathml_property_marks_exactly_the_pages_with_math(epub):
    items = epub.opf.xpath("//opf:manifest/opf:item[@media-type='application/xhtml+xml']", namespaces=NS)
    for item in items:
        has_math = "<math" in epub.text(item.get("href"))
        assert ("mathml" in (item.get("properties") or "").split()) == has_math, item.get("href")
    assert sum("mathml" in (i.get("properties") or "") for i in items) == 3
    features = epub.opf.xpath("//opf:meta[@property='schema:accessibilityFeature']/text()", namespaces=NS)
    assert "MathML" in features


def test_markdown_formulas_keep_their_structure(epub):
    maths = chapter_maths(epub, epub.chapter_hrefs()[0])
    alttexts = [m.get("alttext") for m in maths]
    assert "E = mc^2" in alttexts and "a + b" in alttexts
    assert len(maths) == 10  # 7 inline, 3 display; the broken one is not among them
    assert [m.get("display") for m in maths].count("block") == 3
    names = {element.tag.removeprefix(M) for m in maths for element in m.iter()}
    assert {"mfrac", "msqrt", "mroot", "munderover", "mtable"} <= names
    text = {m.get("alttext"): "".join(m.itertext()) for m in maths}
    assert "\u211d" in text["\\mathbb{R}^n"]  # \R from \newcommand
    assert "\U0001d42f" in text["\\mathbf{v}"]  # upright bold v, not bold italic
    assert "\u2133" in text["\\mathcal{M}"]


def test_a_broken_formula_stays_tex_in_code_with_a_warning(built, epub):
    codes = epub.xml(epub.chapter_hrefs()[0]).xpath("//x:code[contains(@class, 'math-source')]", namespaces=NS)
    assert [c.text for c in codes] == ["\\frac{a"]
    line = MATH_MD.splitlines().index("A broken one: $\\frac{a$ stays as written.") + 1
    assert f"math.md:{line}: warning: cannot read the formula \\frac{{a" in built.result.stderr


def test_html_sources_get_math_from_delimiters_and_scripts(epub):
    page = {m.get("alttext"): m.get("display") for m in chapter_maths(epub, epub.chapter_hrefs()[1])}
    assert page == {"e^{i\\pi} + 1 = 0": "inline", "\\alpha^2": "inline", "\\int_0^1 x\\,dx = \\tfrac12": "block"}
    wordpress = {m.get("alttext"): m.get("display") for m in chapter_maths(epub, epub.chapter_hrefs()[2])}
    # \newcommand applies to the rest of the post; wpautop's <br /> in the $$ block is gone
    assert wordpress["n \\in \\mathbb{N}"] == "inline"
    assert wordpress["\\sum_{k \\in \\mathbb{N}} 2^{-k} = 2"] == "block"
    assert wordpress["x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}"] == "block"
    assert wordpress["y=3"] is None  # MathML the post held, kept, given its text as alttext
    assert len(wordpress) == 4


def test_web_edition_carries_the_same_mathml(built, epub):
    folder = built.out / "math-book"
    for href in epub.chapter_hrefs():
        page = lxml.html.parse(str(folder / href.replace(".xhtml", ".html"))).getroot()
        maths = page.xpath("//math")
        assert maths and all(m.get("alttext") for m in maths)
        expected = [m.get("alttext") for m in chapter_maths(epub, href)]
        assert [m.get("alttext") for m in maths] == expected


@pytest.fixture(scope="module")
def pdf(built):
    return Pdf(built.output("pdf"))


def test_pdf_draws_every_formula_and_leaves_no_tex(built, pdf):
    text = "\n".join(pdf.pages)
    assert not [tex for tex in RAW_TEX if tex in text]
    assert text.count("\\frac{a") == 1  # only the broken formula, on purpose
    assert "Anchor defined twice" not in built.result.stderr
    assert "notdef" not in built.result.stderr


def test_pdf_formulas_are_vector_paths_and_only_the_books_fonts_are_used(pdf):
    import pdfplumber

    fonts = pdf.fonts()
    assert fonts and all(fonts.values())  # every font embedded
    assert all(re.search(r"Libertine|DejaVu", name) for name in fonts), fonts  # no math font, no fallback
    with pdfplumber.open(str(pdf.path)) as document:
        curves = {i: len(page.curves) for i, page in enumerate(document.pages)}
    pages = {title: pdf.pages.index(next(p for p in pdf.pages if p.startswith(title))) for title in CHAPTERS}
    # every glyph of a formula is an outline: the chapters with math hold dozens, other pages none
    assert [curves[pages[title]] >= least for title, least in CHAPTERS.items()] == [True] * 3, curves
    assert sum(curves.values()) == sum(curves[page] for page in pages.values())


def test_every_formula_is_drawn_as_svg_with_ids_of_its_own(built, epub):
    from postbind.printing import draw_math
    from postbind.transform.tree import parse_fragment

    ids = []
    for href in epub.chapter_hrefs():  # the web edition's pages have the EPUB's files' names
        page = (built.out / "math-book" / href.replace(".xhtml", ".html")).read_text(encoding="utf-8")
        body = page[page.index('<div class="chapter-body">') : page.index("</section>")]
        root = parse_fragment(body)
        drawings = draw_math(root, href.removesuffix(".xhtml") + "_")
        assert len(drawings) == len(chapter_maths(epub, href)) and not list(root.iter("math"))
        for drawing in drawings:
            assert drawing.startswith('<svg class="math-svg') and "<text" not in drawing  # glyphs as paths
            assert re.search(r"width:[\d.]+em;height:[\d.]+em", drawing)  # scales with the text
            inline = "display" not in drawing.split(">", 1)[0]
            assert ("vertical-align:" in drawing) == inline  # inline math sits on the baseline
            ids += re.findall(r'\bid="([^"]+)"', drawing)
    assert ids and len(ids) == len(set(ids))


def test_hugo_katex_sample_comes_out_as_mathml(tmp_path):
    from tests.helpers import SHARED, require_shared

    require_shared()
    sample = SHARED / "corpus" / "platforms" / "hugo-basic-example" / "content" / "post" / "math-typesetting.md"
    book = write_book(tmp_path / "book", f"title: Hugo math\nchapters:\n  - {{file: {sample}, format: markdown}}\n")
    epub = Epub(build_book(book, tmp_path / "out", "--format", "epub").output("epub"))
    (chapter,) = epub.chapter_hrefs()
    alttexts = [m.get("alttext") for m in chapter_maths(epub, chapter)]
    assert any("\\varphi = \\dfrac{1+\\sqrt5}{2}" in a for a in alttexts)  # inline \(…\) in raw HTML
    assert any("\\varphi = 1+\\frac{1}" in a for a in alttexts)  # the $$ block
    outside = epub.xml(chapter).xpath("//x:body//text()[not(ancestor::m:math)]", namespaces={**NS, "m": M[1:-1]})
    assert "\\varphi" not in "".join(outside)  # no formula left as TeX
