"""docs/book-yaml.md is what the config schema says."""

from __future__ import annotations

from tests.helpers import REPO


def test_book_yaml_reference_is_current():
    from postbind.reference import reference

    assert (REPO / "docs" / "book-yaml.md").read_text(encoding="utf-8") == reference(), "run: make docs"
