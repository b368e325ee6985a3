"""Source formats to HTML through pandoc (the only module that uses pypandoc).

All posts of a build go through one `pandoc lua` process: starting pandoc per
post costs more than converting it. The bundled pandoc of pypandoc-binary is
used, never one found on PATH, so a book builds the same on every machine.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypandoc

from postbind.errors import MissingDependency

SCRIPT = Path(__file__).with_name("convert.lua")
# Pandoc's Markdown, minus a YAML block in the body (front matter is read already),
# plus lists right after a paragraph line, as blog engines (CommonMark, GFM) allow.
PANDOC_FORMATS = {"markdown": "markdown-yaml_metadata_block+lists_without_preceding_blankline"}


@dataclass(frozen=True)
class Converted:
    html: str | None
    error: str | None = None


def pandoc_path() -> str:
    bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
    if bundled.is_file():
        return str(bundled)
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        raise MissingDependency("pandoc not found: reinstall postbind (it needs pypandoc-binary)") from None


def to_html(sources: list[tuple[str, str]]) -> list[Converted]:
    """Convert (text, format) pairs to HTML fragments in one pandoc process."""
    if not sources:
        return []
    jobs = [{"text": text, "from": PANDOC_FORMATS[fmt]} for text, fmt in sources]
    done = subprocess.run(
        [pandoc_path(), "lua", str(SCRIPT)],
        input=json.dumps(jobs).encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed: {done.stderr.decode('utf-8', 'replace')}")
    return [Converted(r.get("html"), r.get("error")) for r in json.loads(done.stdout)]
