"""Substack's posts.csv: one row per post, read into post metadata.

The columns (post_id, post_date, is_published, type, title, subtitle, podcast_url …) are read by
name, so columns Substack adds later don't matter. A post_id is "<number>.<slug>".
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path

from postbind.errors import Reporter, book_error
from postbind.ingest.source import iso_date, read_text
from postbind.model import PostMeta

REQUIRED = {"post_id", "is_published", "type", "title"}


@dataclass(frozen=True)
class Row:
    post_id: str
    meta: PostMeta
    podcast_url: str | None
    csv: Path
    line: int


def is_export(folder: Path) -> bool:
    """True for a folder with a posts.csv whose header is Substack's."""
    index = folder / "posts.csv"
    if not index.is_file():
        return False
    try:
        with index.open(encoding="utf-8-sig", errors="replace") as handle:
            header = handle.readline()
    except OSError:
        return False
    return REQUIRED <= {name.strip() for name in header.split(",")}


def rows(folder: Path, reporter: Reporter) -> list[Row]:
    index = folder / "posts.csv"
    reader = csv.DictReader(io.StringIO(read_text(index, reporter), newline=""))
    if not REQUIRED <= set(reader.fieldnames or ()):
        raise book_error(f"not a Substack posts.csv: it needs the columns {', '.join(sorted(REQUIRED))}", index)
    found = []
    line = reader.line_num + 1
    for record in reader:
        number, line = line, reader.line_num + 1  # the row's first line: a quoted cell may hold line breaks
        post_id = (record.get("post_id") or "").strip()
        if not post_id or "/" in post_id or "\\" in post_id or post_id.startswith("."):
            reporter.warn(f"row without a usable post_id ({post_id!r}); skipped", index, number)
            continue
        podcast = (record.get("podcast_url") or "").strip() or None
        found.append(Row(post_id, _meta(post_id, record), podcast, index, number))
    return found


def _meta(post_id: str, record: dict) -> PostMeta:
    number, _, slug = post_id.partition(".")
    published = (record.get("is_published") or "").strip().lower() in ("true", "t", "1", "yes")
    return PostMeta(
        title=_text(record.get("title")),
        summary=_text(record.get("subtitle")),
        date=iso_date(_text(record.get("post_date"))),
        slug=slug or None,
        guid=f"substack:{number}",
        status="publish" if published else "draft",
        post_type=_text(record.get("type")) or "newsletter",
    )


def _text(value: str | None) -> str | None:
    """A cell's text: Substack writes titles with HTML character references (&#x201C;)."""
    return html.unescape(value).strip() or None if value else None
