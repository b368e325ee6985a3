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

from pikepdf import (
    Array,
    Dictionary,
    Name,
    NameTree,
    Operator,
    OutlineItem,
    PageCopyWarning,
    Pdf,
    String,
    parse_content_stream,
    unparse_content_stream,
)

BATCH = 500  # sections open at once (each costs qpdf ~0.1 MB and a file handle)


Stamp = tuple[Path, int] | None  # the page of a stamp sheet to lay over a page (write/stamps.py), if any
PAGINATION = b"/Artifact <</Type /Pagination>> BDC q /%s Do Q EMC\n"  # a stamp: no text of the book's own


def merge(paths: list[Path], levels: list[list[int]], stamps: list[list[Stamp]], target: Path, marker: str) -> int:
    """Write the sections at `paths`, in order, as one PDF of so many pages; `levels`: each one's bookmark
    levels; `stamps`: what to lay over each of its pages."""
    dests: dict[str, tuple[int, list]] = {}
    bookmarks: list[tuple[int, str, int, list]] = []
    with tempfile.TemporaryDirectory(prefix="postbind-merge-") as scratch, Pdf.open(paths[0]) as first:
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
            _join_structure(out, [(source, len(source.pages)) for source in sources])
        _keep_document_standard(out, first)
        kids = list(out.Root.Pages.Kids)  # the page tree is flat; pikepdf rebuilds its page list at every out.pages[i]
        _write_destinations(out, kids, dests)
        _point_links(kids, dests, marker)
        _write_outline(out, kids, bookmarks)
        out.save(target, deterministic_id=True)
        for source in sources:
            source.close()
        return len(kids)


def _keep_document_standard(out: Pdf, first: Pdf) -> None:
    """What the first section says of the whole document: its information and language, and what a PDF
    standard asks for (PDF/A, /UA, /X): the XMP metadata that names it, the output intent and its ICC
    profile, that the document is tagged, and that a viewer shows its title."""
    for key, value in first.docinfo.items():
        out.docinfo[key] = str(value)
    if "/Lang" in first.Root:
        out.Root.Lang = String(str(first.Root.Lang))
    for key in ("/Metadata", "/OutputIntents", "/MarkInfo", "/ViewerPreferences"):
        if key in first.Root:
            value = first.Root[key]
            out.Root[key] = out.copy_foreign(value if value.is_indirect else first.make_indirect(value))


def _join_structure(out: Pdf, parts: list[tuple[Pdf, int]]) -> None:
    """The structure trees of tagged sections (PDF/UA) joined into one under a single Document element, in
    reading order: each section's marked-content and annotation keys (/StructParents, /StructParent) are
    moved past the ones before it, and its parent tree joins the book's. `parts`: the sections in `out`'s
    page order, with their page counts; their pages are in `out` already, so the copied elements' /Pg and
    /Obj point at the copied pages and annotations."""
    if not any("/StructTreeRoot" in source.Root for source, _ in parts):
        return
    root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
    kids, nums, next_key, first_page, roles = list(out.Root.Pages.Kids), Array(), 0, 0, Dictionary()
    for source, count in parts:
        pages, first_page = kids[first_page : first_page + count], first_page + count
        if "/StructTreeRoot" not in source.Root:
            continue
        tree = out.copy_foreign(source.Root.StructTreeRoot)
        top = _top_elements(tree)
        for element in top if any(map(_has_content, top)) else []:  # a blank page's empty <div> is not text
            element.P = document
            document.K.append(element)
        found = list(_numbers(tree.ParentTree)) if "/ParentTree" in tree else []
        for key, value in found:
            nums.extend([key + next_key, value])
        _untagged_to_artifacts(out, pages, dict(found), _reachable(tree))
        _shift_keys(pages, next_key)
        next_key += max(int(tree.get("/ParentTreeNextKey", 0)), max((k for k, _ in found), default=-1) + 1)
        for role, standard in tree.get("/RoleMap", Dictionary()).items():
            roles[role] = standard
    root.K = Array([document])
    root.ParentTree = out.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    if roles:
        root.RoleMap = roles
    out.Root.StructTreeRoot = root


def _top_elements(tree) -> list:
    """A section's structure under its Document element (or its top elements, if it has none)."""
    top = tree.get("/K", Array())
    top = list(top) if isinstance(top, Array) else [top]
    if len(top) == 1 and top[0].get("/S") == Name.Document:
        inner = top[0].get("/K", Array())
        return [kid for kid in (inner if isinstance(inner, Array) else [inner]) if isinstance(kid, Dictionary)]
    return top


def _numbers(tree):
    """(key, value) of a number tree: its /Nums, and its /Kids' in turn."""
    nums = tree.get("/Nums", Array())
    for index in range(0, len(nums) - 1, 2):
        yield int(nums[index]), nums[index + 1]
    for kid in tree.get("/Kids", Array()):
        yield from _numbers(kid)


def _untagged_to_artifacts(out: Pdf, pages: list, parents: dict, reachable: set) -> None:
    """Marked content that no element of the structure tree names (WeasyPrint marks a page's running head
    and folio, and gives them elements that hang from nothing) becomes a pagination artifact, as PDF/UA
    wants of them; the parent tree forgets their elements."""
    for page in pages:
        named = parents.get(int(page.get("/StructParents", -1)))
        if not isinstance(named, Array):
            continue
        kept = set()
        for mcid, element in enumerate(named):
            if isinstance(element, Dictionary) and element.objgen in reachable:
                kept.add(mcid)
            else:
                named[mcid] = None
        operations, changed = list(parse_content_stream(page)), False
        for index, (operands, operator) in enumerate(operations):
            marked = operator == Operator("BDC") and len(operands) == 2 and isinstance(operands[1], Dictionary)
            mcid = operands[1].get("/MCID") if marked else None
            if mcid is not None and int(mcid) not in kept:
                operations[index] = ([Name.Artifact, Dictionary(Type=Name.Pagination)], operator)
                changed = True
        if changed:
            page.Contents = out.make_stream(unparse_content_stream(operations))


def _has_content(element) -> bool:
    """Whether a structure element holds marked content or an object (a link, a picture) somewhere below."""
    kids = element.get("/K", Array())
    for kid in kids if isinstance(kids, Array) else [kids]:
        if not isinstance(kid, Dictionary) or kid.get("/Type") in (Name.MCR, Name.OBJR) or _has_content(kid):
            return True
    return False


def _reachable(tree) -> set:
    """The structure elements a structure tree holds (by object number), from its root down."""
    found, stack = set(), [tree]
    while stack:
        element = stack.pop()
        kids = element.get("/K", Array())
        for kid in kids if isinstance(kids, Array) else [kids]:
            if isinstance(kid, Dictionary) and "/S" in kid and kid.objgen not in found:
                found.add(kid.objgen)
                stack.append(kid)
    return found


def _shift_keys(pages: list, offset: int) -> None:
    """Move a section's parent-tree keys past those of the sections before it."""
    for page in pages:
        if "/StructParents" in page:
            page.StructParents = int(page.StructParents) + offset
        for annotation in page.get("/Annots", Array()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset


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
    _join_structure(out, [(source, len(source.pages)) for source in sources])
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
