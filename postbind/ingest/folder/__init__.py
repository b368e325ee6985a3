"""A folder of posts: every post file below it (subfolders too), in file-name order.

Each file is read by its own reader; an export or a feed inside the folder adds all its items.
Other files (pictures, stylesheets) are not posts, and a broken file is skipped with a warning.
"""

from __future__ import annotations

from pathlib import Path

from postbind.errors import PostbindError, Reporter
from postbind.ingest.reader import Body, Entry, ReadOptions


class FolderReader:
    name = "folder"
    extensions = ()
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.is_dir()

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        from postbind.ingest.registry import detect  # the registry holds this reader too

        found: list[Entry] = []
        real_folder = path.resolve()
        for file in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
            if real_folder not in file.resolve().parents:
                reporter.warn("a link to a file outside the folder; not read", file)
                continue
            reader = detect(file)
            if reader is None:
                continue
            try:
                found += reader.entries(file, reporter, options)
            except PostbindError as problem:  # inside a collection, one bad file is skipped, not fatal
                for diagnostic in problem.diagnostics:
                    reporter.warn(f"{diagnostic.message}; skipped", diagnostic.file, diagnostic.line)
        return found

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        raise AssertionError("a folder's entries are read by their own readers")


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)
