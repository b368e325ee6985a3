"""Reading the bodies of the posts a plan keeps, and leaving out a text the book holds already.

A post reached twice under different names (a feed entry and the same post's file) is only
found by its words, so this check runs here, on the kept bodies, after the plan's cheaper ones.
"""

from __future__ import annotations

from dataclasses import replace

from postbind.errors import Reporter
from postbind.identity import text_key
from postbind.ingest.reader import Body, Entry, to_post
from postbind.ingest.registry import read_bodies
from postbind.ingest.source import xml_safe
from postbind.model import Post
from postbind.plan import Excluded, Plan, warn_duplicate


def read_posts(plan: Plan, reporter: Reporter) -> tuple[Plan, dict[Entry, Post]]:
    """Every kept entry's post, body read; the plan without the repeats."""
    entries = plan.entries()
    posts = {entry: _post(entry, body) for entry, body in zip(entries, read_bodies(entries, reporter), strict=True)}
    seen: dict[tuple[str, str], Entry] = {}
    for entry in plan.entries():
        if entry in plan.named:  # named posts stay, whatever repeats them
            _remember(seen, entry, posts[entry])
    dropped: list[Excluded] = []
    for entry in plan.entries():
        if entry in plan.named:
            continue
        key = text_key(posts[entry].body)
        first = seen.get(key) if key else None
        if first is not None and not first.in_same_export(entry):
            dropped.append(Excluded(entry, f"duplicate of {first.origin}"))
            warn_duplicate(entry, first, reporter)
            continue
        _remember(seen, entry, posts[entry])
    gone = {excluded.entry for excluded in dropped}
    return plan.keeping(lambda entry: entry not in gone, dropped), posts


def _post(entry: Entry, body: Body) -> Post:
    post = to_post(entry, body)
    return replace(post, body=xml_safe(post.body))


def _remember(seen: dict[tuple[str, str], Entry], entry: Entry, post: Post) -> None:
    key = text_key(post.body)
    if key:
        seen.setdefault(key, entry)
