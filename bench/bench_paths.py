"""Route search on a synthetic claim graph and on a complete graph, against networkx in the same run.

    python bench/bench_paths.py [--claims 100000] [--pairs 200] [--limit 10]

1. Shortest route between random entity pairs (``find_paths(max_paths=1)``, after loading), against
   ``networkx.shortest_path`` (bidirectional BFS) and against plain ``networkx.all_simple_paths``
   asked shortest first (``cutoff=1, 2, ...`` until a path comes out).
2. ``find_paths`` with max-hops 4 from the best-connected entity (defaults: 20 routes, a 5 s
   deadline), against ``all_simple_paths(cutoff=4)`` for the first 20 paths and for all of them;
   ``truncated`` is checked against the full count, and the routes against networkx's paths.
   Then one search with no path limit and a 1 s deadline must return on time, truncated.
3. A complete directed graph of 12 nodes with the source-target edge added last: default bounds,
   every length with a 0.5 s deadline, and a target that cannot be reached.

networkx runs in a forked child killed after ``--limit`` seconds, so the baseline cannot hang the
bench; a killed run is reported as "> limit". Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_synthetic

from il6graph.graph_view import to_networkx
from il6graph.paths import find_paths
from il6graph.store import load_graph


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def guarded(action: Callable[[], Any], limit: float) -> tuple[float | None, Any]:
    """Run ``action`` in a forked child (it shares the loaded graph); None if it passes ``limit``."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def child() -> None:
        writer.send(timed(action))

    process = context.Process(target=child)
    process.start()
    writer.close()
    if reader.poll(limit):
        seconds, value = reader.recv()
        process.join()
        return seconds, value
    process.kill()
    process.join()
    return None, None


def ms(seconds: float | None, limit: float) -> str:
    return f"> {limit * 1000:,.0f} ms" if seconds is None else f"{seconds * 1000:,.2f} ms"


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:,.3f} ms" if values else "-"


def bfs_length(view: networkx.MultiDiGraph, source: str, target: str) -> int:
    try:
        return len(networkx.shortest_path(view, source, target)) - 1
    except networkx.NetworkXNoPath:
        return 0


def first_shortest(view: networkx.MultiDiGraph, source: str, target: str, max_hops: int) -> int:
    """Plain all_simple_paths asked for the shortest route: cutoff 1, 2, ... until a path."""
    for cutoff in range(1, max_hops + 1):
        if next(networkx.all_simple_paths(view, source, target, cutoff=cutoff), None):
            return cutoff
    return 0


def build(claims: int) -> networkx.MultiDiGraph:
    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic(Path(folder), claims=claims)
        load_seconds, graph = timed(lambda: load_graph(path))
        triples = len(graph)
        view_seconds, view = timed(lambda g=graph: to_networkx(g))
    del graph  # the bench asks the view only
    gc.collect()
    print(
        f"synthetic graph: {claims:,} claims, {triples:,} triples -> view of "
        f"{view.number_of_nodes():,} entities and {view.number_of_edges():,} claim edges "
        f"(load {load_seconds:.1f} s, to_networkx {view_seconds:.1f} s)"
    )
    return view


def shortest_routes(view: networkx.MultiDiGraph, pairs: int, limit: float) -> None:
    rng = random.Random(1)
    nodes = list(view)
    chosen = [tuple(rng.sample(nodes, 2)) for _ in range(pairs)]
    max_hops = 8
    ours: dict[bool, list[float]] = {True: [], False: []}
    bfs: list[float] = []
    agree = 0
    for source, target in chosen:
        seconds, search = timed(
            lambda s=source, t=target: find_paths(view, s, t, max_hops=max_hops, max_paths=1)
        )
        found = search.paths[0].length if search.paths else 0
        ours[bool(found)].append(seconds)
        bfs_seconds, expected = timed(lambda s=source, t=target: bfs_length(view, s, t))
        expected = expected if expected <= max_hops else 0
        bfs.append(bfs_seconds)
        agree += found == expected
    everything = ours[True] + ours[False]
    print(f"\n1. Shortest route, {pairs} random pairs (max-hops {max_hops}; seed 1)")
    print(
        f"  find_paths(max_paths=1)       median {median_ms(everything)}  "
        f"(with a route {len(ours[True])}: {median_ms(ours[True])}; "
        f"none {len(ours[False])}: {median_ms(ours[False])})  max {max(everything) * 1000:.2f} ms"
    )
    print(
        f"  networkx.shortest_path (BFS)  median {median_ms(bfs)}  "
        f"ratio find_paths/BFS {statistics.median(everything) / statistics.median(bfs):.1f}x; "
        f"same length for {agree} of {pairs} pairs"
    )
    sample = chosen[:20]
    pair_limit = min(1.0, limit)
    plain: list[float | None] = []
    for source, target in sample:
        seconds, _ = guarded(
            lambda s=source, t=target: first_shortest(view, s, t, max_hops), pair_limit
        )
        plain.append(seconds)
    done = sorted(s if s is not None else float("inf") for s in plain)
    middle = done[len(done) // 2]
    ours_sample = [
        timed(lambda s=s, t=t: find_paths(view, s, t, max_hops=max_hops, max_paths=1))[0]
        for s, t in sample
    ]
    print(
        f"  all_simple_paths, cutoff 1,2,..  median "
        f"{'> %.0f ms' % (pair_limit * 1000) if middle == float('inf') else median_ms([middle])} "
        f"over the first {len(sample)} pairs ({sum(s is None for s in plain)} killed at {pair_limit:.0f} s); "
        f"find_paths on the same pairs {median_ms(ours_sample)}"
        + (
            f", {middle / statistics.median(ours_sample):,.0f}x faster"
            if middle != float("inf")
            else ""
        )
    )


def from_the_hub(view: networkx.MultiDiGraph, limit: float) -> None:
    by_degree = sorted(view, key=view.degree, reverse=True)
    hub = by_degree[0]
    rng = random.Random(2)
    reachable = [n for n in rng.sample(by_degree[100:], 60) if view.in_degree(n) > 0]
    targets = by_degree[1:3] + reachable[:1]
    print(
        f"\n2. find_paths(max_hops=4) from the best-connected entity {hub} "
        f"(degree {view.degree(hub):,}); defaults: 20 routes, 5 s deadline"
    )
    ours_default, ours_all, plain_first, plain_all = [], [], [], []
    for target in targets:
        seconds, search = timed(lambda t=target: find_paths(view, hub, t, max_hops=4))
        all_seconds, every = timed(
            lambda t=target: find_paths(view, hub, t, max_hops=4, max_paths=10**7, timeout=60)
        )
        first_seconds, _ = guarded(
            lambda t=target: list(
                itertools.islice(networkx.all_simple_paths(view, hub, t, cutoff=4), 20)
            ),
            limit,
        )
        nx_seconds, nx_paths = guarded(
            lambda t=target: {tuple(p) for p in networkx.all_simple_paths(view, hub, t, cutoff=4)},
            limit,
        )
        ours_default.append(seconds)
        ours_all.append(all_seconds)
        plain_first.append(first_seconds)
        plain_all.append(nx_seconds)
        correct = search.truncated == (len(every.paths) > 20) and not every.truncated
        same = (
            "not compared (networkx killed)"
            if nx_paths is None
            else f"same node paths as networkx: { ({r.nodes for r in every.paths} == nx_paths) }"
        )
        print(
            f"  -> {target:<11} (in-degree {view.in_degree(target):>4}): default {ms(seconds, limit)}, "
            f"{len(search.paths)} routes, truncated={search.truncated} "
            f"({'correct' if correct else 'WRONG'}: {len(every.paths):,} routes in all, "
            f"listed in {ms(all_seconds, limit)}); {same}"
        )
        print(
            f"     all_simple_paths(cutoff=4): first 20 in {ms(first_seconds, limit)}, "
            f"all in {ms(nx_seconds, limit)}"
        )
    print(
        f"  medians: find_paths default {median_ms(ours_default)}, all routes {median_ms(ours_all)}; "
        f"all_simple_paths first 20 {_median_or_limit(plain_first, limit)}, "
        f"all {_median_or_limit(plain_all, limit)}"
    )
    print(
        f"  ratio all_simple_paths/find_paths: first 20 {_ratio(plain_first, ours_default, limit)}, "
        f"all {_ratio(plain_all, ours_all, limit)}"
    )
    seconds, search = timed(
        lambda: find_paths(view, hub, by_degree[1], max_hops=6, max_paths=10**9, timeout=1.0)
    )
    print(
        f"  no path limit, max-hops 6, 1 s deadline: returned in {seconds:.3f} s with "
        f"{len(search.paths):,} routes, truncated={search.truncated} ({search.stopped_by})"
    )


def _median_or_limit(values: list[float | None], limit: float) -> str:
    done = sorted(v if v is not None else float("inf") for v in values)
    middle = statistics.median(done) if len(done) % 2 else done[len(done) // 2]
    return f"> {limit * 1000:,.0f} ms" if middle == float("inf") else f"{middle * 1000:,.2f} ms"


def _ratio(baseline: list[float | None], ours: list[float], limit: float) -> str:
    done = sorted(v if v is not None else float("inf") for v in baseline)
    middle = done[len(done) // 2]
    prefix = ">" if middle == float("inf") else ""
    middle = min(middle, limit)
    return f"{prefix}{middle / statistics.median(ours):,.0f}x"


def complete_graph(n: int) -> networkx.MultiDiGraph:
    graph = networkx.MultiDiGraph()
    for u, v in itertools.permutations(range(n), 2):
        if (u, v) != (0, n - 1):
            graph.add_edge(f"n{u}", f"n{v}", key=f"c{u}-{v}", sign="+", predicate="activates")
    graph.add_edge("n0", f"n{n - 1}", key=f"c0-{n - 1}", sign="+", predicate="activates")
    return graph


def pathological(limit: float, repeat: int = 5) -> None:
    k12 = complete_graph(12)
    print("\n3. Complete graph of 12 nodes, both directions, the edge n0 -> n11 added last")

    def median_of(action: Callable[[], Any]) -> tuple[float, Any]:
        runs = [timed(action) for _ in range(repeat)]
        return statistics.median(r[0] for r in runs), runs[-1][1]

    seconds, search = median_of(lambda: find_paths(k12, "n0", "n11"))
    first_seconds, lengths = guarded(
        lambda: [
            len(p) - 1
            for p in itertools.islice(networkx.all_simple_paths(k12, "n0", "n11", cutoff=4), 20)
        ],
        limit,
    )
    print(
        f"  default bounds (4 hops, 20 routes): find_paths {seconds * 1000:.2f} ms, "
        f"{len(search.paths)} routes, lengths {[r.length for r in search.paths][:12]}..., "
        f"truncated={search.truncated}; all_simple_paths first 20 {ms(first_seconds, limit)}"
        f", lengths {lengths[:12] if lengths else '-'}... (depth first, not shortest first)"
    )
    seconds, search = median_of(
        lambda: find_paths(k12, "n0", "n11", max_hops=11, max_paths=10**9, timeout=0.5)
    )
    every_seconds, count = guarded(
        lambda: sum(1 for _ in networkx.all_simple_paths(k12, "n0", "n11")), limit
    )
    print(
        f"  every length, 0.5 s deadline: find_paths returned in {seconds:.3f} s (median of {repeat}), "
        f"{len(search.paths):,} routes, truncated={search.truncated} ({search.stopped_by}); "
        f"all_simple_paths, all of them: {ms(every_seconds, limit)}"
        + (f" ({count:,} paths)" if count else "")
    )
    k12.add_edge("target", "n0", key="only-out", sign="+", predicate="activates")
    seconds, search = median_of(
        lambda: find_paths(k12, "n0", "target", max_hops=12, max_paths=10**9, timeout=10)
    )
    plain_seconds, _ = guarded(
        lambda: next(networkx.all_simple_paths(k12, "n0", "target"), None), limit
    )
    print(
        f"  a target with no way in: find_paths {seconds * 1000:.3f} ms, {len(search.paths)} routes, "
        f"truncated={search.truncated}; all_simple_paths to its first path {ms(plain_seconds, limit)}"
        + (
            f", ratio {plain_seconds / seconds:,.0f}x"
            if plain_seconds
            else f", ratio > {limit / seconds:,.0f}x"
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000, help="synthetic claims")
    parser.add_argument("--pairs", type=int, default=200, help="random pairs for shortest routes")
    parser.add_argument(
        "--limit", type=float, default=10.0, help="seconds before a networkx run is killed"
    )
    args = parser.parse_args()
    view = build(args.claims)
    shortest_routes(view, args.pairs, args.limit)
    from_the_hub(view, args.limit)
    pathological(args.limit)


if __name__ == "__main__":
    main()
