"""Plain-text posts, including the shape blogs export them in.

Plain text never goes through Markdown: "1938. That year…" is a paragraph, not
a list. A blog export starts with short lines (blog name, title, date, author)
and may end with a navigation block ("Previous Posts" then "Title (date)"
lines) that belongs to the blog, not the post, so it is dropped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.reader import Body, Entry, ReadOptions, by_extension
from postbind.ingest.source import iso_date, looks_like_date, read_text
from postbind.model import PostMeta

SHORT_LINE = 100  # longer single lines are prose, not header lines
NAV_ENTRY_RE = re.compile(r"^\S.{1,200}\(\s*[^()]*\d{4}\s*\)$")  # "Title (16th April, 2014)"


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines and the line number it starts on."""

    lines: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)

    def is_short_line(self) -> bool:
        return len(self.lines) == 1 and len(self.text) <= SHORT_LINE


class TextReader:
    name = "text"
    extensions = (".txt",)
    many = False

    def sniff(self, path: Path, head: bytes) -> bool:
        return by_extension(path, self.extensions)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        blocks = split_blocks(read_text(path, reporter))
        meta, start = parse_header(blocks)
        body_blocks = drop_navigation(blocks[start:])
        body = "\n".join(f"<p>{html.escape(b.text, quote=False)}</p>" for b in body_blocks)
        first_line = body_blocks[0].line if body_blocks else 1
        return [Entry(path, meta, self.name, handle=Body(body, "html", first_line), options=options)]

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        return entry.handle


def split_blocks(text: str) -> list[Block]:
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(Block(tuple(current), start))
            current = []
    if current:
        blocks.append(Block(tuple(current), start))
    return blocks


def parse_header(blocks: list[Block]) -> tuple[PostMeta, int]:
    """Title, date and author from leading short lines; returns where the body starts."""
    header = []
    for block in blocks[:6]:
        if not block.is_short_line():
            break
        header.append(block.text)
    if len(header) >= len(blocks):  # a file of short lines is all body
        header = header[: len(blocks) - 1]
    date_at = next((i for i, line in enumerate(header) if i > 0 and looks_like_date(line)), None)
    if date_at is None:
        return PostMeta(), 0  # not a blog's export: every block is a paragraph
    title, date = header[date_at - 1], iso_date(header[date_at])
    start = date_at + 1
    authors: tuple[str, ...] = ()
    if start < len(header) and _looks_like_name(header[start]):
        authors, start = (header[start],), start + 1
    return PostMeta(title=title, date=date, authors=authors), start


def _looks_like_name(line: str) -> bool:
    words = line.removeprefix("by ").removeprefix("By ").split()
    return (
        1 <= len(words) <= 6
        and not line.endswith((".", "!", "?", ":"))
        and all(w[0].isupper() for w in words if w[0].isalpha())
    )


def drop_navigation(blocks: list[Block]) -> list[Block]:
    """Cut a trailing heading followed only by two or more 'Title (date)' lines."""
    tail = 0
    while tail < len(blocks) and all(NAV_ENTRY_RE.match(line.strip()) for line in blocks[-1 - tail].lines):
        tail += 1
    entries = sum(len(b.lines) for b in blocks[len(blocks) - tail :])
    heading_at = len(blocks) - 1 - tail
    if entries >= 2 and heading_at >= 1 and blocks[heading_at].is_short_line() and len(blocks[heading_at].text) <= 40:
        return blocks[:heading_at]
    return blocks
