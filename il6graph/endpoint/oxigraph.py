"""The Oxigraph server program (PyPI ``oxigraph``): find it, load a database folder with it, and
run it as a plain writable server (:class:`OxigraphServer`, what ``push`` tests and benchmarks
talk to). The endpoint's own engines are :mod:`il6graph.endpoint.pool`.

>>> oxigraph_command().endswith("oxigraph")
True
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from il6graph.errors import InputError
from il6graph.store import rdf_file_format

__all__ = ["OxigraphServer", "free_port", "load_store", "oxigraph_command"]

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0  # seconds a query may run on the server
MAX_QUERY_BYTES = 1 << 20
LOAD_FORMATS = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
}


def oxigraph_command() -> str:
    """The ``oxigraph`` server program (from PyPI ``oxigraph``), beside this Python or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise InputError("the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _die_with_parent() -> None:
    # Runs in the child before exec: if il6graph is killed outright (SIGKILL), the kernel sends
    # the server SIGTERM, so no server outlives its parent. Linux only; elsewhere a no-op.
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def load_store(location: Path, paths: Sequence[Path]) -> None:
    """Load RDF files into a new Oxigraph database folder with ``oxigraph load``."""
    for path in paths:
        mime = rdf_file_format(path, LOAD_FORMATS)
        done = subprocess.run(
            [
                oxigraph_command(),
                "load",
                "--location",
                str(location),
                "--format",
                mime,
                "--file",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise InputError(_load_error(path, done.stderr))


def _load_error(path: Path, stderr: str) -> str:
    import re

    # "Error while loading file F: Parser error between line L column C and ...: reason"
    for line in stderr.splitlines():
        found = re.search(r"line (\d+) column (\d+)[^:]*: (.*)", line)
        if "Error while loading" in line and found:
            return f"{path}:{found.group(1)}:{found.group(2)}: {found.group(3)}"
    lines = [line for line in stderr.splitlines() if line.strip()]
    return f"{path}: oxigraph could not load it: {lines[0] if lines else 'no reason given'}"


@dataclass
class OxigraphServer:
    """An ``oxigraph serve`` (writable, in memory) or ``serve-read-only`` process on loopback.

    ``stop()`` ends it and removes its folder, so no process, database or lock is left behind.
    """

    process: subprocess.Popen[bytes]
    base: str  # http://127.0.0.1:PORT
    folder: Path  # its log, and its database when read-only
    _stopped: bool = field(default=False, repr=False)

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol URL (for ``il6graph push``)."""
        return self.base + "/store"

    @classmethod
    def start(
        cls,
        paths: Sequence[Path] = (),
        *,
        read_only: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        port: int = 0,
        ready_within: float = 20.0,
    ) -> OxigraphServer:
        """Start a server holding ``paths`` (read-only) or nothing yet (writable, in memory)."""
        folder = Path(tempfile.mkdtemp(prefix="il6graph-oxigraph-"))
        process: subprocess.Popen[bytes] | None = None
        try:
            command = [oxigraph_command()]
            if read_only:
                load_store(folder / "store", paths)
                command += ["serve-read-only", "--location", str(folder / "store")]
            else:
                command += ["serve"]
            chosen = port or free_port()
            command += ["--bind", f"127.0.0.1:{chosen}", "--timeout-s", str(max(1, round(timeout)))]
            with open(folder / "server.log", "wb") as log:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
                )
            server = cls(process, f"http://127.0.0.1:{chosen}", folder)
            server._wait_ready(ready_within)
            return server
        except BaseException:  # Ctrl-C while loading included: leave nothing behind
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def _wait_ready(self, within: float) -> None:
        deadline = time.monotonic() + within
        host, port = "127.0.0.1", int(self.base.rsplit(":", 1)[1])
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "server.log").read_text(errors="replace").strip()
                self.stop()
                last = log.splitlines()[-1] if log else f"exit code {self.process.returncode}"
                raise InputError(f"the Oxigraph server did not start on port {port}: {last}")
            with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
                return
            time.sleep(0.02)
        self.stop()
        raise InputError(f"the Oxigraph server did not answer on port {port} within {within:g} s")

    def stop(self) -> None:
        """End the server (SIGTERM, then SIGKILL after 5 s) and remove its folder."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> OxigraphServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
