"""The installed package: `pip install .` then `il6graph ...` works from any folder.

These run the console script that `pip install .` put on PATH, and this interpreter, from an
empty folder and without PYTHONPATH, so they see the installed wheel, not this checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

INSTALLED = shutil.which("il6graph")
CHECKOUT = Path(__file__).resolve().parent.parent / "il6graph"
needs_install = pytest.mark.skipif(
    INSTALLED is None, reason="the il6graph console script is not installed (run `pip install .`)"
)


def _editable() -> bool:
    """Whether il6graph is installed in editable mode (``pip install -e .``)."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        recorded = distribution("il6graph").read_text("direct_url.json")
    except PackageNotFoundError:
        return False
    return bool(recorded and json.loads(recorded).get("dir_info", {}).get("editable"))


def run_installed(command: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        command, cwd=folder, env=environment, capture_output=True, text=True, timeout=120
    )


@needs_install
def test_the_installed_package_is_this_checkout(tmp_path: Path):
    code = "import il6graph, pathlib; print(pathlib.Path(il6graph.__file__).parent)"
    result = run_installed([sys.executable, "-c", code], tmp_path)
    installed = Path(result.stdout.strip())
    stale = [
        path.name
        for path in sorted(CHECKOUT.glob("*.py"))
        if not (installed / path.name).is_file()
        or (installed / path.name).read_bytes() != path.read_bytes()
    ]
    assert not stale, (
        f"the installed il6graph differs from this checkout in {stale}: run `pip install .`"
    )


@needs_install
def test_installed_command_runs_the_main_job_from_an_empty_folder(tmp_path: Path):
    result = run_installed([str(INSTALLED), "overview"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Validation: valid")
    assert "Claims behind IL-6 -> STAT3" in result.stdout
    assert {"il6-explorer.html", "il6graph.graphml", "il6graph.cyjs"} <= {
        p.name for p in tmp_path.iterdir()
    }


@needs_install
@pytest.mark.skipif(
    _editable(), reason="an editable install reads the checkout's files, not packaged copies"
)
def test_installed_package_carries_graph_ontology_and_sources(tmp_path: Path):
    code = (
        "from il6graph.resources import graph_path, ontology_path, shapes_path, sources_dir\n"
        "for p in (graph_path(), ontology_path(), shapes_path(), sources_dir() / 'il6-cancer-overview.txt'):\n"
        "    assert p.exists(), p\n"
        "    print(p)\n"
    )
    result = run_installed([sys.executable, "-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        assert "_bundled" in line, f"{line} is not inside the installed package"


@needs_install
def test_installed_command_reports_bad_input_in_one_line(tmp_path: Path):
    result = run_installed([str(INSTALLED), "claims", "no-such-entity-xyz"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("il6graph: error: unknown entity")
    assert "Traceback" not in result.stderr
