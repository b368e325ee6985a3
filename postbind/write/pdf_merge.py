"""Join PDF sections into one book (the only module that uses pikepdf).

Joining pages is easy; what a naive join loses is the book's structure. Each
section's named destinations (every id in the book, which links and bookmarks
point at) are gathered into one name tree for the joined pages; links that
write/sections.py marked as pointing into another section become links to those
destinations; the outline is rebuilt from every section's bookmarks with the
levels the stylesheet gave them (a chapter inside a part is a child of the part,
though they were rendered apart); the document information and language come
from the first section. pikepdf (qpdf) joins a thousand sections in under a
second, where pypdf takes many.

An open PDF costs qpdf memory and a file handle until the book is saved, so a
long book is joined in batches: each batch saved to a scratch file and closed,
then the batches joined.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from urllib.parse import unquote

from pikepdf import Array, Dictionary, Name, NameTree, OutlineItem, PageCopyWarning, Pdf, String

BATCH = 500  # sections open at once (each costs qpdf ~0.1 MB and a file handle)


Stamp = tuple[Path, int] | None  # the page of a stamp sheet to lay over a page (write/stamps.py), if any
PAGINATION = b"/Artifact <</Type /Pagination>> BDC q /%s Do Q EMC\n"  # a stamp: no text of the book's own


def merge(paths: list[Path], levels: list[list[int]], stamps: list[list[Stamp]], target: Path, marker: str) -> int:
    """Write the sections at `paths`, in order, as one PDF of so many pages; `levels`: each one's bookmark
    levels; `stamps`: what to lay over each of its pages."""
    dests: dict[str, tuple[int, list]] = {}
    bookmarks: list[tuple[int, str, int, list]] = []
    with Pdf.open(paths[0]) as first:
        info = {key: str(value) for key, value in first.docinfo.items()}
        lang = str(first.Root.Lang) if "/Lang" in first.Root else None
    with tempfile.TemporaryDirectory(prefix="postbind-merge-") as scratch:
        if len(paths) <= BATCH:
            out, sources = _join(paths, levels, stamps, 0, dests, bookmarks)
        else:
            batches, pages = [], 0
            for start in range(0, len(paths), BATCH):
                batches.append(Path(scratch) / f"batch{start:06}.pdf")
                batch = slice(start, start + BATCH)
                pages += _save_batch(paths[batch], levels[batch], stamps[batch], pages, dests, bookmarks, batches[-1])
            out, sources = Pdf.new(), [Pdf.open(path) for path in batches]
            for source in sources:
                _extend(out, source)
        for key, value in info.items():
            out.docinfo[key] = value
        if lang:
            out.Root.Lang = String(lang)
        kids = list(out.Root.Pages.Kids)  # the page tree is flat; pikepdf rebuilds its page list at every out.pages[i]
        _write_destinations(out, kids, dests)
        _point_links(kids, dests, marker)
        _write_outline(out, kids, bookmarks)
        out.save(target, deterministic_id=True)
        for source in sources:
            source.close()
        return len(kids)


def _save_batch(paths, levels, stamps, offset: int, dests: dict, bookmarks: list, saved: Path) -> int:
    """Join a batch of sections into `saved` (and close them): its number of pages."""
    out, sources = _join(paths, levels, stamps, offset, dests, bookmarks)
    out.save(saved)
    for source in sources:
        source.close()
    return len(out.pages)


def _join(paths, levels, stamps, offset: int, dests: dict, bookmarks: list) -> tuple[Pdf, list[Pdf]]:
    """Sections joined (still open: pages are copied from them on saving) and stamped, noting where each
    destination and bookmark lands in the book, which has `offset` pages before them."""
    out, sources, first, page_stamps = Pdf.new(), [], offset, []
    for path, section_levels, section_stamps in zip(paths, levels, stamps, strict=True):
        source = Pdf.open(path)
        sources.append(source)
        index_of = {page.obj.objgen: first + number for number, page in enumerate(source.pages)}
        first += len(index_of)
        page_stamps += section_stamps or [None] * len(index_of)
        _extend(out, source)
        dests.update(_destinations(source, index_of))
        found = _bookmarks(source, index_of)
        bookmarks += [(level, *item) for level, item in zip(section_levels, found, strict=True)]
    return out, sources + _stamp(out, page_stamps)


def _stamp(out: Pdf, stamps: list[Stamp]) -> list[Pdf]:
    """Lay each page's stamp over it, after its own content (kept apart by q … Q), as a pagination
    artifact; the sheets, opened, are returned to be closed after saving."""
    sheets: dict[Path, Pdf] = {}
    forms: dict[tuple[Path, int], object] = {}
    for page, stamp in zip(out.pages, stamps, strict=True):
        if stamp is None:
            continue
        if stamp not in forms:
            sheet = sheets.get(stamp[0]) or sheets.setdefault(stamp[0], Pdf.open(stamp[0]))
            forms[stamp] = out.copy_foreign(sheet.pages[stamp[1]].as_form_xobject())
        name = Name(f"/Stamp{stamp[0].stem[:16]}p{stamp[1]}")  # one per stamp: the pages of a section share resources
        page.add_resource(forms[stamp], Name.XObject, name)
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\n" + PAGINATION % str(name)[1:].encode())
    return list(sheets.values())


def _extend(out: Pdf, source: Pdf) -> None:
    with warnings.catch_warnings():  # "named destinations are not preserved": merge() writes them itself
        warnings.simplefilter("ignore", PageCopyWarning)
        out.pages.extend(source.pages)


def _destinations(source: Pdf, index_of: dict) -> dict[str, tuple[int, list]]:
    """Every named destination of a section: its page in the book, and where on it."""
    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    found = {}
    for name, dest in NameTree(names.Dests).items():
        page = index_of.get(dest[0].objgen)
        if page is not None:
            found[name] = (page, [_scalar(value) for value in dest[1:]])
    return found


def _bookmarks(source: Pdf, index_of: dict) -> list[tuple[str, int, list]]:
    """A section's outline, flattened in reading order: title, page in the book, place on the page."""
    found = []
    with source.open_outline() as outline:
        stack = list(reversed(outline.root))
        while stack:
            item = stack.pop()
            dest = item.destination
            if isinstance(dest, Array) and index_of.get(dest[0].objgen) is not None:
                found.append((str(item.title), index_of[dest[0].objgen], [_scalar(v) for v in dest[1:]]))
            stack.extend(reversed(item.children))
    return found


def _write_destinations(out: Pdf, kids: list, dests: dict[str, tuple[int, list]]) -> None:
    tree = NameTree.new(out)
    for name in sorted(dests):
        tree[name] = _destination(kids, *dests[name])
    out.Root.Names = Dictionary(Dests=tree.obj)


def _destination(kids: list, page: int, place: list) -> Array:
    return Array([kids[page], *map(_pdf_value, place)] if place else [kids[page], Name.Fit])


def _point_links(kids: list, dests: dict, marker: str) -> None:
    """Links marked as going to another section go to its named destination (or, if it has none, nowhere)."""
    for page in kids:
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept = []
        for annotation in annotations:
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(marker):
                name = unquote(uri[len(marker) :])  # a non-ASCII id's link is %-encoded
                if name not in dests:
                    continue
                del annotation.A
                annotation.Dest = String(name)
            kept.append(annotation)
        page.Annots = Array(kept)


def _write_outline(out: Pdf, kids: list, bookmarks: list[tuple[int, str, int, list]]) -> None:
    """Nest the bookmarks by level: a level-2 bookmark is a child of the level-1 bookmark before it."""
    with out.open_outline() as outline:
        stack: list[tuple[int, list]] = [(0, outline.root)]
        for level, title, page, place in bookmarks:
            item = OutlineItem(title, _destination(kids, page, place))
            while stack[-1][0] >= level:
                stack.pop()
            stack[-1][1].append(item)
            stack.append((level, item.children))


def _scalar(value) -> float | str:
    """A number or a name of a destination, kept as plain Python (its PDF is closed before the book is saved)."""
    return str(value) if isinstance(value, Name) else float(value)


def _pdf_value(value: float | str):
    return Name(value) if isinstance(value, str) else value


def unembedded_fonts(path: Path) -> list[str]:
    """The fonts a PDF's pages use without carrying them (a printer refuses those), by name."""
    missing: set[str] = set()
    with Pdf.open(path) as pdf:
        for page in pdf.pages:
            for font in _fonts(page.get("/Resources", {}), set()):
                missing.update(_missing(font))
    return sorted(missing)


def _fonts(resources, seen: set) -> list:
    """The fonts of a page's resources and of the forms it draws (stamps are forms), each form once."""
    found = list(resources.get("/Font", {}).values())
    for form in resources.get("/XObject", {}).values():
        key = form.objgen
        if form.get("/Subtype") == "/Form" and key not in seen:
            seen.add(key)
            found += _fonts(form.get("/Resources", {}), seen)
    return found


def _missing(font) -> list[str]:
    """The name of `font` (or of its descendant, for a composite font) if no font file is embedded."""
    if font.get("/Subtype") == "/Type3":  # drawn by the PDF's own procedures: nothing to embed
        return []
    for part in font.get("/DescendantFonts", [font]):
        descriptor = part.get("/FontDescriptor", {})
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            return [str(part.get("/BaseFont", "?")).lstrip("/")]
    return []
