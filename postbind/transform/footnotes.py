"""Footnotes: pandoc's end-of-post list becomes the chapter's `Note`s.

The body keeps a numbered note reference per call, marked the way e-readers
recognise (`epub:type="noteref"`, `role="doc-noteref"`); the templates place
the notes: pop-up asides in the EPUB, `float: footnote` in the PDF.
"""

from __future__ import annotations

import html as std_html
from dataclasses import replace
from typing import TYPE_CHECKING

from lxml import html

from postbind.model import Note
from postbind.transform.ids import keep_id, link_targets
from postbind.transform.tree import serialize_children

if TYPE_CHECKING:
    from postbind.transform import ChapterContext


def collect_notes(root: html.HtmlElement, context: ChapterContext) -> None:
    section = _notes_section(root)
    if section is None:
        return
    refs = {a.get("href", "")[1:]: a for a in root.iter("a") if "footnote-ref" in a.get("class", "")}
    targets = link_targets(root)
    notes = []
    for item in section.iter("li"):
        note_id = item.get("id")
        ref = refs.get(note_id)
        if not note_id or ref is None:
            continue  # a note nobody calls is not printed
        for back in item.xpath(".//a[contains(@class, 'footnote-back')]"):
            keep_id(back, item, targets)
            back.drop_tree()
        number = len(notes) + 1
        notes.append(
            Note(
                id=note_id,
                ref_id=ref.get("id") or f"{note_id}-ref",
                number=number,
                html=serialize_children(item).strip(),
            )
        )
        _mark_reference(ref, note_id, notes[-1].ref_id, number)
    keep_id(section, root, targets)  # a link to the notes section lands where it was
    section.drop_tree()
    context.chapter = replace(context.chapter, notes=tuple(notes))


def _notes_section(root: html.HtmlElement) -> html.HtmlElement | None:
    for element in root.iter("section", "aside", "div"):
        if "footnotes" in element.get("class", "").split() or element.get("role") == "doc-endnotes":
            return element
    return None


def _mark_reference(ref: html.HtmlElement, note_id: str, ref_id: str, number: int) -> None:
    tail = ref.tail
    ref.clear()
    ref.tail = tail
    ref.text = str(number)
    ref.attrib.update(
        {"href": f"#{note_id}", "id": ref_id, "class": "noteref", "role": "doc-noteref", "epub:type": "noteref"}
    )


def inline_notes(markup: str, notes: list[Note], keep: frozenset[str] = frozenset()) -> str:
    """For print: each note reference becomes the note itself, for `float: footnote`.

    An empty marker with the id `<note id>-call` stays where the call is, so that
    the layout can be checked (is the note on its call's page?). Notes in `keep`
    stay references to the chapter's endnotes.
    """
    by_id = {n.id: n for n in notes if n.id not in keep}
    if not by_id:
        return markup
    root = html.fragment_fromstring(markup, create_parent="div")
    for ref in list(root.iter("a")):
        note = by_id.get(ref.get("href", "")[1:]) if "noteref" in ref.get("class", "") else None
        if note is None:
            continue
        note_id = std_html.escape(note.id)
        span = html.fragment_fromstring(f'<span class="footnote" id="{note_id}">{_inline(note.html)}</span>')
        span.tail = ref.tail
        call = html.Element("span", {"class": "note-call", "id": f"{note.id}-call"})
        ref.getparent().replace(ref, call)
        call.addnext(span)
    return serialize_children(root)


BLOCKS = ("p", "div", "ul", "ol", "li", "blockquote", "pre", "table", "dl", "dt", "dd", "figure")


def _inline(note_html: str) -> str:
    """Blocks can't sit inside a paragraph: they become spans the CSS shows as blocks."""
    root = html.fragment_fromstring(note_html, create_parent="div")
    for block in root.iter(*BLOCKS):
        if block is not root:
            block.set("class", f"note-{block.tag}")
            block.tag = "span"
    return serialize_children(root)
