"""Chapter ids and file names come from the posts, not their places: an inserted post changes no other chapter."""

from __future__ import annotations

import re

import pytest

from postbind.assemble import assemble
from postbind.config import load_config
from postbind.errors import Reporter
from postbind.identity import RESERVED_PAGE_IDS, page_name, unique_page_ids
from tests.helpers import REPO, Epub, assert_epubcheck_clean, build_book, write_book

POST = "---\ntitle: {title}\n---\n\n## Notes\n\n{title} says hello.[^1] See [{other}]({other}.md).\n\n[^1]: A note.\n"
POSTS = {
    "alpha.md": POST.format(title="Alpha", other="charlie"),
    "bravo.md": POST.format(title="Bravo", other="charlie"),
    "charlie.md": POST.format(title="Charlie", other="alpha"),
    "inserted.md": POST.format(title="Inserted", other="bravo"),
}


def _book(tmp_path, name: str, chapters: list[str]):
    """The book built (EPUB and web edition) and assembled in-process: (its EPUB, its web folder, its Book)."""
    yaml_text = "title: T\nchapters:\n  - part: One\n    chapters: [" + ", ".join(chapters) + "]\n"
    folder = write_book(tmp_path / name, yaml_text, POSTS)
    built = build_book(folder, tmp_path / f"{name}-out", "--format", "epub,html")
    (tmp_path / f"{name}-scratch").mkdir()
    book = assemble(load_config(folder), Reporter(quiet=True), tmp_path / f"{name}-scratch").book
    return built.output("epub"), built.out / "t", book


def test_a_post_inserted_as_chapter_two_changes_no_chapter_after_it(tmp_path):
    before_epub, before_web, before = _book(tmp_path, "before", ["alpha.md", "bravo.md", "charlie.md"])
    after_epub, after_web, after = _book(tmp_path, "after", ["alpha.md", "inserted.md", "bravo.md", "charlie.md"])
    assert [c.id for c in after.chapters()] == ["alpha", "inserted", "bravo", "charlie"]
    assert [p.id for p in after.parts] == ["one"]
    old, new = {c.id: c for c in before.chapters()}, {c.id: c for c in after.chapters()}
    assert 'href="#charlie"' in old["bravo"].html and 'href="#bravo_fn1"' in old["bravo"].html  # what must not move
    for chapter_id in ("bravo", "charlie"):
        assert new[chapter_id].html == old[chapter_id].html  # ids, notes and links between posts alike
        assert new[chapter_id].notes == old[chapter_id].notes
    old_epub, new_epub = Epub(before_epub), Epub(after_epub)
    assert new_epub.chapter_hrefs() == ["alpha.xhtml", "inserted.xhtml", "bravo.xhtml", "charlie.xhtml"]
    for href in ("alpha.xhtml", "bravo.xhtml", "charlie.xhtml"):
        assert new_epub.text(href) == old_epub.text(href), href
    assert 'href="bravo.xhtml#bravo"' in new_epub.text("inserted.xhtml")
    # The web edition's pages link to their neighbours, so only the inserted post's neighbours change.
    assert (after_web / "charlie.html").read_bytes() == (before_web / "charlie.html").read_bytes()
    assert_epubcheck_clean(before_epub, after_epub)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hello, World!", "hello-world"),
        ("Ærø & Ĳssel", "aero-ijssel"),  # accents go; Æ, ø and the Ĳ ligature become their letters
        ("Straße in Łódź", "strasse-in-lodz"),
        ("2021 in review", "p-2021-in-review"),  # an XML id can't start with a digit
        ("", "p"),
        ("  --  ", "p"),
        ("nav", "p-nav"),  # ebooklib's nav.xhtml
        ("contents", "p-contents"),  # the contents' id in the PDF
        ("font1", "p-font1"),  # the EPUB writer's ids for fonts
        ("x" * 80, "x" * 60),
    ],
)
def test_a_page_name_is_an_ascii_xml_id_and_a_file_name(text, name):
    assert page_name(text) == name


def test_a_name_in_no_latin_script_is_named_by_its_text_not_its_place():
    greek = page_name("Αθήνα")
    assert re.fullmatch(r"p-[0-9a-f]{8}", greek) and greek == page_name("Αθήνα") != page_name("Σπάρτη")


def test_names_are_made_unique_in_reading_order():
    names = ["intro", "intro", "intro-2", "intro", "a" * 60, "a" * 60]
    assert unique_page_ids(names) == ["intro", "intro-2", "intro-2-2", "intro-3", "a" * 60, "a" * 58 + "-2"]
    assert unique_page_ids(["index"]) == ["index-2"]  # reserved even when a caller passes it as is


def test_every_fixed_id_of_the_templates_is_reserved():
    found = set()
    for template in (REPO / "styles").rglob("*.html"):
        found |= set(re.findall(r'\bid="([a-z][a-z0-9-]*)"', template.read_text(encoding="utf-8")))
    assert found and found <= RESERVED_PAGE_IDS, found - RESERVED_PAGE_IDS


def test_a_book_of_clashing_and_awkward_names_is_valid(tmp_path):
    files = {
        "intro.md": "---\ntitle: Intro\n---\n\nFirst.\n",
        "2020-01-01-intro.md": "---\ntitle: Intro again\n---\n\nSecond, see [the first](intro.md).\n",
        "2021-review.md": "---\ntitle: The year\n---\n\nText.\n",
        "place.md": "---\ntitle: Place\nslug: Ærø & Ĳssel\n---\n\nText.\n",
        "nav.md": "---\ntitle: Navigation\n---\n\nText.\n",
        "athens.md": "---\ntitle: Athens\nslug: Αθήνα\n---\n\nText.\n",
    }
    yaml_text = "title: T\nchapters:\n  - part: Intro\n    chapters: [" + ", ".join(files) + "]\n"
    folder = write_book(tmp_path / "b", yaml_text, files)
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    names = [href.removesuffix(".xhtml") for href in epub.chapter_hrefs()]
    assert names[:5] == ["intro-2", "intro-3", "p-2021-review", "aero-ijssel", "p-nav"]  # the part is "intro"
    assert re.fullmatch(r"p-[0-9a-f]{8}", names[5])
    assert 'href="intro-2.xhtml#intro-2"' in epub.text("intro-3.xhtml")
    assert_epubcheck_clean(built.output("epub"))
