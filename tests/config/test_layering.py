"""The config knows nothing of readers or pictures: it checks book.yaml's shape and values only."""

from __future__ import annotations

import subprocess
import sys


def test_config_imports_no_reader_and_no_pillow():
    code = (
        "import sys, postbind.config\n"
        "print(sorted(m for m in sys.modules if m.startswith(('postbind.ingest', 'postbind.imaging', 'PIL',"
        " 'feedparser', 'trafilatura', 'postbind.plan'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
