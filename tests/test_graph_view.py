"""The networkx view: one node per entity, one edge per claim, with what users read."""

from __future__ import annotations

import networkx
import pytest

from il6graph.claims import read_claims
from il6graph.entities import EntityIndex
from il6graph.graph_view import to_networkx


@pytest.fixture(scope="module")
def view(graph):
    return to_networkx(graph)


def test_one_edge_per_claim_and_one_node_per_entity(graph, view):
    assert isinstance(view, networkx.MultiDiGraph)
    assert view.number_of_edges() == len(read_claims(graph))
    assert view.number_of_nodes() == len(EntityIndex.from_graph(graph))


def test_nodes_carry_label_curie_category_synonyms(view):
    il6 = view.nodes["HGNC:6018"]
    assert il6["label"] == "IL-6"
    assert il6["iri"] == "http://identifiers.org/hgnc/6018"
    assert il6["category"] == "Protein"
    assert {"Gene", "Protein"} <= set(il6["categories"])
    assert "interleukin 6" in il6["synonyms"]


def test_edges_carry_the_claim_and_its_evidence(view):
    edges = view.get_edge_data("HGNC:6018", "il6:stat3-signaling-pathway")
    assert len(edges) == 1
    ((key, data),) = edges.items()
    assert key.startswith("claim:c-")
    assert data["predicate"] == "activates"
    assert data["sign"] == "+"
    assert data["hedge"] == "can"
    assert data["assertion"] == "stated"
    assert data["evidence"].startswith("Furthermore, IL-6 can activate signaling pathways")
    assert (data["start"], data["end"]) == (1473, 1624)


def test_two_sentences_for_one_edge_are_two_edges(view):
    edges = view.get_edge_data("HGNC:6018", "il6:tumor-growth")
    assert len(edges) >= 2
    assert len({data["evidence"] for data in edges.values()}) == len(edges)


def test_signs_follow_the_ontology(view):
    signs = {data["predicate"]: data["sign"] for _, _, data in view.edges(data=True)}
    assert signs["inhibits"] == "-"
    assert signs["produced by"] == "0"
    assert signs["regulates"] == "?"
