"""What e-readers need, read back from the EPUB: landmarks, cover, pop-up notes, accessibility,
images, links between posts, attribution, fonts, reproducibility, and `postbind check`."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from PIL import Image

import postbind.check
from postbind import validate
from tests.corpus import CORPUS
from tests.helpers import NS, REPO, Epub, Pdf, assert_epubcheck_clean, build_book, run_cli, write_book
from tests.test_transform import PNG

POST = "---\ntitle: {title}\nsource_url: {url}\n---\n\n{body}\n"


def post(title: str, body: str, url: str = "https://blog.example.org/2020/01/01/x/") -> str:
    return POST.format(title=title, body=body, url=url)


def test_landmarks_and_generated_cover(sample_book):
    epub = Epub(sample_book.output("epub"))
    nav = epub.xml(epub.nav_href())
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    found = {a.get("{http://www.idpf.org/2007/ops}type"): a.get("href") for a in landmarks}
    assert found == {
        "cover": "cover.xhtml",
        "titlepage": "titlepage.xhtml",
        "toc": "nav.xhtml",
        "bodymatter": "p1.xhtml",
    }
    (cover,) = epub.opf.xpath("//opf:item[contains(@properties, 'cover-image')]/@href", namespaces=NS)
    image = Image.open(io.BytesIO(epub.zip.read(epub.base + cover)))
    assert (image.format, image.size) == ("JPEG", (1600, 2560))
    assert epub.spine_hrefs()[0] == "cover.xhtml"
    assert not nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)  # no bogus page list


def test_sections_carry_epub_types_and_roles(sample_book):
    epub = Epub(sample_book.output("epub"))
    kinds = {
        "c01.xhtml": ("chapter", "doc-chapter"),
        "p1.xhtml": ("part", "doc-part"),
        "copyright.xhtml": ("copyright-page", None),
        "titlepage.xhtml": ("titlepage", None),
    }
    for href, (kind, role) in kinds.items():
        (section,) = epub.xml(href).xpath("//x:body/x:section", namespaces=NS)
        assert section.get("{http://www.idpf.org/2007/ops}type") == kind
        assert section.get("role") == role
    nav = epub.xml(epub.nav_href())
    assert nav.xpath("//x:nav[@epub:type='toc']/@role", namespaces=NS) == ["doc-toc"]


def test_footnote_backlink_comes_first(sample_book):
    aside = Epub(sample_book.output("epub")).xml("c02.xhtml").xpath("//x:aside", namespaces=NS)[0]
    first = aside[0]
    assert first.tag == "{http://www.w3.org/1999/xhtml}a" and first.get("role") == "doc-backlink"
    assert first.get("href") == "#c02-fnref1"


def test_accessibility_metadata_and_package_language(sample_book):
    epub = Epub(sample_book.output("epub"))
    assert epub.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    props = {}
    for meta in epub.opf.xpath("//opf:meta[@property]", namespaces=NS):
        props.setdefault(meta.get("property"), []).append(meta.text)
    assert props["schema:accessMode"] == ["textual", "visual"]
    assert props["schema:accessModeSufficient"] == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "alternativeText"} <= set(props["schema:accessibilityFeature"])
    assert props["schema:accessibilityHazard"] == ["none"]
    assert props["schema:accessibilitySummary"]
    assert props["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


def test_image_without_alt_warns_and_conformance_is_not_claimed(tmp_path):
    folder = write_book(
        tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": post("A", "![](dot.png)"), "dot.png": PNG}
    )
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert "warning: image dot.png has no alt text" in built.result.stderr
    opf = Epub(built.output("epub")).opf
    assert not opf.xpath("//opf:meta[@property='dcterms:conformsTo']", namespaces=NS)
    assert_epubcheck_clean(built.output("epub"))


def _image_bytes(size: tuple[int, int], fmt: str, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "#336699").save(out, fmt)
    return out.getvalue()


def test_images_scaled_and_converted_for_the_epub_only(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    files = {
        "a.md": post(
            "A", "![big](big.jpg)\n\n![web](pic.webp)\n\n![vector](v.svg)\n\n![broken](bad.png)\n\n![bad svg](bad.svg)"
        ),
        "big.jpg": _image_bytes((3200, 1000), "JPEG"),
        "pic.webp": _image_bytes((50, 40), "WEBP", "RGBA"),
        "v.svg": svg,
        "bad.png": b"\x89PNG\r\n\x1a\nnot really",
        "bad.svg": "<svg><unclosed",
    }
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", files)
    built = build_book(folder, tmp_path / "out")
    epub = Epub(built.output("epub"))
    sizes = {}
    for href in epub.manifest("image/jpeg") + epub.manifest("image/png") + epub.manifest("image/svg+xml"):
        if "cover" not in href and not href.endswith(".svg"):
            sizes[href] = Image.open(io.BytesIO(epub.zip.read(epub.base + href))).size
    assert sorted(sizes.values()) == [(50, 40), (1600, 500)]
    assert not epub.manifest("image/webp")
    assert len(epub.manifest("image/svg+xml")) == 1
    assert "bad.png: not a readable image" in built.result.stderr
    assert "bad.svg: not valid SVG" in built.result.stderr
    pdf = Pdf(built.output("pdf"))
    widths = sorted(image.image.size[0] for page in pdf.reader.pages for image in page.images)
    assert 3200 in widths  # the PDF keeps the original
    assert_epubcheck_clean(built.output("epub"))


def test_links_between_posts_become_links_between_chapters(tmp_path):
    files = {
        "2020-01-01-first.md": post(
            "First",
            "See [the second](https://www.blog.example.org/2020/02/02/second/), "
            "[by file](2020-02-02-second.md), [by slug](/2020/02/02/second) "
            "and [elsewhere](https://blog.example.org/not-in-book/).",
            "https://blog.example.org/2020/01/01/first/",
        ),
        "2020-02-02-second.md": post(
            "Second",
            "Back to [the first](../2020-01-01-first.md) has no such file.",
            "https://blog.example.org/2020/02/02/second/",
        ),
    }
    folder = write_book(tmp_path / "b", "title: T\nchapters: [2020-01-01-first.md, 2020-02-02-second.md]\n", files)
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    first = Epub(built.output("epub")).xml("c01.xhtml")
    hrefs = first.xpath("//x:div[@class='chapter-body']//x:a/@href", namespaces=NS)
    assert hrefs == ["c02.xhtml#c02", "c02.xhtml#c02", "c02.xhtml#c02", "https://blog.example.org/not-in-book/"]
    second = Epub(built.output("epub")).xml("c02.xhtml")
    assert second.xpath("//x:div[@class='chapter-body']//x:a/@href", namespaces=NS) == ["c01.xhtml#c01"]
    assert_epubcheck_clean(built.output("epub"))


def test_attribution_under_each_chapter_title(sample_book):
    chapter = Epub(sample_book.output("epub")).xml("c06.xhtml")
    head = chapter.xpath("string(//x:header)", namespaces=NS)
    for part in (
        "Laura Gerhardt",
        "12 February 2019",
        "https://18f.gsa.gov/2019/02/12/open-forest-launch-post/",
        "CC0 1.0 / US public domain",
    ):
        assert part in head


def test_css_is_kindle_safe(sample_book):
    epub = Epub(sample_book.output("epub"))
    css = epub.text("style/book.css")
    assert "@import" not in css and "http" not in css
    assert not {rule for rule in ("@page", "@media", "@supports", "@font-feature-values") if rule in css}
    styles = [s for href in epub.manifest() for s in epub.xml(href).xpath("//x:style", namespaces=NS)]
    assert not styles  # no duplicated inline CSS


def test_theme_fonts_embedded_only_when_ofl_and_local(tmp_path):
    ofl = Path("/usr/share/fonts/opentype/linux-libertine/LinLibertine_R.otf")
    other = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    css = (
        '@font-face { font-family: "G"; src: url("LinLibertine_R.otf"); }\n'
        '@font-face { font-family: "D"; src: url("DejaVuSans.ttf"); }\n'
        '@font-face { font-family: "R"; src: url("https://fonts.example.org/r.woff2"); }\nhtml { font-family: G; }\n'
    )
    files = {
        "a.md": post("A", "Quick text."),
        "styles/epub.css": css,
        "styles/LinLibertine_R.otf": ofl.read_bytes(),
        "styles/DejaVuSans.ttf": other.read_bytes(),
    }
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", files)
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    fonts = [n for n in epub.zip.namelist() if "/fonts/" in n]
    assert fonts == ["EPUB/fonts/LinLibertine_R.otf"]
    assert len(epub.zip.read(fonts[0])) < ofl.stat().st_size / 4  # subset
    assert 'url("../fonts/LinLibertine_R.otf")' in epub.text("style/book.css")
    assert "not under the SIL Open Font License" in built.result.stderr
    assert "https://fonts.example.org/r.woff2 is not local" in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build_book(REPO / "book", tmp_path / "one")
    second = build_book(REPO / "book", tmp_path / "two")
    for ext in ("epub", "pdf"):
        assert first.output(ext).read_bytes() == second.output(ext).read_bytes(), ext
    epub = zipfile.ZipFile(first.output("epub"))
    assert epub.infolist()[0].filename == "mimetype" and epub.infolist()[0].compress_type == zipfile.ZIP_STORED
    assert {info.date_time for info in epub.infolist()} == {(2026, 11, 26, 0, 0, 0)}  # the book's date


def test_source_date_epoch_sets_the_build_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    built = build_book(REPO / "book", tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    assert epub.opf.xpath("string(//opf:meta[@property='dcterms:modified'])", namespaces=NS) == "2023-11-14T22:13:20Z"
    assert zipfile.ZipFile(built.output("epub")).infolist()[1].date_time == (2023, 11, 14, 22, 13, 20)


def test_epubcheck_wrapper_reports_a_broken_epub():
    findings = validate.run_epubcheck(CORPUS / "epub-samples" / "invalid.epub")
    codes = {f.code for f in findings if f.severity == "error"}
    assert {"OPF-049", "RSC-005"} <= codes
    assert all(f.file for f in findings)


def test_check_command_reports_and_fails(tmp_path, monkeypatch):
    folder = write_book(tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": post("A", "Text.")})
    monkeypatch.setattr(validate, "ace_command", lambda: None)
    clean = run_cli("check", str(folder))
    assert clean.exit_code == 0, clean.stderr
    assert "EPUBCheck: 0 error(s), 0 warning(s)" in clean.stderr
    assert "DAISY Ace is not installed" in clean.stderr
    broken = validate.Finding("epubcheck", "error", "RSC-005", "Error while parsing file", "EPUB/c01.xhtml", 12)
    monkeypatch.setattr(postbind.check.validate, "run_epubcheck", lambda path: [broken])
    failed = run_cli("check", str(folder))
    assert failed.exit_code == 1
    assert (
        f"book.epub/EPUB/c01.xhtml:12: error: EPUBCheck RSC-005: Error while parsing file (from {folder / 'a.md'})"
        in failed.stderr
    )
    report = json.loads(run_cli("check", str(folder), "--json").stdout)
    assert report["findings"] == [broken.as_dict()] and report["ace"] is False
