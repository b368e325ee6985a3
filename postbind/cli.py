"""The command line: parses arguments, calls the pipeline, maps errors to exit codes.

Exit codes: 0 success; 1 a problem with the book or its sources; 2 usage
error; 3 a missing system dependency; 70 an internal error (a bug).
"""

from __future__ import annotations

import contextlib
import json
import sys
import traceback
from pathlib import Path

import click

from postbind import __version__
from postbind.errors import EXIT_BOOK, EXIT_BUG, EXIT_SYSTEM, PostbindError, Reporter, show

FORMATS = ("epub", "pdf", "html", "cover")


def parse_formats(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """`--format epub,pdf`, repeatable; default both."""
    chosen: list[str] = []
    for value in values or ("epub,pdf",):
        for name in (v.strip().lower() for v in value.split(",")):
            if name not in FORMATS:
                raise click.BadParameter(f"'{name}' is not a format postbind writes (choose from {', '.join(FORMATS)})")
            if name not in chosen:
                chosen.append(name)
    return tuple(chosen)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="postbind")
def main() -> None:
    """postbind: turn selected blog posts into books (EPUB 3 and print-ready PDF)."""


@main.command()
@click.argument("book", required=False)
@click.option("-o", "--output", "out_dir", default="dist", show_default=True, help="Folder to write the book into.")
@click.option(
    "--format",
    "formats",
    multiple=True,
    callback=parse_formats,
    help="Comma list of formats: epub, pdf, html (a web edition in OUT/<name>/), cover (the printed cover wrap "
    "OUT/<name>-cover.pdf, with the PDF); default epub,pdf.",
)
@click.option(
    "--cover-guides",
    is_flag=True,
    help="With the cover, a proof OUT/<name>-cover-guides.pdf showing trim, folds and safe areas.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Say what is being done.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors: nothing is written if any.")
@click.option("--allow-remote", is_flag=True, help="Fetch images posts link on the web (10 s, 10 MB each at most).")
@click.option(
    "--profile",
    type=click.Choice(["print", "screen"]),
    help="PDF for paper (bleed, marks, facing pages) or for a screen; overrides print.profile.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes to convert posts and render the PDF with on this machine; default: one per core.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Render the PDF's sections on a running Dask cluster, e.g. tcp://host:8786 (needs postbind[dask]).",
)
def build(
    book: str | None,
    out_dir: str,
    formats: tuple[str, ...],
    cover_guides: bool,
    quiet: bool,
    verbose: bool,
    strict: bool,
    allow_remote: bool,
    profile: str | None,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """Build BOOK (a folder holding book.yaml, or its path) into OUT.

    \b
    Examples:
      postbind build                 # ./book.yaml, else book/book.yaml
      postbind build book -o dist --format epub
      postbind build book --workers 2
      postbind build book --format cover --cover-guides   # print.printer names the service
      postbind build book --scheduler tcp://192.168.1.10:8786
    """
    reporter = Reporter(quiet=quiet)
    if cover_guides and "cover" not in formats:
        formats = (*formats, "cover")

    def run_build():
        from postbind.pipeline import build as pipeline_build  # heavy imports, inside the error guard
        from postbind.progress import progress_display

        with contextlib.ExitStack() as stack:
            executor = None
            if scheduler and "pdf" in formats:
                from postbind.cluster import dask_executor  # Dask is loaded only for --scheduler

                executor = stack.enter_context(dask_executor(scheduler))
            reporter.on_step = stack.enter_context(progress_display())
            return pipeline_build(
                book,
                Path(out_dir),
                formats,
                reporter,
                strict=strict,
                profile=profile,
                allow_remote=allow_remote,
                executor=executor,
                workers=workers,
                cover_guides=cover_guides,
            )

    result = _run(run_build)
    if not quiet:
        for path in result.outputs.values():
            size = f" ({path.stat().st_size // 1024} KB)" if verbose and path.is_file() else ""
            reporter.info(f"wrote {path}{size}")
        reporter.info(summary(result))


def summary(result) -> str:
    """The closing line: chapters, pages, warnings, what the cache saved, seconds."""
    parts = [f"{result.chapters} chapters"]
    if result.pdf:
        parts.append(f"{result.pdf.pages} pages")
    parts.append(f"{result.warnings} warning(s)")
    if result.cache_hits:
        parts.append(f"{result.cache_hits} post(s) from the cache")
    if result.pdf and result.pdf.from_cache:
        parts.append(f"PDF: {result.pdf.rendered} section(s) rendered, {result.pdf.from_cache} from the cache")
    return ", ".join(parts) + f", {result.seconds:.1f} s"


@main.command("list")
@click.argument("book", required=False)
@click.option("-v", "--verbose", is_flag=True, help="Also list what was left out, and why.")
def list_command(book: str | None, verbose: bool) -> None:
    """Print BOOK's chapters in their final order, without building.

    \b
    Examples:
      postbind list                  # the book in . or book/
      postbind list course-pack -v   # and every post left out, with the reason
    """
    reporter = Reporter()

    def run_list():
        from postbind.listing import list_book  # heavy imports, inside the error guard

        return list_book(book, reporter, verbose)

    for line in _run(run_list):
        click.echo(line)


@main.command()
@click.argument("book", required=False)
@click.option("-o", "--output", "out_dir", default="dist", show_default=True, help="Folder for the web edition.")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 to serve it on (0: any free one).")
def watch(book: str | None, out_dir: str, port: int) -> None:
    """Build BOOK's web edition, serve it on this machine, and rebuild it whenever a source changes.

    The page in the browser reloads by itself after each build. Ctrl-C stops.

    \b
    Examples:
      postbind watch                 # then open http://127.0.0.1:8000/
      postbind watch course-pack --port 8080
    """
    import threading

    from postbind.watch import watch as run_watch

    _run(lambda: run_watch(book, Path(out_dir), port, Reporter(), threading.Event()))


@main.command()
@click.argument("folder")
def new(folder: str) -> None:
    """Start a new book in FOLDER: a commented book.yaml, two sample posts, a styles/ folder.

    \b
    Examples:
      postbind new my-anthology && cd my-anthology && postbind build
    """

    def scaffold():
        from postbind.scaffold import create

        return create(Path(folder))

    created = _run(scaffold)
    click.echo(f"created {created}; now: cd {folder} && postbind build")


@main.command()
@click.argument("book", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON on standard output.")
@click.option("--no-build", is_flag=True, help="Only check book.yaml and read every source: no EPUB, in a second.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--print",
    "for_print",
    is_flag=True,
    help="Lay out the PDF and run print.printer's preflight (trim, margins, page limits, fonts); no EPUB.",
)
def check(book: str | None, as_json: bool, no_build: bool, quiet: bool, strict: bool, for_print: bool) -> None:
    """Build BOOK's EPUB into a temporary folder and validate it with EPUBCheck and DAISY Ace.

    \b
    Examples:
      postbind check                 # the book in . or book/
      postbind check book --json > report.json
      postbind check --no-build      # book.yaml and the sources only
      postbind check --print         # the print-on-demand preflight only
    """
    reporter = Reporter(quiet=quiet or as_json)
    if for_print:
        from postbind.check import check_print

        line = _run(lambda: check_print(book, reporter))
        if not quiet:
            click.echo(line, err=True)
        if strict and reporter.warnings:
            sys.exit(EXIT_BOOK)
        return
    if no_build:
        from postbind.check import check_sources

        count = _run(lambda: check_sources(book, reporter))
        if not quiet:
            click.echo(f"book.yaml and {count} post(s) read: {len(reporter.warnings)} warning(s)", err=True)
        if strict and reporter.warnings:
            sys.exit(EXIT_BOOK)
        return

    def run_check():
        from postbind.check import check_book  # heavy imports, inside the error guard

        return check_book(book, reporter)

    result = _run(run_check)
    from postbind.check import describe

    if as_json:
        findings = [f.as_dict() for f in result.findings]
        report = {"findings": findings, "ace": result.ace_ran, "build_warnings": [str(w) for w in reporter.warnings]}
        click.echo(json.dumps(report, indent=2))
    else:
        for finding in result.findings:
            click.echo(describe(finding, result, "book.epub"), err=True)
        if not quiet:
            checked = "EPUBCheck and Ace" if result.ace_ran else "EPUBCheck"
            click.echo(
                f"{checked}: {result.errors} error(s), {len(result.findings) - result.errors} warning(s)", err=True
            )
    if result.errors or (strict and (result.findings or reporter.warnings)):
        sys.exit(EXIT_BOOK)


def _run(action):
    """Run a command; user problems print their lines, anything else is a bug."""
    try:
        return action()
    except PostbindError as exc:
        for diagnostic in exc.diagnostics:
            show(diagnostic)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("postbind: interrupted; nothing written", err=True)
        sys.exit(130)
    except MemoryError:
        message = "out of memory; nothing written (build the EPUB alone, or on a bigger machine)"
        click.echo(f"postbind: error: {message}", err=True)
        sys.exit(EXIT_SYSTEM)
    except Exception:  # noqa: BLE001 - the last line of defence: a bug must be reported
        traceback.print_exc()
        click.echo(
            f"postbind {__version__}: internal error (a bug); please report it with the traceback above", err=True
        )
        sys.exit(EXIT_BUG)
