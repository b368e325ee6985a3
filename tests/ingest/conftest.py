"""Fixtures of the reader tests: bench/archive.py, the maker of big generated exports."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def archive():
    """bench/archive.py, loaded by path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_archive", ROOT / "bench" / "archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
