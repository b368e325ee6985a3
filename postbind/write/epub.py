"""The EPUB 3 writer (the only module that uses ebooklib).

Follows the pattern that validates clean with EPUBCheck: NCX and nav, title,
language and identifier set, one XHTML file per chapter, every image added as
an item, authors with distinct ids. ebooklib's traps (PITFALLS.md) are avoided:
errors are raised, not swallowed, and chapter content is passed as bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ebooklib import epub

from postbind.errors import Reporter
from postbind.model import Book, Chapter, Part
from postbind.render import Renderer

CSS_NAME = "style/book.css"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def write_epub(book: Book, renderer: Renderer, target: Path, reporter: Reporter) -> None:
    ebook = _new_ebook(book)
    css = epub.EpubItem(
        uid="css", file_name=CSS_NAME, media_type="text/css", content=renderer.epub_css().encode("utf-8")
    )
    ebook.add_item(css)

    def page(uid: str, file_name: str, title: str, template: str, lang: str | None = None, **context) -> epub.EpubHtml:
        item = epub.EpubHtml(uid=uid, file_name=file_name, title=title, lang=lang or book.meta.language)
        item.content = renderer.epub_page(template, book, **context).encode("utf-8")
        item.add_item(css)
        ebook.add_item(item)
        return item

    title_page = page("titlepage", "titlepage.xhtml", book.meta.title, "titlepage.html")
    copyright_page = page("copyright", "copyright.xhtml", "Copyright", "copyright.html")

    def chapter_page(chapter: Chapter, part: Part | None = None) -> epub.EpubHtml:
        return page(
            chapter.id,
            chapter.file_name,
            chapter.title,
            "chapter.html",
            lang=chapter.meta.lang,
            chapter=chapter,
            part=part,
        )

    front = [chapter_page(c) for c in book.front]
    toc, body = [], []
    for item in book.body:
        if isinstance(item, Part):
            part_page = page(item.id, item.file_name, item.title, "part.html", part=item)
            pages = [chapter_page(c, item) for c in item.chapters]
            toc.append((epub.Link(item.file_name, item.title, item.id), [_link(c) for c in item.chapters]))
            body += [part_page, *pages]
        else:
            body.append(chapter_page(item))
            toc.append(_link(item))
    back = [chapter_page(c) for c in book.back]
    ebook.toc = [*map(_link, book.front), *toc, *map(_link, book.back)]

    for asset in book.assets.values():
        ebook.add_item(
            epub.EpubImage(
                uid=_uid(asset.name), file_name=asset.name, media_type=asset.media_type, content=asset.path.read_bytes()
            )
        )
    spine: list = [title_page, copyright_page, "nav", *front, *body, *back]
    if book.cover:
        # ebooklib marks the image and writes a cover page, but leaves the page out
        # of the spine and the landmarks: readers then show no cover (PITFALLS.md).
        ebook.set_cover("images/cover" + book.cover.suffix.lower(), book.cover.read_bytes())
        spine.insert(0, "cover")
        ebook.guide.append({"type": "cover", "href": "cover.xhtml", "title": "Cover"})
    ebook.add_item(epub.EpubNcx())
    ebook.add_item(epub.EpubNav(title="Contents"))
    ebook.spine = spine
    epub.write_epub(str(target), ebook, {"raise_exceptions": True, "mtime": _build_time(book)})


def _new_ebook(book: Book) -> epub.EpubBook:
    meta = book.meta
    ebook = epub.EpubBook()
    ebook.set_identifier(meta.identifier)
    ebook.set_title(meta.title)
    ebook.set_language(meta.language)
    for number, author in enumerate(meta.authors, start=1):
        ebook.add_author(author, uid=f"creator{number}")
    for number, editor in enumerate(meta.editors, start=1):
        ebook.add_author(editor, role="edt", uid=f"editor{number}")
    optional = {
        "description": meta.description,
        "publisher": meta.publisher,
        "rights": meta.rights,
        "date": meta.date and meta.date.isoformat(),
    }
    for name, value in optional.items():
        if value:
            ebook.add_metadata("DC", name, value)
    for subject in meta.subjects:
        ebook.add_metadata("DC", "subject", subject)
    return ebook


def _link(chapter: Chapter) -> epub.Link:
    return epub.Link(chapter.file_name, chapter.title, chapter.id)


def _uid(name: str) -> str:
    return "img-" + Path(name).stem


def _build_time(book: Book) -> dt.datetime:
    """The modification time written into the EPUB: the book's date, never the clock."""
    if book.meta.date:
        return dt.datetime.combine(book.meta.date, dt.time(), tzinfo=dt.UTC)
    return EPOCH
