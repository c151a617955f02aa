"""The endpoint's engines: a few ``oxigraph serve-read-only`` processes on one store, supervised.

Each engine answers one query at a time, so a query that overruns its deadline is stopped by
killing its engine, which frees its memory at once; a supervisor thread starts a fresh one on
the same read-only folder in milliseconds, and restarts any engine that dies. Engines get no
``--timeout-s``: the Oxigraph server starts one thread per query that sleeps for the whole
timeout (measured: ~16,000 threads at ~650 queries/s, then a panic), and the deadline is kept
here instead. Every engine runs confined (:mod:`il6graph.sparql.sandbox`, ``listener`` mode: it
can listen and answer on loopback, never connect out) with its memory capped.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from il6graph.endpoint.oxigraph import free_port, oxigraph_command
from il6graph.errors import InputError
from il6graph.sparql.engine import python_environment

__all__ = ["Busy", "EngineSlot", "Overrun", "Pool"]


class Busy(Exception):
    """Every engine stayed busy for as long as a request may wait."""


class Overrun(Exception):
    """The query ran past its deadline; its engine was killed."""


@dataclass
class EngineSlot:
    """One engine process and the keep-alive connection to it."""

    number: int
    process: subprocess.Popen[bytes] | None = None
    port: int = 0
    connection: http.client.HTTPConnection | None = field(default=None, repr=False)
    busy: bool = False

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.wait()


class Pool:
    """``size`` supervised engines on the Oxigraph ``folder``, opened read-only."""

    def __init__(self, folder: Path, *, size: int = 2) -> None:
        self.folder = folder
        self.slots = [EngineSlot(n) for n in range(size)]
        self.condition = threading.Condition()
        self.restarts = 0
        self.stopping = False
        self.supervisor = threading.Thread(
            target=self._supervise, name="il6graph-engine-supervisor", daemon=True
        )

    # -- life cycle

    def start(self, *, ready_within: float = 30.0) -> None:
        """Start every engine (from the supervisor thread, which they die with)."""
        self.supervisor.start()
        deadline = time.monotonic() + ready_within
        with self.condition:
            while not all(slot.alive() and slot.port for slot in self.slots):
                if self.stopping or time.monotonic() > deadline:
                    raise InputError(
                        f"the Oxigraph server did not start on {self.folder} within "
                        f"{ready_within:g} s"
                    )
                self.condition.wait(0.1)

    def stop(self) -> None:
        with self.condition:
            self.stopping = True
            self.condition.notify_all()
        if self.supervisor.is_alive():
            self.supervisor.join(10)
        for slot in self.slots:
            slot.kill()

    def _supervise(self) -> None:
        # Engines are started from this thread only: the kernel's parent-death signal follows
        # the thread that started a process, and this one lives as long as the pool.
        failures = 0
        while True:
            with self.condition:
                if self.stopping:
                    return
                dead = [s for s in self.slots if not s.busy and not s.alive()]
                if not dead:
                    self.condition.wait(0.25)
                    continue
                for slot in dead:
                    slot.busy = True  # not handed out while it starts
            # Launch them all, then wait: engines open the folder side by side.
            launched = [(slot, slot.process is not None, self._launch(slot)) for slot in dead]
            for slot, again, (process, port) in launched:
                started = self._ready(slot, process, port)
                failures = 0 if started else failures + 1
                with self.condition:
                    slot.busy = False
                    self.restarts += started and again
                    self.condition.notify_all()
            if failures:
                time.sleep(min(2.0, 0.05 * failures))

    def _launch(self, slot: EngineSlot) -> tuple[subprocess.Popen[bytes], int]:
        slot.kill()
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "il6graph.sparql.sandbox",
            "listener",
            "--",
            oxigraph_command(),
            "serve-read-only",
            "--location",
            str(self.folder),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ]
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=python_environment(),
        )
        return process, port

    def _ready(self, slot: EngineSlot, process: subprocess.Popen[bytes], port: int) -> bool:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=0.5),
            ):
                slot.process, slot.port = process, port
                return True
            time.sleep(0.01)
        process.kill()
        process.wait()
        return False

    # -- handing engines out

    @contextlib.contextmanager
    def engine(self, *, wait: float) -> Iterator[EngineSlot]:
        """An idle, live engine for one query; :class:`Busy` after ``wait`` seconds."""
        deadline = time.monotonic() + wait
        with self.condition:
            while True:
                idle = next((s for s in self.slots if not s.busy and s.alive()), None)
                if idle is not None:
                    idle.busy = True
                    break
                left = deadline - time.monotonic()
                if left <= 0 or self.stopping:
                    raise Busy()
                self.condition.wait(left)
        try:
            yield idle
        finally:
            with self.condition:
                idle.busy = False
                self.condition.notify_all()

    def ask(
        self, slot: EngineSlot, body: bytes, headers: dict[str, str], *, deadline: float, limit: int
    ) -> tuple[int, str, bytes]:
        """POST a query to ``slot``'s engine; kill the engine past ``deadline`` (monotonic).
        Returns the status, content type and body (at most ``limit`` bytes, else
        :class:`ValueError`)."""
        for attempt in (1, 2):
            if slot.connection is None:
                slot.connection = http.client.HTTPConnection("127.0.0.1", slot.port)
            try:
                slot.connection.timeout = max(0.01, deadline - time.monotonic())
                slot.connection.request("POST", "/query", body=body, headers=headers)
                response = slot.connection.getresponse()
                chunks: list[bytes] = []
                size = 0
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    if slot.connection.sock is not None:
                        slot.connection.sock.settimeout(left)
                    chunk = response.read1(65536) if hasattr(response, "read1") else b""
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        slot.kill()  # the rest of the answer is not wanted
                        raise ValueError(size)
                    chunks.append(chunk)
                return response.status, response.getheader("Content-Type") or "", b"".join(chunks)
            except TimeoutError:
                slot.kill()
                raise Overrun() from None
            except (http.client.HTTPException, ConnectionError) as error:
                slot.connection.close()
                slot.connection = None
                if time.monotonic() >= deadline:
                    slot.kill()
                    raise Overrun() from None
                if attempt == 2 or not slot.alive():
                    slot.kill()
                    raise ConnectionError(str(error) or type(error).__name__) from None
        raise AssertionError  # pragma: no cover

    def health(self) -> dict[str, int]:
        with self.condition:
            return {
                "engines": len(self.slots),
                "alive": sum(s.alive() for s in self.slots),
                "busy": sum(s.busy for s in self.slots),
                "restarts": self.restarts,
            }

    def pids(self) -> list[int]:
        """The engines' process ids (for tests and ``/health``)."""
        with self.condition:
            return [s.process.pid for s in self.slots if s.process is not None and s.alive()]
