"""Sphinx's additions to reStructuredText, which pandoc does not know, made plain before pandoc reads a post.

Cross-reference roles (`:ref:`, `:doc:`, `:meth:` …) point into a documentation site the book does
not have: their text stays (code roles as code). Directives that only build a site (`toctree`,
`automodule`, ABlog's `postlist` …) go with a warning; any other directive pandoc does not know keeps
its content (pandoc makes it a plain block), so no directive syntax is ever printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ROLE_RE = re.compile(r":(?:[\w-]+:)?([\w-]+):`([^`]+)`")
CODE_ROLES = {"meth", "func", "class", "mod", "attr", "obj", "data", "exc", "const", "envvar", "command", "file"}
SITE_DIRECTIVES = re.compile(
    r"^\.\. (toctree|auto\w+|postlist|blogpost|tags|categories|archives|include|literalinclude|"
    r"currentmodule|module|index|highlight|default-role|contents)::.*\n(?:[ \t]+.*\n|[ \t]*\n)*",
    re.M,
)

Warn = Callable[[str, str], None]


def plain_sphinx(text: str, warn: Warn) -> str:
    def drop(match: re.Match) -> str:
        if match.group(1) not in ("highlight", "default-role", "currentmodule", "index"):
            warn(f"Sphinx directive '{match.group(1)}' dropped: it builds the site, not the post", match.group(0))
        return "\n"

    text = SITE_DIRECTIVES.sub(drop, text)
    return ROLE_RE.sub(_role, text)


def _role(match: re.Match) -> str:
    role, content = match.group(1), match.group(2)
    if role in ("math", "sub", "sup", "emphasis", "strong", "literal", "code", "abbr", "title-reference"):
        return match.group(0)  # pandoc knows these
    shown = re.match(r"^(.*?)\s*<[^>]*>$", content, re.S)
    text = shown.group(1) if shown and shown.group(1) else content
    if role in CODE_ROLES:
        text = text.lstrip("~!.").rsplit(".", 1)[-1] if content.startswith("~") else text.lstrip("!")
        return f"``{text}``"
    return _escaped(text.lstrip("~!"))


def _escaped(text: str) -> str:
    """Plain text as rst reads it literally: its markup characters escaped."""
    return re.sub(r"([*`|_\\])", r"\\\1", text)
