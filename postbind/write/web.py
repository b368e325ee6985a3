"""The web edition: a folder with index.html (title, contents, copyright) and one page per chapter.

Good for proofreading in a browser and for publishing an anthology online. Links
between chapters, footnotes and pictures work as in the EPUB.
"""

from __future__ import annotations

from pathlib import Path

from postbind import book_index, imaging, pagebreaks
from postbind.book_index import PAGE_ID
from postbind.errors import Reporter
from postbind.model import Book, Chapter, Part
from postbind.render import Renderer
from postbind.write.epub_package import link_across_files


def write_web(book: Book, renderer: Renderer, target: Path, reporter: Reporter, page_breaks=()) -> None:
    """The web edition; with the print edition's `page_breaks`, an anchor where each printed page begins
    (`rain.html#page-47`), its number in the margin."""
    pages = _pages(book)
    page_ids = {page_id for page_id, *_ in pages}
    breaks = pagebreaks.by_owner(page_breaks, page_ids)
    for index, (page_id, title, template, context) in enumerate(pages):
        previous = _neighbour(pages, index - 1)
        following = _neighbour(pages, index + 1)
        content = pagebreaks.mark_pages(renderer.web_content(book, template, **context), breaks.get(page_id, []))
        content = link_across_files(content, page_ids, page_id, ".html")
        markup = renderer.web_frame(book, title, content, previous, following)
        (target / f"{page_id}.html").write_text(markup, encoding="utf-8")
    (target / "style.css").write_text(renderer.web_css(), encoding="utf-8")
    for asset in book.assets.values():
        info = imaging.ImageInfo(asset.width, asset.height, Path(asset.name).suffix, asset.media_type)
        path = target / asset.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(imaging.epub_bytes(asset.path, info))


def _pages(book: Book) -> list[tuple[str, str, str, dict]]:
    """(page id, title, template, context) of every page, in reading order."""
    pages = [("index", book.meta.title, "web-index.html", {})]
    pages += [_chapter_page(book, c) for c in book.front]
    for item in book.body:
        if isinstance(item, Part):
            pages.append((item.id, item.title, "part.html", {"part": item}))
            pages += [_chapter_page(book, c, item) for c in item.chapters]
        else:
            pages.append(_chapter_page(book, item))
    pages += [_chapter_page(book, c) for c in book.back]
    if entries := book_index.entries(book):
        pages.append((PAGE_ID, "Index", "index-page.html", {"entries": entries}))
    return pages


def _chapter_page(book: Book, chapter: Chapter, part: Part | None = None) -> tuple[str, str, str, dict]:
    return chapter.id, book.toc_title(chapter), "chapter.html", {"chapter": chapter, "part": part}


def _neighbour(pages: list, index: int) -> tuple[str, str] | None:
    if 0 <= index < len(pages):
        return f"{pages[index][0]}.html", pages[index][1]
    return None
