"""Medium's "Download your information" archive: the folder (or zip) whose posts/ holds one page per story.

Each story is a standalone HTML page (an `article.h-entry`, microformats for its metadata, the
text in `section.e-content` with Medium's `graf` classes). Metadata is read in story.py, the
text cleaned of Medium's layout in content.py. Every story is returned: drafts with status
"draft" and responses (replies to other stories) with post_type "response", so that the
selection layer leaves them out by default and `postbind list -v` says why.
"""

from __future__ import annotations

from pathlib import Path

from postbind.errors import Reporter
from postbind.ingest.medium import story
from postbind.ingest.medium.content import clean
from postbind.ingest.reader import Body, Entry, ReadOptions
from postbind.ingest.source import read_text


class MediumReader:
    name = "medium"
    extensions = ()
    many = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.is_dir() and story.is_export(path)

    def entries(self, path: Path, reporter: Reporter, options: ReadOptions) -> list[Entry]:
        """Every story, in file-name order (Medium names them by date); pages that aren't stories are skipped."""
        found: list[Entry] = []
        for file in story.story_files(path):
            meta = story.metadata(file, read_text(file, reporter))
            if meta is None:
                reporter.warn("not a Medium story (no article.h-entry); skipped", file)
                continue
            found.append(Entry(file, meta, self.name, options=options, export=path.resolve()))
        return found

    def body(self, entry: Entry, reporter: Reporter) -> Body:
        return Body(clean(read_text(entry.source, reporter)), "html")
