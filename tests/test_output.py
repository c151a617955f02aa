"""Writing files: atomic replacement, and deterministic Turtle."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from il6graph.errors import InputError
from il6graph.output import atomic_write, to_turtle
from il6graph.resources import graph_path


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path):
    target = tmp_path / "graph.ttl"
    target.write_text("old content")

    def fail_midway(stream):
        stream.write(b"half of the new con")
        raise OSError("disk full")

    with pytest.raises(InputError, match=r"graph\.ttl: cannot write: disk full"):
        atomic_write(target, fail_midway)
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_a_successful_write_replaces_the_file(tmp_path: Path):
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    atomic_write(target, b"new")
    assert target.read_text() == "new"


def test_writing_into_a_missing_folder_is_a_one_line_error(tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        atomic_write(tmp_path / "absent" / "graph.ttl", b"x")


def test_writing_onto_a_folder_or_under_a_file_is_a_one_line_error(tmp_path: Path):
    with pytest.raises(InputError, match="is a folder; give a file name"):
        atomic_write(tmp_path, b"x")
    (tmp_path / "page.html").write_text("x")
    with pytest.raises(InputError, match=r"page\.html is a file, not a folder"):
        atomic_write(tmp_path / "page.html" / "x.html", b"x")


def test_turtle_does_not_depend_on_insertion_order():
    triples = list(Graph().parse(graph_path(), format="turtle"))
    forward, backward = Graph(), Graph()
    for triple in triples:
        forward.add(triple)
    for triple in reversed(triples):
        backward.add(triple)
    assert to_turtle(forward) == to_turtle(backward)
