"""What the commands print: colours only on a terminal, -q and -v."""

from __future__ import annotations

import io

from postbind.errors import Diagnostic, show
from tests.helpers import run_cli, write_book


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_diagnostics_coloured_on_a_terminal_plain_when_piped(monkeypatch):
    diagnostic = Diagnostic("error", "something wrong", "book.yaml", 3)
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal, pipe = Terminal(), io.StringIO()
    show(diagnostic, terminal)
    show(diagnostic, pipe)
    assert terminal.getvalue() == "book.yaml:3: \x1b[1;31merror\x1b[0m: something wrong\n"
    assert pipe.getvalue() == "book.yaml:3: error: something wrong\n"
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Terminal()
    show(diagnostic, plain)
    assert plain.getvalue() == pipe.getvalue()
    assert run_cli("build", "--help").exit_code == 0


def test_quiet_and_verbose(tmp_path):
    folder = write_book(
        tmp_path / "b", "title: T\nchapters: [a.md]\n", {"a.md": "---\ntitle: A\n---\n\n![x](gone.png)\n"}
    )
    quiet = run_cli("build", str(folder), "-o", str(tmp_path / "q"), "-q", "--format", "epub")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    verbose = run_cli("build", str(folder), "-o", str(tmp_path / "v"), "-v", "--format", "epub")
    assert "warning: image left out" in verbose.stderr and " KB)" in verbose.stderr and "1 chapters" in verbose.stderr
