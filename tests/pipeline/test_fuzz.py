"""Property tests: whatever a reader is fed, postbind makes a book or says clearly why not.

Never a traceback. A sample of the books made is checked with EPUBCheck, in one batch.
The number of examples is bounded so `make test` stays a few minutes long.
"""

from __future__ import annotations

import html
import os
import random
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import assert_epubcheck_clean, run_cli, write_book

# Fixed examples by default, so that CI is repeatable; POSTBIND_FUZZ=N explores N fresh examples a test.
EXAMPLES = int(os.environ.get("POSTBIND_FUZZ", "25"))
FRESH = "POSTBIND_FUZZ" in os.environ
MADE: dict[str, list[Path]] = {}
WORK = Path(tempfile.mkdtemp(prefix="postbind-fuzz-"))  # outside pytest's tmp: only a sample is validated

MARKDOWN_TOKENS = [  # fmt: skip
    "# ", "## ", "\n\n", "\n", "*", "**", "_", "`", "```\n", "> ", "- ", "1. ", "1938. ", "[", "](", ")", "![", "[^1]",
    "\n[^1]: ", "|", "|---|", "---\n", "<div>", "</div>", "<p>", "</span>", "<script>", "&amp;", "&#0;", "{{", "}}",
    "{%", "%}", "<!--", "-->", "\\", "$", "http://x", "../../etc/passwd", "\u202e", "\u0000", "ع", "語", "😀",
]  # fmt: skip
TAGS = ["p", "div", "span", "a", "img", "table", "tr", "td", "ul", "li", "h1", "h3", "pre", "code", "blockquote",
        "figure", "figcaption", "dl", "dt", "script", "style", "iframe", "form", "svg", "math", "em", "b"]  # fmt: skip
ATTRIBUTES = ['href="#x"', 'href="javascript:x()"', 'src="x.png"', 'src="file:///etc/passwd"', 'id="x"', 'id="fn1"',
              'style="position:fixed"', "onclick=x()", 'lang="ar"', 'colspan="0"', 'alt=""']  # fmt: skip

fragments = st.one_of(st.sampled_from(MARKDOWN_TOKENS), st.text(max_size=12))
markdown_texts = st.lists(fragments, max_size=60).map("".join)


@st.composite
def html_trees(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            attributes = " ".join(draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=2)))
            closing = "" if draw(st.integers(0, 9)) == 0 else f"</{tag}>"  # now and then left open
            parts.append(f"<{tag} {attributes}>{draw(html_trees(depth + 1))}{closing}")
        else:
            parts.append(html.escape(draw(st.text(max_size=20))) if draw(st.booleans()) else draw(st.text(max_size=8)))
    return "".join(parts)


def build(kind: str, name: str, content: str | bytes) -> None:
    """Build one EPUB from a single source file; only a clean error may stop it."""
    folder = Path(tempfile.mkdtemp(dir=WORK))
    write_book(folder, f"title: Fuzz\nchapters: [{name}]\n", {name: content})
    result = run_cli("build", str(folder), "-o", str(folder / "out"), "--format", "epub", "-q")
    assert "Traceback" not in result.stderr and result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:
        assert all(": error: " in line or ": warning: " in line for line in result.stderr.splitlines()), result.stderr
        shutil.rmtree(folder)
    else:
        MADE.setdefault(kind, []).append(folder / "out" / "fuzz.epub")


FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=not FRESH, database=None, suppress_health_check=list(HealthCheck)
)


@FUZZ
@given(markdown_texts)
def test_markdown_posts(text):
    build("markdown", "post.md", text)


@FUZZ
@given(markdown_texts)
def test_plain_text_posts(text):
    build("text", "post.txt", text)


@FUZZ
@given(html_trees())
def test_saved_html_pages(tree):
    build("html", "page.html", f"<html><head><title>Fuzz</title></head><body><article>{tree}</article></body></html>")


@FUZZ
@given(st.lists(st.tuples(st.text(max_size=30), html_trees()), min_size=1, max_size=4), st.booleans())
def test_feeds(entries, well_formed):
    items = "".join(
        f"<item><title>{escape(title) if well_formed else title}</title>"
        f"<description>{escape(body)}</description></item>"
        for title, body in entries
    )
    build(
        "feed", "feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
    )


@FUZZ
@given(st.lists(st.tuples(st.text(max_size=30), html_trees(), st.sampled_from(["publish", "draft"])), max_size=4))
def test_wordpress_exports(items):
    items = [("A steady post", "<p>Always some text.</p>", "publish"), *items]  # so most exports make a book
    body = "".join(
        f"<item><title>{escape(title)}</title><wp:post_type>post</wp:post_type><wp:status>{status}</wp:status>"
        f"<content:encoded><![CDATA[{content.replace(']]>', '')}]]></content:encoded></item>"
        for title, content, status in items
    )
    build(
        "wordpress",
        "export.xml",
        '<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>W</title>{body}</channel></rss>',
    )


@pytest.mark.parametrize("kind", ["markdown", "text", "html", "feed", "wordpress"])
def test_a_sample_of_the_books_passes_epubcheck(kind):
    made = MADE.get(kind, [])
    assert made, f"the {kind} fuzzer made no book at all"
    sample = random.Random(kind).sample(made, min(3, len(made)))
    assert_epubcheck_clean(*sample)
