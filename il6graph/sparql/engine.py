"""Query engine processes: evaluation away from the caller, with a deadline that holds.

An :class:`Engine` is one ``python -m il6graph.sparql.worker`` process holding one graph: the
store's Oxigraph folder opened read-only, or N-Quads it is sent when the graph only lives in
memory. A query that runs past its deadline is stopped by killing the process, which frees every
byte it held at once (Oxigraph cannot be interrupted from inside); the next query starts a fresh
engine, in tens of milliseconds. The engine cannot reach the network
(:mod:`il6graph.sparql.sandbox`) and its memory is capped (:data:`MEMORY_LIMIT`).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import selectors
import struct
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from il6graph.errors import InputError

__all__ = ["MEMORY_LIMIT", "Engine", "EngineError", "engine_for", "python_environment"]


def _default_memory_limit() -> int:
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        physical = 8 << 30
    return int(os.environ.get("IL6GRAPH_ENGINE_MEMORY") or min(4 << 30, physical // 2))


MEMORY_LIMIT = _default_memory_limit()  # bytes of heap an engine may use
START_WITHIN = 60.0  # seconds an engine may take to open or load its graph


class EngineError(Exception):
    """The engine stopped or refused; ``kind`` is ``timeout``, ``syntax``, ``failed`` or ``died``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.message = kind, message


def python_environment() -> dict[str, str]:
    """The environment for a child Python that must import this same il6graph."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    env["IL6GRAPH_ENGINE_MEMORY"] = str(MEMORY_LIMIT)
    return env


@dataclass(frozen=True)
class Source:
    """Where an engine gets its graph: a read-only folder, or N-Quads made on demand."""

    folder: Path | None = None
    nquads: Callable[[], bytes] | None = None
    default_graphs: tuple[str, ...] = ()  # "" is the default graph


class Engine:
    """One engine process, started on first use and after a kill; one query at a time."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.process: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "il6graph.sparql.worker"]
        if self.source.folder is not None:
            command += ["--folder", str(self.source.folder)]
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=python_environment(),
            close_fds=True,
        )
        self.process = process
        if self.source.folder is None and self.source.nquads is not None:
            assert process.stdin is not None
            data = self.source.nquads()
            try:
                process.stdin.write(struct.pack(">I", len(data)) + data)
                process.stdin.flush()
            except BrokenPipeError:
                pass
        ready = self._receive(START_WITHIN, starting=True)
        if "error" in ready:
            self.stop()
            raise EngineError("failed", ready["error"])
        return process

    def run(self, query: str, *, limit: int, timeout: float | None) -> dict[str, Any]:
        """The engine's answer to ``query`` (at most ``limit`` rows, 0: all), or
        :class:`EngineError`; past ``timeout`` seconds the engine is killed."""
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self._start()
            assert self.process is not None and self.process.stdin is not None
            request = {"query": query, "limit": limit}
            if self.source.default_graphs:
                request["default_graphs"] = list(self.source.default_graphs)
            data = json.dumps(request).encode("utf-8")
            try:
                self.process.stdin.write(struct.pack(">I", len(data)) + data)
                self.process.stdin.flush()
            except BrokenPipeError:
                self._died()
            answer = self._receive(timeout)
            if "error" in answer:
                raise EngineError(answer.get("kind", "failed"), answer["error"])
            return answer

    def _receive(self, timeout: float | None, *, starting: bool = False) -> dict[str, Any]:
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout
        deadline = None if not timeout or timeout <= 0 else time.monotonic() + timeout
        buffer = bytearray()
        needed = 4
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            while len(buffer) < needed:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    self.stop()
                    if starting:
                        raise EngineError(
                            "failed", f"the query engine did not start within {timeout:g} s"
                        )
                    raise EngineError("timeout", f"did not finish within {timeout:g} s")
                if not selector.select(left):
                    continue
                chunk = os.read(stream.fileno(), max(65536, needed - len(buffer)))
                if not chunk:
                    self._died()
                buffer += chunk
                if len(buffer) >= 4 and needed == 4:
                    needed = 4 + struct.unpack(">I", bytes(buffer[:4]))[0]
        result: dict[str, Any] = json.loads(bytes(buffer[4:needed]))
        return result

    def _died(self) -> None:
        assert self.process is not None
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        code = self.process.returncode
        detail = b""
        if self.process.stderr is not None:
            os.set_blocking(self.process.stderr.fileno(), False)
            detail = self.process.stderr.read(4096) or b""
        self.stop()
        text = " ".join(detail.decode("utf-8", "replace").split())
        if "memory allocation" in text or code in (-6, -9):
            limit = MEMORY_LIMIT / (1 << 30)
            raise EngineError(
                "died",
                f"the query needed more memory than an engine may use ({limit:.1f} GiB; "
                "IL6GRAPH_ENGINE_MEMORY sets it) and was stopped",
            )
        raise EngineError(
            "died",
            f"the query engine stopped (exit code {code}){': ' + text[:200] if text else ''}",
        )

    def stop(self) -> None:
        """Kill the process (an idle engine has nothing to save)."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


_ENGINES: OrderedDict[Any, Engine] = OrderedDict()
_ENGINES_LOCK = threading.Lock()
KEEP_ENGINES = 4  # engines kept running for later queries (the least recently used stops)


def engine_for(key: Any, source: Source) -> Engine:
    """A running engine for ``key`` (kept for later queries on the same graph)."""
    with _ENGINES_LOCK:
        engine = _ENGINES.pop(key, None) or Engine(source)
        _ENGINES[key] = engine
        while len(_ENGINES) > KEEP_ENGINES:
            _, oldest = _ENGINES.popitem(last=False)
            oldest.stop()
        return engine


def forget(key: Any) -> None:
    with _ENGINES_LOCK:
        engine = _ENGINES.pop(key, None)
    if engine is not None:
        engine.stop()


@atexit.register
def _stop_all() -> None:
    with _ENGINES_LOCK:
        engines = list(_ENGINES.values())
        _ENGINES.clear()
    for engine in engines:
        engine.stop()


def stop_engines(keys: Sequence[Any] | None = None) -> None:
    """Stop the kept engines (all of them by default)."""
    if keys is None:
        _stop_all()
    else:
        for key in keys:
            forget(key)


def describe_error(error: EngineError, where: str, timeout: float | None) -> InputError:
    """One line for the user."""
    if error.kind == "timeout":
        return InputError(
            f"{where}: did not finish within {timeout:g} s (raise --timeout, or narrow the query)"
        )
    if error.kind == "syntax":
        return InputError(f"{where}: the query engine refused the query: {error.message}")
    return InputError(f"{where}: the query failed: {error.message}")
