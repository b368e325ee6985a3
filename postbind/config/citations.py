"""book.yaml's citation keys (`bibliography`, `csl`, `references`), checked into `CitationSettings`.

Whether a bibliography or a style can be read is found when the book is converted (pandoc reads
them, see postbind/citations.py); here only that the files exist and are of a kind pandoc reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from postbind.config.checker import Checker, Node

# The bibliography formats pandoc's citeproc reads, by file name ending.
BIBLIOGRAPHY_EXTENSIONS = (".bib", ".bibtex", ".json", ".yaml", ".yml")
PLACES = ("chapter", "book")  # where the references go: each chapter's end, or one back-matter chapter


@dataclass(frozen=True)
class CitationSettings:
    """The book's bibliographies and citation style; empty when the book cites nothing."""

    bibliography: tuple[Path, ...] = ()
    csl: Path | None = None  # None: pandoc's built-in Chicago author-date
    references: str = "chapter"


def citation_settings(ck: Checker, keys: dict[str, Node], root: Path) -> CitationSettings:
    """The `bibliography`, `csl` and `references` keys of book.yaml's top level."""
    paths = [_bibliography(ck, item, root) for item in _items(ck, keys.get("bibliography"))]
    csl = ck.path(keys.get("csl"), "csl", root, kind="file")
    if csl is not None and csl.suffix.lower() != ".csl":
        ck.error(keys["csl"], "csl", f"{csl.name}: not a citation style (a .csl file)")
        csl = None
    return CitationSettings(
        bibliography=tuple(path for path in paths if path is not None),
        csl=csl,
        references=ck.choice(keys.get("references"), "references", PLACES) or "chapter",
    )


def _bibliography(ck: Checker, node: Node, root: Path) -> Path | None:
    path = ck.path(node, "bibliography", root, kind="file")
    if path is not None and path.suffix.lower() not in BIBLIOGRAPHY_EXTENSIONS:
        ck.error(node, "bibliography", f"{path.name}: not a bibliography ({', '.join(BIBLIOGRAPHY_EXTENSIONS)})")
        return None
    return path


def _items(ck: Checker, node: Node | None) -> list[Node]:
    """A path or a list of paths, as nodes (so each problem has its own line)."""
    if node is None:
        return []
    return ck.sequence(node, "bibliography") if ck.is_sequence(node) else [node]
