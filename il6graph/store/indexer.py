"""The second process of a store build: it reads the input files and writes the claim index
while the first process loads the same files into Oxigraph.

Oxigraph's bulk loader writes in threads of its own but is fed from Python, and the claim
index is pure Python: in one process the two take turns, in two they run side by side (on
10^5 claims the build takes about two thirds of the time; see ``bench/bench_scale.py``). Both
processes parse the files with the same parser and name blank nodes the same way, so the index
describes exactly the database beside it.

    python -m il6graph.store.indexer FOLDER ONTOLOGY INPUT...

writes ``FOLDER/index.sqlite``, ``FOLDER/arrays/`` and ``FOLDER/index-meta.json`` (the counts
the index took). A problem in the files is one line on standard error and exit status 2; the
process exits as soon as its standard input closes, so it never outlives the build that
started it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from il6graph.errors import InputError
from il6graph.progress import bar

__all__ = ["finish", "start", "stop"]

_META = "index-meta.json"


def start(folder: Path, inputs: list[Path], ontology: Path) -> subprocess.Popen[bytes]:
    """Start the indexer on ``inputs`` (in load order), writing into ``folder``."""
    package_root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    environment = {
        **os.environ,
        "PYTHONPATH": package_root + (os.pathsep + path if path else ""),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "il6graph.store.indexer", str(folder), str(ontology)]
        + [str(p) for p in inputs],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
    )


def finish(process: subprocess.Popen[bytes], folder: Path) -> dict[str, Any]:
    """Wait for the indexer; the counts it took, or its one-line problem as an error."""
    assert process.stderr is not None and process.stdin is not None
    with bar(total=1, desc="indexing", unit="step") as progress:
        errors = process.stderr.read()  # until the indexer exits (its input stays open till then)
        process.wait()
        progress.update()
    process.stdin.close()
    message = errors.decode("utf-8", "replace").strip()
    if process.returncode == 2 and message:
        raise InputError(message.splitlines()[-1])
    if process.returncode < 0:  # killed: by the kernel when memory ran out, or by a user
        raise InputError(
            f"the claim index could not be built: its process was ended by signal "
            f"{-process.returncode} (out of memory?)"
        )
    if process.returncode != 0:
        last = message.splitlines()[-1] if message else f"exit status {process.returncode}"
        raise InputError(f"the claim index could not be built: {last}")
    meta: dict[str, Any] = json.loads((folder / _META).read_text(encoding="utf-8"))
    return meta


def stop(process: subprocess.Popen[bytes]) -> None:
    """End the indexer if it still runs (the build failed or was interrupted)."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for stream in (process.stdin, process.stderr):
        if stream is not None:
            stream.close()


def _exit_when_orphaned() -> None:
    """Exit as soon as standard input closes: the build that started this process is gone."""

    def watch() -> None:
        # os.read, not sys.stdin: a daemon thread blocked in a buffered reader's lock would stop
        # the interpreter from shutting down.
        try:
            while os.read(0, 1 << 12):
                pass
        finally:
            os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str]) -> int:
    from il6graph.store.build import collect_inputs
    from il6graph.store.index import build_index

    folder, ontology, *inputs = (Path(a) for a in argv)
    _exit_when_orphaned()
    try:
        found = collect_inputs(inputs, ontology)
    except InputError as error:
        print(error, file=sys.stderr)
        return 2
    index = build_index(found, folder / "index.sqlite")
    index.save_arrays(folder)
    index.db.close()
    (folder / _META).write_text(json.dumps(index.meta), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
