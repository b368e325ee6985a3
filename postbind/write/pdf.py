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
from postbind.resources import ResourceLoader

try:
    import weasyprint
    from weasyprint.urls import URLFetcher
except OSError as exc:  # Pango or its friends are missing: a system problem, not a bug
    raise MissingDependency(
        f"WeasyPrint cannot load the Pango library ({exc}); "
        "install it: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
    ) from None


class BookFetcher(URLFetcher):
    """Serves `file:` URLs the book's resource loader allows; refuses everything else."""

    def __init__(self, loader: ResourceLoader):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.loader = loader

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file" and self.loader.is_allowed(Path(unquote(parts.path))):
            return super().fetch(url, headers)
        raise ValueError(f"not part of the book: {url[:80]}")


def write_pdf(book: Book, renderer: Renderer, target: Path, reporter: Reporter) -> None:
    document = renderer.print_document(book)
    fetcher = BookFetcher(ResourceLoader(book.resource_folders))
    with weasyprint_warnings(reporter):
        html = weasyprint.HTML(string=document, base_url=renderer.base_url(), url_fetcher=fetcher)
        html.write_pdf(str(target))


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
