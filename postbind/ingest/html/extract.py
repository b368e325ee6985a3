"""trafilatura, the only module that uses it: the article of a prepared page, and what it finds about it.

trafilatura gets the page as markup and returns its own XML (p, head, list, hi, graphic,
ref…) with its metadata; page_body writes that XML as HTML.
"""

from __future__ import annotations

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document


def extract(root: lxml.html.HtmlElement) -> Document | None:
    """trafilatura's article and metadata; None or an empty body when it finds no article."""
    markup = lxml.html.tostring(root, encoding="unicode")
    document = _bare_extraction(markup, precision=False)
    if document is not None and _is_page_dump(document.body, markup):
        # Finding no article (or a very short one), trafilatura falls back to the text of the
        # whole page, navigation and all; in precision mode it keeps only an article it found.
        document = _bare_extraction(markup, precision=True)
    return document


def _bare_extraction(markup: str, precision: bool) -> Document | None:
    """The markup goes as text: with a parsed tree and include_formatting, trafilatura 2.3.1
    returned None for a page it reads fine as text."""
    return trafilatura.bare_extraction(
        markup,
        favor_precision=precision,
        include_images=True,
        include_tables=True,
        include_formatting=True,
        include_links=True,
        include_comments=False,  # on by default; readers' comments are not the post
        with_metadata=True,
        # no dates guessed from the text; the original date, not the last update
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _is_page_dump(body: etree._Element | None, markup: str) -> bool:
    """True when the body is trafilatura's baseline: the page's text as bare paragraphs."""
    if body is None or any(child.tag != "p" or len(child) for child in body):
        return False
    dump = trafilatura.baseline(markup)[1]
    return "".join("".join(body.itertext()).split()) == "".join(dump.split())
