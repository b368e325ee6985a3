"""`postbind list`: the book's final order, as an editor checks it before waiting for a PDF."""

from __future__ import annotations

import tempfile
from pathlib import Path

from postbind.assemble import assemble
from postbind.errors import Reporter, display_path
from postbind.model import Chapter, Part
from postbind.plan import load_book


def list_book(book: str | Path | None, reporter: Reporter, verbose: bool) -> list[str]:
    """One line per part and chapter (title, author, date, source); with `verbose`, what was left out."""
    config = load_book(book)
    with tempfile.TemporaryDirectory(prefix="postbind-") as scratch:
        assembled = assemble(config, reporter, Path(scratch))
    model, plan = assembled.book, assembled.plan
    lines = [f"{config.meta.title} — {len(model.body_chapters())} chapters"]
    lines += [_line(c, "") for c in model.front]
    for item in model.body:
        if isinstance(item, Part):
            lines.append(f"Part: {item.title}")
            lines += [_line(c, "  ") for c in item.chapters]
        else:
            lines.append(_line(item, ""))
    lines += [_line(c, "") for c in model.back]
    if verbose:
        lines.append(f"Left out: {len(plan.excluded)}")
        lines += [
            f"  {x.entry.meta.title or x.entry.source.stem} ({_where(x.entry.origin)}): {x.reason}"
            for x in plan.excluded
        ]
    return lines


def _line(chapter: Chapter, indent: str) -> str:
    """`  3. Title — Author — 2020-01-02 — posts/x.md`; front and back matter unnumbered."""
    number = f"{chapter.number:>3}." if chapter.number else f"({chapter.kind})"
    details = [", ".join(chapter.meta.authors), chapter.meta.date or "", _where(chapter.origin)]
    return f"{indent}{number} {chapter.title} — " + " — ".join(d for d in details if d)


def _where(origin: str) -> str:
    path, _, line = origin.partition(":") if origin.count(":") == 1 else (origin, "", "")
    return display_path(path) + (f":{line}" if line else "")
