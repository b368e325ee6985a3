"""The build, stage by stage: config → ingest → convert → transform → render → write.

`build()` reads like the design card. Outputs are staged beside their targets
and renamed into place only when every format succeeded (and, with
`strict`, no warning was raised), so a failed build never loses the last book.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from postbind import convert
from postbind.config import BookConfig, PartEntry, PostEntry, load_config
from postbind.errors import Reporter, book_error
from postbind.ingest import read_post
from postbind.model import Book, Chapter, Part, Post
from postbind.render import Renderer, theme_folders
from postbind.resources import ResourceLoader
from postbind.transform import BookContext, transform_chapter
from postbind.transform.links import LinkIndex
from postbind.write import staged_outputs

FORMATS = ("epub", "pdf")


@dataclass(frozen=True)
class BuildResult:
    outputs: dict[str, Path]
    chapters: int
    warnings: int
    sources: dict[str, Path]  # EPUB file name of each chapter -> the post it came from


def build(
    book: str | Path | None,
    out_dir: Path,
    formats: tuple[str, ...],
    reporter: Reporter,
    strict: bool = False,
    profile: str | None = None,
) -> BuildResult:
    config = load_config(book)
    model = assemble(config, reporter)
    renderer = Renderer(config, profile)
    targets = {fmt: out_dir / f"{config.output}.{fmt}" for fmt in formats}
    with staged_outputs(targets) as staged:
        for fmt, temp_path in staged.items():
            writer_for(fmt)(model, renderer, temp_path, reporter)
        if strict and reporter.warnings:
            raise book_error(f"--strict: {len(reporter.warnings)} warning(s); nothing written", config.path)
    sources = {c.file_name: c.source for c in model.chapters()}
    return BuildResult(targets, len(model.body_chapters()), len(reporter.warnings), sources)


def writer_for(fmt: str):
    """The writer of one output format (imported late: each pulls in a big library)."""
    if fmt == "epub":
        from postbind.write.epub import write_epub

        return write_epub
    from postbind.write.pdf import write_pdf

    return write_pdf


def assemble(config: BookConfig, reporter: Reporter) -> Book:
    """Read, convert and transform every post into the book model."""
    entries = config.posts()
    posts = [apply_overrides(read_post(e.path, e.format, reporter), e) for e in entries]
    bodies = convert_bodies(posts)
    loader = ResourceLoader(allowed_folders(config))
    ids = chapter_ids(config)
    shared = BookContext(reporter, loader, LinkIndex.build(list(zip(ids, posts, strict=True))))
    chapters = {}
    for entry, post, body, chapter_id in zip(entries, posts, bodies, ids, strict=True):
        kind = {"f": "front", "b": "back"}.get(chapter_id[0], "chapter")
        number = int(chapter_id[1:]) if kind == "chapter" else None
        chapter = Chapter(id=chapter_id, kind=kind, meta=post.meta, source=post.source, number=number)
        chapters[entry.path] = transform_chapter(chapter, post, body, shared)
    return Book(
        meta=config.meta,
        front=[chapters[e.path] for e in config.front_matter],
        body=[_body_item(item, index, chapters) for index, item in enumerate(config.chapters, start=1)],
        back=[chapters[e.path] for e in config.back_matter],
        assets=loader.assets,
        cover=config.cover,
        cover_colours=config.cover_colours,
        reading_numbers=config.reading_numbers,
        resource_folders=loader.allowed,
    )


def _body_item(item: PostEntry | PartEntry, index: int, chapters: dict[Path, Chapter]) -> Part | Chapter:
    if isinstance(item, PartEntry):
        return Part(id=f"p{index}", title=item.title, chapters=[chapters[e.path] for e in item.chapters])
    return chapters[item.path]


def chapter_ids(config: BookConfig) -> list[str]:
    """Ids in reading order: f1… for front matter, c01… for chapters, b1… for back matter."""
    count = len(config.posts()) - len(config.front_matter) - len(config.back_matter)
    width = max(2, len(str(count)))
    return (
        [f"f{n}" for n in range(1, len(config.front_matter) + 1)]
        + [f"c{n:0{width}d}" for n in range(1, count + 1)]
        + [f"b{n}" for n in range(1, len(config.back_matter) + 1)]
    )


def apply_overrides(post: Post, entry: PostEntry) -> Post:
    """What book.yaml says about a post wins over what the post says."""
    overrides = {
        "title": entry.title,
        "authors": entry.authors or None,
        "date": entry.date,
        "source_url": entry.source_url,
        "rights": entry.rights,
    }
    if entry.title and post.meta.title and entry.title != post.meta.title:
        overrides["original_title"] = post.meta.title
    post.meta = replace(post.meta, **{k: v for k, v in overrides.items() if v})
    return post


def convert_bodies(posts: list[Post]) -> list[str]:
    """Every post's body as HTML; all Markdown goes through one pandoc process."""
    pending = [(i, p) for i, p in enumerate(posts) if p.body_format != "html"]
    converted = convert.to_html([(p.body, p.body_format) for _, p in pending])
    bodies = [p.body if p.body_format == "html" else "" for p in posts]
    for (index, post), result in zip(pending, converted, strict=True):
        if result.error:
            raise book_error(f"cannot convert post: {result.error}", post.source)
        bodies[index] = result.html or ""
    return bodies


def allowed_folders(config: BookConfig) -> tuple[Path, ...]:
    """Where resources may come from: book.yaml's folder, each post's folder, the theme."""
    folders = {config.root.resolve()}
    folders.update(e.path.parent for e in config.posts())
    folders.update(path.parent for path in (config.cover, config.print.icc_profile) if path)
    folders.update(theme_folders(config))
    return tuple(sorted(folders))
