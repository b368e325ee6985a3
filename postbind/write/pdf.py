"""The PDF writer (the only module that uses WeasyPrint).

The whole book is one HTML document so the contents' `target-counter` page
numbers, the outline and internal links are WeasyPrint's own. Every resource
request goes through `BookFetcher`: files inside the book's allowed folders,
nothing else, never the network. WeasyPrint logs problems instead of raising;
they are passed on as warnings.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from postbind.errors import MissingDependency, Reporter
from postbind.model import Book
from postbind.render import Renderer

try:
    import weasyprint
    from weasyprint.urls import URLFetcher
except OSError as exc:  # Pango or its friends are missing: a system problem, not a bug
    raise MissingDependency(
        f"WeasyPrint cannot load the Pango library ({exc}); install it: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
    ) from None


class BookFetcher(URLFetcher):
    """Serves `file:` URLs inside the allowed folders; refuses everything else."""

    def __init__(self, allowed: tuple[Path, ...]):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.allowed = allowed

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if any(path == root or root in path.parents for root in self.allowed):
                return super().fetch(url, headers)
        raise ValueError(f"not part of the book: {url[:80]}")


def write_pdf(book: Book, renderer: Renderer, target: Path, reporter: Reporter) -> None:
    document = renderer.print_document(book)
    allowed = tuple({a.path.parent for a in book.assets.values()} | set(renderer_folders(renderer)))
    with weasyprint_warnings(reporter):
        html = weasyprint.HTML(string=document, base_url=str(renderer_folders(renderer)[0]) + "/", url_fetcher=BookFetcher(allowed))
        html.write_pdf(str(target))


def renderer_folders(renderer: Renderer) -> list[Path]:
    return [Path(folder) for loader in renderer.env.loader.loaders for folder in loader.searchpath]


class _Relay(logging.Handler):
    def __init__(self, reporter: Reporter):
        super().__init__(logging.WARNING)
        self.reporter = reporter

    def emit(self, record: logging.LogRecord) -> None:
        self.reporter.warn(f"PDF: {record.getMessage()}")


@contextlib.contextmanager
def weasyprint_warnings(reporter: Reporter) -> Iterator[None]:
    """Pass WeasyPrint's logged problems (bad CSS, refused images) on as warnings."""
    logger = logging.getLogger("weasyprint")
    handler = _Relay(reporter)
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
