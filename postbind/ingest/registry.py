"""The readers postbind has, in the order they are asked whether a file is theirs.

Adding a source family is one subpackage under postbind/ingest/ and one line here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from postbind.errors import Reporter, book_error
from postbind.ingest.ablog import AblogReader
from postbind.ingest.blogger import BloggerReader
from postbind.ingest.docx import DocxReader
from postbind.ingest.feed import FeedReader
from postbind.ingest.folder import FolderReader
from postbind.ingest.ghost import GhostReader
from postbind.ingest.html import HtmlPageReader
from postbind.ingest.hugo import HugoReader
from postbind.ingest.jekyll import JekyllReader
from postbind.ingest.markdown import MarkdownReader
from postbind.ingest.medium import MediumReader
from postbind.ingest.reader import Body, Entry, Reader, ReadOptions, to_post
from postbind.ingest.rst import RstReader
from postbind.ingest.substack import SubstackReader
from postbind.ingest.text import TextReader
from postbind.ingest.wordpress import WordPressReader
from postbind.ingest.ziparchive import ZipReader
from postbind.model import Post

READERS: tuple[Reader, ...] = (
    MarkdownReader(),
    RstReader(),
    TextReader(),
    HtmlPageReader(),
    DocxReader(),
    WordPressReader(),  # before feeds: an export is RSS too
    BloggerReader(),  # before feeds: an export is Atom too
    GhostReader(),  # before feeds: both are .json
    FeedReader(),
    SubstackReader(),  # before folders: an export is a folder of HTML with its posts.csv
    MediumReader(),  # before folders: an export is a folder of story pages
    HugoReader(),  # before folders: a site's section is a folder too
    JekyllReader(),  # before folders: _posts is a folder too
    AblogReader(),  # before folders: a Sphinx blog's folder
    ZipReader(),
    FolderReader(),
)
HEAD_BYTES = 8192  # enough of a file to tell an export from a feed


def detect(path: Path) -> Reader | None:
    """The reader of a file or folder, or None when postbind can't read it."""
    head = b""
    if path.is_file() and any(path.suffix.lower() in r.extensions for r in READERS if r.many):
        try:
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
        except OSError:
            return None
    return next((reader for reader in READERS if reader.sniff(path, head)), None)


def named(name: str) -> Reader | None:
    return next((reader for reader in READERS if reader.name == name), None)


def names() -> tuple[str, ...]:
    return tuple(reader.name for reader in READERS)


# What each reader of many posts reads, in words, for the message about a file none of them knows.
KINDS = {"wordpress": "a WordPress export", "blogger": "a Blogger export", "ghost": "a Ghost export", "feed": "a feed"}


def supported_extensions() -> str:
    """The extensions postbind reads, for error messages."""
    return ", ".join(dict.fromkeys(ext for reader in READERS for ext in reader.extensions))


def unreadable(path: Path) -> str:
    """Why no reader takes `path`, honestly: its extension may be one postbind reads, its content not."""
    suffix = path.suffix.lower()
    kinds = [KINDS.get(r.name, f"a {r.name} file") for r in READERS if suffix and suffix in r.extensions]
    if not kinds:
        return f"unsupported file type '{path.suffix or 'none'}' (postbind reads {supported_extensions()})"
    what = ", ".join(kinds[:-1]) + f" or {kinds[-1]}" if len(kinds) > 1 else kinds[0]
    return f"not {what} postbind knows (postbind reads {supported_extensions()})"


def read_all(path: Path, reporter: Reporter, options: ReadOptions | None = None, fmt: str | None = None) -> list[Post]:
    """Every post `path` holds, bodies read: a reader's whole output, as tools and tests want it."""
    reader = named(fmt) if fmt else detect(path)
    if reader is None:
        raise book_error(unreadable(path), path)
    entries = reader.entries(path, reporter, options or ReadOptions())
    return [to_post(entry, body) for entry, body in zip(entries, read_bodies(entries, reporter), strict=True)]


def read_bodies(entries: list[Entry], reporter: Reporter) -> Iterator[Body]:
    """The bodies of `entries`, in their order. A reader that reads many at once (`bodies`: one pass over a
    big export for all its kept items) is given all of its entries together; the bodies still come, and
    warn, in order."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.format, []).append(entry)
    streams = {}
    for name, group in groups.items():
        reader = named(name)
        many = getattr(reader, "bodies", None)
        streams[name] = many(group, reporter) if many else _one_by_one(reader, group, reporter)
    for entry in entries:
        yield next(streams[entry.format])


def _one_by_one(reader: Reader, entries: list[Entry], reporter: Reporter) -> Iterator[Body]:
    for entry in entries:
        yield reader.body(entry, reporter)
