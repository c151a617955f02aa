"""Wall time of il6graph commands as a user runs them, against a bare interpreter.

    python bench/bench_startup.py [--repeat N]

Goals (issue 2): `il6graph --help` under 150 ms more than `python -c pass`; `il6graph stats` and
`il6graph claims IL-6` on the bundled graph under 1 s wall each. Prints medians of N runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "il6graph --help": [sys.executable, "-m", "il6graph", "--help"],
    "il6graph stats": [sys.executable, "-m", "il6graph", "stats"],
    "il6graph claims IL-6": [sys.executable, "-m", "il6graph", "claims", "IL-6"],
    "il6graph validate": [sys.executable, "-m", "il6graph", "validate"],
}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    for command in COMMANDS.values():
        wall(command)  # warm the file cache
    # Round-robin, so a busy moment on a shared machine hits every command alike.
    times: dict[str, list[float]] = {label: [] for label in COMMANDS}
    for _ in range(args.repeat):
        for label, command in COMMANDS.items():
            times[label].append(wall(command))
    base = statistics.median(times["python -c pass (baseline)"])
    print(f"median wall time of {args.repeat} runs")
    for label, samples in times.items():
        seconds = statistics.median(samples)
        extra = (
            ""
            if label.endswith("(baseline)")
            else f"  ({(seconds - base) * 1000:+.0f} ms over baseline)"
        )
        print(f"  {label:<28} {seconds * 1000:7.0f} ms{extra}")


if __name__ == "__main__":
    main()
