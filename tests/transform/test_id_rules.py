"""Ids in a built book: valid XML names, unique, and never lost when the element carrying them goes."""

from __future__ import annotations

import html
import re

from tests.helpers import Epub, assert_epubcheck_clean, build_book

XML_ID = re.compile(r"^[A-Za-z_][\w.\-]*$")

# A hand-made footnote: its target is an empty link, which the book drops (nothing to read in it).
HAND_MADE_NOTES = """<p>A claim.<sup><a href="#fn:ugly">1</a></sup> Another.<sup><a href="#fn:bare">2</a></sup></p>
<ol class="notes">
<li id="note-one">The source of the claim. <a class="fn" id="fn:ugly"></a></li>
</ol>
<p>The other source. <a id="fn:bare"></a></p>
<p>Old anchors: <a href="#old">see below</a>, and <a href="#kept-font">the font</a>.</p>
<p><font id="kept-font">Dropped tag, kept text.</font> <a name="old"></a>Here.</p>
<p><font id="unlinked">Nothing links here.</font> <a id="bare-unlinked"></a></p>
"""

# A Pelican-style entry whose ids hold spaces and other characters no XML id may hold.
SPACED_IDS = """<h2 id="my heading">My heading</h2><p>See <a href="#my%20heading">above</a>
and <a href="#what's this?">this</a>.</p><p id="what's this?">This.</p>
<p id="2 end">Twice: <span id="end">end</span>.</p>"""


def atom(content: str) -> str:
    """An Atom feed of one entry whose content is `content`."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Pelican site</title><id>https://example.org/</id>
<updated>2024-01-02T00:00:00Z</updated><author><name>Feed Author</name></author>
<entry><title>Ids</title><link href="https://example.org/ids.html" rel="alternate"/>
<id>tag:example.org,2024-01-01:/ids.html</id><updated>2024-01-01T00:00:00Z</updated>
<content type="html">{html.escape(content, quote=False)}</content></entry></feed>
"""


CHAPTER = "ids.xhtml"  # the feed's entry, named after its address, ids.html


def _feed_book(make_book, tmp_path, content: str):
    """An EPUB of one Atom entry holding `content`: the build, the chapter's text, its ids and its links' targets."""
    folder = make_book("title: Feed\nchapters:\n  - blog.atom\n", {"blog.atom": atom(content)})
    built = build_book(folder, tmp_path / "out", "--format", "epub")
    epub = Epub(built.output("epub"))
    return (built, epub.text(CHAPTER), *_ids_and_targets(epub, CHAPTER))


def _ids_and_targets(epub: Epub, href: str) -> tuple[list[str], list[str]]:
    root = epub.xml(href)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    targets = [a.get("href")[1:] for a in root.iter("{*}a") if (a.get("href") or "").startswith("#")]
    return ids, targets


def test_ids_of_dropped_elements_move_to_a_kept_element(make_book, tmp_path):
    built, text, ids, targets = _feed_book(make_book, tmp_path, HAND_MADE_NOTES)
    assert targets and set(targets) <= set(ids)  # every link in the chapter lands somewhere
    # the note's item has an id of its own: the dropped link's id stays in place on an empty span
    assert re.search(r'<li id="ids_note-one">The source of the claim. <span id="ids_fn-ugly"', text)
    assert '<p id="ids_fn-bare">The other source.' in text  # the paragraph had none: it takes it
    assert "Dropped tag, kept text." in text and 'id="ids_kept-font"' in text
    assert 'href="#ids_old"' in text and "link to '#old' goes nowhere" not in built.result.stderr
    assert "unlinked" not in text  # an id no link points at goes with its element: no empty spans
    assert_epubcheck_clean(built.output("epub"))


def test_ids_from_feeds_are_valid_xml_ids_and_links_follow(make_book, tmp_path):
    built, _, ids, targets = _feed_book(make_book, tmp_path, SPACED_IDS)
    assert all(XML_ID.match(i) for i in ids), ids
    assert len(ids) == len(set(ids))
    assert {"ids_my-heading", "ids_what-s-this", "ids_2-end", "ids_end-2"} <= set(ids)  # ids_end marks the end
    assert set(targets) == {"ids_my-heading", "ids_what-s-this"}
    assert "goes nowhere" not in built.result.stderr
    assert_epubcheck_clean(built.output("epub"))
