"""The small checks config builds on: nodes turned into values, every problem recorded with its line.

The `Checker` collects problems instead of raising, so a user sees all of them in one run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from pathlib import Path

from postbind.dates import parse_date
from postbind.errors import Diagnostic
from postbind.yamlio import Constructor, MappingNode, Node, ScalarNode, SequenceNode


class Checker:
    """Turns nodes into Python values, recording every problem with its line."""

    def __init__(self, file: Path):
        self.file = file
        self.errors: list[Diagnostic] = []
        self._constructor = Constructor()

    # -- places and problems -------------------------------------------------
    def line(self, node: Node | None) -> int:
        return node.start_mark.line + 1 if node is not None else 1

    def error(self, node: Node | None, key: str, message: str) -> None:
        self.errors.append(Diagnostic("error", f"{key}: {message}", self.file, self.line(node)))

    # -- shapes ----------------------------------------------------------------
    def is_mapping(self, node: Node | None) -> bool:
        return isinstance(node, MappingNode)

    def is_sequence(self, node: Node | None) -> bool:
        return isinstance(node, SequenceNode)

    def has_key(self, node: Node, key: str) -> bool:
        return any(isinstance(k, ScalarNode) and k.value == key for k, _ in node.value)

    def mapping(self, node: Node | None, key: str, allowed) -> dict[str, Node] | None:
        """A mapping's values by key (`allowed`: the key names, or a schema dict); unknown and repeated keys
        are reported."""
        allowed = tuple(allowed)
        if not isinstance(node, MappingNode):
            self.error(node, key, f"expected a mapping of keys ({', '.join(allowed[:4])}, …), got {_kind(node)}")
            return None
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if name not in allowed:
                self.error(key_node, name, f"unknown key{_did_you_mean(name, allowed)}")
            elif name in found:
                self.error(key_node, name, f"given twice (first on line {self.line(found[name])})")
            else:
                found[name] = value_node
        return found

    def sequence(self, node: Node | None, key: str) -> list[Node]:
        if node is None or _is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, key, f"expected a list, got {_kind(node)}")
            return []
        return list(node.value)

    # -- values ----------------------------------------------------------------
    def scalar(self, node: Node | None, key: str) -> object | None:
        if node is None or _is_null(node):
            return None
        if not isinstance(node, ScalarNode):
            self.error(node, key, f"expected a single value, got {_kind(node)}")
            return None
        return self._constructor.value(node)

    def text(self, node: Node | None, key: str) -> str | None:
        value = self.scalar(node, key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.error(node, key, f"expected text, got {str(value).lower()}")
            return None
        text = str(value).strip()
        return text or None

    def text_list(self, node: Node | None, key: str) -> tuple[str, ...]:
        """A value or a list of values, as text."""
        if isinstance(node, SequenceNode):
            return tuple(t for t in (self.text(n, key) for n in node.value) if t)
        single = self.text(node, key)
        return (single,) if single else ()

    def names(self, keys: dict[str, Node], singular: str, plural: str) -> tuple[str, ...]:
        """People given as `author: name` or `authors: [names]` (either key, not both)."""
        if singular in keys and plural in keys:
            self.error(keys[plural], plural, f"give '{singular}' or '{plural}', not both")
        node = keys.get(plural, keys.get(singular))
        return self.text_list(node, plural if plural in keys else singular)

    def choice(self, node: Node | None, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(node, key)
        if value is not None and value not in choices:
            self.error(node, key, f"'{value}' is not one of: {', '.join(choices)}")
            return None
        return value

    def boolean(self, node: Node | None, key: str) -> bool:
        value = self.scalar(node, key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(node, key, f"expected true or false, got '{value}'")
            return False
        return value

    def date(self, node: Node | None, key: str) -> dt.date | None:
        value = self.scalar(node, key)
        if value is None or isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        try:
            return parse_date(str(value))
        except ValueError:
            self.error(node, key, f"'{value}' is not a date (use YYYY-MM-DD)")
            return None

    def date_text(self, node: Node | None, key: str) -> str | None:
        value = self.date(node, key)
        return value.isoformat() if value else None

    def path(self, node: Node | None, key: str, base: Path, kind: str) -> Path | None:
        """A path relative to book.yaml's folder that must exist as `kind`: file, folder or any."""
        value = self.text(node, key)
        if value is None:
            return None
        path = (base / value).resolve()
        if not path.exists():
            self.error(node, key, f"{value}: no such {'file or folder' if kind == 'any' else kind}")
            return None
        wrong = {"file": not path.is_file(), "folder": not path.is_dir()}.get(kind, False)
        if wrong:
            self.error(node, key, f"{value}: is not a {kind}")
            return None
        if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
            self.error(node, key, f"{value}: cannot be read (permission denied)")
            return None
        return path


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _kind(node: Node | None) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node is None or _is_null(node):
        return "nothing"
    return f"'{node.value}'"


def _did_you_mean(name: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f" (known keys: {', '.join(allowed)})"
