"""Deadlines (il6graph.sparql.engine, execution): a query bomb stops within its --timeout plus a
second, and its memory is freed with its engine."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from il6graph.errors import InputError
from il6graph.sparql import query_dataset, run_query
from il6graph.sparql.engine import _ENGINES

VALUES = " ".join(str(n) for n in range(200))
BOMBS = {
    "ask": (
        f"ASK {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} VALUES ?c {{ {VALUES} }} "
        f"VALUES ?d {{ {VALUES} }} FILTER(?a + ?b + ?c + ?d < 0) }}"
    ),
    "count": (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} "
        f"VALUES ?c {{ {VALUES} }} VALUES ?d {{ {VALUES} }} }}"
    ),
    "order-by": (
        f"SELECT * WHERE {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} "
        f"VALUES ?c {{ {VALUES} }} VALUES ?d {{ {VALUES} }} }} ORDER BY DESC(?d) ?c LIMIT 1"
    ),
}


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_bomb_stops_at_the_deadline_through_the_command_line(cli, name: str):
    started = time.monotonic()
    result = cli("query", BOMBS[name], "--timeout", "2")
    took = time.monotonic() - started
    assert result.exit_code == 2
    assert (
        result.stderr
        == "il6graph: error: query: did not finish within 2 s (raise --timeout, or narrow the query)\n"
    )
    assert took < 2 + 1, f"{name} took {took:.2f} s with --timeout 2"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc")
def test_the_bomb_s_memory_is_freed_with_its_engine():
    store = query_dataset()
    run_query(store, "ASK {}")  # the engine for this store is running
    engine = next(e for key, e in _ENGINES.items() if key == ("folder", str(store.folder)))
    assert engine.process is not None
    pid = engine.process.pid
    peak = [0.0]

    def watch() -> None:
        while Path(f"/proc/{pid}").exists():
            try:
                peak[0] = max(peak[0], _rss_mib(pid))
            except (FileNotFoundError, ProcessLookupError):
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.monotonic()
    # Stopped by the deadline, or (on a fast machine) earlier by the engine's memory cap: either
    # way within the deadline, and the engine goes with its memory.
    with pytest.raises(
        InputError, match=r"did not finish within 3 s|needed more memory than an engine may use"
    ):
        run_query(store, BOMBS["order-by"], timeout=3)
    took = time.monotonic() - started
    watcher.join(5)
    assert took < 3 + 1
    assert peak[0] > 200, f"the bomb should have grown its engine (peak {peak[0]:.0f} MiB)"
    assert not Path(f"/proc/{pid}").exists(), "the engine that ran the bomb is gone, memory and all"
    # the next query gets a fresh engine at once
    assert run_query(store, "ASK { ?s ?p ?o }").answer is True  # type: ignore[union-attr]
