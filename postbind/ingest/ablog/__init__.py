"""An ABlog blog (Sphinx): the posts of a folder in a Sphinx project that uses ABlog.

In such a folder a file is a post only when it says so: a reStructuredText file with a
`.. post::` directive, a MyST Markdown file with a ```` ```{post} ```` block or `blogpost: true`
in its front matter. Other files (the blog's index, drafts of pages, notebooks) are skipped.
reStructuredText posts are read as ../rst reads them; MyST posts are made plain Markdown (myst.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.ablog.myst import first_heading, plain_myst, post_block
from postbind.ingest.front import FrontMatterError, split_front_matter
from postbind.ingest.markdown import meta_from_fields, warner
from postbind.ingest.reader import Body, Entry, ReadOptions
from postbind.ingest.rst import rst_entry
from postbind.ingest.rst.fields import read_head
from postbind.ingest.source import read_text

MAX_DEPTH = 5  # a blog's folder lies a few folders below its conf.py at most
MARKDOWN = (".md", ".markdown")


class AblogReader:
    name = "ablog"
    extensions = ()
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.is_dir() and uses_ablog(path)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        found = []
        for file in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
            suffix = file.suffix.lower()
            if suffix == ".rst":
                head = read_head(read_text(file, reporter))
                if head.is_post:
                    found.append(rst_entry(file, head, options))
            elif suffix in MARKDOWN:
                entry = self._myst_entry(file, reporter, options)
                if entry is not None:
                    found.append(entry)
        return found

    def _myst_entry(self, file: Path, reporter: Reporter, options: ReadOptions) -> Entry | None:
        text = read_text(file, reporter)
        try:
            fields, body, line = split_front_matter(text)
        except FrontMatterError as problem:
            reporter.warn(f"{problem}; the front matter is ignored", file, problem.line)
            fields, body, line = {}, text, 1
        block = post_block(body)
        if block is not None:
            fields, body = {**fields, **block[0]}, block[1]
        elif fields.get("blogpost") is not True:
            return None
        meta = meta_from_fields(fields)
        meta = replace(meta, title=meta.title or first_heading(body))
        return Entry(file, meta, self.name, handle=(body, line), options=options)

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        body, line = entry.handle
        return Body(plain_myst(body, warner(entry.source, body, line, reporter)), "site-markdown", line)


def uses_ablog(folder: Path) -> bool:
    """True when a Sphinx conf.py in the folder or above it loads ABlog."""
    folder = folder.resolve()
    for parent in [folder, *folder.parents][:MAX_DEPTH]:
        conf = parent / "conf.py"
        if conf.is_file():
            try:
                return "ablog" in conf.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return False
    return False


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(folder).parts)
