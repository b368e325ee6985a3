"""Liquid's block tags in posts: code highlights, captures, comments, and loops over known lists.

A `{% highlight lang %}` block is a fenced code block. A `{% capture %}` holds text for a template
the book does not have: it goes, with a warning; a `{% comment %}` goes silently. A `{% for %}`
over a list the post itself gives (`{% assign xs = "a|b" | split: "|" %}`, or a front matter list
as `page.xs`) is unrolled, since posts use such loops to write link references; a loop over
anything else (the site's pages) goes with a warning. See liquid.py for the single tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable

HIGHLIGHT_RE = re.compile(r"{%-?\s*highlight\s*([\w+#.-]*)[^%]*?-?%}\n?(.*?){%-?\s*endhighlight\s*-?%}", re.S)
CAPTURE_RE = re.compile(r"{%-?\s*(capture|comment)\b(.*?)-?%}.*?{%-?\s*end\1\s*-?%}", re.S)
ASSIGN_RE = re.compile(r"{%-?\s*assign\s+(\w+)\s*=\s*(.*?)\s*-?%}\n?", re.S)
FOR_RE = re.compile(r"{%-?\s*for\s+(\w+)\s+in\s+([\w.]+)\s*-?%}\n?(.*?){%-?\s*endfor\s*-?%}\n?", re.S)
SPLIT_RE = re.compile(r"""^(["'])(.*?)\1\s*\|\s*split:\s*(["'])(.*?)\3$""", re.S)

Warn = Callable[[str, str], None]
Keep = Callable[[str], str]  # puts text aside so no later step changes it; returns its placeholder


def code_blocks(text: str, keep: Keep) -> str:
    """`{% highlight %}` blocks as fenced code, their content kept exactly as written."""

    def fence(match: re.Match) -> str:
        code = match.group(2).rstrip("\n")
        ticks = "````" if "```" in code else "```"
        return f"\n{ticks}{match.group(1)}\n{keep(code)}\n{ticks}\n"

    return HIGHLIGHT_RE.sub(fence, text)


def drop_captures(text: str, warn: Warn) -> str:
    def drop(match: re.Match) -> str:
        if match.group(1) == "capture":
            warn(f"{{% capture{match.group(2).rstrip()} %}} block dropped: it fills a template", match.group(0))
        return ""

    return CAPTURE_RE.sub(drop, text)


def unroll_loops(text: str, page: dict, warn: Warn, filters: Callable[[str, dict], str | None]) -> str:
    """Loops over the post's own lists, written out once per item; `filters(expr, scope)` evaluates outputs."""
    lists = {f"page.{k}": v for k, v in page.items() if isinstance(v, list)}
    for name, value in ASSIGN_RE.findall(text):
        found = SPLIT_RE.match(value)
        if found:
            lists[name] = found.group(2).split(found.group(4))
    text = _top_assigns_only(text)

    def unroll(match: re.Match) -> str:
        variable, source, body = match.groups()
        items = lists.get(source)
        if items is None:
            warn(f"{{% for {variable} in {source} %}} loop dropped: the book has no '{source}'", match.group(0))
            return ""
        return "".join(_one_pass(body, {variable: str(item)}, filters) for item in items)

    return FOR_RE.sub(unroll, text)


def _top_assigns_only(text: str) -> str:
    """The text with assignments outside loops removed (they are read already); those inside stay for
    the loop to evaluate per item."""
    out, pos = [], 0
    for loop in FOR_RE.finditer(text):
        out.append(ASSIGN_RE.sub("", text[pos : loop.start()]))
        out.append(loop.group(0))
        pos = loop.end()
    out.append(ASSIGN_RE.sub("", text[pos:]))
    return "".join(out)


def _one_pass(body: str, scope: dict, filters: Callable[[str, dict], str | None]) -> str:
    """One item's copy of a loop body: its assignments evaluated in order, its outputs filled in."""
    for name, value in ASSIGN_RE.findall(body):
        scope[name] = filters(value, scope) or ""
    body = ASSIGN_RE.sub("", body)

    def output(match: re.Match) -> str:
        value = filters(match.group(1), scope)
        return match.group(0) if value is None else value

    return re.sub(r"{{-?\s*(.*?)\s*-?}}", output, body)
