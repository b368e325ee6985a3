"""Saved article pages (.html/.htm): the article body as HTML and the page's metadata.

A page saved from a browser holds the whole site around the post: navigation,
sidebars, share buttons, comments. trafilatura finds the article. This module is
the reader's entry point; the steps are:

- decode: the page's bytes as a tree, in the charset it declares;
- metadata: what the page states about itself (meta tags, JSON-LD, `<time>`),
  read before trafilatura's findings, which include guesses;
- prepare: the page fixed where trafilatura loses what a book needs
  (lazy-loaded images, figure captions, list numbering, `<pre>` blocks);
- extract: trafilatura itself (used only there);
- body: trafilatura's XML written as HTML, since its own HTML output turns
  every `<ol>` into `<ul>` and every `<code>` into `<pre>`.

Nothing is ever fetched.
"""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.reader import Body, Entry, ReadOptions, by_extension
from postbind.model import PostMeta


class HtmlPageReader:
    name = "html"
    extensions = (".html", ".htm")
    many = False

    def sniff(self, path: Path, head: bytes) -> bool:
        return by_extension(path, self.extensions)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        # A page's metadata and its article come out of the same extraction: both are read now.
        meta, body = read_page(path, reporter)
        return [Entry(path, meta, self.name, handle=Body(body, "html"), options=options)]

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        return entry.handle


def read_page(path: Path, reporter: Reporter) -> tuple[PostMeta, str]:
    """A saved article page: its metadata and its article body as HTML."""
    from postbind.ingest.html.body import body_html  # late: trafilatura is slow to import
    from postbind.ingest.html.decode import load
    from postbind.ingest.html.extract import extract
    from postbind.ingest.html.metadata import date_evidence, merge_meta, stated_meta
    from postbind.ingest.html.prepare import prepare

    root = load(path, reporter)
    if root is None:
        return PostMeta(), ""
    # The metadata is read first: preparing the page changes its links and images.
    stated, evidence = stated_meta(root), date_evidence(root)
    images = prepare(root, path.parent, stated.source_url)
    document = extract(root)
    body = body_html(document.body, images) if document is not None and document.body is not None else ""
    return merge_meta(stated, document, evidence), body
