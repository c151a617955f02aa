"""SHACL engines on the project's shapes, side by side: time, peak memory, and whether they agree.

On the bundled graph merged with a synthetic graph (``bench/synthetic.py``) and the planted errors
(``bench/planted.py``), each engine validates ``ontology/shapes.ttl`` in a process of its own:

- ``pyshacl``: pySHACL on an rdflib memory graph (what ``validate`` ran before the store);
- ``turbo-whole``: pyshacl-turbo (Rust) on a pyoxigraph store of the whole graph;
- ``turbo-sliced``: pyshacl-turbo a slice at a time on the persistent store (what ``validate``
  runs, :mod:`il6graph.validation.shacl`); the store is built first and its build is not timed;
- ``rudof``: pyrudof's native SHACL validator, and ``shifty``: pyshifty, when installed.

Each line gives the wall and CPU time (all threads) of load and validation (``load`` included: each engine reads the
files its own way), the process's peak RSS and the number of results; ``agrees`` compares the
results (focus node and message, blank nodes aside) with the first engine that finished.
An engine past ``--timeout`` seconds or ``--memory`` GB is stopped and says so.

    python bench/bench_shacl.py [--claims 10000 100000] [--huge] [--engines ...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

ENGINES = ("pyshacl", "turbo-whole", "turbo-sliced", "rudof", "shifty")
SH = "http://www.w3.org/ns/shacl#"


def _normal(focus: str, message: str) -> tuple[str, str]:
    """A result as (focus, message); blank node labels differ between loads and engines."""
    from il6graph.curies import to_curie

    focus = to_curie(focus.strip("<>"))
    if re.fullmatch(r"(_:)?n?[0-9a-f]{16,32}(b\d+)?|_:\w+", focus):
        focus = "_:"
    return focus, message.strip('"')


def _from_report(report: object) -> list[tuple[str, str]]:
    from rdflib import RDF, Graph, URIRef

    assert isinstance(report, Graph)
    return [
        _normal(
            str(report.value(r, URIRef(SH + "focusNode"))),
            str(report.value(r, URIRef(SH + "resultMessage"))),
        )
        for r in report.subjects(RDF.type, URIRef(SH + "ValidationResult"))
    ]


def run_engine(engine: str, files: list[str], shapes: str) -> list[tuple[str, str]]:
    """Validate ``files`` with ``engine``; the results as (focus, message) pairs."""
    if engine == "pyshacl":
        import pyshacl
        from rdflib import Graph

        data = Graph()
        for path in files:
            data.parse(path, format="turtle")
        _, report, _ = pyshacl.validate(
            data, shacl_graph=Graph().parse(shapes), inference="none", allow_warnings=True
        )
        return _from_report(report)
    if engine == "turbo-whole":
        import pyoxigraph
        import pyshacl_turbo

        store = pyoxigraph.Store()
        for path in files:
            store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
        _, report, _ = pyshacl_turbo.compile_shapes(shapes).validate(store, allow_warnings=True)
        return _from_report(report)
    if engine == "turbo-sliced":
        from il6graph.store import open_store
        from il6graph.validation.shacl import shacl_problems

        return [_normal(p.focus, p.message) for p in shacl_problems(open_store(files), None)]
    if engine == "rudof":
        import pyrudof

        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        for n, path in enumerate(files):
            rudof.read_data(path, merge=n > 0)
        rudof.read_shacl(shapes)
        return [
            _normal(str(entry.focus_node), str(entry.message))
            for entry in rudof.validate_shacl().violations
        ]
    if engine == "shifty":
        import shifty

        result = shifty.validate_algebra([Path(p) for p in files], Path(shapes))
        return [
            _normal(str(v.focus_node), str(reason.author_message or reason.message))
            for v in result.violations
            for reason in v.reasons
        ]
    raise ValueError(engine)


def child(engine: str, files: list[str]) -> None:
    from il6graph.resources import shapes_path

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    found = run_engine(engine, files, str(shapes_path()))
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    rss = usage.ru_maxrss / 1024
    json.dump({"wall": wall, "cpu": cpu, "rss": rss, "results": sorted(set(found))}, sys.stdout)


def measure(engine: str, files: list[str], timeout: float, memory: float) -> dict[str, object]:
    def limit() -> None:  # a runaway engine fails inside its own process
        cap = int(memory * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", engine, *files],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
            env={**os.environ, "IL6GRAPH_STORE": os.environ.get("IL6GRAPH_STORE", "")},
        )
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1][:90]
        return {"error": f"failed ({last})"}
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--huge", action="store_true", help="add 10^6 claims")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--memory", type=float, default=16, help="GB of address space per engine")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child[0], options.child[1:])
        return

    from planted import write_planted
    from synthetic import write_synthetic

    from il6graph.resources import graph_path, sources_dir
    from il6graph.store import open_store

    sizes = options.claims + ([1_000_000] if options.huge else [])
    work = Path(tempfile.mkdtemp(prefix="il6graph-bench-shacl-"))
    os.environ.setdefault("IL6GRAPH_STORE", str(work / "stores"))
    print(
        f"{'claims':>9}  {'engine':<13} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} "
        f"{'results':>8}  agrees"
    )
    try:
        for claims in sizes:
            folder = work / str(claims)
            files = [str(write_synthetic(folder, claims=claims)), str(graph_path())]
            files.append(str(write_planted(folder)))
            for source in sources_dir().iterdir():
                shutil.copy(source, folder / "sources" / source.name)
            if "turbo-sliced" in options.engines:
                open_store(files)  # built once per set of files; every later command opens it
            reference: set[tuple[str, str]] | None = None
            for engine in options.engines:
                if engine in ("rudof", "shifty") and not _installed(engine):
                    print(f"{claims:>9}  {engine:<13} not installed")
                    continue
                got = measure(engine, files, options.timeout, options.memory)
                if "error" in got:
                    print(f"{claims:>9}  {engine:<13} {got['error']}", flush=True)
                    continue
                results = {tuple(r) for r in got["results"]}  # type: ignore[attr-defined]
                if reference is None:
                    reference, agrees = results, "(reference)"
                else:
                    missing, extra = len(reference - results), len(results - reference)
                    agrees = (
                        "yes"
                        if not missing and not extra
                        else f"no: {missing} missing, {extra} extra"
                    )
                print(
                    f"{claims:>9}  {engine:<13} {got['wall']:>8.1f} {got['cpu']:>8.1f} "
                    f"{got['rss']:>8.0f} "
                    f"{len(results):>8}  {agrees}",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _installed(engine: str) -> bool:
    from importlib.util import find_spec

    return find_spec({"rudof": "pyrudof", "shifty": "shifty"}[engine]) is not None


if __name__ == "__main__":
    main()
