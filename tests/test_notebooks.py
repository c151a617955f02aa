"""Notebooks are stored clean: no outputs, no execution counts, public API only.

They are executed by pytest itself (``--nbmake`` in pyproject), where each asserts its results.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def code_cells(path: Path) -> list[dict]:
    return [
        cell
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "code"
    ]


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path):
    for cell in code_cells(path):
        assert cell.get("outputs") == [], f"{path.name} has outputs committed"
        assert cell.get("execution_count") is None, f"{path.name} has execution counts committed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_states_question_and_answer(path: Path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    markdown = [("".join(c["source"])) for c in cells if c["cell_type"] == "markdown"]
    assert "**Question.**" in markdown[0]
    assert any("**Answer.**" in text for text in markdown[-2:])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_asserts_its_results(path: Path):
    source = "\n".join("".join(cell["source"]) for cell in code_cells(path))
    assert re.search(r"^\s*assert ", source, re.M), f"{path.name} checks none of its results"
