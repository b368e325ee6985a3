"""Readers: one per source format, each turning a file into posts.

A reader only parses: single-post readers return one `Post`, collection readers
(WordPress exports, feeds, folders) return every post they hold, with what the
selection needs (status, type, tags, dates). Conversion to HTML and every
transform happen later.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from postbind.errors import PostbindError, Reporter
from postbind.ingest.options import ReadOptions
from postbind.ingest.registry import COLLECTIONS, detect_format
from postbind.model import Post

# format -> module holding its reader (imported when first needed: some are heavy)
SINGLE = {"markdown": "markdown", "text": "text", "html": "html_page", "docx": "docx"}
MANY = {"wordpress": "wordpress", "feed": "feed"}


def read_post(path: Path, fmt: str, reporter: Reporter) -> Post:
    """Read one post with the reader for its format."""
    return importlib.import_module(f"postbind.ingest.{SINGLE[fmt]}").read(path, reporter)


def read_collection(path: Path, fmt: str, reporter: Reporter, options: ReadOptions) -> list[Post]:
    """Every post a collection holds, in its own order (a folder: by file name)."""
    if fmt == "folder":
        return _read_folder(path, reporter, options)
    module = importlib.import_module(f"postbind.ingest.{MANY[fmt]}")
    posts = module.read_collection(path, reporter, options)
    for number, post in enumerate(posts):
        post.item = number  # many posts share this file; they are told apart by their place in it
    return posts


def _read_folder(folder: Path, reporter: Reporter, options: ReadOptions) -> list[Post]:
    """Every post file below a folder; other files (pictures, stylesheets) are not posts."""
    posts = []
    real_folder = folder.resolve()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p, folder)):
        if real_folder not in path.resolve().parents:
            reporter.warn("a link to a file outside the folder; not read", path)
            continue
        fmt = detect_format(path)
        try:
            if fmt in SINGLE:
                posts.append(read_post(path, fmt, reporter))
            elif fmt in COLLECTIONS:
                posts.extend(read_collection(path, fmt, reporter, options))
        except PostbindError as problem:  # inside a collection, one bad file is skipped, not fatal
            for diagnostic in problem.diagnostics:
                reporter.warn(f"{diagnostic.message}; skipped", diagnostic.file, diagnostic.line)
    return posts


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)
