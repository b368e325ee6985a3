"""Writers (EPUB, PDF) and the staging that makes their outputs atomic."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from postbind.errors import book_error


@contextlib.contextmanager
def staged_outputs(targets: dict[str, Path]) -> Iterator[dict[str, Path]]:
    """Temporary files beside each target, renamed into place only if the block succeeds.

    On any failure (an error, Ctrl-C) the temporaries are removed and the
    previous outputs are left exactly as they were.
    """
    staged: dict[str, Path] = {}
    try:
        for fmt, target in targets.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
            except OSError as exc:
                raise book_error(f"cannot write to {target.parent}: {exc.strerror}", target) from None
            os.close(handle)
            staged[fmt] = Path(name)
        yield staged
        for fmt, temp in staged.items():
            os.chmod(temp, 0o644)
            os.replace(temp, targets[fmt])
    finally:
        for temp in staged.values():
            temp.unlink(missing_ok=True)
