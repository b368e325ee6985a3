"""`postbind check`: build the EPUB into a temporary folder and validate it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from postbind import validate
from postbind.bodies import read_posts
from postbind.errors import Reporter, book_error
from postbind.pipeline import build
from postbind.plan import load_book, plan_book
from postbind.printers import PRINTERS


@dataclass
class CheckResult:
    findings: list[validate.Finding] = field(default_factory=list)
    ace_ran: bool = False
    sources: dict[str, Path] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)


def check_book(book: str | Path | None, reporter: Reporter) -> CheckResult:
    """Build the EPUB, then run EPUBCheck and (when installed) DAISY Ace on it."""
    with tempfile.TemporaryDirectory(prefix="postbind-check-") as folder:
        built = build(book, Path(folder), ("epub",), reporter)
        epub = built.outputs["epub"]
        result = CheckResult(validate.run_epubcheck(epub), sources=built.sources)
        if validate.ace_command() is None:
            reporter.warn("DAISY Ace is not installed, so accessibility was not checked (make check installs it)")
            return result
        result.findings += validate.run_ace(epub)
        result.ace_ran = True
    return result


def check_print(book: str | Path | None, reporter: Reporter) -> str:
    """Lay the PDF out into a temporary folder and run `print.printer`'s preflight on it (the build does, before
    anything is written): the closing line when it passes; the problems raise as the build's do."""
    config = load_book(book)
    settings = config.print
    if settings.printer is None:
        raise book_error("print.printer is not set: name the service to check the book against", config.path)
    with tempfile.TemporaryDirectory(prefix="postbind-check-") as folder:
        built = build(book, Path(folder), ("pdf",), reporter, profile="print")
    printer = PRINTERS[settings.printer]
    book_kind = f"{settings.page_size}, {settings.paper} {settings.binding}"
    return f"{printer.name} preflight: {built.pdf.pages} pages, {book_kind}: passed"


def check_sources(book: str | Path | None, reporter: Reporter) -> int:
    """Validate book.yaml and read and select every post, without converting or writing: quick."""
    plan, _ = read_posts(plan_book(load_book(book), reporter), reporter)
    return len(plan.entries())


def describe(finding: validate.Finding, result: CheckResult, epub_name: str) -> str:
    """One diagnostic line: where in the EPUB, what, and which post to fix."""
    file_name = finding.file.rsplit("/", 1)[-1]
    where = f"{epub_name}/{finding.file}" + (f":{finding.line}" if finding.line else "")
    source = result.sources.get(file_name)
    hint = f" (from {source})" if source else ""
    tool = "EPUBCheck" if finding.tool == "epubcheck" else "Ace"
    return f"{where}: {finding.severity}: {tool} {finding.code}: {finding.message}{hint}"
