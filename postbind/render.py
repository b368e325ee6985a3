"""Rendering: the model through the theme's Jinja2 templates into HTML and CSS.

Templates are looked up book first, then the chosen theme, then the default
theme, so a book overrides any single file by putting it in its `styles/`.
Templates receive model objects (`book`, `chapter`, `part`), never config dicts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
from dateutil import parser as date_parser

from postbind.config import BookConfig, PrintSettings
from postbind.model import Book, Chapter
from postbind.themes import builtin_themes_dir
from postbind.transform.footnotes import inline_notes
from postbind.transform.tree import parse_fragment, serialize_children


class Renderer:
    def __init__(self, config: BookConfig):
        self.folders = theme_folders(config)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f) for f in self.folders]),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["human_date"] = human_date
        self.env.filters["names"] = join_names
        self.print_settings = config.print

    def base_url(self) -> str:
        """Relative URLs in templates and CSS (fonts, pictures) resolve in the first theme folder."""
        return self.folders[0].as_uri() + "/"

    def render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(**context)

    # -- EPUB ------------------------------------------------------------------
    def epub_page(self, template: str, book: Book, **context: object) -> str:
        return self.render(template, book=book, medium="epub", body=lambda c: c.html, **context)

    def epub_css(self) -> str:
        return self.render("book.css", medium="epub") + "\n" + self.render("epub.css")

    # -- PDF -------------------------------------------------------------------
    def print_document(self, book: Book) -> str:
        css = self.render("book.css", medium="print") + "\n" + self.print_css()
        return self.render("print.html", book=book, medium="print", css=css, body=lambda c: print_body(c, book))

    def print_css(self) -> str:
        return self.render("print.css", settings=self.print_settings, page=page_geometry(self.print_settings))


def print_body(chapter: Chapter, book: Book) -> str:
    """A chapter's HTML for print: notes inline (float: footnote), images by file URL."""
    markup = inline_notes(chapter.html, chapter.notes)
    if "<img" not in markup:
        return markup
    root = parse_fragment(markup)
    for image in root.iter("img"):
        asset = book.assets.get(image.get("src", ""))
        if asset is not None:
            image.set("src", asset.path.as_uri())
    return serialize_children(root)


def page_geometry(settings: PrintSettings) -> dict[str, str]:
    """CSS values for @page, from the print settings."""
    marks = " ".join(m for m, on in (("crop", settings.crop_marks), ("cross", settings.cross_marks)) if on)
    return {"size": settings.page_size, "marks": marks or "none", "bleed": settings.bleed or "0"}


def human_date(value: str | dt.date | None) -> str:
    """'2014-04-16' as '16 April 2014'; text that is not a date stays as written."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date_parser.isoparse(value).date()
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def join_names(names: tuple[str, ...] | list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def theme_folders(config: BookConfig) -> list[Path]:
    """Where templates and CSS are looked up: the book's styles/, its theme, the default theme."""
    folders = [config.root / "styles", config.theme_dir, builtin_themes_dir() / "default"]
    return list(dict.fromkeys(f.resolve() for f in folders if f.is_dir()))
