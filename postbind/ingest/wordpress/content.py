"""An item's content as WordPress shows it: the HTML the author's editor text renders to.

Classic posts rely on WordPress's wpautop() for their paragraphs and on shortcodes
([caption], [gallery]…) that only WordPress expands, and block-editor posts keep their
footnotes in post meta; all of it is rendered here so that the rest of postbind sees
ordinary HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from postbind.ingest.wordpress.autop import wpautop
from postbind.ingest.wordpress.media import map_images
from postbind.ingest.wordpress.shortcodes import expand_shortcodes

COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
EMPTY_PARAGRAPH_RE = re.compile(r"<p>\s*</p>")
# WordPress turns a URL alone on its line into an embed (oEmbed); in a book it is a link.
AUTOEMBED_RE = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$", re.M)
FOOTNOTES_BLOCK_RE = re.compile(r"<!-- wp:footnotes\b[^>]*?/-->")
FOOTNOTE_REF_RE = re.compile(r"(<sup\b[^>]*\bdata-fn=[^>]*>\s*<a\b)(?![^>]*\bclass=)")


def content_html(raw: str, media: Path | None, warn: Callable[[str], None]) -> str:
    """The item's content as WordPress would show it, images mapped to the media folder."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    is_block_content = "<!-- wp:" in text  # WordPress skips wpautop for block-editor content
    text = COMMENT_RE.sub("", text)  # block delimiters, <!--more-->, <!--nextpage-->
    # "<p><!-- note --></p>" leaves an empty paragraph that would trip wpautop into a stray </p>.
    text = EMPTY_PARAGRAPH_RE.sub("", text)
    text = expand_shortcodes(text, warn)
    text = AUTOEMBED_RE.sub(r'\1<a href="\2">\2</a>\3', text)
    if not is_block_content:
        text = wpautop(text)
    return map_images(text, media)


def with_footnotes(text: str, notes_json: str) -> str:
    """The footnotes block (WordPress 6.3+) keeps its notes in post meta and renders them on the server.

    Rendered here in the shape postbind's footnote step reads (pandoc's: a.footnote-ref calls,
    a section of li#id notes), so they become the book's notes.
    """
    if not FOOTNOTES_BLOCK_RE.search(text):
        return text
    try:
        found = json.loads(notes_json or "[]")
    except ValueError:
        found = []
    notes = [n for n in found if isinstance(n, dict) and n.get("id")] if isinstance(found, list) else []
    items = "".join(
        f'<li id="{html.escape(str(n["id"]))}">{n.get("content", "")}'
        f' <a href="#{html.escape(str(n["id"]))}-link" class="footnote-back">\u21a9\ufe0e</a></li>'
        for n in notes
    )
    if not items:
        return FOOTNOTES_BLOCK_RE.sub("", text)
    section = f'<section class="footnotes" role="doc-endnotes"><ol>{items}</ol></section>'
    text = FOOTNOTES_BLOCK_RE.sub(lambda _: section, text)
    return FOOTNOTE_REF_RE.sub(r'\1 class="footnote-ref"', text)
