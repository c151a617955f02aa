"""Loading graphs: the bundled one, merged files, and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Literal
from rdflib.namespace import RDFS

from il6graph.errors import InputError
from il6graph.resources import graph_path
from il6graph.store import load_graph
from il6graph.vocabulary import IL6V


def test_bundled_graph_loads_with_its_claims(graph):
    assert len(graph) > 1000
    assert len(set(graph.subjects(RDF.type, IL6V.Claim))) >= 80


def test_plain_labels_match_in_sparql_and_the_triple_api(graph):
    # rdflib's own store fed by Oxigraph's parser would store "IL-6"^^xsd:string and match nothing
    rows = list(
        graph.query('SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "IL-6" }')
    )
    assert [str(row[0]) for row in rows] == ["http://identifiers.org/hgnc/6018"]
    assert list(graph.subjects(RDFS.label, Literal("IL-6")))


def test_several_files_merge(tmp_path: Path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix il6: <https://w3id.org/il6graph/entity/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'il6:new-thing rdfs:label "new thing" .\n'
    )
    merged = load_graph(graph_path(), extra)
    assert len(merged) == len(load_graph()) + 1


def test_malformed_turtle_names_file_line_and_column(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n'
    )
    with pytest.raises(InputError) as caught:
        load_graph(bad)
    message = str(caught.value)
    assert message.startswith(f"{bad}:3:")
    assert "\n" not in message


def test_missing_file_and_unknown_format_are_one_line_errors(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        load_graph(tmp_path / "absent.ttl")
    odd = tmp_path / "graph.xlsx"
    odd.write_text("x")
    with pytest.raises(InputError, match=r"unknown RDF format '\.xlsx'"):
        load_graph(odd)
