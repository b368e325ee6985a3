"""Rendering: the model through the theme's Jinja2 templates into HTML and CSS.

Templates are looked up book first, then the chosen theme, then the default
theme, so a book overrides any single file by putting it in its `styles/`.
Templates receive model objects (`book`, `chapter`, `part`), never config dicts.
"""

from __future__ import annotations

import datetime as dt

import jinja2
from markupsafe import Markup

from postbind.book_index import Printed
from postbind.cache import cache_dir
from postbind.config import BookConfig
from postbind.model import Book, Piece
from postbind.printing import Reading, page_geometry, print_body
from postbind.themes import theme_folders


class Renderer:
    def __init__(self, config: BookConfig, profile: str | None = None):
        self.folders = theme_folders(config.root, config.theme_dir)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f) for f in self.folders]),
            bytecode_cache=_bytecode_cache(),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["human_date"] = human_date
        self.env.filters["names"] = join_names
        self.env.filters["inch"] = lambda value: f"{value:.4f}in"
        self.print_settings = config.print.for_profile(profile)
        self.reading_numbers = config.reading_numbers

    def base_url(self) -> str:
        """Relative URLs in templates and CSS (fonts, pictures) resolve in the first theme folder."""
        return self.folders[0].as_uri() + "/"

    def render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(**context)

    def theme_css(self, medium: str) -> str:
        """A theme's own additions, after the classic theme's CSS (a theme need not copy it all)."""
        try:
            return "\n" + self.render("theme.css", medium=medium)
        except jinja2.TemplateNotFound:
            return ""

    # -- EPUB ------------------------------------------------------------------
    def epub_page(self, template: str, book: Book, **context: object) -> str:
        return self.render(template, book=book, medium="epub", body=lambda c: c.html, **context)

    def epub_css(self) -> str:
        return self.render("book.css", medium="epub") + "\n" + self.render("epub.css") + self.theme_css("epub")

    # -- the web edition ---------------------------------------------------------
    def web_content(self, book: Book, template: str, **context) -> str:
        """What a page of the web edition shows: a chapter, a part or the contents."""
        return self.render(template, book=book, medium="html", body=lambda c: c.html, **context)

    def web_frame(self, book: Book, title: str, content: str, previous=None, following=None) -> str:
        """The page around it: the book's name, and links to the pages before and after."""
        return self.render("web.html", book=book, title=title, content=content, previous=previous, next=following)

    def web_css(self) -> str:
        return self.render("book.css", medium="html") + "\n" + self.render("web.css") + self.theme_css("html")

    # -- PDF -------------------------------------------------------------------
    def print_document(self, book: Book, endnotes: frozenset[str] = frozenset()) -> str:
        """The whole book as one HTML document; notes named in `endnotes` go to the end of their chapter."""
        return self._print_html(book, endnotes, with_front=True, pieces=book.pieces(), css=self.print_stylesheet())

    def print_section(self, book: Book, pieces: list[Piece], endnotes: frozenset[str]) -> str:
        """Pieces of the book as a document of their own (the stylesheet apart), with nothing that depends
        on their place in the book: the reading number is a hidden stand-in, stamped later."""
        return self._print_html(book, endnotes, with_front=False, pieces=pieces, stamped=True)

    def print_head(self, book: Book, piece: Piece) -> str:
        """A chapter's head alone, reading number and all: what is stamped on its first page."""
        return self._print_html(book, frozenset(), with_front=False, pieces=[piece], head_only=True)

    def print_front(self, book: Book, numbers: dict[str, int], endnotes: frozenset[str]) -> str:
        """The front pages on their own, the contents giving the `numbers` the later pieces got."""
        return self._print_html(book, endnotes, with_front=True, pieces=[], numbers=numbers)

    def _print_html(self, book: Book, endnotes: frozenset[str], numbers: dict[str, int] | None = None, **context):
        profile = self.print_settings.profile
        numbers = numbers or {}
        return self.render(
            "print.html",
            book=book,
            medium="print",
            body=lambda c: print_body(c, book, endnotes, profile),
            endnotes=lambda c: [n for n in c.notes if n.id in endnotes],
            page_of=lambda id_: Markup(f' data-page="{numbers[id_]}"') if id_ in numbers else "",
            **{"css": "", **context},
        )

    def sources_document(self, book: Book, readings: list[Reading], inline_css: bool = True) -> str:
        """The "Sources and permissions" pages, rendered after the book (see printing.number_from)."""
        css = self.print_stylesheet() if inline_css else ""
        return self.render("sources.html", book=book, medium="print", css=css, readings=readings)

    def index_document(self, book: Book, entries: list[Printed], inline_css: bool = True) -> str:
        """The index's pages, rendered last, when the pages of every occurrence are known."""
        css = self.print_stylesheet() if inline_css else ""
        return self.render("index.html", book=book, medium="print", css=css, entries=entries)

    def blank_page_document(self, inline_css: bool = True) -> str:
        """One empty page of the book's size: the blank verso before a page that must be on the right."""
        return self.render("blank.html", css=self.print_stylesheet() if inline_css else "")

    def print_stylesheet(self) -> str:
        settings = self.print_settings
        print_css = self.render("print.css", settings=settings, page=page_geometry(settings)) + self.output_intent()
        return self.render("book.css", medium="print") + "\n" + print_css + self.theme_css("print")

    def output_intent(self) -> str:
        """PDF/X's CMYK output intent, when book.yaml names its profile; the interior and the cover share it."""
        profile = self.print_settings.icc_profile
        if profile is None:
            return ""
        return (
            f'\n@color-profile device-cmyk {{ src: url("{profile.as_uri()}"); components: cyan magenta yellow black; }}'
        )

    # -- the cover wrap ------------------------------------------------------------
    def cover_document(self, book: Book, **context: object) -> str:
        """The printed cover wrap (write/cover.py): one page, in the theme's type and cover colours."""
        css = self.output_intent() + self.theme_css("cover")
        return self.render("cover.html", book=book, medium="cover", colours=book.cover_colours, css=css, **context)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (Jinja checks each against its source)."""
    folder = cache_dir("templates")
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a cache that can't be written: compile every time
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def human_date(value: str | dt.date | None) -> str:
    """'2014-04-16' as '16 April 2014'; text that is not a date stays as written."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def join_names(names: tuple[str, ...] | list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
