"""Saved article pages (.html/.htm): the article body as HTML and the page's metadata.

A page saved from a browser holds the whole site around the post: navigation,
sidebars, share buttons, comments. trafilatura finds the article. This module is
the reader's entry point; the steps are:

- page_decode: the page's bytes as a tree, in the charset it declares;
- page_metadata: what the page states about itself (meta tags, JSON-LD, `<time>`),
  read before trafilatura's findings, which include guesses;
- page_prepare: the page fixed where trafilatura loses what a book needs
  (lazy-loaded images, figure captions, list numbering, `<pre>` blocks);
- page_extract: trafilatura itself (used only there);
- page_body: trafilatura's XML written as HTML, since its own HTML output turns
  every `<ol>` into `<ul>` and every `<code>` into `<pre>`.

Nothing is ever fetched.
"""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.page_body import body_html
from postbind.ingest.page_decode import load
from postbind.ingest.page_extract import extract
from postbind.ingest.page_metadata import date_evidence, merge_meta, stated_meta
from postbind.ingest.page_prepare import prepare
from postbind.model import Post, PostMeta


def read(path: Path, reporter: Reporter) -> Post:
    """A saved article page (.html/.htm): its article body as HTML and its metadata."""
    root = load(path, reporter)
    if root is None:
        return Post(source=path, meta=PostMeta(), body="", body_format="html", body_line=1)
    # The metadata is read first: preparing the page changes its links and images.
    stated, evidence = stated_meta(root), date_evidence(root)
    images = prepare(root, path.parent, stated.source_url)
    document = extract(root)
    body = body_html(document.body, images) if document is not None and document.body is not None else ""
    meta = merge_meta(stated, document, evidence)
    return Post(source=path, meta=meta, body=body, body_format="html", body_line=1)
