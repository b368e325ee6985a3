"""What a reader may need besides the file: folders book.yaml names for a source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReadOptions:
    media: Path | None = None  # a WordPress export's uploads (wp-content/uploads/… or flat)
    site_root: Path | None = None  # where site-absolute paths such as /assets/… resolve
