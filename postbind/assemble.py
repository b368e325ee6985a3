"""The book model from book.yaml: choose the posts, convert them in one pandoc process, transform each."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from postbind import convert
from postbind.collect import Excluded, Plan, plan_book
from postbind.config import BookConfig
from postbind.config_chapters import CollectionEntry
from postbind.errors import Reporter, book_error
from postbind.ingest.source import xml_safe
from postbind.model import Book, Chapter, Part, Post
from postbind.render import theme_folders
from postbind.resources import ResourceLoader
from postbind.transform import BookContext, transform_chapter
from postbind.transform.links import LinkIndex


def assemble(config: BookConfig, reporter: Reporter, scratch: Path, allow_remote: bool = False) -> tuple[Book, Plan]:
    """Read, convert and transform every post into the book model.

    `scratch` holds pictures that are not files of their own (in Word files, data: URLs, and the web
    when `allow_remote` opts in).
    """
    plan = plan_book(config, reporter)
    bodies, plan.cache_hits = convert_bodies(plan.posts(), scratch)
    _drop_empty(plan, bodies, reporter)
    posts = plan.posts()
    if not posts:
        raise book_error("the book is empty: no post has any content", config.path)
    ids = chapter_ids(len(plan.front), len(posts) - len(plan.front) - len(plan.back), len(plan.back))
    loader = ResourceLoader(allowed_folders(config, scratch), config.site_root, scratch, allow_remote)
    links = LinkIndex.build(list(zip(ids, posts, strict=True)), site_url=config.site_url)
    shared = BookContext(reporter, loader, links)
    chapters = [
        transform_chapter(_chapter(chapter_id, post), post, bodies[id(post)], shared)
        for chapter_id, post in zip(ids, posts, strict=True)
    ]
    return _book(config, plan, chapters, loader), plan


def _chapter(chapter_id: str, post: Post) -> Chapter:
    kind = {"f": "front", "b": "back"}.get(chapter_id[0], "chapter")
    number = int(chapter_id[1:]) if kind == "chapter" else None
    return Chapter(id=chapter_id, kind=kind, meta=post.meta, source=post.source, number=number, origin=post.origin)


def _book(config: BookConfig, plan: Plan, chapters: list[Chapter], loader: ResourceLoader) -> Book:
    """Put the chapters back into the plan's shape: front matter, parts and chapters, back matter."""
    queue = iter(chapters)
    front = [next(queue) for _ in plan.front]
    body: list[Part | Chapter] = []
    for index, item in enumerate(plan.body, start=1):
        if isinstance(item, tuple):
            body.append(Part(id=f"p{index}", title=item[0], chapters=[next(queue) for _ in item[1]]))
        else:
            body.append(next(queue))
    return Book(
        meta=config.meta,
        front=front,
        body=body,
        back=list(queue),
        assets=loader.assets,
        cover=config.cover,
        cover_colours=config.cover_colours,
        reading_numbers=config.reading_numbers,
        resource_folders=loader.allowed,
    )


def chapter_ids(front: int, body: int, back: int) -> list[str]:
    """Ids in reading order: f1… for front matter, c01… for chapters, b1… for back matter."""
    width = max(2, len(str(body)))
    return (
        [f"f{n}" for n in range(1, front + 1)]
        + [f"c{n:0{width}d}" for n in range(1, body + 1)]
        + [f"b{n}" for n in range(1, back + 1)]
    )


def convert_bodies(posts: list[Post], scratch: Path) -> tuple[dict[int, str], int]:
    """Every post's body as HTML (by `id(post)`), and how many came from the cache; the rest, Markdown
    and Word files, go through one pandoc process."""
    pending = [p for p in posts if p.body_format != "html"]
    jobs = [_job(post, scratch / f"word{number}") for number, post in enumerate(pending)]
    bodies = {id(p): p.body for p in posts if p.body_format == "html"}
    results, hits = convert.to_html(jobs)
    for post, result in zip(pending, results, strict=True):
        if result.error:
            raise book_error(f"cannot convert post: {result.error}", post.source)
        bodies[id(post)] = xml_safe(result.html or "")
        post.meta = replace(
            post.meta,
            title=post.meta.title or xml_safe(result.title or "") or None,
            authors=post.meta.authors or tuple(xml_safe(a) for a in result.authors),
            date=post.meta.date or result.date,
        )
    return bodies, hits


def _job(post: Post, media_dir: Path) -> convert.Job:
    if post.body_format == "docx":
        return convert.Job("docx", path=post.source, media_dir=media_dir)
    return convert.Job(post.body_format, text=post.body)


def _drop_empty(plan: Plan, bodies: dict[int, str], reporter: Reporter) -> None:
    """A post with no text and no picture is left out, with a warning."""

    def keep(post: Post) -> bool:
        body = bodies[id(post)]
        if "<img" in body or re.sub(r"<[^>]+>|\s", "", body):
            return True
        reporter.warn("the post is empty; left out", post.source, post.item_line)
        plan.excluded.append(Excluded(post, "empty"))
        return False

    plan.front = [p for p in plan.front if keep(p)]
    plan.back = [p for p in plan.back if keep(p)]
    body = [
        (item[0], [p for p in item[1] if keep(p)]) if isinstance(item, tuple) else item
        for item in plan.body
        if isinstance(item, tuple) or keep(item)
    ]
    plan.body = [item for item in body if not isinstance(item, tuple) or item[1]]  # a part left empty goes too


def allowed_folders(config: BookConfig, scratch: Path) -> tuple[Path, ...]:
    """Where resources may come from: book.yaml's folder, the files and folders it names, the theme."""
    folders = {config.root.resolve(), scratch.resolve()}
    for entry in config.entries():
        if isinstance(entry, CollectionEntry):
            folders.update(path for path in (entry.path, entry.media) if path)  # a folder, or the export itself
        else:
            folders.add(entry.path.parent)  # a post's pictures sit beside it
    folders.update(path for path in (config.cover, config.print.icc_profile) if path)  # the files, not their folders
    folders.update(path for path in (config.site_root,) if path)
    folders.update(theme_folders(config))
    return tuple(sorted(folders))
