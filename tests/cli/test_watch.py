"""`postbind watch`: the web edition served on this machine, rebuilt when a post changes."""

from __future__ import annotations

import io
import re
import threading
import time
import urllib.request

import pytest

from postbind.errors import Reporter
from postbind.watch import watch
from tests.helpers import write_book

POST = "---\ntitle: {title}\n---\n\nSome words of the post.\n"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def watched(tmp_path):
    """A book being watched: (its folder, the server's address), stopped after the test."""
    folder = write_book(
        tmp_path / "b", "title: Watched\nchapters: [a.md]\n", {"a.md": POST.format(title="First Title")}
    )
    log, stop = io.StringIO(), threading.Event()
    thread = threading.Thread(target=watch, args=(folder, tmp_path / "out", 0, Reporter(stream=log), stop))
    thread.start()
    address = wait_for(lambda: re.search(r"serving (http://127\.0\.0\.1:\d+/)", log.getvalue()))
    yield folder, address.group(1), log
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()


def test_serves_the_edition_and_rebuilds_on_change(watched):
    folder, address, _log = watched
    assert address.startswith("http://127.0.0.1:")
    index = fetch(address)
    assert "First Title" in index and "/__postbind/build" in index  # the reload script
    assert fetch(address + "__postbind/build") == "1"
    (folder / "a.md").write_text(POST.format(title="Second Title"))
    wait_for(lambda: fetch(address + "__postbind/build") == "2")
    assert "Second Title" in fetch(address + "a.html")


def test_a_broken_edit_keeps_the_last_good_edition(watched):
    folder, address, log = watched
    (folder / "book.yaml").write_text("title: Watched\nchapters: [a.md, missing.md]\n")
    wait_for(lambda: "missing.md: no such file" in log.getvalue())
    assert fetch(address + "__postbind/build") == "1"
    assert "First Title" in fetch(address + "a.html")
