"""What a reStructuredText post says about itself: its title, Pelican's field list, ABlog's post directive.

Pelican puts `:date:`, `:tags:`, `:category:` … in a field list at the top (after the title); ABlog
puts them as options of a `.. post:: DATE` directive. Both are metadata, so both leave the body here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A section title: an optional overline, the text, an underline of one punctuation character.
TITLE_RE = re.compile(r"^(?:([!-/:-@\[-`{-~])\1+\n)?[ \t]*(\S[^\n]*?)[ \t]*\n([!-/:-@\[-`{-~])\3+[ \t]*$", re.M)
FIELD_RE = re.compile(r"^:([\w -]+):[ \t]*(.*(?:\n[ \t]+\S.*)*)\n?", re.M)
POST_RE = re.compile(r"^\.\. post::[ \t]*(.*)\n((?:[ \t]+.*\n|[ \t]*\n)*)", re.M)
OPTION_RE = re.compile(r"^[ \t]+:([\w-]+):[ \t]*(.*)$", re.M)


@dataclass(frozen=True)
class RstHead:
    fields: dict[str, str]  # Pelican's fields or ABlog's options, "date" from the directive's argument
    title: str | None
    body: str  # the text without the field list or post directive
    is_post: bool  # an ABlog post directive was found


def read_head(text: str) -> RstHead:
    title_match = TITLE_RE.search(text)
    title = title_match.group(2).strip() if title_match else None
    post = POST_RE.search(text)
    if post:
        fields = {key.lower(): value.strip() for key, value in OPTION_RE.findall(post.group(2))}
        if post.group(1).strip():
            fields["date"] = post.group(1).strip()
        body = text[: post.start()] + text[post.end() :]
        return RstHead(fields, title, body, True)
    fields, body = _field_list(text, title_match.end() if title_match else 0)
    return RstHead(fields, fields.get("title") or title, body, False)


def _field_list(text: str, start: int) -> tuple[dict[str, str], str]:
    """Pelican's field list: the first block after the title (or at the top) that is only fields."""
    rest = text[start:]
    block = re.match(r"\s*\n?((?::[\w -]+:.*\n(?:[ \t]+\S.*\n)*)+)", rest + "\n")
    if not block:
        return {}, text
    fields = {key.strip().lower(): " ".join(value.split()) for key, value in FIELD_RE.findall(block.group(1))}
    return fields, text[:start] + "\n" + rest[block.end() :]
