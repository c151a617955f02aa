"""Export time, size and memory per format, for the bundled graph and a synthetic claim graph.

The RDF and nanopublication writers stream from an on-disk pyoxigraph store (the data bulk-loaded
into its default graph, as il6graph's store holds it); the network and table writers stream
node and edge rows (taken from the networkx view here, built once and not timed). For each
format: the median time of its writer, the ratio to N-Triples measured in the same run (the
goal for N-Quads and TriG: at most 2), the size written, and the peak RSS of a fresh process
writing it (a child process per run, so one format's memory does not hide another's; for the
network and table formats it includes the networkx view the rows come from, unpickled). Baselines in the same run: Oxigraph's own N-Triples dump, and networkx's own GraphML
and node-link writers on the same view.

    python bench/bench_export.py [--claims 100000] [--repeat 3] [--formats ntriples,nquads]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import write_synthetic

from il6graph.exports import FORMATS
from il6graph.exports.rows import view_rows


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def open_store(turtle: Path, folder: Path) -> Any:
    import pyoxigraph

    store = pyoxigraph.Store(str(folder))
    store.bulk_load(path=str(turtle), format=pyoxigraph.RdfFormat.TURTLE)
    store.optimize()
    return store


def write_once(turtle: Path, store_folder: Path, name: str, out: Path) -> dict[str, Any]:
    """Write one format once (in this process) and report time, size and peak RSS."""
    import pyoxigraph

    chosen = FORMATS[name]
    write = chosen.write_function()
    if chosen.kind == "rdf":
        store = pyoxigraph.Store.read_only(str(store_folder))
        start = time.perf_counter()
        with out.open("wb") as stream:
            write(store, stream)
    else:
        import pickle

        with (store_folder.parent / "view.pickle").open("rb") as handle:
            view = pickle.load(handle)
        start = time.perf_counter()
        if chosen.kind == "folder":
            out.mkdir()
            write(*view_rows(view), out)
        else:
            with out.open("wb") as stream:
                write(*view_rows(view), stream)
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in out.iterdir()) if out.is_dir() else out.stat().st_size
    return {"seconds": seconds, "size": size, "peak": _peak_rss()}


def _peak_rss() -> int:
    """This process's peak resident memory in bytes (VmHWM: ru_maxrss would carry the parent's
    peak across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def bench(label: str, turtle: Path, repeat: int, formats: list[str]) -> None:
    import pyoxigraph

    with tempfile.TemporaryDirectory() as folder:
        store_folder = Path(folder) / "store"
        load_time, store = timed(lambda: open_store(turtle, store_folder), 1)
        triples = len(store)
        del store
        print(f"\n{label}: {triples:,} triples; store bulk-loaded in {load_time:.1f} s")
        if any(FORMATS[name].kind != "rdf" for name in formats):
            import pickle

            from il6graph.graph_view import to_networkx
            from il6graph.store import load_graph

            view_time, view = timed(lambda: to_networkx(load_graph(turtle)), 1)
            with (Path(folder) / "view.pickle").open("wb") as handle:
                pickle.dump(view, handle)
            print(
                f"networkx view (the row source here; not timed below) built in {view_time:.1f} s"
            )
            del view

        def dump() -> int:
            store = pyoxigraph.Store.read_only(str(store_folder))
            out = io.BytesIO()
            store.dump(
                out, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
            )
            return len(out.getvalue())

        dump_time, _ = timed(dump, repeat)
        print(f"Oxigraph's own N-Triples dump (baseline): {dump_time:.2f} s")
        print(
            f"{'format':<10} {'median s':>9} {'x ntriples':>10} {'size MB':>9} {'peak RSS MB':>12}"
        )
        results: dict[str, dict[str, float]] = {}
        for name in formats:
            runs = []
            for index in range(repeat):
                out = Path(folder) / f"{name}-{index}"
                code = (
                    "import json, sys; sys.path[:0] = sys.argv[1:3]; "
                    "from bench_export import write_once; from pathlib import Path; "
                    "print(json.dumps(write_once(Path(sys.argv[3]), Path(sys.argv[4]), "
                    "sys.argv[5], Path(sys.argv[6]))))"
                )
                done = subprocess.run(
                    [sys.executable, "-c", code, str(Path(__file__).parent),
                     str(Path(__file__).parent.parent), str(turtle), str(store_folder), name,
                     str(out)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            results[name] = {
                "seconds": statistics.median(r["seconds"] for r in runs),
                "size": runs[0]["size"],
                "peak": max(r["peak"] for r in runs),
            }
            base = results.get("ntriples", {}).get("seconds")
            ratio = f"{results[name]['seconds'] / base:>10.2f}" if base else f"{'':>10}"
            print(
                f"{name:<10} {results[name]['seconds']:>9.2f} {ratio} "
                f"{results[name]['size'] / 1e6:>9.1f} {results[name]['peak'] / 1e6:>12.0f}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=20_000, help="synthetic graph size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per format")
    parser.add_argument(
        "--formats",
        default="ntriples," + ",".join(n for n in FORMATS if n != "ntriples"),
        help="comma-separated formats (ntriples first: the others are compared with it)",
    )
    args = parser.parse_args()
    formats = args.formats.split(",")
    from il6graph.resources import graph_path

    bench("bundled graph", graph_path(), args.repeat, formats)
    with tempfile.TemporaryDirectory() as folder:
        turtle = write_synthetic(Path(folder), claims=args.claims)
        bench(f"synthetic, {args.claims:,} claims", turtle, args.repeat, formats)


if __name__ == "__main__":
    main()
