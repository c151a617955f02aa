"""Choosing part of the graph, the one mechanism behind the explorer page and the exports."""

from __future__ import annotations

import networkx
import pytest

from il6graph.errors import InputError
from il6graph.graph_view import to_networkx
from il6graph.selection import Selection, select


@pytest.fixture(scope="module")
def view(graph) -> networkx.MultiDiGraph:
    return to_networkx(graph)


def test_the_default_keeps_everything(view):
    part = select(view, Selection())
    assert (part.number_of_nodes(), part.number_of_edges()) == (
        view.number_of_nodes(),
        view.number_of_edges(),
    )


def test_focus_keeps_the_neighbourhood_either_direction(view):
    part = select(view, Selection(focus="STAT3", depth=1))
    assert set(part) == {
        "HGNC:11364",
        *view.predecessors("HGNC:11364"),
        *view.successors("HGNC:11364"),
    }
    assert set(select(view, Selection(focus="STAT3", depth=0))) == {"HGNC:11364"}


def test_any_identifier_of_an_entity_focuses_it(view):
    for name in ("STAT3", "NCBIGene:6774", "UniProtKB:P40763", "hgnc:11364"):
        assert "HGNC:11364" in select(view, Selection(focus=name))


def test_filters_drop_claims_and_the_entities_left_with_none(view):
    part = select(view, Selection(exclude_hedged=True, exclude_external=True))
    assert all(not d["hedge"] and d["assertion"] != "external" for _, _, d in part.edges(data=True))
    assert all(part.degree(n) > 0 for n in part)
    only = select(view, Selection(predicates=("Activates",)))
    assert {d["predicate"] for _, _, d in only.edges(data=True)} == {"activates"}
    assert "HGNC:11364" in only and "CL:0000235" not in only  # macrophage: no activation claim


def test_category_keeps_only_those_entities(view):
    part = select(view, Selection(categories=("Cell",)))
    assert part.number_of_nodes() > 0
    assert {d["category"] for _, d in part.nodes(data=True)} == {"Cell"}


def test_paths_keep_the_routes_only(view):
    part = select(view, Selection(paths=("IL-6", "metastasis"), max_hops=3))
    assert {"HGNC:6018", "EFO:0009708", "il6:stat3-signaling-pathway"} <= set(part)
    assert "CL:0000235" not in part  # macrophage produces IL-6: on no route to metastasis


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (Selection(categories=("Nonsense",)), "unknown category 'Nonsense' (this graph has: "),
        (Selection(predicates=("enhances",)), "unknown predicate 'enhances'"),
        (Selection(focus="STAT3", depth=-1), "depth -1 is negative"),
        (Selection(focus="STAT33"), "unknown entity 'STAT33'; did you mean"),
        (
            Selection(paths=("metastasis", "IL-6")),
            "no route from metastasis to IL-6 within 4 steps",
        ),
        (
            Selection(focus="IL-6", categories=("Cell",)),
            "IL-6 (HGNC:6018) is left out by the filters",
        ),
    ],
)
def test_selections_that_would_show_nothing_are_refused_in_one_line(view, selection, message):
    with pytest.raises(InputError) as caught:
        select(view, selection)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
