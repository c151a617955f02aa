"""The benchmarks still run: each is run once at a tiny size (figures are not checked here;
the benchmarks print them). A renamed module once broke a benchmark without any test noticing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize(
    ("script", "arguments", "printed"),
    [
        ("bench_load.py", ["--claims", "300", "--repeat", "1"], "read_claims"),
        ("bench_export.py", ["--claims", "200", "--repeat", "1"], "graphml"),
        ("bench_validate.py", ["--claims", "300", "--repeat", "1"], "old / new"),
        (
            "bench_shacl.py",
            ["--claims", "300", "--engines", "pyshacl", "turbo-whole", "turbo-sliced"],
            "turbo-sliced",
        ),
        ("bench_import.py", ["--rows", "300", "--repeat", "1", "--baseline-rows", "50"], "rows/s"),
        (
            "bench_paths.py",
            ["--claims", "1000", "--pairs", "5", "--limit", "1"],
            "Complete graph of 12 nodes",
        ),
    ],
)
def test_benchmark_runs_at_a_tiny_size(script: str, arguments: list[str], printed: str):
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *arguments],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert printed in result.stdout
