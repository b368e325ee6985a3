"""Transforms: an ordered list of small named steps over a chapter's HTML tree.

Each step takes the parsed fragment and a `ChapterContext`, changes the tree in
place, and is safe to run twice. The order is the design card's: embeds made
figures (before the sanitizer drops them), sanitize, math, title and headings,
ids, links, images, the index's occurrences, footnotes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from postbind.errors import Reporter
from postbind.model import LANGUAGE_RE, Chapter, Post
from postbind.resources import ResourceLoader
from postbind.transform import (
    citations,
    embeds,
    footnotes,
    headings,
    ids,
    images,
    index,
    links,
    math,
    sanitize,
    structure,
)
from postbind.transform.index import IndexMatcher
from postbind.transform.links import LinkIndex
from postbind.transform.tree import parse_fragment, serialize_children


@dataclass(frozen=True)
class BookContext:
    """What every chapter's transforms share: diagnostics, the resource loader, the posts in the book."""

    reporter: Reporter
    loader: ResourceLoader
    links: LinkIndex
    index: IndexMatcher | None = None  # the index's terms, when the book has an index
    references: str | None = None  # the id of the book's References chapter (`references: book`)


@dataclass
class ChapterContext:
    """One chapter's transform in progress: steps replace `chapter` (a frozen record) as they learn its
    title, language and notes."""

    chapter: Chapter
    post: Post
    book: BookContext

    @property
    def loader(self) -> ResourceLoader:
        return self.book.loader

    def warn(self, message: str, needle: str | None = None) -> None:
        """Warn about the post, at the line where `needle` appears when it can be found."""
        self.book.reporter.warn(message, self.post.source, self._line_of(needle))

    def _line_of(self, needle: str | None) -> int:
        at = self.post.body.find(needle) if needle else -1
        return self.post.body_line + (self.post.body[:at].count("\n") if at >= 0 else 0)


STEPS = (
    ("structure", structure.repair),
    ("math", math.finish_math),
    ("title", headings.title_from_heading),
    ("headings", headings.demote_headings),
    ("citations", citations.link_to_references),  # before ids: its links point outside the chapter
    ("ids", ids.prefix_ids),
    ("links", links.check_links),  # before footnotes: the notes' own links and pictures are checked too
    ("images", images.embed_images),
    ("empty links", links.drop_empty_links),
    ("index", index.mark_occurrences),  # after ids (its own are new) and before footnotes (notes are indexed too)
    ("footnotes", footnotes.collect_notes),
)


def _check_language(context: ChapterContext) -> None:
    """A post's language goes into lang/xml:lang: it must be a BCP 47 tag ("en_US" is read as "en-US")."""
    lang = context.chapter.meta.lang
    if lang is None:
        return
    tag = lang.replace("_", "-")
    if not LANGUAGE_RE.match(tag):
        context.warn(f"'{lang}' is not a language tag (such as en, en-GB); the book's language is used")
        tag = None
    context.chapter = replace(context.chapter, meta=replace(context.chapter.meta, lang=tag))


def transform_chapter(chapter: Chapter, post: Post, body_html: str, book: BookContext) -> Chapter:
    """Run every step on one chapter's HTML and return the finished chapter."""
    context = ChapterContext(chapter, post, book)
    _check_language(context)
    # Embedded players and tweets become figures first: the sanitizer would drop them.
    root = parse_fragment(sanitize.clean(embeds.as_figures(body_html, context), context))
    for _name, step in STEPS:
        step(root, context)
    chapter = context.chapter
    if not chapter.meta.title:
        what = "its slug" if chapter.meta.slug else "the file name"
        context.warn(f"post has no title; {what} '{chapter.title}' stands in")
    return replace(chapter, html=serialize_children(root))
