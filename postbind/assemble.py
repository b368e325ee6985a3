"""The book model from book.yaml: plan the posts, read their bodies, convert, transform each.

Each stage hands the next a frozen record: the `Plan` (metadata only), the read `Post`s, the
`Converted` posts (HTML from pandoc), the transformed `Chapter`s, and finally the `Book`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from postbind import book_index, citations, convert, mathtex
from postbind.bodies import read_posts
from postbind.config import BookConfig
from postbind.errors import Reporter, book_error
from postbind.identity import page_name, post_page_name, unique_page_ids
from postbind.ingest.reader import Entry
from postbind.ingest.source import xml_safe
from postbind.model import Book, Chapter, Part, Post, PostMeta
from postbind.plan import Excluded, Group, Plan, plan_book
from postbind.resources import ResourceLoader
from postbind.themes import theme_folders
from postbind.transform import BookContext, transform_chapter
from postbind.transform.index import IndexMatcher
from postbind.transform.links import LinkIndex


@dataclass(frozen=True)
class Converted:
    """A post with its body as HTML, and the metadata the conversion found (a Word file's title)."""

    post: Post
    html: str
    cited: tuple[str, ...] = ()  # the citation keys it uses that a bibliography holds


@dataclass(frozen=True)
class Assembled:
    book: Book
    plan: Plan  # what went in, and what was left out and why
    cache_hits: int  # how many posts came converted from the cache


def assemble(
    config: BookConfig, reporter: Reporter, scratch: Path, allow_remote: bool = False, workers: int | None = None
) -> Assembled:
    """Read, convert and transform every post into the book model.

    `scratch` holds pictures that are not files of their own (in Word files, data: URLs, and the web
    when `allow_remote` opts in). Up to `workers` pandoc processes convert at once (default: a core each).
    """
    plan, posts = read_posts(plan_book(config, reporter), reporter)
    kept = {entry: posts[entry] for entry in plan.entries()}
    allowed = ResourceLoader(allowed_folders(config, plan, scratch)).is_allowed  # where a post's .bib may be
    citing = {entry: citations.post_citing(post, config.citations, allowed, reporter) for entry, post in kept.items()}
    converted, hits = convert_posts(kept, scratch, workers, citing, reporter)
    plan = _drop_empty(plan, converted, reporter)
    entries = plan.entries()
    if not entries:
        raise book_error("the book is empty: no post has any content", config.path)
    ids = page_ids(plan, {entry: converted[entry].post for entry in entries})
    loader = ResourceLoader(allowed_folders(config, plan, scratch), config.site_root, scratch, allow_remote)
    links = LinkIndex.build([(ids[entry], converted[entry].post) for entry in entries], config.site_url)
    shared = BookContext(reporter, loader, links, IndexMatcher.build(config.index_terms))
    cited = (key for entry in entries for key in converted[entry].cited)
    html = citations.references_html(config.citations, citing.values(), cited, workers)
    references = _references(config, html, ids, shared)
    shared = replace(shared, references=references.id if references else None)
    chapters = [
        _chapter(ids[entry], kind, number, converted[entry], shared)
        for entry, (kind, number) in zip(entries, _kinds(plan), strict=True)
    ]
    book = _book(config, plan, chapters, ids, loader, references)
    for term in book_index.missing(book):
        reporter.warn(f"index: '{term}' occurs nowhere in the book; it is left out of the index", config.path)
    return Assembled(book, plan, hits)


def _references(config: BookConfig, html: str | None, ids: dict, shared: BookContext) -> Chapter | None:
    """`references: book`: the References chapter, first of the back matter. Its entries' ids become link
    targets every chapter's citations may point at (see transform/citations.py)."""
    if html is None:
        return None
    chapter_id = unique_page_ids([*ids.values(), page_name(citations.TITLE)])[-1]
    post = Post(source=config.path, meta=PostMeta(title=citations.TITLE), body="", body_format="html")
    chapter = transform_chapter(
        Chapter(id=chapter_id, kind="back", meta=post.meta, source=config.path), post, html, shared
    )
    shared.links.anchors.update(re.findall(r'\bid="([^"]+)"', chapter.html))
    return chapter


def _chapter(chapter_id: str, kind: str, number: int | None, converted: Converted, shared: BookContext) -> Chapter:
    post = converted.post
    chapter = Chapter(id=chapter_id, kind=kind, meta=post.meta, source=post.source, number=number, origin=post.origin)
    return transform_chapter(chapter, post, converted.html, shared)


def _kinds(plan: Plan) -> list[tuple[str, int | None]]:
    """Each entry's kind and, for a body chapter, its reading number (1, 2, 3…), in reading order."""
    body = len(plan.entries()) - len(plan.front) - len(plan.back)
    return (
        [("front", None)] * len(plan.front)
        + [("chapter", number) for number in range(1, body + 1)]
        + [("back", None)] * len(plan.back)
    )


def page_ids(plan: Plan, posts: dict[Entry, Post]) -> dict[Entry | Group, str]:
    """Every chapter's id (its post's slug) and every part's (its title's), unique in reading order.

    An id comes from what it names, not from where it stands: a post inserted ahead leaves the ids,
    file names and HTML of the chapters after it as they were (and their PDF sections cached).
    """
    pages: list[Entry | Group] = [*plan.front]
    for group in plan.body:
        if group.part is not None:
            pages.append(group)  # a part's title page comes before its chapters
        pages += group.entries
    pages += plan.back
    names = [page_name(page.part) if isinstance(page, Group) else _post_name(posts[page]) for page in pages]
    return dict(zip(pages, unique_page_ids(names), strict=True))


def _post_name(post: Post) -> str:
    return post_page_name(post, post.body_format)


def _book(
    config: BookConfig,
    plan: Plan,
    chapters: list[Chapter],
    ids: dict[Entry | Group, str],
    loader: ResourceLoader,
    references: Chapter | None = None,
) -> Book:
    """Put the chapters back into the plan's shape: front matter, parts and chapters, back matter."""
    queue = iter(chapters)
    front = [next(queue) for _ in plan.front]
    body: list[Part | Chapter] = []
    for group in plan.body:
        if group.part is None:
            body += [next(queue) for _ in group.entries]
        else:
            body.append(Part(id=ids[group], title=group.part, chapters=[next(queue) for _ in group.entries]))
    return Book(
        meta=config.meta,
        front=front,
        body=body,
        back=[*([references] if references else []), *queue],
        assets=loader.assets,
        cover=config.cover,
        cover_colours=config.cover_colours,
        reading_numbers=config.reading_numbers,
        resource_folders=loader.allowed,
        index_terms=config.index_terms,
    )


def convert_posts(
    posts: dict[Entry, Post],
    scratch: Path,
    workers: int | None = None,
    citing: dict[Entry, convert.Citing | None] | None = None,
    reporter: Reporter | None = None,
) -> tuple[dict[Entry, Converted], int]:
    """Every post's body as HTML, and how many came from the cache; the rest, Markdown and Word files,
    go through pandoc, with the TeX math found in HTML posts (in up to `workers` pandoc processes).
    A post's citations are resolved with its `citing` (see citations.py); `reporter` hears of unknown keys."""
    citing = citing or {}
    pending = [(entry, post) for entry, post in posts.items() if post.body_format != "html"]
    jobs = [_job(post, scratch / f"word{number}", citing.get(entry)) for number, (entry, post) in enumerate(pending)]
    done = {entry: Converted(post, post.body) for entry, post in posts.items() if post.body_format == "html"}
    math = {entry: found for entry, c in done.items() if (found := mathtex.find(c.html))}
    documents = {entry: mathtex.document(found.formulas) for entry, found in math.items()}
    math_jobs = [convert.Job("math", text=text) for text, _ in documents.values()]
    checks = citations.check_jobs(citing.values())
    results, hits = convert.to_html(checks + jobs + math_jobs, workers)
    citations.raise_file_errors(checks, results[: len(checks)])
    results = results[len(checks) :]
    for entry, result in zip(documents, results[len(jobs) :], strict=True):
        html = mathtex.fill(math[entry], documents[entry][1], result.pieces)
        done[entry] = replace(done[entry], html=html)
    for (entry, post), result in zip(pending, results[: len(jobs)], strict=True):
        if result.error:
            raise book_error(f"cannot convert post: {result.error}", post.source)
        meta = replace(
            post.meta,
            title=post.meta.title or xml_safe(result.title or "") or None,
            authors=post.meta.authors or tuple(xml_safe(a) for a in result.authors),
            date=post.meta.date or result.date,
        )
        if reporter:
            citations.warn_unknown(post, citing.get(entry), result.unknown, reporter)
        done[entry] = Converted(replace(post, meta=meta), xml_safe(result.html or ""), result.cited)
    return done, hits


def _job(post: Post, media_dir: Path, citing: convert.Citing | None) -> convert.Job:
    if post.body_format == "docx":
        return convert.Job("docx", path=post.source, media_dir=media_dir)
    return convert.Job(post.body_format, text=post.body, cite=citing)


def _drop_empty(plan: Plan, converted: dict[Entry, Converted], reporter: Reporter) -> Plan:
    """A post with no text and no picture is left out, with a warning."""
    dropped = []
    for entry in plan.entries():
        body = converted[entry].html
        if "<img" not in body and not re.sub(r"<[^>]+>|\s", "", body):
            reporter.warn("the post is empty; left out", entry.source, entry.item_line)
            dropped.append(Excluded(entry, "empty"))
    gone = {excluded.entry for excluded in dropped}
    return plan.keeping(lambda entry: entry not in gone, dropped)


def allowed_folders(config: BookConfig, plan: Plan, scratch: Path) -> tuple[Path, ...]:
    """Where resources may come from: book.yaml's folder, the files and folders it names, the theme."""
    folders = {config.root.resolve(), scratch.resolve(), *plan.source_folders}
    folders.update(path for path in (config.cover, config.print.icc_profile) if path)  # the files, not their folders
    folders.update(path for path in (config.site_root,) if path)
    folders.update(
        root for entry in plan.entries() if entry.site for root in entry.site.roots
    )  # a site's own static/ folder
    folders.update(theme_folders(config.root, config.theme_dir))
    return tuple(sorted(folders))
