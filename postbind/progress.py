"""Progress of a long build: a rich progress bar on a terminal, a few plain lines in CI or when piped."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import TextIO

Step = Callable[[str, int, int], None]


@contextlib.contextmanager
def progress_display(stream: TextIO | None = None) -> Iterator[Step]:
    """A function to call with (stage, done, total) as work advances."""
    stream = stream or sys.stderr
    if stream.isatty() and not os.environ.get("CI"):
        with _bar(stream) as step:
            yield step
    else:
        yield _plain_lines(stream)


@contextlib.contextmanager
def _bar(stream: TextIO) -> Iterator[Step]:
    from rich.console import Console  # only on a terminal: a piped build need not load it
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        tasks: dict[str, int] = {}

        def step(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{stage}: sections", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield step


def _plain_lines(stream: TextIO) -> Step:
    """One line per tenth of the way: enough to see a CI job is alive, not enough to drown its log."""
    shown: dict[str, int] = {}

    def step(stage: str, done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth > shown.get(stage, -1):
            shown[stage] = tenth
            print(f"{stage}: {done}/{total} sections", file=stream, flush=True)

    return step
