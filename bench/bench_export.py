"""Export time and size per format, for the bundled graph and a synthetic claim graph.

For each format: the median time of its writer (the networkx view or the RDF graph already
built; the view's build time is printed once) and the size written. Baselines measured in the
same run: networkx's own GraphML/GEXF/node-link writers on the same view, and rdflib's own
serializers (Turtle, N-Triples, JSON-LD, N-Quads, TriG) on the same RDF; the ratio column is
baseline time / our time (above 1: ours is faster).

    python bench/bench_export.py [--claims 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import write_synthetic

from il6graph import exports
from il6graph.graph_view import to_networkx
from il6graph.store import load_graph

# Past this many triples rdflib's own serializers take minutes: their baselines are skipped.
BASELINE_LIMIT = 400_000


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def flat(view: networkx.MultiDiGraph) -> networkx.MultiDiGraph:
    """A copy with list attributes joined, which networkx's GraphML and GEXF writers need."""
    copy = view.copy()
    for _, data in copy.nodes(data=True):
        for key, value in data.items():
            if isinstance(value, list):
                data[key] = "|".join(value)
    return copy


def baselines(view: networkx.MultiDiGraph, graph: Any) -> dict[str, Callable[[], int]]:
    simple = flat(view)

    def nx_writer(write: Callable[..., None]) -> Callable[[], int]:
        def run() -> int:
            buffer = io.BytesIO()
            write(simple, buffer)
            return len(buffer.getvalue())

        return run

    def rdflib_writer(format: str, dataset: bool = False) -> Callable[[], int]:
        target = exports.nanopublications(exports.rdf_selection(graph)) if dataset else graph
        return lambda: len(target.serialize(format=format, encoding="utf-8"))

    found: dict[str, Callable[[], int]] = {
        "graphml": nx_writer(networkx.write_graphml),
        "gexf": nx_writer(networkx.write_gexf),
        "node-link": lambda: len(json.dumps(networkx.node_link_data(view)).encode()),
    }
    if len(graph) <= BASELINE_LIMIT:
        found |= {
            "turtle": rdflib_writer("turtle"),
            "ntriples": rdflib_writer("nt"),
            "jsonld": rdflib_writer("json-ld"),
            "nquads": rdflib_writer("nquads", dataset=True),
            "trig": rdflib_writer("trig", dataset=True),
        }
    return found


def bench(name: str, graph: Any, repeat: int) -> None:
    view_time, view = timed(lambda: to_networkx(graph), 1)
    print(
        f"\n{name}: {len(graph):,} triples, {view.number_of_edges():,} claims, "
        f"{view.number_of_nodes():,} entities; networkx view built in {view_time:.2f} s"
    )
    print(
        f"{'format':<10} {'median s':>9} {'size MB':>9} {'baseline s':>11} {'ratio':>6}  baseline"
    )
    against = baselines(view, graph)
    with tempfile.TemporaryDirectory() as folder:
        for format in exports.FORMATS.values():
            writer = getattr(exports, format.writer)
            if format.kind == "folder":

                def run(writer: Any = writer, format: Any = format) -> int:
                    target = Path(tempfile.mkdtemp(dir=folder))
                    writer(view, target)
                    return sum(p.stat().st_size for p in target.iterdir())
            else:
                source = graph if format.kind == "rdf" else view

                def run(writer: Any = writer, source: Any = source) -> int:
                    buffer = io.BytesIO()
                    writer(source, buffer)
                    return len(buffer.getvalue())

            ours, size = timed(run, repeat)
            line = f"{format.name:<10} {ours:>9.3f} {size / 1e6:>9.2f}"
            if format.name in against:
                base, _ = timed(against[format.name], repeat)
                who = "networkx" if format.kind != "rdf" else "rdflib"
                line += f" {base:>11.3f} {base / ours:>6.1f}  {who}"
            print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=20_000, help="synthetic graph size")
    parser.add_argument("--repeat", type=int, default=5, help="runs per format (bundled graph)")
    args = parser.parse_args()
    bench("bundled graph", load_graph(), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic(Path(folder), claims=args.claims)
        load_time, graph = timed(lambda: load_graph(path), 1)
        print(f"\nsynthetic graph loaded in {load_time:.2f} s")
        bench(f"synthetic {args.claims:,} claims", graph, max(1, args.repeat // 5))


if __name__ == "__main__":
    main()
