"""YAML with line numbers (the only module that imports PyYAML).

book.yaml is composed into nodes, which keep where each value stands, so every message can
say `book.yaml:LINE`. Readers of YAML front matter catch `YAMLError` from here.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from postbind.errors import Diagnostic, PostbindError

Node = yaml.Node
MappingNode = yaml.MappingNode
ScalarNode = yaml.ScalarNode
SequenceNode = yaml.SequenceNode
YAMLError = yaml.YAMLError  # python-frontmatter parses with PyYAML and lets its errors through


def compose_yaml(text: str, path: Path) -> Node | None:
    """Parse YAML into nodes; a syntax error becomes one FILE:LINE error."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise PostbindError(Diagnostic("error", f"malformed YAML: {problem}", path, line)) from None
    except yaml.YAMLError as exc:
        raise PostbindError(Diagnostic("error", f"malformed YAML: {exc}", path)) from None


class Constructor:
    """Turns a scalar node into its Python value (int, bool, date, text) as YAML's safe loader would."""

    def __init__(self) -> None:
        self._loader = yaml.SafeLoader("")

    def value(self, node: Node) -> object:
        return self._loader.construct_object(node)


def load_yaml(text: str) -> object:
    """Plain YAML data (front matter, a site's _config.yml); errors are `YAMLError`."""
    return yaml.safe_load(text)
