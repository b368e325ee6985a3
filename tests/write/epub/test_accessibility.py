"""Accessibility: the metadata an EPUB claims, and no claim when a picture has no alt text."""

from __future__ import annotations

from tests.helpers import NS, PNG, Epub, assert_epubcheck_clean, build_book, post_with_url, write_book


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
        tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": post_with_url("A", "![](dot.png)"), "dot.png": PNG}
    )
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    assert "warning: image dot.png has no alt text" in built.result.stderr
    opf = Epub(built.output("epub")).opf
    assert not opf.xpath("//opf:meta[@property='dcterms:conformsTo']", namespaces=NS)
    assert_epubcheck_clean(built.output("epub"))
