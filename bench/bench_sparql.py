"""SPARQL speed: each saved query on each store, and the endpoint under load.

    python bench/bench_sparql.py [--repeat 5] [--claims 6000] [--large 0] [--duration 30]

Latency: the median wall time of each saved query (every row read, no cap), on the bundled graph
and on a synthetic graph of --claims claims (bench/synthetic.py; 6,000 claims is ~10^5 triples),
for the Oxigraph-backed store il6graph uses and rdflib's default memory store (the baseline), both
measured in this run with the same query text. --large N adds a synthetic graph of N claims on the
Oxigraph store alone (100,000 claims is ~1.7 million triples; rdflib's store needs minutes to load
it). Each store runs in a worker process so that a query past --budget seconds can be stopped: it
is reported as "> budget" and the worker restarted.

Throughput: `il6graph serve` (the front and its Oxigraph server) with --clients concurrent
clients for --duration seconds on loopback, each sending the saved queries in turn over keep-alive
connections: queries/s, p50/p99 latency, errors. The bare Oxigraph server under the same load is
the baseline: the difference is the front's cost (parsing each query, forwarding it).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

# Parameters for the synthetic graphs, whose entities are "entity N": entity 1 is a hub.
SYNTHETIC_PARAMETERS = {"entity": ["entity 1"], "disease": ["entity 3"]}


# --- latency: one worker process per (graph, store) ------------------------------------------------


def worker(store: str, graph_file: str, repeat: int, skip: set[str]) -> None:
    """Load one graph into one store, then time each saved query; one JSON line per query."""
    from rdflib import Graph

    from il6graph.entities import EntityIndex
    from il6graph.resources import ontology_path
    from il6graph.sparql import prepare_query, query_dataset, run_query, saved_queries

    started = time.perf_counter()
    paths = [] if graph_file == "bundled" else [graph_file]
    if store == "oxigraph":
        graph = query_dataset(*paths)
    else:  # rdflib's default memory store, rdflib's own parser
        from il6graph.resources import graph_path

        graph = Graph()
        graph.parse(paths[0] if paths else graph_path(), format="turtle")
        graph.parse(ontology_path(), format="turtle")
    index = EntityIndex.from_graph(graph)
    print(json.dumps({"loaded": time.perf_counter() - started, "triples": len(graph)}), flush=True)
    for name, query in saved_queries().items():
        if name in skip:
            continue
        given = {} if graph_file == "bundled" else SYNTHETIC_PARAMETERS
        parameters = {k: v for k, v in given.items() if query.parameter(k)}
        prepared = prepare_query(query, parameters, entities=lambda: index)
        times, rows = [], 0
        spent = 0.0
        for _ in range(repeat):
            start = time.perf_counter()
            result = run_query(graph, prepared, limit=0, timeout=0)
            took = time.perf_counter() - start
            times.append(took)
            spent += took
            rows = len(getattr(result, "rows", ()))
            if spent > 5:  # enough for a median of a slow query; keeps the run short
                break
        print(
            json.dumps(
                {"name": name, "median": statistics.median(times), "runs": len(times), "rows": rows}
            ),
            flush=True,
        )


def measure(store: str, graph_file: str, repeat: int, budget: float) -> dict[str, object]:
    """Run workers until every saved query has a median or ran past ``budget`` seconds."""
    from il6graph.sparql import saved_queries

    names = list(saved_queries())
    results: dict[str, dict[str, object]] = {}
    loaded: dict[str, object] = {}
    while len(results) < len(names):
        done = set(results)
        command = [
            sys.executable,
            __file__,
            "--worker",
            store,
            graph_file,
            str(repeat),
            *sorted(done),
        ]
        environment = {**os.environ, "PYTHONPATH": str(HERE.parent)}
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment)
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"worker for {store} {graph_file} failed")
        loaded = json.loads(line)
        current = next((n for n in names if n not in results), None)
        while current is not None:
            ready, _, _ = select.select([process.stdout], [], [], budget)
            if not ready:  # past the budget: stop the worker, note it, start again without it
                process.kill()
                process.wait()
                results[current] = {"name": current, "median": None, "runs": 0, "rows": None}
                break
            line = process.stdout.readline()
            if not line:
                break
            record = json.loads(line)
            results[record["name"]] = record
            current = next((n for n in names if n not in results), None)
        if process.poll() is None:
            process.wait(timeout=30)
    return {"loaded": loaded, "queries": results}


def milliseconds(value: object, budget: float) -> str:
    return f"> {budget:g} s" if value is None else f"{float(value) * 1000:.1f} ms"  # type: ignore[arg-type]


def latency(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="il6graph-bench-"))
    try:
        latency_on(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the large graph is a few hundred MB


def latency_on(args: argparse.Namespace, folder: Path) -> None:
    from synthetic import write_synthetic

    from il6graph.sparql import saved_queries

    graphs = [("bundled graph", "bundled", ("oxigraph", "rdflib"))]
    if args.claims:
        path = write_synthetic(folder / "medium", claims=args.claims)
        graphs.append((f"synthetic, {args.claims:,} claims", str(path), ("oxigraph", "rdflib")))
    if args.large:
        path = write_synthetic(folder / "large", claims=args.large)
        graphs.append((f"synthetic, {args.large:,} claims", str(path), ("oxigraph",)))
    for title, graph_file, stores in graphs:
        measured = {store: measure(store, graph_file, args.repeat, args.budget) for store in stores}
        sizes = ", ".join(
            f"{store} loaded {m['loaded']['triples']:,} triples in {m['loaded']['loaded']:.1f} s"  # type: ignore[index]
            for store, m in measured.items()
        )
        print(f"\n## {title} ({sizes})")
        header = f"{'query':<18} {'rows':>7}  {'Oxigraph store':>14}"
        if "rdflib" in stores:
            header += f"  {'rdflib memory':>14}  {'ratio':>7}"
        print(header)
        for name in saved_queries():
            ox = measured["oxigraph"]["queries"][name]  # type: ignore[index]
            line = f"{name:<18} {ox['rows'] if ox['rows'] is not None else '?':>7}  {milliseconds(ox['median'], args.budget):>14}"
            if "rdflib" in stores:
                base = measured["rdflib"]["queries"][name]  # type: ignore[index]
                if base["median"] is not None and ox["median"]:
                    ratio = f"{base['median'] / ox['median']:.0f}x"
                elif base["median"] is None and ox["median"]:
                    ratio = f"> {args.budget / ox['median']:.0f}x"
                else:
                    ratio = "-"
                line += f"  {milliseconds(base['median'], args.budget):>14}  {ratio:>7}"
            print(line, flush=True)


# --- throughput --------------------------------------------------------------------------------------


def load(url: str, texts: list[str], clients: int, duration: float) -> dict[str, float]:
    """``clients`` threads send ``texts`` in turn to ``url`` for ``duration`` seconds."""
    host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()  # type: ignore[union-attr]
    path = url.split(str(port), 1)[1]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        mine: list[float] = []
        count = offset
        while time.monotonic() < stop_at:
            text = texts[count % len(texts)]
            count += 1
            start = time.perf_counter()
            try:
                connection.request(
                    "POST",
                    path,
                    body=text.encode(),
                    headers={
                        "Content-Type": "application/sparql-query",
                        "Accept": "application/sparql-results+json",
                    },
                )
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    with lock:
                        errors.append(f"HTTP {response.status}")
                    continue
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors.append(str(error))
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=60)
                continue
            mine.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "queries": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] if latencies else float("nan"),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        if latencies
        else float("nan"),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",  # type: ignore[dict-item]
    }


def throughput(args: argparse.Namespace) -> None:
    from il6graph.endpoint import OxigraphServer
    from il6graph.entities import EntityIndex
    from il6graph.resources import graph_path, ontology_path
    from il6graph.sparql import prepare_query, query_dataset, saved_queries

    dataset = query_dataset()
    index = EntityIndex.from_graph(dataset)
    texts = [prepare_query(q, entities=lambda: index).full_text for q in saved_queries().values()]
    environment = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    serve = subprocess.Popen(
        [sys.executable, "-m", "il6graph", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    )
    try:
        assert serve.stdout is not None
        url = serve.stdout.readline().split()[-1]
        front = load(url, texts, args.clients, args.duration)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    with OxigraphServer.start([graph_path(), ontology_path()], read_only=True) as bare:
        baseline = load(bare.query_url, texts, args.clients, args.duration)
    print(
        f"\n## endpoint throughput: {args.clients} clients, {args.duration:g} s each, "
        f"the {len(texts)} saved queries in turn, bundled graph, loopback"
    )
    print(f"{'':<28} {'queries':>8} {'queries/s':>10} {'p50':>9} {'p99':>9} {'errors':>7}")
    for title, figures in (
        ("il6graph serve (front)", front),
        ("bare Oxigraph (baseline)", baseline),
    ):
        print(
            f"{title:<28} {figures['queries']:>8} {figures['per_second']:>10.0f} "
            f"{figures['p50'] * 1000:>7.1f}ms {figures['p99'] * 1000:>7.1f}ms {figures['errors']:>7}"
            + (f"  first error: {figures['first_error']}" if figures["errors"] else "")
        )
    print(f"front / bare throughput: {front['per_second'] / baseline['per_second']:.2f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        store, graph_file, repeat, *skip = sys.argv[2:]
        worker(store, graph_file, int(repeat), set(skip))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--claims", type=int, default=6000, help="synthetic graph on both stores")
    parser.add_argument("--large", type=int, default=0, help="synthetic graph on Oxigraph alone")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds a query may take")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--only", choices=["latency", "throughput"])
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    if args.only != "throughput":
        latency(args)
    if args.only != "latency":
        throughput(args)


if __name__ == "__main__":
    main()
