"""Load on `il6graph serve` (il6graph.endpoint): loopback only, bounded in count and time. No
errors, threads bounded, and an engine killed mid-load is replaced with no error seen."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from il6graph.endpoint import Endpoint
from il6graph.endpoint.front import THREADS

CLIENTS = 8
PER_CLIENT = 200  # requests; each client also stops after SECONDS
SECONDS = 6.0
QUERIES = [
    "SELECT ?label WHERE { hgnc:6018 rdfs:label ?label }",
    "ASK { hgnc:6018 il6v:activates ?x }",
    "SELECT ?x WHERE { ?x a biolink:Cell } LIMIT 5",
]


def _threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with Endpoint.start(port=0, timeout=10, engines=2) as running:
        yield running


def _load(endpoint: Endpoint, *, during: callable | None = None) -> dict[str, object]:  # type: ignore[valid-type]
    port = endpoint.front.server_address[1]
    errors: list[str] = []
    done = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        for n in range(PER_CLIENT):
            if time.monotonic() > stop_at:
                break
            query = QUERIES[(number + n) % len(QUERIES)]
            try:
                connection.request(
                    "POST",
                    "/query",
                    body=query.encode(),
                    headers={
                        "Content-Type": "application/sparql-query",
                        "Accept": "application/sparql-results+json",
                    },
                )
                response = connection.getresponse()
                body = response.read()
                if response.status != 200:
                    errors.append(f"{response.status} {body[:100]!r}")
            except (OSError, http.client.HTTPException) as error:
                errors.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            with lock:
                done[0] += 1
        connection.close()

    clients = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.monotonic()
    for thread in clients:
        thread.start()
    most_front, most_engine = 0, 0
    fired = False
    while any(thread.is_alive() for thread in clients):
        most_front = max(most_front, threading.active_count() - CLIENTS)
        for pid in endpoint.pool.pids():
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                most_engine = max(most_engine, _threads(pid))
        if during is not None and not fired and time.monotonic() - started > 1.0:
            during()
            fired = True
        time.sleep(0.05)
    took = time.monotonic() - started
    print(
        f"\n{done[0]} requests in {took:.1f} s ({done[0] / took:.0f}/s), {len(errors)} errors, "
        f"at most {most_front} threads in the front's process, {most_engine} in an engine"
    )
    return {"done": done[0], "errors": errors, "front": most_front, "engine": most_engine}


def test_sustained_load_has_no_error_and_bounded_threads(endpoint: Endpoint):
    figures = _load(endpoint)
    assert figures["errors"] == []
    assert figures["done"] >= 200
    # the front's fixed threads, the supervisor, the serving thread and this test's own
    assert figures["front"] <= THREADS + 8
    assert figures["engine"] <= 64  # no timeout thread per query in the engines


def test_an_engine_killed_mid_load_is_replaced_and_no_request_fails(endpoint: Endpoint):
    victim = endpoint.pool.pids()[0]
    restarts = endpoint.pool.health()["restarts"]
    figures = _load(endpoint, during=lambda: os.kill(victim, signal.SIGKILL))
    assert figures["errors"] == []
    deadline = time.monotonic() + 5
    while len(endpoint.pool.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert victim not in endpoint.pool.pids() and len(endpoint.pool.pids()) == 2
    assert endpoint.pool.health()["restarts"] > restarts
