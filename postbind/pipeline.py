"""The build, stage by stage: config → ingest → convert → transform → render → write.

`build()` reads like the design card. Outputs are staged beside their targets
and renamed into place only when every format succeeded (and, with
`strict`, no warning was raised), so a failed build never loses the last book.
Each writer is imported only when its format is asked for: an EPUB alone never
loads WeasyPrint or pikepdf, a PDF alone never loads ebooklib.
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from postbind import preflight
from postbind.assemble import assemble
from postbind.config import BookConfig, BookConfigError, KeyPlaces
from postbind.errors import Reporter, book_error
from postbind.plan import load_book
from postbind.render import Renderer
from postbind.write import staged_outputs

if TYPE_CHECKING:
    from postbind.write.sections import PdfStats


@dataclass(frozen=True)
class BuildResult:
    outputs: dict[str, Path]
    chapters: int
    warnings: int
    sources: dict[str, Path]  # EPUB file name of each chapter -> the post it came from
    cache_hits: int = 0
    seconds: float = 0.0
    pdf: PdfStats | None = None  # pages, and sections rendered or taken from the cache


def build(
    book: str | Path | None,
    out_dir: Path,
    formats: tuple[str, ...],
    reporter: Reporter,
    strict: bool = False,
    profile: str | None = None,
    allow_remote: bool = False,
    executor: Executor | None = None,
    workers: int | None = None,
    cover_guides: bool = False,
) -> BuildResult:
    """Build the book into `formats`; a PDF in sections runs on `executor` if given (e.g. a Dask cluster's).

    `workers` sizes the local pool (default: one per usable core): the pandoc processes that convert
    the posts, and the processes that render the PDF's sections when no `executor` is given. The cover
    wrap (`cover`) needs the interior's page count, so it brings the PDF along; `cover_guides` adds a proof
    of it with trim, fold and safe-area lines.
    """
    started = time.perf_counter()
    config = load_book(book)
    if "cover" in formats:
        if problems := preflight.check_cover(config.print, config.meta.isbn_print, config.path):
            raise BookConfigError(problems)
        formats = tuple(dict.fromkeys((*formats, "pdf")))
    targets = output_targets(config, out_dir, formats, cover_guides)
    with tempfile.TemporaryDirectory(prefix="postbind-") as scratch:
        assembled = assemble(config, reporter, Path(scratch), allow_remote, workers)
        model = assembled.book
        renderer = Renderer(config, profile)
        with staged_outputs(targets) as staged:
            pdf = print_edition(config, model, renderer, staged, Path(scratch), reporter, executor, workers)
            if pdf and "pdf" in staged:
                check_interior(config, renderer, pdf.pages, staged["pdf"])
                write_covers(model, renderer, staged, pdf.pages, reporter, config.places)
            pages = pdf.page_breaks if pdf and config.page_list is not False else ()
            for fmt in ("epub", "html"):
                if fmt in staged:
                    writer_for(fmt)(model, renderer, staged[fmt], reporter, pages)
            if strict and reporter.warnings:
                raise book_error(f"--strict: {len(reporter.warnings)} warning(s); nothing written", config.path)
    sources = {c.file_name: c.source for c in model.chapters()}
    hits, seconds = assembled.cache_hits, time.perf_counter() - started
    return BuildResult(targets, len(model.body_chapters()), len(reporter.warnings), sources, hits, seconds, pdf)


def output_targets(config: BookConfig, out_dir: Path, formats: tuple[str, ...], guides: bool) -> dict[str, Path]:
    """Where each format goes: `<name>.epub`, `<name>.pdf`, the web edition's folder `<name>/`, the cover
    `<name>-cover.pdf` (and its proof `<name>-cover-guides.pdf`)."""
    names = {"html": config.output, "cover": f"{config.output}-cover.pdf"}
    targets = {fmt: out_dir / names.get(fmt, f"{config.output}.{fmt}") for fmt in formats}
    if guides and "cover" in formats:
        targets["cover-guides"] = out_dir / f"{config.output}-cover-guides.pdf"
    return targets


def check_interior(config: BookConfig, renderer: Renderer, pages: int, pdf: Path) -> None:
    """The preflight of `print.printer` on the laid-out interior, before anything is put in place; nothing
    to check for a PDF made for the screen."""
    settings = renderer.print_settings
    if settings.printer is None or settings.profile != "print":
        return
    from postbind.write.pdf_merge import unembedded_fonts  # late: pikepdf comes with the PDF writer anyway

    problems = preflight.check_pages(settings, pages, config.path)
    problems += preflight.check_fonts(settings, unembedded_fonts(pdf), config.path)
    if problems:
        raise BookConfigError(problems)


def write_covers(
    model, renderer: Renderer, staged: dict[str, Path], pages: int, reporter: Reporter, places: KeyPlaces
) -> None:
    """The cover wrap for the interior's page count, and its proof when asked for; text that does not fit is
    a warning on the book.yaml key (`places`) to shorten."""
    if "cover" not in staged:
        return
    from postbind.write.cover import wrap_for, write_cover

    wrap = wrap_for(renderer.print_settings, pages)
    write_cover(model, renderer, wrap, staged["cover"], reporter, places=places)
    if "cover-guides" in staged:
        write_cover(model, renderer, wrap, staged["cover-guides"], reporter, guides=True)


def print_edition(config, model, renderer, staged, scratch, reporter, executor, workers) -> PdfStats | None:
    """The PDF, written first: the EPUB and the web edition carry its page numbers. With `page_list: true`
    it is laid out for them even when not asked for (and not kept)."""
    wanted = "pdf" in staged or (config.page_list and staged.keys() & {"epub", "html"})
    if not wanted:
        return None
    target = staged.get("pdf") or scratch / "page-list.pdf"
    return writer_for("pdf")(model, renderer, target, reporter, executor, workers)


def writer_for(fmt: str):
    """The writer of one output format (imported late: each pulls in a big library)."""
    if fmt == "epub":
        from postbind.write.epub import write_epub

        return write_epub
    if fmt == "html":
        from postbind.write.web import write_web

        return write_web
    from postbind.write.pdf import write_pdf

    return write_pdf
