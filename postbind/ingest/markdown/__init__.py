"""Markdown posts with optional YAML front matter (and static sites' template tags, see liquid.py)."""

from __future__ import annotations

from pathlib import Path

import frontmatter

from postbind.errors import Reporter
from postbind.ingest.markdown.liquid import render_tags
from postbind.ingest.reader import Body, Entry, ReadOptions, by_extension
from postbind.ingest.source import iso_date, read_text
from postbind.model import PostMeta
from postbind.yamlio import YAMLError


class MarkdownReader:
    name = "markdown"
    extensions = (".md", ".markdown")
    many = False

    def sniff(self, path: Path, head: bytes) -> bool:
        return by_extension(path, self.extensions)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        meta, body, body_line = read_front_matter(path, reporter)
        return [Entry(path, meta, self.name, handle=(body, body_line), options=options)]

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        body, body_line = entry.handle
        if "{{" in body or "{%" in body:
            body = render_tags(body, warner(entry.source, body, body_line, reporter))
        return Body(body, "markdown", body_line)


def read_front_matter(path: Path, reporter: Reporter) -> tuple[PostMeta, str, int]:
    """The post's metadata, its Markdown text and the line where that starts."""
    text = read_text(path, reporter)
    try:
        fields, body = frontmatter.parse(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening '---'
        reporter.warn(f"front matter is not valid YAML and is ignored: {getattr(exc, 'problem', exc)}", path, line)
        fields, body = {}, _strip_front_matter(text)
    at = text.find(body) if body else -1
    body_line = text[:at].count("\n") + 1 if at > 0 else 1
    return meta_from_fields(fields), body, body_line


def warner(path: Path, body: str, body_line: int, reporter: Reporter):
    """A `warn(message, found)` for template tags: the line is where `found` stands in the body."""

    def warn(message: str, found: str) -> None:
        at = body.find(found)
        reporter.warn(message, path, body_line + (body[:at].count("\n") if at >= 0 else 0))

    return warn


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[text.find("\n", end + 1) + 1 :]
    return text


def meta_from_fields(fields: dict) -> PostMeta:
    """Front matter fields in the shapes blogs use, as `PostMeta`."""

    def first(*keys: str) -> object:
        return next((fields[k] for k in keys if fields.get(k) not in (None, "")), None)

    return PostMeta(
        slug=_text(first("slug", "permalink")),
        title=_text(first("title")),
        authors=_names(first("authors", "author")),
        date=iso_date(first("date", "published")),
        source_url=_text(first("source_url", "canonical_url", "url", "link")),
        rights=_text(first("rights", "license", "licence")),
        summary=_text(first("summary", "excerpt", "description")),
        lang=_text(first("lang", "language", "locale")),
        tags=_names(first("tags")),
        categories=_names(first("categories", "category")),
        bibliography=_paths(first("bibliography")),
        csl=_text(first("csl")),
    )


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return " ".join(str(value).split()) or None


def _paths(value: object) -> tuple[str, ...]:
    """A path or a list of paths (a bibliography's), each as written."""
    items = value if isinstance(value, list) else [value]
    return tuple(text for text in (_text(item) for item in items) if text)


def _names(value: object) -> tuple[str, ...]:
    """A name, a comma list, a list of names, or a list of {name: …} mappings."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("display_name")
        text = _text(item)
        if text:
            names.append(text)
    return tuple(names)
