"""The EPUB 3 writer (the only module that uses ebooklib).

Follows the pattern that validates clean with EPUBCheck: NCX and nav, title,
language and identifier set, one XHTML file per chapter, every image added as
an item, authors with distinct ids. ebooklib's traps (PITFALLS.md) are avoided:
errors are raised, not swallowed; chapter content is passed as bytes; the
cover page is put in the spine and the landmarks; and the zip is rewritten with
fixed dates so that the same sources give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from ebooklib import epub

from postbind import book_index, fonts, imaging, pagebreaks
from postbind.book_index import PAGE_ID
from postbind.errors import Reporter
from postbind.model import Book, Chapter, Part
from postbind.render import Renderer, join_names
from postbind.write.epub_package import accessibility_metadata, finish_zip, link_across_files, print_source

CSS_NAME = "style/book.css"


class EpubBuilder:
    """Adds the book's pages to an ebooklib book, remembering what goes where."""

    def __init__(self, book: Book, renderer: Renderer, reporter: Reporter, page_breaks=()):
        self.book, self.renderer = book, renderer
        self.ebook = _new_ebook(book, page_breaks)
        css, embedded = fonts.embed_fonts(renderer.epub_css(), renderer.folders, _book_text(book), reporter.warn)
        for number, font in enumerate(embedded, start=1):
            self.ebook.add_item(epub.EpubItem(f"font{number}", font.name, font.media_type, font.data))
        self.css = epub.EpubItem(uid="css", file_name=CSS_NAME, media_type="text/css", content=css.encode("utf-8"))
        self.ebook.add_item(self.css)
        self.page_ids = {c.id for c in book.chapters()} | {p.id for p in book.parts}
        self.breaks = pagebreaks.by_owner(page_breaks, self.page_ids)  # the print edition's pages, by file

    def page(self, uid: str, file_name: str, title: str, template: str, lang: str | None = None, **context):
        item = epub.EpubHtml(uid=uid, file_name=file_name, title=title, lang=lang or self.book.meta.language)
        markup = self.renderer.epub_page(template, self.book, **context)
        markup = pagebreaks.mark_pages(markup, self.breaks.get(uid, []))
        item.content = link_across_files(markup, self.page_ids, uid).encode("utf-8")
        if "<math" in markup:  # EPUB 3 requires the manifest to say a page holds MathML
            item.properties.append("mathml")
        item.add_item(self.css)
        self.ebook.add_item(item)
        return item

    def chapter(self, chapter: Chapter, part: Part | None = None) -> epub.EpubHtml:
        lang, title = chapter.meta.lang, self.book.toc_title(chapter)
        return self.page(chapter.id, chapter.file_name, title, "chapter.html", lang=lang, chapter=chapter, part=part)


def write_epub(book: Book, renderer: Renderer, target: Path, reporter: Reporter, page_breaks=()) -> None:
    """The EPUB; with the print edition's `page_breaks`, a marker where each printed page begins and a page-list."""
    builder = EpubBuilder(book, renderer, reporter, page_breaks)
    ebook = builder.ebook
    title_page = builder.page("titlepage", "titlepage.xhtml", book.meta.title, "titlepage.html")
    copyright_page = builder.page("copyright", "copyright.xhtml", "Copyright", "copyright.html")
    front = [builder.chapter(c) for c in book.front]
    toc, body = [], []
    for item in book.body:
        if isinstance(item, Part):
            body.append(builder.page(item.id, item.file_name, item.title, "part.html", part=item))
            body += [builder.chapter(c, item) for c in item.chapters]
            toc.append((epub.Link(item.file_name, item.title, item.id), [_link(book, c) for c in item.chapters]))
        else:
            body.append(builder.chapter(item))
            toc.append(_link(book, item))
    back = [builder.chapter(c) for c in book.back]
    ebook.toc = [*(_link(book, c) for c in book.front), *toc, *(_link(book, c) for c in book.back)]
    if entries := book_index.entries(book):  # the index: last in the spine and the contents
        back.append(builder.page(PAGE_ID, f"{PAGE_ID}.xhtml", "Index", "index-page.html", entries=entries))
        ebook.toc.append(epub.Link(f"{PAGE_ID}.xhtml", "Index", PAGE_ID))
    for asset in book.assets.values():
        info = imaging.ImageInfo(asset.width, asset.height, Path(asset.name).suffix, asset.media_type)
        data = imaging.epub_bytes(asset.path, info)
        ebook.add_item(
            epub.EpubImage(uid=_uid(asset.name), file_name=asset.name, media_type=asset.media_type, content=data)
        )
    _add_cover(ebook, book)
    ebook.add_item(epub.EpubNcx())
    ebook.add_item(epub.EpubNav(title="Contents"))
    ebook.spine = ["cover", title_page, copyright_page, "nav", *front, *body, *back]
    ebook.guide = _landmarks(title_page, body[0] if body else (front or back)[0])
    # epub3_pages off: ebooklib takes every element with an epub:type and an id for a page break
    options = {"raise_exceptions": True, "mtime": book.meta.modified, "epub2_guide": False, "epub3_pages": False}
    epub.write_epub(str(target), ebook, options)
    finish_zip(target, book.meta.language, book.meta.modified, _page_list(builder.breaks, page_breaks))


def _new_ebook(book: Book, page_breaks) -> epub.EpubBook:
    meta = book.meta
    ebook = epub.EpubBook()
    ebook.set_identifier(meta.identifier)
    ebook.set_title(meta.title)
    ebook.set_language(meta.language)
    for number, author in enumerate(meta.authors, start=1):
        ebook.add_author(author, uid=f"creator{number}")
    for number, editor in enumerate(meta.editors, start=1):
        ebook.add_author(editor, role="edt", uid=f"editor{number}")
    date = meta.date and meta.date.isoformat()
    optional = {"description": meta.description, "publisher": meta.publisher, "rights": meta.rights, "date": date}
    for name, value in optional.items():
        if value:
            ebook.add_metadata("DC", name, value)
    for subject in meta.subjects:
        ebook.add_metadata("DC", "subject", subject)
    if meta.isbn_epub:
        ebook.add_metadata("DC", "identifier", f"urn:isbn:{meta.isbn_epub.replace('-', '')}", {"id": "isbn"})
    if page_breaks:  # the print edition the page numbers come from; EPUBCheck 5 knows no a11y:pageBreakSource
        ebook.add_metadata("DC", "source", print_source(meta), {"id": "print-source"})
        ebook.add_metadata(None, "meta", "pagination", {"refines": "#print-source", "property": "source-of"})
    for prop, value in accessibility_metadata(book, bool(page_breaks)):
        ebook.add_metadata(None, "meta", value, {"property": prop})
    return ebook


def _add_cover(ebook: epub.EpubBook, book: Book) -> None:
    """The book's cover image, or one drawn from the title: a book without one looks broken in a library."""
    if book.cover:
        info = imaging.inspect(book.cover)  # converted and scaled like every picture in the EPUB
        name, data = "images/cover" + info.extension, imaging.epub_bytes(book.cover, info)
    else:
        authors = join_names(book.meta.authors or book.meta.editors)
        name = "images/cover.jpg"
        data = imaging.generate_cover(book.meta.title, book.meta.subtitle, authors, book.cover_colours)
    # ebooklib marks the image and writes a cover page, but leaves the page out of
    # the spine and the landmarks, where readers look for it (PITFALLS.md).
    ebook.set_cover(name, data)


def _landmarks(title_page: epub.EpubHtml, start: epub.EpubHtml) -> list[dict]:
    return [
        {"type": "cover", "href": "cover.xhtml", "title": "Cover"},
        {"type": "titlepage", "href": title_page.file_name, "title": "Title page"},
        {"type": "toc", "href": "nav.xhtml", "title": "Contents"},
        {"type": "bodymatter", "href": start.file_name, "title": "Start of content"},
    ]


def _book_text(book: Book) -> str:
    """Every character the book may show, for subsetting fonts (markup included: a few glyphs too many is fine)."""
    meta = book.meta
    parts = [meta.title, meta.subtitle or "", " ".join(meta.authors), meta.rights or "", meta.publisher or ""]
    parts += [c.title + c.html + "".join(n.html for n in c.notes) for c in book.chapters()]
    return "".join(parts) + "".join(p.title for p in book.parts)


def _page_list(placed: dict[str, list], page_breaks) -> list[tuple[str, str]]:
    """(href, label) of every printed page, in the print edition's order."""
    order = {page.anchor: index for index, page in enumerate(page_breaks)}
    entries = [(f"{owner}.xhtml#{page.anchor}", page.label) for owner, pages in placed.items() for page in pages]
    return sorted(entries, key=lambda entry: order[entry[0].split("#", 1)[1]])


def _link(book: Book, chapter: Chapter) -> epub.Link:
    return epub.Link(chapter.file_name, book.toc_title(chapter), chapter.id)


def _uid(name: str) -> str:
    return "img-" + Path(name).stem
