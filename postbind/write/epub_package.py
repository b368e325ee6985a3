"""The EPUB package around ebooklib's output: links across files, accessibility metadata, the final zip.

ebooklib writes the current time into every zip entry and leaves `xml:lang`
off the package element (Ace flags it); `finish_zip` rewrites the archive with
the book's own time, the mimetype first and stored, so that the same sources
always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

from lxml import etree

from postbind.model import Book, BookMeta
from postbind.transform.tree import parse_fragment, serialize_children

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def link_across_files(markup: str, page_ids: set[str], current: str, extension: str = ".xhtml") -> str:
    """`#rain_x` written in one chapter's file becomes `rain.xhtml#rain_x` when rain is another file.

    Every id is its page's id or starts with it and an underscore, which no page id holds (see
    transform/ids.py), so the file a fragment lives in can be read off the fragment itself.
    """
    if 'href="#' not in markup:
        return markup
    root = parse_fragment(markup)
    for link in root.iter("a"):
        href = link.get("href", "")
        page = href[1:].split("_", 1)[0] if href.startswith("#") else None
        if page in page_ids and page != current:
            link.set("href", f"{page}{extension}{href}")
    return serialize_children(root)


def accessibility_metadata(book: Book, print_pages: bool = False) -> list[tuple[str, str]]:
    """schema.org accessibility properties, claiming only what the book really has (`print_pages`: the print
    edition's page breaks and page-list)."""
    has_images = bool(book.assets)
    described = not any('alt=""' in c.html for c in book.chapters())
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if has_images and described:
        features.append("alternativeText")
    if any("<math" in c.html for c in book.chapters()):
        features.append("MathML")  # formulas a reading system can speak, not pictures of them
    if print_pages:  # printPageNumbers is the name the 2022 vocabulary replaced with the other two
        features += ["printPageNumbers", "pageBreakMarkers", "pageNavigation"]
    summary = "Chapters, parts and headings are marked up for navigation; the contents and landmarks list them."
    summary += " Every image has a text description." if described else " Some images have no text description."
    found = [("schema:accessMode", "textual")]
    if has_images:
        found.append(("schema:accessMode", "visual"))
    if described:
        found.append(("schema:accessModeSufficient", "textual"))
    found += [("schema:accessibilityFeature", f) for f in features]
    found += [("schema:accessibilityHazard", "none"), ("schema:accessibilitySummary", summary)]
    if described:
        found.append(("dcterms:conformsTo", CONFORMANCE))
    return found


def print_source(meta: BookMeta) -> str:
    """The print edition, as dc:source and pageBreakSource name it: its ISBN, else its title."""
    if meta.isbn_print:
        return f"urn:isbn:{meta.isbn_print.replace('-', '')}"
    return f"{meta.title}, print edition (PDF)"


def finish_zip(path: Path, language: str, when: dt.datetime, page_list: list[tuple[str, str]] = ()) -> None:
    """Rewrite the EPUB: fixed dates, mimetype first and stored, xml:lang on the package, the page-list
    (href, label) in the nav (ebooklib's own takes every element with an epub:type for a page)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    stamp = max(when, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]  # zip dates start in 1980
    first = [e for e in entries if e[0] == "mimetype"]
    rest = sorted(e for e in entries if e[0] != "mimetype")
    temporary = path.with_name(path.name + ".zip")
    with zipfile.ZipFile(temporary, "w") as target:
        for name, data in first + rest:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if name.endswith(".opf"):
                data = _with_package_lang(data, language)
            elif name.endswith("/nav.xhtml") and page_list:
                data = _with_page_list(data, page_list)
            target.writestr(info, data)
    os.replace(temporary, path)


def _with_page_list(nav: bytes, pages: list[tuple[str, str]]) -> bytes:
    """The nav with a hidden page-list: reading systems offer "go to page" from it."""
    root = etree.fromstring(nav)
    body = root.find(f"{{{XHTML}}}body")
    page_list = etree.SubElement(body, f"{{{XHTML}}}nav", {f"{{{EPUB_NS}}}type": "page-list", "hidden": "hidden"})
    etree.SubElement(page_list, f"{{{XHTML}}}h2").text = "Pages"
    items = etree.SubElement(page_list, f"{{{XHTML}}}ol")
    for href, label in pages:
        link = etree.SubElement(etree.SubElement(items, f"{{{XHTML}}}li"), f"{{{XHTML}}}a", {"href": href})
        link.text = label
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _with_package_lang(opf: bytes, language: str) -> bytes:
    root = etree.fromstring(opf)
    root.set(XML_LANG, language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
