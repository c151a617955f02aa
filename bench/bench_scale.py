"""Commands on a grown graph: the bundled graph merged with synthetic claims, from a store.

For each size (10^4 and 10^5 claims; 10^6 with ``--million``) this writes the synthetic graph
(bench/synthetic.py), then prints side by side, in one run:

- the anchor: pyoxigraph's own bulk load of the same files into an on-disk store;
- the first command on the files (``il6graph stats``, which builds the store): wall time and
  peak RSS, the median of ``--builds`` runs taken in turn with the anchor's;
- each read command run again on the built store, as a user would type it: median wall time
  over ``--repeat`` runs and the peak RSS of the process;
- ``serve`` started on the built store, until it has answered a first query over HTTP;
- with ``--before REV``, the same commands with the code of an earlier revision (a git
  worktree of this repository), for the ratio against what users had.

Every command runs as its own process (``python -m il6graph``), so times include start-up.

    python bench/bench_scale.py                       # 10^4 and 10^5 claims
    python bench/bench_scale.py --sizes 100000 --before dfaff61
    python bench/bench_scale.py --million             # adds 10^6 claims (minutes, ~3 GB disk)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import write_synthetic  # noqa: E402

READS: list[tuple[str, list[str]]] = [
    ("stats", ["stats"]),
    ("claims STAT3", ["claims", "STAT3"]),
    ("paths IL-6 metastasis", ["paths", "IL-6", "metastasis"]),
    ("neighbors STAT3", ["neighbors", "STAT3"]),
    ("explain IL-6 metastasis", ["explain", "IL-6", "metastasis"]),
    (
        "query (a label lookup)",
        ["query", 'SELECT ?e WHERE { ?e rdfs:label "entity 5" }'],
    ),
]


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    code: int


# Linux keeps a process's peak RSS across fork and exec, so the figure wait4 gives for a child
# counts this benchmark's own memory (at 10^6 claims, 1.6 GB of synthetic graph) too. So each
# command runs under this wrapper, which writes its own peak (VmHWM, the high-water mark of the
# image it runs) or that of a process it started, whichever is larger, to $BENCH_PEAK_FILE.
_MEASURED = """
import atexit, os, resource, runpy, sys
def _peak():
    with open("/proc/self/status") as status:
        own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(str(max(own, children)))
atexit.register(_peak)
mode, target, *rest = sys.argv[1:]
if mode == "-m":
    sys.argv = [target, *rest]
    runpy.run_module(target, run_name="__main__", alter_sys=True)
else:
    sys.argv = ["-c", *rest]
    exec(compile(target, "<bench>", "exec"), {"__name__": "__main__"})
"""


def run(command: list[str], *, env: dict[str, str], cwd: Path | None = None) -> Run:
    """Run a Python command (``[python, "-m" or "-c", ...]``), returning its wall time and its
    peak RSS: the larger of its processes' high-water marks and of the sampled sum of the
    process and its children."""
    assert command[0] == sys.executable and command[1] in ("-m", "-c"), command
    with tempfile.NamedTemporaryFile(prefix="bench-peak-", delete=False) as peak_file:
        peak_path = Path(peak_file.name)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURED, *command[1:]],
        env={**env, "BENCH_PEAK_FILE": str(peak_path)},
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    sampled = _TreeSampler(process.pid)
    sampled.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    sampled.join()
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    if code not in (0, 1):
        message = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed ({code}): {message.strip()}")
    if process.stderr:
        process.stderr.close()
    written = peak_path.read_text().strip()
    peak_path.unlink()
    peak_kb = max(int(written) if written else usage.ru_maxrss, sampled.peak_kb)
    return Run(seconds, peak_kb / 1024, code)


class _TreeSampler(threading.Thread):
    """The largest sum of resident memory of a process and its children (a build's indexer),
    sampled every 0.2 s while it runs: what the command needs of the machine at once."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb = pid, 0

    def run(self) -> None:
        while True:
            total = self._rss(self.pid)
            if total == 0:
                return  # ended (or not readable: then the high-water marks stand alone)
            total += sum(self._rss(child) for child in self._children())
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(0.2)

    def _children(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0


def anchor(files: list[Path], folder: Path) -> Run:
    """pyoxigraph's bulk load of the files into an on-disk store, in a process of its own."""
    code = (
        "import sys, pyoxigraph as ox\n"
        "store = ox.Store(sys.argv[1])\n"
        "for path in sys.argv[2:]:\n"
        "    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)\n"
    )
    shutil.rmtree(folder, ignore_errors=True)
    result = run([sys.executable, "-c", code, str(folder), *map(str, files)], env=dict(os.environ))
    shutil.rmtree(folder, ignore_errors=True)
    return result


def checkout(revision: str, folder: Path) -> Path:
    """A worktree of this repository at ``revision``, for running the earlier code."""
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "-f", str(folder), revision],
        check=True,
        capture_output=True,
    )
    return folder


def first_commands(
    files: list[Path], builds: int, codes: dict[str, Path], work: Path
) -> dict[str, Run]:
    """The anchor and the first command (building the store) of each code under ``codes``,
    ``builds`` times each, taken in turn so that a slow spell of the machine falls on all of
    them alike: the median wall time and the largest peak RSS of each."""
    found: dict[str, list[Run]] = {"anchor": [], **{label: [] for label in codes}}
    for _ in range(builds):
        found["anchor"].append(anchor(files, work / "anchor"))
        for label, code in codes.items():
            store_dir = work / f"stores-{label}"
            shutil.rmtree(store_dir, ignore_errors=True)
            found[label].append(run([*_base(files), "stats"], env=_env(code, store_dir), cwd=code))
        print(
            "... " + ", ".join(f"{k} {v[-1].seconds:.1f}s" for k, v in found.items()),
            file=sys.stderr,
        )
    return {label: _median(runs) for label, runs in found.items()}


def _base(files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "il6graph", *(a for f in files for a in ("--data", str(f)))]


def _env(code: Path, store_dir: Path) -> dict[str, str]:
    return {**os.environ, "IL6GRAPH_STORE": str(store_dir), "PYTHONPATH": str(code)}


def _mb(peak: float) -> str:
    return "      -" if peak != peak else f"{peak:5.0f} MB"  # nan: not measured


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs), runs[0].code
    )


def reads(files: list[Path], repeat: int, code: Path, store_dir: Path) -> dict[str, Run]:
    """Each read command, ``repeat`` times, on the store the first command built."""
    found = {}
    for name, arguments in READS:
        runs = [
            run([*_base(files), *arguments], env=_env(code, store_dir), cwd=code)
            for _ in range(repeat)
        ]
        found[name] = _median(runs)
    found[SERVE] = _median(
        [serve_ready(files, env=_env(code, store_dir), cwd=code) for _ in range(repeat)]
    )
    shutil.rmtree(store_dir, ignore_errors=True)
    return found


SERVE = "serve: ready and a first answer"


def serve_ready(files: list[Path], *, env: dict[str, str], cwd: Path) -> Run:
    """Start ``il6graph serve`` on the built store and time it until a first query is answered
    (the label lookup of READS, over HTTP); peak RSS is not taken (its engines are separate
    processes that outlive the answer)."""
    import urllib.parse
    import urllib.request

    query = urllib.parse.urlencode(
        {"query": 'SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> "entity 5" }'}
    )
    start = time.perf_counter()
    process = subprocess.Popen(
        [*_base(files), "serve", "--port", "0"],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("SPARQL endpoint:"):
                url = line.split(": ", 1)[1].strip()
                break
        else:
            raise SystemExit("serve stopped before saying where it listens")
        with urllib.request.urlopen(f"{url}?{query}", timeout=600) as answer:
            answer.read()
        return Run(time.perf_counter() - start, float("nan"), 0)
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--million", action="store_true", help="also 10^6 claims")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each read command")
    parser.add_argument(
        "--builds", type=int, default=3, help="runs of the anchor and of the first command"
    )
    parser.add_argument("--before", metavar="REV", help="also run the code of this git revision")
    options = parser.parse_args()
    sizes = options.sizes + ([1_000_000] if options.million else [])

    from il6graph.resources import graph_path

    with tempfile.TemporaryDirectory(prefix="il6graph-scale-") as scratch:
        work = Path(scratch)
        before = checkout(options.before, work / "before") if options.before else None
        try:
            for claims in sizes:
                synthetic = write_synthetic(work / f"graph-{claims}", claims=claims)
                files = [graph_path(), synthetic]
                size_mb = sum(f.stat().st_size for f in files) / 1e6
                codes = {"now": REPO, **({"before": before} if before else {})}
                firsts = first_commands(files, options.builds, codes, work)
                ox = firsts["anchor"]
                first_name = "first command (stats, builds the store)"
                now = {
                    first_name: firsts["now"],
                    **reads(files, options.repeat, REPO, work / "stores-now"),
                }
                old = (
                    {
                        first_name: firsts["before"],
                        **reads(files, options.repeat, before, work / "stores-before"),
                    }
                    if before
                    else None
                )
                print(
                    f"\n{claims:,} synthetic claims + the bundled graph ({size_mb:.0f} MB of Turtle)"
                )
                print(
                    f"  {'pyoxigraph bulk load (the anchor)':<42} {ox.seconds:7.2f}s  {ox.peak_mb:7.0f} MB"
                )
                header = f"  {'command':<42} {'now':>8}  {'peak':>8}"
                if old:
                    header += f"  {'before':>8}  {'peak':>8}  {'ratio':>7}"
                print(header)
                for name, result in now.items():
                    line = f"  {name:<42} {result.seconds:7.2f}s  {_mb(result.peak_mb)}"
                    if old:
                        earlier = old[name]
                        line += (
                            f"  {earlier.seconds:7.2f}s  {_mb(earlier.peak_mb)}"
                            f"  {earlier.seconds / result.seconds:6.1f}x"
                        )
                    print(line)
                first = now[first_name].seconds
                print(
                    f"  first command / anchor: {first / ox.seconds:.2f}x (medians of {options.builds})"
                )
                shutil.rmtree(synthetic.parent, ignore_errors=True)
        finally:
            if before:
                subprocess.run(
                    ["git", "-C", str(REPO), "worktree", "remove", "--force", str(before)],
                    capture_output=True,
                )
    print("\nmedians of", options.repeat, "runs per read command; each a new process")


if __name__ == "__main__":
    main()
