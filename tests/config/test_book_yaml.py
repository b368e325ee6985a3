"""book.yaml: validated at load into typed objects; every problem named with file, line and key."""

from __future__ import annotations

import pytest

from postbind.config import BookConfigError, load_config
from postbind.config.chapters import CollectionEntry, PartEntry
from postbind.errors import PostbindError
from postbind.plan import load_book, resolve
from tests.helpers import run_cli, write_book

POST = "---\ntitle: A post\n---\n\nText.\n"


def errors_of(folder) -> list[str]:
    """Every problem `postbind build` reports before reading a post: book.yaml's, and the paths it names."""
    with pytest.raises(PostbindError) as raised:
        load_book(folder)
    return [str(d) for d in raised.value.diagnostics]


def test_full_config_loads_into_typed_objects(make_book):
    folder = make_book(
        "title: T\nauthors: [A, B]\neditor: E\nlanguage: en-GB\ndate: 2024-05-06\nsubjects: [x]\n"
        "isbn: {epub: '978-0-00-000000-2'}\noutput: my-book\n"
        "print: {page_size: A5, margins: {inner: 20mm}, bleed: 3mm, crop_marks: true}\n"
        "front_matter: [pre.md]\nchapters:\n  - part: One\n    chapters:\n"
        "      - {file: a.md, author: Z, date: 2001-02-03}\n  - b.txt\n",
        {"pre.md": POST, "a.md": POST, "b.txt": "Hello.\n"},
    )
    config = load_config(folder)
    meta = config.meta
    assert meta.authors == ("A", "B") and meta.editors == ("E",)
    assert meta.language == "en-GB" and meta.date.isoformat() == "2024-05-06"
    assert meta.isbn_epub == "978-0-00-000000-2" and meta.isbn_print is None and config.output == "my-book"
    assert (
        config.print.page_size == "A5" and config.print.margins.inner == "20mm" and config.print.margins.top == "0.75in"
    )
    assert config.print.bleed == "3mm" and config.print.crop_marks is True
    part = config.chapters[0]
    assert isinstance(part, PartEntry) and part.title == "One"
    assert part.chapters[0].authors == ("Z",) and part.chapters[0].date == "2001-02-03"
    assert [p.path.name for p in config.entries()] == ["pre.md", "a.md", "b.txt"]
    assert [c.reader.name for c in resolve(config).values()] == ["markdown", "markdown", "text"]


def test_identifier_is_stable_and_derived(make_book):
    folder = make_book("title: Same\nauthor: Someone\nchapters: [a.md]\n", {"a.md": POST})
    first, second = load_config(folder).meta.identifier, load_config(folder).meta.identifier
    assert first == second and first.startswith("urn:uuid:")
    (folder / "book.yaml").write_text("title: Other\nauthor: Someone\nchapters: [a.md]\n")
    assert load_config(folder).meta.identifier != first


def test_named_page_sizes(make_book):
    folder = make_book("title: T\nprint: {page_size: trade}\nchapters: [a.md]\n", {"a.md": POST})
    assert load_config(folder).print.page_size == "6in 9in"


def test_output_defaults_to_slug_of_title(make_book):
    folder = make_book("title: Notes from the Garden!\nchapters: [a.md]\n", {"a.md": POST})
    assert load_config(folder).output == "notes-from-the-garden"


def test_malformed_yaml_names_the_line(make_book):
    folder = make_book("title: T\nchapters:\n  - a.md\n  - [unclosed\n", {"a.md": POST})
    (line,) = errors_of(folder)
    assert line.endswith("book.yaml:5: error: malformed YAML: expected ',' or ']', but got '<stream end>'")
    (folder / "book.yaml").write_text("title: T\n  bad: indent\nchapters: [a.md]\n")
    (line,) = errors_of(folder)
    assert line.endswith("book.yaml:2: error: malformed YAML: mapping values are not allowed here")


def test_unknown_key_gets_did_you_mean(make_book):
    folder = make_book("title: T\nsubtitel: S\nchapters: [a.md]\n", {"a.md": POST})
    (line,) = errors_of(folder)
    assert line.endswith("book.yaml:2: error: subtitel: unknown key; did you mean 'subtitle'?")


def test_every_problem_reported_in_one_run(make_book):
    folder = make_book(
        "title: T\nlanguage: not a language\nchapters:\n  - missing.md\n  - {file: a.md, colour: red}\n"
        "  - a.pages\nprint: {page_size: huge, crop_marks: maybe}\n",
        {"a.md": POST, "a.pages": b"PK"},
    )
    lines = errors_of(folder)
    expected = [
        ":2: error: language: 'not a language' is not a BCP 47 language tag",
        ":4: error: chapters: missing.md: no such file",
        ":5: error: colour: unknown key",
        ":6: error: file: a.pages: unsupported file type '.pages' (postbind reads .md, .markdown,",
        ":7: error: print.page_size: 'huge' is not a page size",
        ":7: error: print.crop_marks: expected true or false, got 'maybe'",
    ]
    assert len(lines) == len(expected), lines
    for want in expected:
        assert any(want in line for line in lines), (want, lines)


def test_same_file_twice_is_an_error(make_book):
    folder = make_book("title: T\nchapters:\n  - a.md\n  - part: P\n    chapters: [./a.md]\n", {"a.md": POST})
    (line,) = errors_of(folder)
    assert "book.yaml:5: error:" in line and "a.md is already in the book (line 3)" in line


def test_empty_book_is_an_error(make_book):
    folder = make_book("title: T\nchapters: []\n")
    (line,) = errors_of(folder)
    assert "book.yaml:2: error: chapters: the book is empty" in line


def test_required_keys(make_book):
    folder = make_book("subtitle: S\n")
    lines = errors_of(folder)
    assert any("'title' is required" in line for line in lines)
    assert any("'chapters' is required" in line for line in lines)


def test_wrong_types(make_book):
    folder = make_book("title: [a, b]\nchapters: a.md\nauthors: {x: 1}\n", {"a.md": POST})
    lines = errors_of(folder)
    assert any(":1: error: title: expected a single value, got a list" in line for line in lines)
    assert any(":2: error: chapters: expected a list" in line for line in lines)
    assert any(":3: error: authors: expected a single value, got a mapping" in line for line in lines)


def test_folder_is_a_collection_but_not_a_file(make_book):
    folder = make_book("title: T\nchapters: [sub]\n", {"sub/x.md": POST})
    ((_, choice),) = resolve(load_config(folder)).items()
    assert isinstance(choice.entry, CollectionEntry) and choice.collection and choice.reader.name == "folder"
    (folder / "book.yaml").write_text("title: T\nchapters: [{file: sub}]\n")
    (line,) = errors_of(folder)
    assert "book.yaml:2: error: chapters: sub: is not a file" in line


def test_missing_book(tmp_path):
    with pytest.raises(PostbindError) as raised:
        load_config(tmp_path / "nowhere")
    assert "no book here" in str(raised.value)


def test_theme_must_exist(make_book):
    folder = make_book("title: T\ntheme: fancy\nchapters: [a.md]\n", {"a.md": POST})
    (line,) = errors_of(folder)
    assert (
        "book.yaml:2: error: theme: no theme 'fancy': "
        "built-in themes are classic, course-pack, modern, or give a folder" in line
    )


def test_config_error_type(make_book):
    folder = make_book("title: T\nchapters: [nope.md]\n")
    with pytest.raises(BookConfigError):
        load_config(folder)


def test_a_missing_title_does_not_hide_other_errors(tmp_path):
    folder = write_book(tmp_path / "b", "print: {bleed: wide}\noutput: ../x\nchapters: [a.md]\n", {"a.md": "Text.\n"})
    result = run_cli("build", str(folder))
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 3, lines
    assert any("'title' is required" in line for line in lines) and any("print.bleed" in line for line in lines)
