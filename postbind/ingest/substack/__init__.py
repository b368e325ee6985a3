"""Substack exports: the folder (or zip) with `posts.csv` and each post's body in `posts/<post_id>.html`.

posts.csv gives every post's metadata (export.py); a body is read, and Substack's widgets taken
out (content.py), only for the posts a book keeps. Items of every type and status are returned:
Substack's own types (newsletter, podcast, thread, page) are the post types `include:` selects
on, and a book keeps newsletters and podcasts unless it names other types.
"""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.reader import Body, Entry, ReadOptions
from postbind.ingest.source import read_text
from postbind.ingest.substack import export
from postbind.ingest.substack.content import tidy


class SubstackReader:
    name = "substack"
    extensions = ()
    many = True
    default_types = ("newsletter", "podcast")  # a thread is a discussion, a page the site's About

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.is_dir() and export.is_export(path)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        """Every post posts.csv lists, in its order; one whose body file is missing is left out with a warning."""
        found: list[Entry] = []
        for row in export.rows(path, reporter):
            body_file = path / "posts" / f"{row.post_id}.html"
            if not body_file.is_file():
                reporter.warn(
                    f"'{row.meta.title or row.post_id}': no posts/{row.post_id}.html; skipped", row.csv, row.line
                )
                continue
            found.append(
                Entry(body_file, row.meta, self.name, handle=row.podcast_url, options=options, export=path.resolve())
            )
        return found

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        return Body(tidy(read_text(entry.source, reporter), entry.handle), "html")
