"""Shared fixtures: the bundled graph (loaded once), a writable copy of the data, the CLI; a
network guard and a loopback trap for the SPARQL hardening tests."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from il6graph.cli import main
from il6graph.resources import graph_path, sources_dir
from il6graph.store import load_graph

RESOURCES = Path(__file__).parent / "resources"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def store_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Stores built by the tests go to a folder of the test session, never the user's cache."""
    import os

    folder = tmp_path_factory.mktemp("stores")
    before = os.environ.get("IL6GRAPH_STORE")
    os.environ["IL6GRAPH_STORE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("IL6GRAPH_STORE", None)
    else:
        os.environ["IL6GRAPH_STORE"] = before


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The bundled graph. Read-only: tests that change a graph load their own."""
    return load_graph()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (triples.ttl and sources/) in a temporary folder."""
    target = tmp_path / "data"
    (target / "sources").mkdir(parents=True)
    shutil.copy(graph_path(), target / "triples.ttl")
    for source in sources_dir().iterdir():
        shutil.copy(source, target / "sources" / source.name)
    return target


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> Callable[..., Outcome]:
    """Run ``il6graph ARGS...`` in-process and return its exit code, stdout and stderr."""

    def run(*args: str) -> Outcome:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run


@dataclass
class Trap:
    """A real TCP listener on loopback that records every connection made to it.

    A SERVICE, FROM or LOAD pointed at ``trap.url`` would reach it; tests assert it was not.
    """

    url: str
    connections: list[bytes]

    def hits(self, settle: float = 0.3) -> list[bytes]:
        """The connections so far, after waiting ``settle`` seconds for late ones."""
        time.sleep(settle)
        return list(self.connections)


@pytest.fixture
def trap() -> Iterator[Trap]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.05)
    found = Trap(f"http://127.0.0.1:{listener.getsockname()[1]}/sparql", [])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    found.connections.append(connection.recv(4096) or b"(connected, sent nothing)")
                except OSError:
                    found.connections.append(b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield found
    stop.set()
    thread.join()
    listener.close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Python code in the test may connect to loopback only; other addresses raise, and are
    listed (the test fails if any was tried). Native engines bypass this: see ``trap``."""
    attempts: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def allowed(address: object) -> bool:
        if not isinstance(address, tuple):
            return True  # a Unix socket
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def connect(self: socket.socket, address: object) -> None:
        if not allowed(address):
            attempts.append(address)
            raise OSError(f"network blocked by the test: {address}")
        real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        if not allowed(address):
            attempts.append(address)
            raise OSError(f"network blocked by the test: {address}")
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield attempts
    assert attempts == [], f"the test tried to reach the network: {attempts}"
