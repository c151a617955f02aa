"""Path questions on the bundled graph, the bounds of the search, and the commands around them."""

from __future__ import annotations

import itertools
import json
import random
import time

import networkx
import pytest
from rdflib import Graph

import il6graph.path_report
import il6graph.paths
from il6graph import to_networkx
from il6graph.errors import InputError
from il6graph.paths import PathSearch, explain, find_paths, neighbors
from il6graph.selection import Selection, select

STAT3 = "HGNC:11364"
STAT3_PATHWAY = "il6:stat3-signaling-pathway"
DISSEMINATION = "cancer cell dissemination"
EMT = "GO:0001837"


@pytest.fixture(scope="module")
def view(graph: Graph) -> networkx.MultiDiGraph:
    return to_networkx(graph)


def labels(search: PathSearch) -> list[tuple[str, ...]]:
    return [route.labels for route in search.paths]


def through(search: PathSearch, node: str) -> list[il6graph.paths.Route]:
    return [route for route in search.paths if node in route.nodes]


# --- The questions the bundled graph must answer ------------------------------------------------


def test_il6_leads_to_metastasis_through_stat3_and_dissemination(view):
    search = find_paths(view, "IL-6", "metastasis", max_hops=4)
    routes = [
        r
        for r in search.paths
        if {STAT3, STAT3_PATHWAY} & set(r.nodes) and DISSEMINATION in r.labels
    ]
    assert routes, labels(search)
    causal = [r for r in routes if r.sign != "0"]
    assert causal and all(r.sign == "+" for r in causal)
    pathway = next(r for r in routes if r.labels[1] == "STAT3 signaling pathway")
    assert pathway.labels == (
        "IL-6",
        "STAT3 signaling pathway",
        "cancer cell dissemination",
        "metastasis",
    )
    first = pathway.hops[0]
    assert first.predicate == "activates" and first.sign == "+"
    assert "such as the STAT3 pathway" in first.claims[0].evidence
    assert first.claims[0].hedge == "can"


def test_il6_leads_to_metastasis_through_emt_and_migration_or_invasion(view):
    search = find_paths(view, "IL-6", "metastasis", max_hops=4)
    emt = through(search, EMT)
    reached = {route.labels[2] for route in emt}
    assert {"cancer cell migration", "cancer cell invasion"} <= reached
    assert all(route.sign == "+" for route in emt)
    assert "migratory and invasive properties" in emt[0].hops[0].claims[0].evidence


def test_the_net_effect_of_il6_on_metastasis_is_positive(view):
    search = find_paths(view, "IL-6", "metastasis", causal_only=True)
    signs = {route.sign for route in search.paths}
    assert "-" not in signs and "+" in signs
    assert search.paths[0].sign == "+" and search.paths[0].length == 1  # "IL-6 promotes metastasis"


def test_il6_leads_to_cancer_cachexia_and_its_features(view):
    cachexia = find_paths(view, "IL-6", "cancer cachexia")
    assert cachexia.paths[0].labels == ("IL-6", "cancer cachexia")
    assert cachexia.paths[0].sign == "+"
    middles = {route.labels[1] for route in cachexia.paths if route.length == 2}
    assert {"metabolic alterations", "systemic inflammation"} <= middles

    # A feature of cachexia is reached through "has phenotype", which is not causal: sign 0.
    weight = find_paths(view, "IL-6", "weight loss")
    assert weight.paths[0].labels == ("IL-6", "cancer cachexia", "weight loss")
    assert weight.paths[0].sign == "0"
    assert find_paths(view, "IL-6", "weight loss", causal_only=True).paths == ()
    # Anorexia is also reached causally, through metabolic alterations and systemic inflammation.
    anorexia = find_paths(view, "IL-6", "anorexia", sign="+")
    assert {route.labels[1] for route in anorexia.paths} == {
        "metabolic alterations",
        "systemic inflammation",
    }


def test_il6_inhibitors_oppose_tumour_growth(view):
    search = find_paths(view, "IL-6 inhibitor", "tumour growth")
    assert search.target.label == "tumor growth"
    assert search.paths and {route.sign for route in search.paths} == {"-"}
    assert ("IL-6 inhibitor", "IL-6", "tumor growth") in labels(search)
    assert find_paths(view, "IL-6 inhibitor", "tumour growth", sign="+").paths == ()


# --- Routes, claims and signs ------------------------------------------------------------------


def test_routes_come_shortest_first(view):
    search = find_paths(view, "IL-6", "metastasis", max_paths=100)
    lengths = [route.length for route in search.paths]
    assert lengths == sorted(lengths) and lengths[0] == 1 and lengths[-1] == 4


def test_two_claims_for_one_step_make_one_route_listing_both(view):
    search = find_paths(view, "IL-6", "metastasis", max_hops=1)
    promotes = [r for r in search.paths if r.hops[0].predicate == "promotes"]
    assert len(promotes) == 1
    assert len(promotes[0].hops[0].claims) == 2
    assert len({claim.id for claim in promotes[0].hops[0].claims}) == 2
    # A different relation between the same two entities is a different route, with its own sign.
    involved = [r for r in search.paths if r.hops[0].predicate == "involved in"]
    assert len(involved) == 1 and involved[0].sign == "?"
    # Every claim id is the view's edge key, so callers can go back to the edge.
    for route in search.paths:
        for hop in route.hops:
            for claim in hop.claims:
                assert view.has_edge(hop.subject, hop.object, key=claim.id)


def test_a_route_with_a_non_causal_step_has_sign_0_and_causal_only_drops_it(view):
    everything = find_paths(view, "IL-6", "STAT3")
    receptor = [r for r in everything.paths if "IL-6R" in r.labels]
    assert receptor and receptor[0].labels == ("IL-6", "IL-6R", "JAK1", "STAT3")
    assert receptor[0].hops[0].predicate == "binds" and receptor[0].sign == "0"
    causal = find_paths(view, "IL-6", "STAT3", causal_only=True)
    assert all(r.sign != "0" for r in causal.paths)
    assert not [r for r in causal.paths if "IL-6R" in r.labels]


# --- Filters ----------------------------------------------------------------------------------


def test_sign_filter_keeps_only_that_net_effect(view):
    search = find_paths(view, "IL-6", "metastasis", sign="+")
    assert search.paths and all(route.sign == "+" for route in search.paths)
    assert "involved in" not in {hop.predicate for r in search.paths for hop in r.hops}
    unknown = find_paths(view, "IL-6", "metastasis", sign="?")
    assert unknown.paths and all(route.sign == "?" for route in unknown.paths)


def test_exclude_hedged_drops_the_hedged_stat3_steps(view):
    search = find_paths(view, "IL-6", "metastasis", exclude_hedged=True)
    assert not through(search, STAT3) and not through(search, STAT3_PATHWAY)
    assert through(search, EMT)
    assert all(claim.hedge is None for r in search.paths for h in r.hops for claim in h.claims)


def test_exclude_external_drops_background_knowledge(view):
    with_background = find_paths(view, "IL-6", "STAT3")
    assert any(
        c.assertion == "external" for r in with_background.paths for h in r.hops for c in h.claims
    )
    search = find_paths(view, "IL-6", "STAT3", exclude_external=True)
    assert search.paths == tuple(r for r in search.paths if "JAK1" not in r.labels)
    assert labels(search) == [("IL-6", "STAT3")]


def test_min_confidence_drops_weak_claims_and_the_steps_they_alone_support(view):
    assert find_paths(view, "IL-6", "STAT3", max_hops=1).paths
    assert find_paths(view, "IL-6", "STAT3", max_hops=1, min_confidence=0.6).paths == ()
    search = find_paths(view, "IL-6", "metastasis", min_confidence=0.6)
    assert search.paths
    assert all(c.confidence >= 0.6 for r in search.paths for h in r.hops for c in h.claims)


def test_via_and_avoid(view):
    via = find_paths(view, "IL-6", "metastasis", via=["EMT"])
    assert via.paths and all(EMT in route.nodes for route in via.paths)
    both = find_paths(view, "IL-6", "metastasis", via=["EMT", "cancer cell invasion"])
    assert labels(both) == [
        ("IL-6", "epithelial-mesenchymal transition", "cancer cell invasion", "metastasis")
    ]
    avoid = find_paths(view, "IL-6", "metastasis", avoid=["EMT", "STAT3"])
    assert avoid.paths and not through(avoid, EMT) and not through(avoid, STAT3)
    assert through(avoid, STAT3_PATHWAY)  # avoiding the protein leaves the pathway


def test_min_hops_skips_direct_claims(view):
    search = find_paths(view, "IL-6", "metastasis", min_hops=2)
    assert search.paths and min(route.length for route in search.paths) == 2


# --- Bounds -----------------------------------------------------------------------------------


def test_truncated_exactly_when_max_paths_cut_the_answer(view):
    total = len(find_paths(view, "IL-6", "metastasis", max_paths=1000).paths)
    assert total > 3
    exact = find_paths(view, "IL-6", "metastasis", max_paths=total)
    assert len(exact.paths) == total and not exact.truncated
    cut = find_paths(view, "IL-6", "metastasis", max_paths=total - 1)
    assert len(cut.paths) == total - 1 and cut.truncated and cut.stopped_by == "max_paths"
    three = find_paths(view, "IL-6", "metastasis", max_paths=3)
    assert [r.length for r in three.paths] == [1, 1, 2]


def complete_graph(n: int) -> networkx.MultiDiGraph:
    """K_n with every edge in both directions; the edge from 0 to n-1 is added last."""
    graph = networkx.MultiDiGraph()
    for u, v in itertools.permutations(range(n), 2):
        if (u, v) != (0, n - 1):
            graph.add_edge(f"n{u}", f"n{v}", key=f"c{u}-{v}", sign="+", predicate="activates")
    graph.add_edge("n0", f"n{n - 1}", key=f"c0-{n - 1}", sign="+", predicate="activates")
    return graph


def test_complete_graph_returns_within_its_deadline():
    k12 = complete_graph(12)
    started = time.monotonic()
    search = find_paths(k12, "n0", "n11", max_hops=11, max_paths=10**9, timeout=0.3)
    elapsed = time.monotonic() - started
    assert search.truncated and search.stopped_by == "timeout"
    assert elapsed < 1.5, elapsed  # the deadline plus sorting what was found
    assert search.paths[0].nodes == ("n0", "n11")  # shortest first, though its edge came last
    assert [r.length for r in search.paths[:11]] == [1] + [2] * 10


def test_the_garbage_collector_is_left_as_it_was():
    import gc

    before = gc.get_threshold()
    find_paths(complete_graph(8), "n0", "n7", max_hops=7, max_paths=10**9, timeout=0.05)
    assert gc.get_threshold() == before and gc.isenabled()


def test_complete_graph_with_an_unreachable_target_answers_no_route_at_once():
    k12 = complete_graph(12)
    k12.add_edge("target", "n0", key="only-out", sign="+", predicate="activates")
    started = time.monotonic()
    search = find_paths(k12, "n0", "target", max_hops=11, max_paths=10**9, timeout=10)
    assert search.paths == () and not search.truncated
    assert time.monotonic() - started < 1  # all_simple_paths would walk ~10^8 paths first


def random_graph(seed: int, *, multi: bool = True) -> networkx.DiGraph:
    rng = random.Random(seed)
    graph = networkx.MultiDiGraph() if multi else networkx.DiGraph()
    nodes = [f"n{i}" for i in range(9)]
    graph.add_nodes_from(nodes)
    for number in range(26):
        u, v = rng.sample(nodes, 2)
        predicate, sign = rng.choice([("activates", "+"), ("inhibits", "-"), ("binds", "0")])
        data = {"predicate": predicate, "sign": sign, "confidence": rng.choice([0.5, 0.9])}
        if multi:
            graph.add_edge(u, v, key=f"claim:{number}", **data)
        else:
            graph.add_edge(u, v, **data)
    return graph


@pytest.mark.parametrize("seed", range(8))
def test_same_routes_as_networkx_all_simple_paths(seed: int):
    graph = random_graph(seed, multi=seed % 2 == 0)
    for source, target in itertools.permutations(list(graph)[:6], 2):
        search = find_paths(graph, source, target, max_hops=4, max_paths=10**6)
        expected = {tuple(p) for p in networkx.all_simple_paths(graph, source, target, cutoff=4)}
        assert {route.nodes for route in search.paths} == expected
        # One route per choice of relation at each step: claims of one relation are merged.
        relations = [
            [len({d["predicate"] for d in _edges(graph, u, v)}) for u, v in itertools.pairwise(p)]
            for p in expected
        ]
        assert len(search.paths) == sum(_product(counts) for counts in relations)
        lengths = [route.length for route in search.paths]
        assert lengths == sorted(lengths)


def test_a_lopsided_graph_where_the_search_grows_only_from_the_source():
    # The target has many predecessors, so both balls grow on the source side; the last step
    # must still be checked against the target's real edges.
    graph = networkx.MultiDiGraph()
    graph.add_edge("s", "a", key="1", sign="+")
    graph.add_edge("a", "t", key="2", sign="+")
    graph.add_edge("s", "b", key="3", sign="+")
    graph.add_edge("b", "c", key="4", sign="-")
    graph.add_edge("c", "t", key="5", sign="+")
    for i in range(6):
        graph.add_edge(f"x{i}", "t", key=f"x{i}", sign="+")
    search = find_paths(graph, "s", "t")
    assert [r.nodes for r in search.paths] == [("s", "a", "t"), ("s", "b", "c", "t")]
    assert [r.sign for r in search.paths] == ["+", "-"]


def _edges(graph: networkx.DiGraph, u: str, v: str) -> list[dict]:
    return list(graph[u][v].values()) if graph.is_multigraph() else [graph[u][v]]


def _product(counts: list[int]) -> int:
    result = 1
    for count in counts:
        result *= count
    return result


# --- Bad input ----------------------------------------------------------------------------------


def test_source_equal_to_target_is_a_clear_error(view):
    with pytest.raises(InputError, match="same entity, IL-6"):
        find_paths(view, "IL-6", "interleukin 6")


def test_unknown_names_suggest_close_ones(view):
    with pytest.raises(InputError, match="unknown entity 'metastsis'; did you mean 'metastasis'"):
        find_paths(view, "IL-6", "metastsis")
    with pytest.raises(InputError, match="unknown entity"):
        find_paths(view, "IL-6", "metastasis", via=["STAT-33"])


def test_bad_bounds_and_signs_are_input_errors(view):
    for options in ({"max_hops": 0}, {"max_paths": 0}, {"timeout": 0}, {"sign": "x"}):
        with pytest.raises(InputError):
            find_paths(view, "IL-6", "metastasis", **options)
    with pytest.raises(InputError, match="cannot avoid IL-6"):
        find_paths(view, "IL-6", "metastasis", avoid=["IL6"])


def test_no_route_is_an_empty_answer_not_an_error(view):
    search = find_paths(view, "metastasis", "IL-6")
    assert search.paths == () and not search.truncated


def test_an_rdflib_graph_works_too(graph: Graph):
    search = find_paths(graph, "IL-6", "metastasis", max_hops=1)
    assert search.source.curie == "HGNC:6018" and search.paths


# --- Neighbours and explanations -----------------------------------------------------------------


def test_downstream_neighbors_carry_the_net_sign(view):
    found = neighbors(view, "IL-6 inhibitor", depth=2)
    signs = {n.label: n.sign for n in found.neighbors}
    assert signs["IL-6"] == "-" and signs["tumor growth"] == "-"
    assert signs["STAT3"] == "-"  # inhibits IL-6, which activates STAT3
    assert signs["immune response to tumor cell"] == "+"  # inhibits IL-6, which inhibits it
    assert all(n.distance <= 2 for n in found.neighbors)
    assert "IL-6 receptor inhibitor" not in signs  # "member of" is not causal


def test_upstream_neighbors_and_agreeing_signs(view):
    found = neighbors(view, "metastasis", direction="upstream")
    il6 = next(n for n in found.neighbors if n.label == "IL-6")
    assert il6.signs == ("+", "?") and il6.sign == "+"  # "promotes" states the direction
    assert il6.route.labels == ("IL-6", "metastasis")
    inhibitor = next(n for n in found.neighbors if n.label == "IL-6 inhibitor")
    assert inhibitor.sign == "-"


def test_neighbors_include_noncausal_on_request(view):
    causal = {n.label for n in neighbors(view, "cancer cachexia").neighbors}
    assert "weight loss" not in causal
    everything = neighbors(view, "cancer cachexia", causal_only=False)
    assert {n.label: n.sign for n in everything.neighbors}["weight loss"] == "0"


def test_explain_writes_the_best_supported_route_with_its_evidence(view):
    direct = explain(view, "IL-6", "metastasis")
    assert direct.route is not None and direct.route.length == 1
    mechanism = explain(view, "IL-6", "metastasis", min_hops=2, via=["STAT3 pathway"])
    assert mechanism.text.startswith(
        "IL-6 activates STAT3 signaling pathway, which contributes to cancer cell dissemination"
    )
    assert "such as the STAT3 pathway" in mechanism.text
    nothing = explain(view, "metastasis", "IL-6")
    assert nothing.route is None and "No route" in nothing.text


def test_selection_of_routes_uses_the_search(view):
    part = select(view, Selection(paths=("IL-6", "metastasis")))
    assert {EMT, STAT3_PATHWAY} <= set(part)
    assert "il6:tumor-growth" not in part


# --- Commands -----------------------------------------------------------------------------------


def test_paths_command_shows_every_step_with_its_evidence(cli):
    result = cli("paths", "IL-6", "metastasis")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Routes from IL-6 (HGNC:6018) to metastasis")
    assert "IL-6 -> STAT3 signaling pathway -> cancer cell dissemination -> metastasis" in out
    assert "IL-6 --activates [+]--> STAT3 signaling pathway" in out
    assert 'stated, hedge "can", confidence 0.7' in out
    assert "net +: promotes" in out


def test_paths_command_json_shape(cli):
    result = cli("paths", "IL-6 inhibitor", "tumour growth", "--sign", "-", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"source", "target", "truncated", "paths"}
    assert data["source"] == {"id": "il6:il6-inhibitor", "label": "IL-6 inhibitor"}
    assert set(data["target"]) == {"id", "label"} and data["truncated"] is False
    route = data["paths"][0]
    assert set(route) == {"sign", "length", "hops"} and route["sign"] == "-"
    assert route["length"] == len(route["hops"])
    hop = route["hops"][0]
    assert set(hop) == {"subject", "predicate", "object", "sign", "claims"}
    assert set(hop["claims"][0]) == {"id", "evidence", "assertion", "hedge", "confidence"}


def test_paths_command_markdown_and_truncation(cli):
    result = cli("paths", "IL-6", "metastasis", "--format", "md", "--max-paths", "2")
    assert result.exit_code == 0
    assert result.stdout.startswith("## Routes from IL-6 to metastasis")
    assert "### 1. IL-6 → metastasis — net +: promotes" in result.stdout
    assert "Stopped at 2 routes (--max-paths): more exist." in result.stdout


def test_paths_command_exit_codes(cli):
    none = cli("paths", "metastasis", "IL-6")
    assert none.exit_code == 1
    assert none.stdout.strip() == "No route from metastasis to IL-6 within 4 steps (--max-hops)."
    same = cli("paths", "IL-6", "il6")
    assert same.exit_code == 2 and "same entity" in same.stderr and "Traceback" not in same.stderr
    unknown = cli("paths", "IL-6", "metastsis")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("il6graph: error: unknown entity 'metastsis'; did you mean")
    assert cli("paths", "IL-6", "metastasis", "--max-hops", "0").exit_code == 2


def test_neighbors_and_explain_commands(cli):
    down = cli("neighbors", "IL-6 inhibitor", "--depth", "2")
    assert down.exit_code == 0
    assert "-  tumor growth (BiologicalProcess, 1 step)" in down.stdout
    up = json.loads(
        cli("neighbors", "metastasis", "--direction", "upstream", "--format", "json").stdout
    )
    il6 = next(n for n in up["neighbors"] if n["label"] == "IL-6")
    assert il6["sign"] == "+" and il6["signs"] == ["+", "?"]
    assert il6["route"]["hops"][0]["subject"] == {"id": "HGNC:6018", "label": "IL-6"}
    said = cli("explain", "IL-6", "metastasis", "--min-hops", "2", "--via", "EMT")
    assert said.exit_code == 0
    assert said.stdout.startswith("IL-6 promotes epithelial-mesenchymal transition, which promotes")
    assert cli("explain", "metastasis", "IL-6").exit_code == 1


def test_overview_shows_how_il6_leads_to_metastasis(cli, tmp_path):
    result = cli("overview", "--out", str(tmp_path))
    assert result.exit_code == 0
    out = result.stdout
    assert "Routes from IL-6 to metastasis" in out
    assert "+ IL-6 --promotes--> epithelial-mesenchymal transition --promotes--> cancer cell" in out
    assert "Through STAT3 signaling pathway: IL-6 activates STAT3 signaling pathway" in out
    assert "Through epithelial-mesenchymal transition:" in out
