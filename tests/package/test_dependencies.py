"""Every module postbind imports at run time is the standard library's or a declared dependency's."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.helpers import REPO


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules() -> dict[str, str]:
    """Top-level module -> a file importing it, for every import in the package (lazy ones included)."""
    found = {}
    for path in sorted((REPO / "postbind").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return found


def test_every_import_is_a_declared_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        normal(re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]) for requirement in project["dependencies"]
    }
    # The `dask` extra's packages, in the one module that loads them, for `build --scheduler` only.
    extra = {normal(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]) for r in project["optional-dependencies"]["dask"]}
    distributions = packages_distributions()
    undeclared = {}
    for module, where in imported_modules().items():
        if module in sys.stdlib_module_names or module == "postbind":
            continue
        providers = {normal(d) for d in distributions.get(module, [])}
        if providers & extra and where == "postbind/cluster.py":
            continue
        if not providers & declared:
            undeclared[module] = (where, sorted(providers))
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"
