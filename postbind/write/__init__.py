"""Writers (EPUB, PDF, HTML) and the staging that makes their outputs atomic."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from postbind.errors import book_error


@contextlib.contextmanager
def staged_outputs(targets: dict[str, Path]) -> Iterator[dict[str, Path]]:
    """Temporaries beside each target (a file, or a folder for the web edition), put in place only
    if the block succeeds.

    On any failure (an error, Ctrl-C) the temporaries are removed and the
    previous outputs are left exactly as they were.
    """
    staged: dict[str, Path] = {}
    try:
        for fmt, target in targets.items():
            staged[fmt] = _temporary(target, folder=target.suffix == "")
        yield staged
        for fmt, temp in staged.items():
            _put_in_place(temp, targets[fmt])
    finally:
        for temp in staged.values():
            if temp.is_dir():
                shutil.rmtree(temp, ignore_errors=True)
            else:
                temp.unlink(missing_ok=True)


def _temporary(target: Path, folder: bool) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if folder:
            return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise book_error(f"cannot write to {target.parent}: {exc.strerror}", target) from None
    os.close(handle)
    return Path(name)


def _put_in_place(temp: Path, target: Path) -> None:
    if not temp.is_dir():
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        return
    os.chmod(temp, 0o755)
    old = target.with_name(f".{target.name}.old")
    if target.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)  # a folder can't replace a folder in one step: the old one steps aside
    os.replace(temp, target)
    shutil.rmtree(old, ignore_errors=True)
