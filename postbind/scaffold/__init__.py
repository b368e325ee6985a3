"""`postbind new`: a book that builds at once, to start from.

The files beside this module (book.yaml, posts/, styles/) are copied as they are.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from postbind.errors import book_error

HERE = Path(__file__).resolve().parent


def create(folder: Path) -> Path:
    if folder.exists() and any(folder.iterdir()):
        raise book_error(f"{folder} exists and is not empty: choose a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    for source in HERE.rglob("*"):
        if source.is_file() and source.suffix != ".py" and "__pycache__" not in source.parts:
            target = folder / source.relative_to(HERE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return folder / "book.yaml"
