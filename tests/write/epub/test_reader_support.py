"""What e-readers need, read back from the EPUB: landmarks, cover, pop-up notes, accessibility,
images, links between posts, attribution, fonts, reproducibility, and `postbind check`."""

from __future__ import annotations

import io

from PIL import Image

from tests.helpers import NS, Epub


def test_landmarks_and_generated_cover(sample_book):
    epub = Epub(sample_book.output("epub"))
    nav = epub.xml(epub.nav_href())
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    found = {a.get("{http://www.idpf.org/2007/ops}type"): a.get("href") for a in landmarks}
    assert found == {
        "cover": "cover.xhtml",
        "titlepage": "titlepage.xhtml",
        "toc": "nav.xhtml",
        "bodymatter": "on-making-books.xhtml",
    }
    (cover,) = epub.opf.xpath("//opf:item[contains(@properties, 'cover-image')]/@href", namespaces=NS)
    image = Image.open(io.BytesIO(epub.zip.read(epub.base + cover)))
    assert (image.format, image.size) == ("JPEG", (1600, 2560))
    assert epub.spine_hrefs()[0] == "cover.xhtml"
    # the page-list names page breaks only (ebooklib's own would take every element with an epub:type)
    for href in nav.xpath("//x:nav[@epub:type='page-list']//x:a/@href", namespaces=NS):
        file, anchor = href.split("#")
        assert epub.xml(file).xpath(f"//*[@id='{anchor}']/@epub:type", namespaces=NS) == ["pagebreak"]


def test_sections_carry_epub_types_and_roles(sample_book):
    epub = Epub(sample_book.output("epub"))
    kinds = {
        "why-put-a-blog-between-covers.xhtml": ("chapter", "doc-chapter"),
        "on-making-books.xhtml": ("part", "doc-part"),
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
    aside = Epub(sample_book.output("epub")).xml("anatomy-of-a-chapter.xhtml").xpath("//x:aside", namespaces=NS)[0]
    first = aside[0]
    assert first.tag == "{http://www.w3.org/1999/xhtml}a" and first.get("role") == "doc-backlink"
    assert first.get("href") == "#anatomy-of-a-chapter_fnref1"


def test_attribution_under_each_chapter_title(sample_book):
    chapter = Epub(sample_book.output("epub")).xml("open-forest-launch-post.xhtml")
    head = chapter.xpath("string(//x:header)", namespaces=NS)
    for part in (
        "Laura Gerhardt",
        "12 February 2019",
        "https://18f.gsa.gov/2019/02/12/open-forest-launch-post/",
        "CC0 1.0 / US public domain",
    ):
        assert part in head
