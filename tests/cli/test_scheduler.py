"""`postbind build --scheduler`: a real `dask scheduler` and two `dask worker` processes on this machine
render the PDF's sections, and the book is page for page the one a local build makes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import REPO, build_book, run_cli, write_book

pytestmark = pytest.mark.heavy  # starts a Dask cluster


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(args: list[str], log: Path) -> subprocess.Popen:
    """A Dask command in a process group of its own (a worker's nanny starts the worker as its child)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))  # the workers import this postbind, not another install
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", *args], stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


@pytest.fixture
def two_worker_cluster(tmp_path) -> Iterator[str]:
    """A scheduler on a free port of 127.0.0.1 and two single-thread workers; its address, once both joined."""
    from distributed import Client  # make check installs postbind[dask]

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = []
    try:
        processes.append(
            start(
                ["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                tmp_path / "scheduler.log",
            )
        )
        for name in ("w1", "w2"):
            worker = ["distributed.cli.dask_worker", address, "--nworkers", "1", "--nthreads", "1", "--name", name]
            worker += ["--no-dashboard", "--local-directory", str(tmp_path / name)]
            processes.append(start(worker, tmp_path / f"{name}.log"))
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            stop(process)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_a_book_built_on_a_two_worker_cluster_is_the_local_book(tmp_path, monkeypatch, two_worker_cluster):
    from distributed import Client

    monkeypatch.setenv("POSTBIND_CACHE", "off")
    # 14 chapters: rendered in sections by any rule (write/pdf.py's SECTIONS_FROM was 12)
    posts = {f"p{n:02}.md": f"---\ntitle: Post {n}\n---\n\n" + f"Words of post {n}. " * 80 + "\n" for n in range(14)}
    folder = write_book(tmp_path / "book", "title: Spread\nchapters: [" + ", ".join(posts) + "]\n", posts)
    local = build_book(folder, tmp_path / "local", "--format", "pdf", "--workers", "1")
    with Client(two_worker_cluster, timeout=30, set_as_default=False) as client:
        client.get_task_stream()  # the scheduler records tasks from now on
        started = time.time()
        spread = run_cli(
            "build", str(folder), "-o", str(tmp_path / "dask"), "--format", "pdf", "--scheduler", two_worker_cluster
        )
        tasks = client.get_task_stream(start=started)
        names = {worker["name"] for worker in client.scheduler_info()["workers"].values()}
    assert spread.exit_code == 0, spread.stderr
    rendered_by = [task["worker"] for task in tasks if "render_section" in str(task["key"])]
    assert len(rendered_by) >= len(posts) and len(set(rendered_by)) == 2, rendered_by
    assert names == {"w1", "w2"}
    local_pages = page_texts(local.output("pdf"))
    assert len(local_pages) > len(posts)
    assert page_texts(tmp_path / "dask" / "spread.pdf") == local_pages
