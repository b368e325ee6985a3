"""Books of the real static-site samples in ../shared/corpus/platforms (read there, never copied): a Hugo
example site, the Jekyll project's news blog and SunPy's ABlog blog. Each EPUB is built once a session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postbind.errors import Reporter
from postbind.ingest.front import split_front_matter
from postbind.ingest.reader import ReadOptions
from postbind.ingest.registry import detect
from tests.helpers import SHARED, Epub, Pdf, assert_epubcheck_clean, build_book, needs_shared, write_book
from tests.ingest.fidelity import fidelity
from tests.ingest.sites import chapter_text, leftover_syntax, output_words, source_words

PLATFORMS = SHARED / "corpus" / "platforms"
SAMPLES = {  # name: (the folder a book names, its reader, the chapters a book holds by default)
    "hugo": (PLATFORMS / "hugo-basic-example" / "content" / "post", "hugo", 5),
    "jekyll": (PLATFORMS / "jekyll-news" / "_posts", "jekyll", 102),
    "ablog": (PLATFORMS / "ablog-sunpy" / "posts", "ablog", 70),
}
pytestmark = needs_shared


def _book(tmp_path_factory, name: str, *extra: str):
    folder = write_book(tmp_path_factory.mktemp(name), f"title: {name} sample\nchapters:\n  - {SAMPLES[name][0]}\n")
    return build_book(folder, folder / "out", *extra)


@pytest.fixture(scope="session")
def epubs(tmp_path_factory) -> dict:
    return {name: _book(tmp_path_factory, name, "--format", "epub") for name in SAMPLES}


def _sources(name: str) -> list[Path]:
    folder = SAMPLES[name][0]
    entries = detect(folder).entries(folder, Reporter(quiet=True), ReadOptions())
    return [e.source for e in entries if (e.meta.post_type, e.meta.status) == ("post", "publish")]  # the default


@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_sample_is_read_by_its_reader_into_its_posts(epubs, name):
    folder, reader, chapters = SAMPLES[name]
    assert detect(folder).name == reader
    built = epubs[name]
    assert f"{chapters} chapters" in built.result.stderr
    assert len(Epub(built.output("epub")).chapter_hrefs()) == chapters
    assert_epubcheck_clean(built.output("epub"))


@pytest.mark.parametrize("name", list(SAMPLES))
def test_no_source_syntax_is_left_outside_code(epubs, name):
    epub = Epub(epubs[name].output("epub"))
    left = {href: found for href in epub.chapter_hrefs() if (found := leftover_syntax(chapter_text(epub.text(href))))}
    assert not left


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_post_keeps_its_words(epubs, name):
    epub = Epub(epubs[name].output("epub"))
    scores = {}
    for source, href in zip(_sources(name), epub.chapter_hrefs(), strict=True):
        kind = "rst" if source.suffix == ".rst" else "markdown"
        words = source_words(_source_body(source), kind)
        scores[source.name] = fidelity(words, output_words(chapter_text(epub.text(href))))
    low = {file: round(score, 3) for file, score in scores.items() if score < 0.95}
    assert not low


def _source_body(source: Path) -> str:
    text = source.read_text(encoding="utf-8")
    if source.suffix != ".rst":
        text = split_front_matter(text)[1]
        text = re.sub(r"^```\{post\}.*?^```\n", "", text, flags=re.S | re.M)  # ABlog's post block is metadata
    return text


def test_jekyll_links_made_with_post_url_go_to_chapters(epubs):
    epub = Epub(epubs["jekyll"].output("epub"))
    sources = _sources("jekyll")
    turns_2 = epub.chapter_hrefs()[[s.name for s in sources].index("2014-05-06-jekyll-turns-2-0-0.markdown")]
    first = epub.chapter_hrefs()[[s.name for s in sources].index("2013-05-06-jekyll-1-0-0-released.markdown")]
    assert f'href="{first}#{first.removesuffix(".xhtml")}"' in epub.text(turns_2)


def test_the_hugo_book_prints(tmp_path_factory):
    built = _book(tmp_path_factory, "hugo", "--format", "pdf")
    pdf = Pdf(built.output("pdf"))
    assert len(pdf.pages) > 5
    # A PDF's text can't tell code from prose, and the Go template code in a code block is the post's own.
    assert not leftover_syntax("\n".join(pdf.pages), ("shortcode", "kramdown", "rst directive", "myst directive"))


@pytest.mark.heavy
@pytest.mark.parametrize("name", ["jekyll", "ablog"])
def test_the_long_books_print(tmp_path_factory, name):
    built = _book(tmp_path_factory, name, "--format", "pdf")
    pdf = Pdf(built.output("pdf"))
    assert len(pdf.pages) > SAMPLES[name][2]
