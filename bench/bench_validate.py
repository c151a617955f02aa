"""``il6graph validate`` before and after the persistent store, side by side in one run.

On the bundled graph merged with a synthetic graph (``bench/synthetic.py``) and the planted errors
(``bench/planted.py``), with a sources folder holding ``synthetic.txt`` and ``data/sources/*``:

The stores go to a temporary folder, or to ``$IL6GRAPH_STORE`` when it is set (a later run with
the same sizes then opens them: the synthetic graphs are the same for the same size).

- ``store build``: the first command on these files builds the store (once per set of files);
- ``old validate``: the function on main before the store (commit ``OLD``: pySHACL on an rdflib
  copy of the whole graph, then rdflib walks), read from git, on the files loaded as it did;
  without git, ``pyshacl`` alone on an rdflib copy stands in for it;
- ``new validate``: ``il6graph --quiet validate FILES --sources DIR`` on the built store (its
  output goes to /dev/null), the median of ``--repeat`` runs.

Each runs in a process of its own: wall time, CPU time (all threads and processes: on a machine
shared with other jobs, wall time counts their share too), peak RSS (of the larger process), and the errors and warnings found (the
two must agree). At 10^6 claims (``--huge``) the old validate is not run unless ``--old-huge`` is given
(it was killed above 16 GB).

    python bench/bench_validate.py [--claims 10000 100000] [--huge] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

OLD = "20a6e7c"  # main just before validate read the store


def _old_module() -> object | None:
    """The old il6graph/validation.py as a module, read from git (None without git)."""
    import importlib.util

    try:
        source = subprocess.run(
            ["git", "-C", str(HERE.parent), "show", f"{OLD}:il6graph/validation.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp(prefix="il6graph-old-")) / "old_validation.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_validation", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_validation"] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    return module


def child(step: str, sources: str, files: list[str]) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    errors = warnings = -1
    if step == "build":
        from il6graph.store import open_store

        if open_store(files).meta["built"] < time.time() - (time.perf_counter() - start):
            errors = -2  # the store was there already (IL6GRAPH_STORE kept from a former run)
    elif step == "old":
        from il6graph.store import load_graph

        old = _old_module()
        graph = load_graph(*files)
        if old is not None:
            report = old.validate(graph, sources=Path(sources))  # type: ignore[attr-defined]
            errors, warnings = len(report.errors), len(report.warnings)
        else:  # the old SHACL step alone: pyshacl on an in-memory copy
            import pyshacl
            from rdflib import Graph

            from il6graph.resources import shapes_path

            data = Graph()
            for triple in graph:
                data.add(triple)
            pyshacl.validate(data, shacl_graph=Graph().parse(shapes_path()), inference="none")
    else:
        from il6graph.cli import main

        output = _LastLine()
        with contextlib.redirect_stdout(output):
            main(
                ["--quiet", "validate", *files, "--sources", sources, "--max-problems", "0"],
                standalone_mode=False,
            )
        verdict = output.last.split()  # INVALID: N claims, E errors, W warnings
        errors, warnings = int(verdict[3]), int(verdict[5])
    wall = time.perf_counter() - start
    # validate runs some checks in a second process on a large store: count its CPU time, and
    # give the peak RSS of the larger process.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime - cpu_before
    rss = max(usage.ru_maxrss, children.ru_maxrss) / 1024
    json.dump(
        {"wall": wall, "cpu": cpu, "rss": rss, "errors": errors, "warnings": warnings}, sys.stdout
    )


class _LastLine(io.TextIOBase):
    """Standard output that keeps only its last line: every problem is printed (and paid for),
    none is kept."""

    def __init__(self) -> None:
        self.last = ""

    def write(self, text: str) -> int:
        lines = [line for line in text.splitlines() if line]
        if lines:
            self.last = lines[-1]
        return len(text)


def measure(step: str, sources: Path, files: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", step, str(sources), *files],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{step} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--huge", action="store_true", help="add 10^6 claims")
    parser.add_argument("--old-huge", action="store_true", help="run the old validate at 10^6")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the new validate")
    parser.add_argument("--new-only", action="store_true", help="leave the old validate out")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child[0], options.child[1], options.child[2:])
        return

    from planted import write_planted
    from synthetic import write_synthetic

    from il6graph.resources import graph_path, sources_dir

    sizes = options.claims + ([1_000_000] if options.huge else [])
    work = Path(tempfile.mkdtemp(prefix="il6graph-bench-validate-"))
    # An IL6GRAPH_STORE already set keeps its stores, so a later run opens them (the synthetic
    # graphs are the same for the same size); by default they go with the temporary folder.
    os.environ.setdefault("IL6GRAPH_STORE", str(work / "stores"))
    print(
        f"{'claims':>9}  {'step':<14} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}  {'errors':>7} {'warnings':>9}"
    )
    try:
        for claims in sizes:
            folder = work / str(claims)
            files = [str(write_synthetic(folder, claims=claims)), str(graph_path())]
            files.append(str(write_planted(folder)))
            sources = folder / "sources"
            for source in sources_dir().iterdir():
                shutil.copy(source, sources / source.name)

            def show(
                step: str, got: dict[str, float], note: str = "", claims: int = claims
            ) -> None:
                found = (
                    f"{got['errors']:>7.0f} {got['warnings']:>9.0f}"
                    if got["errors"] >= 0
                    else " " * 17
                )
                print(
                    f"{claims:>9}  {step:<14} {got['wall']:>8.1f} {got['cpu']:>8.1f} "
                    f"{got['rss']:>8.0f}  {found}{note}",
                    flush=True,
                )

            built = measure("build", sources, files)
            show("store build", built, "  (existed: opened only)" if built["errors"] == -2 else "")
            runs = [measure("new", sources, files) for _ in range(options.repeat)]
            new = {
                "wall": statistics.median(r["wall"] for r in runs),
                "cpu": statistics.median(r["cpu"] for r in runs),
                "rss": max(r["rss"] for r in runs),
                "errors": runs[0]["errors"],
                "warnings": runs[0]["warnings"],
            }
            if options.new_only:
                show("new validate", new, f"  (median of {len(runs)})")
                continue
            if claims >= 1_000_000 and not options.old_huge:
                print(f"{claims:>9}  {'old validate':<14} not run (killed above 16 GB; --old-huge)")
                show("new validate", new, f"  (median of {len(runs)})")
                continue
            old = measure("old", sources, files)
            show("old validate", old)
            show("new validate", new, f"  (median of {len(runs)})")
            print(
                f"{claims:>9}  {'old / new':<14} {old['wall'] / new['wall']:>7.1f}x "
                f"{old['cpu'] / new['cpu']:>7.1f}x {old['rss'] / new['rss']:>7.1f}x",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
