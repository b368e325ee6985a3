"""Each transform on its own, HTML in and HTML out: golden/<case>/in.html gives golden/<case>/out.html.

A case is named for its step in postbind.transform.STEPS ("empty-links" for "empty links"), or for the
cleaning that runs before them ("sanitize"); "<step>-<variant>" is another case of the same step.
out.html is the fragment after the step, then what else the step changed: the chapter's title, its notes,
the warnings, the index's occurrences. Set POSTBIND_REGENERATE_GOLDEN=1 to write out.html again (then review the diff).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest

from postbind.errors import Reporter
from postbind.model import Chapter, IndexTerm, Post, PostMeta
from postbind.resources import ResourceLoader
from postbind.transform import STEPS, BookContext, ChapterContext, sanitize
from postbind.transform.index import IndexMatcher
from postbind.transform.links import LinkIndex
from postbind.transform.tree import parse_fragment, serialize_children

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("POSTBIND_REGENERATE_GOLDEN", "") not in ("", "0")
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "in.html").is_file())
TITLES = {"title": None}  # the chapter's title before the step; "A Post" unless named here
INDEXES = {  # the book's index, for the cases that have one
    "index": (
        IndexTerm("Compost"),
        IndexTerm("Compost heap"),
        IndexTerm("Leaf mould", ("leaf mold",)),
        IndexTerm("Mulch", ("mulching",)),
        IndexTerm("Humus", see="Compost"),
    )
}


def step_of(case: str):
    steps = {name.replace(" ", "-"): step for name, step in STEPS}
    for name in sorted(steps, key=len, reverse=True):
        if case == name or case.startswith(name + "-"):
            return steps[name]
    if case == "sanitize" or case.startswith("sanitize-"):
        return None
    raise AssertionError(f"golden/{case}: no transform step of that name")


def transformed(case: str, markup: str) -> str:
    """The case's one step on its in.html, and what the step changed, as out.html holds it."""
    site = "https://blog.example.org"
    this = Post(Path("in.html"), PostMeta(source_url=f"{site}/2020/01/01/a-post/"), markup, "html")
    other = Post(Path("other-post.md"), PostMeta(source_url=f"{site}/2020/02/02/other-post/"), "", "markdown")
    reporter = Reporter(quiet=True)
    links = LinkIndex.build([("a-post", this), ("other-post", other)])
    links.anchors.update({"references_ref-doe2005", "references_ref-пункт3"})  # a References chapter's entries
    matcher = IndexMatcher.build(INDEXES.get(case, ()))
    book = BookContext(reporter, ResourceLoader((GOLDEN / case,)), links, matcher, references="references")
    chapter = Chapter("a-post", "chapter", PostMeta(title=TITLES.get(case, "A Post")), this.source)
    context = ChapterContext(chapter, this, book)
    step = step_of(case)
    if step is None:
        out = sanitize.clean(markup, context)
    else:
        root = parse_fragment(markup)
        step(root, context)
        out = serialize_children(root)
    chapter = context.chapter  # a frozen record: the steps hand on a new one with what they learnt
    lines = [out.strip(), '<hr class="golden">', f'<p class="golden-title">{html.escape(str(chapter.meta.title))}</p>']
    lines += [f'<p class="golden-occurrence">{o.term}: {o.id}</p>' for o in chapter.index]
    for note in chapter.notes:
        lines.append(f'<aside class="golden-note" id="{note.id}" data-ref="{note.ref_id}" data-number="{note.number}">')
        lines += [note.html, "</aside>"]
    lines += [f'<p class="golden-warning">{html.escape(str(warning))}</p>' for warning in reporter.warnings]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    folder = GOLDEN / case
    got = transformed(case, (folder / "in.html").read_text(encoding="utf-8"))
    if REGENERATE:
        (folder / "out.html").write_text(got, encoding="utf-8")
    assert (folder / "out.html").is_file(), f"golden/{case}/out.html is missing: run with POSTBIND_REGENERATE_GOLDEN=1"
    assert got == (folder / "out.html").read_text(encoding="utf-8"), f"golden/{case}: out.html differs"


def test_every_step_has_a_golden_case():
    covered = {step_of(case) for case in CASES}
    missing = [name for name, step in STEPS if step not in covered and name != "images"]  # images: tests/write/epub
    assert not missing and None in covered, missing
