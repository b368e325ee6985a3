"""One family of exceptions and the diagnostics reporter.

Every problem the user can fix is a `PostbindError` carrying its exit code and
one or more `Diagnostic` lines (`FILE:LINE: error: message`). Anything else that
escapes is a bug and is reported as one by the CLI.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

EXIT_OK = 0
EXIT_BOOK = 1
EXIT_USAGE = 2
EXIT_SYSTEM = 3
EXIT_BUG = 70


@dataclass(frozen=True)
class Diagnostic:
    """One line of feedback about a place in the user's files."""

    severity: str  # "error" or "warning"
    message: str
    file: Path | str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = display_path(self.file) if self.file else "postbind"
        if self.file and self.line:
            where = f"{where}:{self.line}"
        message = " ".join(self.message.split())  # one line, whatever a library's message held
        return f"{where}: {self.severity}: {message}"


COLOURS = {"error": "\033[1;31m", "warning": "\033[33m"}


def show(diagnostic: Diagnostic, stream: TextIO | None = None) -> None:
    """Print a diagnostic: coloured on a terminal (unless NO_COLOR is set), plain when piped."""
    stream = stream or sys.stderr
    line = str(diagnostic)
    colour = COLOURS.get(diagnostic.severity)
    if colour and getattr(stream, "isatty", lambda: False)() and not os.environ.get("NO_COLOR"):
        marker = f": {diagnostic.severity}: "
        line = line.replace(marker, f": {colour}{diagnostic.severity}\033[0m: ", 1)
    print(line, file=stream)


# Folders shown under another path: a zip archive's unpacked folder as the archive (see
# postbind.ingest.archive), so that messages name "blog.zip/posts/a.md", not a temporary folder.
SHOWN_AS: dict[Path, Path] = {}


def display_path(path: Path | str) -> str:
    """Show paths relative to the current folder when they are below it."""
    real = Path(path).resolve()
    for folder, shown in SHOWN_AS.items():
        if real == folder or folder in real.parents:
            return "/".join((display_path(shown), *real.relative_to(folder).parts))
    try:
        return str(real.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class PostbindError(Exception):
    """A problem with the book or its sources (exit code 1 unless said otherwise)."""

    exit_code = EXIT_BOOK

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic | str):
        if isinstance(diagnostics, str):
            diagnostics = Diagnostic("error", diagnostics)
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def book_error(message: str, file: Path | str | None = None, line: int | None = None) -> PostbindError:
    """Build the usual single-line error about a place in the book."""
    return PostbindError(Diagnostic("error", message, file, line))


class MissingDependency(PostbindError):
    """A system library or program postbind needs is not installed (exit 3)."""

    exit_code = EXIT_SYSTEM


@dataclass
class Reporter:
    """Collects warnings during a build and prints them as they come."""

    stream: TextIO | None = None
    quiet: bool = False
    warnings: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False)
    on_step: Callable[[str, int, int], None] | None = field(default=None, repr=False)

    def warn(self, message: str, file: Path | str | None = None, line: int | None = None) -> None:
        diagnostic = Diagnostic("warning", message, file, line)
        if diagnostic in self._seen:  # the same place reported twice says nothing new
            return
        self._seen.add(diagnostic)
        self.warnings.append(diagnostic)
        if not self.quiet:
            show(diagnostic, self.stream)

    def step(self, stage: str, done: int, total: int) -> None:
        """Progress through a long stage; `on_step` (set by the command line) shows it."""
        if self.on_step is not None and not self.quiet:
            self.on_step(stage, done, total)

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.stream or sys.stderr)
