"""Front matter in any of the three forms static sites use: YAML (`---`), TOML (`+++`, Hugo) or JSON (`{ … }`, Hugo).

The only module that reads TOML.
"""

from __future__ import annotations

import json
import tomllib

from postbind.yamlio import YAMLError, load_yaml

FENCES = {"---": "yaml", "+++": "toml"}


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """The fields, the body and the body's first line; no front matter gives ({}, text, 1)."""
    first = text.split("\n", 1)[0].rstrip()
    if first in FENCES:
        end = text.find(f"\n{first}", len(first))
        if end == -1:
            raise FrontMatterError(f"front matter opened with '{first}' is never closed")
        raw, rest = text[len(first) + 1 : end + 1], text[end + len(first) + 1 :]
        rest = rest.split("\n", 1)[1] if "\n" in rest else ""
        fields = _parse(raw, FENCES[first])
    elif text.startswith("{"):
        fields, at = _json_object(text)
        rest = text[at:].lstrip(" \t").removeprefix("\n")
    else:
        return {}, text, 1
    if not isinstance(fields, dict):
        raise FrontMatterError("front matter is not a set of fields")
    return fields, rest, text[: len(text) - len(rest)].count("\n") + 1


def parse_data(raw: str, kind: str) -> object:
    """A site configuration or front matter block of one kind ("yaml", "toml", "json"); FrontMatterError if bad."""
    if kind == "json":
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise FrontMatterError(f"not valid JSON: {exc.msg}", exc.lineno) from None
    return _parse(raw, kind)


def _parse(raw: str, kind: str) -> dict:
    try:
        return tomllib.loads(raw) if kind == "toml" else (load_yaml(raw) or {})
    except tomllib.TOMLDecodeError as exc:
        raise FrontMatterError(f"front matter is not valid TOML: {exc}") from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FrontMatterError(f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                               mark.line + 2 if mark else 1) from None  # fmt: skip


def _json_object(text: str) -> tuple[dict, int]:
    try:
        return json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise FrontMatterError(f"front matter is not valid JSON: {exc.msg}", exc.lineno) from None
