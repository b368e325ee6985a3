"""A running Dask cluster as the PDF's executor (the only module that imports Dask: `postbind[dask]`).

`postbind build --scheduler tcp://HOST:8786` hands the PDF's sections to the cluster's workers;
each section's job carries its HTML and CSS, and the workers read the book's pictures and the
theme's files from the same paths as the machine that runs the build (write/sections.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor

from postbind.errors import PostbindError

CONNECT_SECONDS = 10  # how long to wait for the scheduler before giving up


@contextlib.contextmanager
def dask_executor(address: str, timeout: float | None = None) -> Iterator[Executor]:
    """An executor on the Dask scheduler at `address`, for the length of the block; the client is closed after."""
    timeout = timeout or CONNECT_SECONDS
    try:
        from distributed import Client
    except ImportError:
        raise PostbindError("--scheduler needs Dask: install postbind[dask]") from None
    _check_address(address)
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise PostbindError(f"cannot reach the Dask scheduler at {address}: {_first_line(exc)}") from None
    try:
        yield client.get_executor()
    finally:
        client.close()


def _check_address(address: str) -> None:
    """A malformed address is refused before a client exists (a half-made client hangs at exit)."""
    from distributed.comm import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as exc:
        raise PostbindError(f"--scheduler {address}: not a Dask scheduler's address ({_first_line(exc)})") from None


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
