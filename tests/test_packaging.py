"""The installed package: `pip install .` then `il6graph ...` works from any folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

INSTALLED = shutil.which("il6graph")
needs_install = pytest.mark.skipif(
    INSTALLED is None, reason="the il6graph console script is not installed (run `pip install .`)"
)


@needs_install
def test_installed_command_runs_the_main_job_from_an_empty_folder(tmp_path: Path):
    result = subprocess.run(
        [INSTALLED, "overview"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Validation: valid")
    assert "Claims behind IL-6 -> STAT3" in result.stdout


@needs_install
def test_installed_package_carries_graph_ontology_and_sources(tmp_path: Path):
    code = (
        "from il6graph.resources import graph_path, ontology_path, shapes_path, sources_dir\n"
        "for p in (graph_path(), ontology_path(), shapes_path(), sources_dir() / 'il6-cancer-overview.txt'):\n"
        "    assert p.exists(), p\n"
        "    print(p)\n"
    )
    python = Path(INSTALLED).parent / "python"
    interpreter = str(python) if python.exists() else "python"
    result = subprocess.run(
        [interpreter, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        assert "_bundled" in line, f"{line} is not inside the installed package"


@needs_install
def test_installed_command_reports_bad_input_in_one_line(tmp_path: Path):
    result = subprocess.run(
        [INSTALLED, "claims", "no-such-entity-xyz"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("il6graph: error: unknown entity")
    assert "Traceback" not in result.stderr
