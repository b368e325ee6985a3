"""Text fidelity for the export readers' tests: how much of a post's own words its chapter keeps.

The measure is difflib's matched `\\w+` tokens divided by the source's tokens: the source's text with
tags stripped and code aside (code is kept verbatim but its words are not prose), the chapter's
text as the EPUB holds it.
"""

from __future__ import annotations

import difflib
import re

from lxml import html

from tests.helpers import NS, Epub

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def source_words(markup: str, drop: tuple[str, ...] = ()) -> list[str]:
    """The words of an HTML fragment, without code and without the elements the XPaths in `drop` find."""
    root = html.fragment_fromstring(markup, create_parent="div")
    for element in [e for query in ("//pre", "//script", "//style", *drop) for e in root.xpath(query)]:
        element.drop_tree()
    return words(" ".join(root.itertext()))  # blocks apart: <h1>A</h1><h2>B</h2> is two words


def chapter_words(epub: Epub, title: str) -> list[str]:
    """The words of the chapter the contents list under `title`."""
    href = next(h for _, t, h in epub.toc_entries() if t == title).split("#")[0]
    return words(" ".join(epub.xml(href).xpath("//x:body//text()", namespaces=NS)))


def fidelity(source: list[str], chapter: list[str]) -> float:
    """The share of the source's words the chapter keeps, in order (1.0 for a source without words)."""
    if not source:
        return 1.0
    matcher = difflib.SequenceMatcher(None, source, chapter, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(source)
