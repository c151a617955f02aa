"""Shared fixtures: the bundled graph (loaded once), a writable copy of the data, the CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from il6graph.cli import main
from il6graph.resources import graph_path, sources_dir
from il6graph.store import load_graph

RESOURCES = Path(__file__).parent / "resources"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The bundled graph. Read-only: tests that change a graph load their own."""
    return load_graph()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (triples.ttl and sources/) in a temporary folder."""
    target = tmp_path / "data"
    (target / "sources").mkdir(parents=True)
    shutil.copy(graph_path(), target / "triples.ttl")
    for source in sources_dir().iterdir():
        shutil.copy(source, target / "sources" / source.name)
    return target


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> Callable[..., Outcome]:
    """Run ``il6graph ARGS...`` in-process and return its exit code, stdout and stderr."""

    def run(*args: str) -> Outcome:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run
