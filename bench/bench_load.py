"""Load time of the bundled graph and a synthetic 10^5-triple graph, for each store considered.

    python bench/bench_load.py [--repeat N]

Stores: rdflib's default memory store with rdflib's Turtle parser (the baseline), the
Oxigraph-backed rdflib store (oxrdflib, Oxigraph's parser; the one il6graph uses), and pyoxigraph
alone (no rdflib API, for reference). Also times `read_claims` (one SPARQL query over every claim)
on the two rdflib stores. Prints medians and ratios against the baseline measured in this run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_synthetic

from il6graph.claims import read_claims
from il6graph.resources import graph_path


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rdflib_memory(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def rdflib_oxigraph(path: Path) -> Graph:
    return Graph(store="Oxigraph").parse(path, format="ox-turtle")


def oxigraph_alone(path: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--claims", type=int, default=6_000, help="synthetic claims (~17 triples each)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        synthetic = write_synthetic(Path(folder), claims=args.claims)
        graphs = {"bundled": graph_path(), "synthetic": synthetic}
        for name, path in graphs.items():
            triples = len(rdflib_oxigraph(path))
            repeat = args.repeat * (4 if name == "bundled" else 1)
            print(f"\n{name} graph: {triples:,} triples, median of {repeat} runs")
            base = median_seconds(lambda p=path: rdflib_memory(p), repeat)
            print(
                f"  load  rdflib memory store (baseline) {base * 1000:9.1f} ms  {triples / base:>10,.0f} triples/s"
            )
            for label, loader in (
                ("oxrdflib Oxigraph store (chosen)", rdflib_oxigraph),
                ("pyoxigraph alone", oxigraph_alone),
            ):
                seconds = median_seconds(lambda p=path, f=loader: f(p), repeat)
                print(
                    f"  load  {label:<32} {seconds * 1000:9.1f} ms  {triples / seconds:>10,.0f} triples/s  {base / seconds:5.1f}x faster"
                )
            memory, oxigraph = rdflib_memory(path), rdflib_oxigraph(path)
            base_q = median_seconds(lambda g=memory: read_claims(g), repeat)
            ox_q = median_seconds(lambda g=oxigraph: read_claims(g), repeat)
            print(
                f"  read_claims  memory store {base_q * 1000:9.1f} ms   Oxigraph store {ox_q * 1000:9.1f} ms  {base_q / ox_q:5.1f}x faster"
            )


if __name__ == "__main__":
    main()
