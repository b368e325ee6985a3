"""The sample book's EPUB, read back: validity, structure, ids, links, metadata."""

from __future__ import annotations

from collections import Counter

from tests.helpers import CHAPTER_TITLES, NS, SAMPLE_BOOK_CONTENTS, Epub, assert_epubcheck_clean


def test_epubcheck_reports_nothing(sample_book):
    assert_epubcheck_clean(sample_book.output("epub"))


def test_nav_lists_every_chapter_in_reading_order(sample_book):
    epub = Epub(sample_book.output("epub"))
    entries = epub.toc_entries()
    titles = [title for _, title, _ in entries]
    assert titles == SAMPLE_BOOK_CONTENTS
    depths = {title: depth for depth, title, _ in entries}
    assert depths["On making books"] == 1 and depths["The Anatomy of a Chapter"] == 2
    assert depths["Letters from the Archive"] == 1
    spine = epub.spine_hrefs()
    positions = [spine.index(href.split("#")[0]) for _, _, href in entries]
    assert positions == sorted(positions), "toc order must follow the spine"


def test_ncx_present_for_older_readers(sample_book):
    epub = Epub(sample_book.output("epub"))
    ncx = epub.xml(epub.manifest("application/x-dtbncx+xml")[0])
    labels = ncx.xpath("//ncx:navPoint/ncx:navLabel/ncx:text/text()", namespaces=NS)
    assert set(CHAPTER_TITLES) <= set(labels)


def test_ids_unique_and_every_internal_link_resolves(sample_book):
    epub = Epub(sample_book.output("epub"))
    ids_by_file = {href: epub.xml(href).xpath("//@id") for href in epub.manifest()}
    every_id = Counter(i for ids in ids_by_file.values() for i in ids)
    duplicates = [i for i, n in every_id.items() if n > 1]
    assert not duplicates, duplicates
    checked = 0
    for href in epub.manifest():
        for target in epub.xml(href).xpath("//x:a/@href", namespaces=NS):
            if target.startswith(("http:", "https:", "mailto:")):
                continue
            file, _, fragment = target.partition("#")
            file = file or href
            assert file in ids_by_file, f"{href}: link to missing file {target}"
            if fragment:
                assert fragment in ids_by_file[file], f"{href}: link to missing id {target}"
            checked += 1
    assert checked > 20  # the footnotes, the internal link and the toc were all checked


def test_footnotes_are_noterefs_and_asides(sample_book):
    epub = Epub(sample_book.output("epub"))
    chapter = epub.xml("why-put-a-blog-between-covers.xhtml")
    refs = chapter.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
    notes = chapter.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
    assert refs and len(refs) == len(notes)
    assert {r.get("href")[1:] for r in refs} == {n.get("id") for n in notes}
    assert all(n.get("role") == "doc-footnote" for n in notes)


def test_metadata_from_book_yaml(sample_book):
    epub = Epub(sample_book.output("epub"))
    meta = lambda name: epub.opf.xpath(f"//dc:{name}/text()", namespaces=NS)  # noqa: E731
    assert meta("title") == ["From Blog to Book"]
    assert meta("language") == ["en"]
    assert "Jason Nakai" in meta("creator") and "Mara Lindqvist" in meta("creator")
    assert meta("publisher") == ["postbind"]
    assert meta("subject") == ["publishing", "blogging", "government design"]
    assert meta("identifier")[0].startswith("urn:uuid:")


def test_chapter_opens_with_title_and_byline(sample_book):
    epub = Epub(sample_book.output("epub"))
    chapter = epub.xml("first-do-no-harm.xhtml")
    assert chapter.xpath("string(//x:h1)", namespaces=NS).startswith("First, do no harm")
    byline = chapter.xpath("string(//x:p[@class='byline'])", namespaces=NS)
    assert "Jason Nakai" in byline and "5 September 2023" in byline
    published = chapter.xpath("string(//x:p[@class='first-published'])", namespaces=NS)
    assert published == "First published at https://18f.gsa.gov/2023/09/05/first-do-no-harm/"


def test_copyright_page_lists_sources(sample_book):
    text = " ".join(Epub(sample_book.output("epub")).text("copyright.xhtml").split())
    assert "Compilation © 2026" in text
    assert "https://18f.gsa.gov/2019/02/12/open-forest-launch-post/" in text
    assert "CC0 1.0 / US public domain" in text
    assert "urn:uuid:" in text


def test_image_is_embedded_and_declared(sample_book):
    epub = Epub(sample_book.output("epub"))
    (image,) = epub.manifest("image/png")
    assert epub.zip.read(epub.base + image)[:8] == b"\x89PNG\r\n\x1a\n"
    assert epub.xml("the-press-and-the-page.xhtml").xpath("//x:img/@src", namespaces=NS) == [image]


def test_languages_marked(sample_book):
    epub = Epub(sample_book.output("epub"))
    chapter = epub.xml("many-scripts-one-book.xhtml")
    assert chapter.get("lang") == "en"
    langs = set(chapter.xpath("//x:span/@lang", namespaces=NS))
    assert {"el", "ru", "he", "ar"} <= langs
