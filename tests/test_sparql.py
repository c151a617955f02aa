"""`il6graph query` and il6graph.sparql: saved queries, safe parameters, refusals, writers, caps."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
import zipfile
from collections import deque
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from il6graph.claims import add_claim, read_claims
from il6graph.entities import EntityIndex
from il6graph.errors import InputError
from il6graph.graph_view import to_networkx
from il6graph.output import write_turtle
from il6graph.predicates import predicate_table
from il6graph.sparql import (
    GraphResult,
    SelectResult,
    inspect_query,
    prepare_query,
    query_dataset,
    read_query,
    run_query,
    saved_queries,
    saved_query,
    sparql_term,
)
from il6graph.store import load_graph
from il6graph.vocabulary import IL6V, SOURCE, from_curie

REPO = Path(__file__).resolve().parent.parent
RESOURCES = Path(__file__).parent / "resources"
SAVED = {
    "biomarker",
    "cachexia-features",
    "claims-about",
    "contradictions",
    "downstream",
    "net-effects",
    "external",
    "hedged",
    "producers",
    "therapies",
}
INJECTION = '" ) } UNION { ?s ?p ?o'


@pytest.fixture(scope="module")
def dataset() -> Graph:
    return query_dataset()


@pytest.fixture(scope="module")
def index(dataset) -> EntityIndex:
    return EntityIndex.from_graph(dataset)


def select(graph: Graph, query, parameters=None, **options) -> SelectResult:
    entities = EntityIndex.from_graph(graph)
    prepared = prepare_query(query, parameters, entities=lambda: entities)
    result = run_query(graph, prepared, **options)
    assert isinstance(result, SelectResult)
    return result


def column(result: SelectResult, name: str) -> list[str]:
    position = result.variables.index(name)
    return [str(row[position]) if row[position] is not None else "" for row in result.rows]


def columns(result: SelectResult, *names: str) -> list[tuple[str, ...]]:
    return list(zip(*(column(result, name) for name in names), strict=True))


# --- saved queries ---------------------------------------------------------------------------------


def test_saved_queries_are_the_promised_ones_each_with_a_header():
    queries = saved_queries()
    assert set(queries) == SAVED
    for query in queries.values():
        assert query.title.endswith("."), query.name  # one sentence saying what it answers
        assert query.text.lstrip().startswith("#")
        for parameter in query.parameters:
            assert parameter.description and parameter.default, (query.name, parameter)


def test_every_saved_query_runs_on_the_bundled_graph(dataset):
    for name, query in saved_queries().items():
        result = select(dataset, query)
        assert not result.truncated, name
        if name != "contradictions":  # the bundled graph has none
            assert result.rows, f"{name} answered nothing"


def test_claims_about_answers_what_read_claims_answers(dataset, graph, index):
    claims = read_claims(graph)
    for name in ("STAT3", "IL-6", "cancer cachexia", "tocilizumab"):
        entity = index.resolve(name)
        expected = sorted(c.iri for c in claims if entity.iri in (c.subject, c.object))
        result = select(dataset, saved_query("claims-about"), {"entity": [name]})
        assert sorted(column(result, "claim")) == expected, name
    stat3 = select(dataset, saved_query("claims-about"), {"entity": ["STAT3"]})
    rows = set(columns(stat3, "subject", "predicate", "object"))
    assert ("IL-6", "activates", "STAT3") in rows
    assert ("JAK1", "activates", "STAT3") in rows


def test_what_the_topical_saved_queries_answer(dataset, graph):
    producers = select(dataset, saved_query("producers"))
    assert column(producers, "label") == ["B cell", "fibroblast", "macrophage", "T cell"]
    features = select(dataset, saved_query("cachexia-features"))
    assert column(features, "label") == [
        "anorexia",
        "fatigue",
        "skeletal muscle atrophy",
        "weight loss",
    ]
    claims = read_claims(graph)
    hedged = select(dataset, saved_query("hedged"))
    assert sorted(column(hedged, "claim")) == sorted(c.iri for c in claims if c.hedge)
    external = select(dataset, saved_query("external"))
    assert sorted(column(external, "claim")) == sorted(
        c.iri for c in claims if c.assertion == "external"
    )
    therapies = select(dataset, saved_query("therapies"))
    rows = set(columns(therapies, "therapy", "via", "target"))
    assert ("tocilizumab", "IL-6 receptor inhibitor", "IL-6R") in rows
    assert ("siltuximab", "IL-6 inhibitor", "IL-6") in rows
    biomarker = select(dataset, saved_query("biomarker"))
    assert ("biomarker for", "cancer") in set(columns(biomarker, "relation", "what"))


def test_contradictions_finds_a_pair_that_validate_also_warns_about(data_copy: Path):
    graph = load_graph(data_copy / "triples.ttl")
    add_claim(
        graph,
        subject=URIRef(from_curie("HGNC:6018")),
        predicate=IL6V.inhibits,
        object=URIRef(from_curie("HGNC:11364")),
        source=SOURCE["il6-cancer-overview"],
        sentence="Furthermore, IL-6 can activate signaling pathways, such as the STAT3 pathway, that are crucial for the dissemination of cancer cells to distant organs.",
        sources=data_copy / "sources",
    )
    edited = data_copy / "with-contradiction.ttl"
    write_turtle(graph, edited)
    result = select(query_dataset(edited), saved_query("contradictions"))
    assert list(columns(result, "subject", "object")) == [("IL-6", "STAT3")]
    assert column(result, "positive") == ["activates"] and column(result, "negative") == [
        "inhibits"
    ]


def _net_signs_by_walking(graph: Graph, start: str) -> dict[str, str]:
    """An independent oracle for `net-effects`: walk (node, parity, unknown-seen) states on the
    networkx view with the ontology's signs; property paths follow walks, so this does too."""
    view = to_networkx(graph)
    seen: set[tuple[str, int, bool]] = set()
    queue = deque([(start, 0, False)])
    while queue:
        node, parity, unknown = queue.popleft()
        for _, target, data in view.out_edges(node, data=True):
            sign = data["sign"]
            if sign == "0":
                continue
            state = (target, parity ^ (sign == "-"), unknown or sign == "?")
            if state not in seen:
                seen.add(state)
                queue.append(state)
    signs: dict[str, set[str]] = {}
    for node, parity, unknown in seen:
        mark = "?" if unknown else "-" if parity else "+"
        signs.setdefault(view.nodes[node]["iri"], set()).add(mark)
    return {iri: " ".join(s for s in "+-?" if s in marks) for iri, marks in signs.items()}


def _step_signs_by_walking(graph: Graph, start: str) -> dict[str, str]:
    """An independent oracle for `downstream`: everything reachable over causal edges, each with
    the signs of the causal edges into it from the start or from anything reachable."""
    view = to_networkx(graph)
    causal = [(u, v, d["sign"]) for u, v, d in view.edges(data=True) if d["sign"] != "0"]
    reached, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        for u, v, _ in causal:
            if u == node and v not in reached:
                reached.add(v)
                queue.append(v)
    signs: dict[str, set[str]] = {}
    for u, v, sign in causal:
        if u in reached:
            signs.setdefault(view.nodes[v]["iri"], set()).add(sign)
    return {iri: " ".join(s for s in "+-?" if s in marks) for iri, marks in signs.items()}


@pytest.mark.parametrize("entity", ["IL-6", "STAT3", "IL-6 inhibitor", "JAK1"])
def test_net_effects_match_a_walk_over_the_graph(dataset, graph, index, entity):
    result = select(dataset, saved_query("net-effects"), {"entity": [entity]})
    answered = dict(columns(result, "target", "signs"))
    assert answered == _net_signs_by_walking(graph, index.resolve(entity).curie)


@pytest.mark.parametrize("entity", ["IL-6", "STAT3", "IL-6 inhibitor", "JAK1"])
def test_downstream_matches_a_walk_over_the_graph(dataset, graph, index, entity):
    result = select(dataset, saved_query("downstream"), {"entity": [entity]})
    answered = dict(columns(result, "target", "signs"))
    assert answered == _step_signs_by_walking(graph, index.resolve(entity).curie)


def test_both_downstream_queries_on_a_small_graph_with_every_causal_predicate():
    # a +> b -| c +> d -| e ?> f +> g ?> i, and a -| h: every sign rule on one page
    graph = query_dataset(RESOURCES / "signs.ttl")
    net = dict(
        columns(select(graph, saved_query("net-effects"), {"entity": ["a"]}), "label", "signs")
    )
    assert net == {"b": "+", "c": "-", "d": "-", "e": "+", "f": "?", "g": "?", "h": "-", "i": "?"}
    steps = dict(
        columns(select(graph, saved_query("downstream"), {"entity": ["a"]}), "label", "signs")
    )
    assert steps == {"b": "+", "c": "-", "d": "+", "e": "-", "f": "?", "g": "+", "h": "-", "i": "?"}
    causal = {p.iri.rsplit("/", 1)[1] for p in predicate_table().values() if p.causal}
    for name in ("net-effects", "downstream"):
        used = set(re.findall(r"il6v:(\w+)", saved_query(name).text)) - {"sign"}
        assert used == causal, f"{name}.rq's predicates must be the ontology's causal ones"
    net_effects = saved_query("net-effects").text
    for predicate in predicate_table().values():  # inhibitions are what flip the parity
        if predicate.sign == "-":
            assert f"/il6v:{predicate.iri.rsplit('/', 1)[1]}" in net_effects


def test_the_ontology_is_part_of_the_query_dataset(dataset):
    result = select(
        dataset, "SELECT ?label ?sign WHERE { il6v:inhibits rdfs:label ?label ; il6v:sign ?sign }"
    )
    assert [(str(a), str(b)) for a, b in result.rows] == [("inhibits", "-")]


# --- parameters ------------------------------------------------------------------------------------


def test_entity_parameters_accept_any_name_of_the_entity(dataset):
    answers = {
        name: column(select(dataset, saved_query("net-effects"), {"entity": [name]}), "target")
        for name in ("IL-6", "interleukin 6", "il6", "HGNC:6018")
    }
    assert len({tuple(a) for a in answers.values()}) == 1


def test_a_parameter_binds_a_variable_outside_the_projection(dataset):
    # ?entity is not projected; Oxigraph's own substitutions would refuse to bind it.
    result = select(dataset, saved_query("producers"), {"entity": ["IL-6"]})
    assert "entity" not in result.variables and len(result.rows) == 4


def test_values_go_into_every_group_that_uses_the_parameter_but_not_into_subqueries(dataset):
    # Oxigraph does not push a binding into UNION branches; each branch gets the VALUES block.
    index = EntityIndex.from_graph(dataset)
    prepared = prepare_query(
        saved_query("net-effects"), {"entity": ["IL-6"]}, entities=lambda: index
    )
    assert prepared.text.count("VALUES ?entity { hgnc:6018 }") == 4
    # A subquery's ?x is its own: binding the outer ?x must not change what the subquery counts.
    query = (
        "SELECT ?n WHERE { ?x rdfs:label ?label "
        "{ SELECT (COUNT(?x) AS ?n) WHERE { ?x a biolink:Cell } } }"
    )
    result = select(dataset, query, {"x": ["IL-6"]})
    assert [int(row[0]) for row in result.rows] == [10]


def test_several_values_for_one_parameter(dataset):
    both = select(dataset, saved_query("claims-about"), {"entity": ["STAT3", "JAK1"]})
    one = [select(dataset, saved_query("claims-about"), {"entity": [n]}) for n in ("STAT3", "JAK1")]
    assert set(column(both, "claim")) == set(column(one[0], "claim")) | set(column(one[1], "claim"))


@pytest.mark.parametrize(
    "value",
    [
        INJECTION,
        'can" ) } UNION { ?s ?p ?o } #',
        "can\\u0022 ) } UNION { ?s ?p ?o } #",
        'can\\" ) } UNION { ?s ?p ?o } #',
        "can\n} UNION { ?c ?x ?hedge }",
        "can'''\" } UNION { ?c ?x ?hedge } #",
    ],
)
def test_an_injection_attempt_returns_nothing_extra(dataset, value):
    query = "SELECT ?c ?hedge WHERE { ?c il6v:hedge ?hedge }"
    honest = select(dataset, query, {"hedge": ["can"]})
    assert honest.rows and all(str(h) == "can" for _, h in honest.rows)
    attacked = select(dataset, query, {"hedge": [value]})
    assert attacked.rows == ()  # no hedge has that text, and nothing else came back
    # the same through a declared string parameter of a saved query with an entity default
    declared = read_query(
        "# Claims with a hedge.\n# param hedge (string, default can): the cue\n" + query
    )
    assert select(dataset, declared, {"hedge": [value]}).rows == ()


def test_a_value_with_quotes_is_bound_exactly_as_given(data_copy: Path):
    # Binding is faithful, not just harmless: a hedge that really contains the attack text is found.
    graph = load_graph(data_copy / "triples.ttl")
    claim = next(iter(graph.subjects(IL6V.hedge, Literal("can"))))
    for text in (INJECTION, 'a \\ b "c" \\u0022 \n d'):
        graph.set((claim, IL6V.hedge, Literal(text)))
        result = select(graph, "SELECT ?c WHERE { ?c il6v:hedge ?hedge }", {"hedge": [text]})
        assert [str(row[0]) for row in result.rows] == [str(claim)]


def test_terms_are_written_so_nothing_can_end_them_early():
    assert sparql_term(Literal(INJECTION)) == '"\\" ) } UNION { ?s ?p ?o"'
    assert (
        sparql_term(URIRef("http://identifiers.org/hgnc/6018"))
        == "<http://identifiers.org/hgnc/6018>"
    )
    for bad in ("http://x/> } UNION { ?s ?p ?o", "http://x/\\u003E", "http://x/ y"):
        with pytest.raises(InputError, match="not a usable IRI"):
            sparql_term(URIRef(bad))
    assert sparql_term(Literal("Zytokin", lang="de")) == '"Zytokin"@de'


def test_declared_parameter_kinds(dataset):
    query = read_query(
        "# Kinds.\n# param n (integer, default 1): a number\n# param d (decimal, default 0.5): a number\n"
        "# param i (iri, default HGNC:6018): an IRI\n"
        "SELECT ?n ?d ?i WHERE { BIND(1 AS ?x) }"
    )
    result = select(dataset, query)
    assert [str(t) for t in result.rows[0]] == ["1", "0.5", "http://identifiers.org/hgnc/6018"]
    with pytest.raises(InputError, match="is not an integer"):
        prepare_query(query, {"n": ["1 } UNION {"]})
    with pytest.raises(InputError, match="unknown CURIE prefix"):
        prepare_query(query, {"i": ["nope:1"]})


def test_parameter_mistakes_are_one_line(dataset, index):
    with pytest.raises(
        InputError, match=r"has no variable \?entit to bind \(its variables: .*\?entity"
    ):
        prepare_query(saved_query("claims-about"), {"entit": ["STAT3"]}, entities=lambda: index)
    with pytest.raises(InputError, match="unknown entity 'STAT-33'; did you mean 'STAT3'"):
        prepare_query(saved_query("claims-about"), {"entity": ["STAT-33"]}, entities=lambda: index)
    required = read_query("# Needs x.\n# param x (string): the thing\nSELECT ?x WHERE { ?s ?p ?x }")
    with pytest.raises(InputError, match=r"needs --param x=VALUE \(the thing\)"):
        prepare_query(required)


# --- hardening ---------------------------------------------------------------------------------------


def _service_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?a ?b ?c . {{ SELECT ?s WHERE {{ sErViCe SILENT <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ ?s ?q ?r MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o .SERVICE<{url}>{{?s ?p ?o}} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f'SELECT * WHERE {{ ?s ?p "\\u0022" SERVICE <{url}> {{ ?s ?p ?o }} ?x ?y "z" }}',
    ]


def test_service_is_refused_anywhere_and_no_request_leaves(dataset, trap, no_network):
    for query in _service_queries(trap.url):
        # \u0053ERVICE: il6graph reads codepoint escapes inside strings and IRIs only, as
        # Oxigraph does, so an escaped keyword is unreadable and refused as such
        with pytest.raises(InputError, match=r"SERVICE is refused|escape outside a string"):
            run_query(dataset, query)
    assert trap.hits() == []


def test_the_trap_would_see_a_service_request_the_engine_makes(trap, no_network):
    # Control: Oxigraph itself follows SERVICE (pyoxigraph, in-process, bypassing il6graph),
    # so an empty trap above means il6graph stopped the query, not that nothing could connect.
    store = pyoxigraph.Store()
    with pytest.raises(OSError):
        list(store.query(_service_queries(trap.url)[0]))
    assert any(b"POST /sparql" in hit for hit in trap.hits())


def test_service_in_strings_iris_comments_and_names_is_not_refused(dataset):
    query = """
    PREFIX ex: <http://example.org/SERVICE/>
    SELECT ?service WHERE {   # SERVICE in a comment
      BIND("SERVICE <http://x/> { }" AS ?service)
      BIND(ex:SERVICE AS ?from)
      BIND('''FROM <file:///etc/passwd>''' AS ?text)
    }"""
    assert [str(row[0]) for row in select(dataset, query).rows] == ["SERVICE <http://x/> { }"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT * from <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
        "ASK FROM <{url}> {{ ?s ?p ?o }}",
    ],
)
def test_from_is_refused(dataset, trap, no_network, query):
    with pytest.raises(InputError, match="FROM is refused"):
        run_query(dataset, query.format(url=trap.url))
    assert trap.hits(0.1) == []


@pytest.mark.parametrize(
    "update",
    [
        'INSERT DATA { hgnc:6018 rdfs:label "hacked" }',
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <{url}>",
        "CLEAR ALL",
        "DROP DEFAULT",
        "PREFIX x: <http://x/> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "WITH <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_and_change_nothing(trap, no_network, update):
    graph = query_dataset()
    before = len(graph)
    with pytest.raises(InputError, match="updates are refused"):
        run_query(graph, update.replace("{url}", trap.url))
    assert len(graph) == before
    assert trap.hits(0.1) == []


# --- bad input ---------------------------------------------------------------------------------------


def test_a_syntax_error_is_one_line_with_line_and_column(cli, tmp_path: Path):
    result = cli("query", "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }")
    assert result.exit_code == 2
    assert re.match(r"il6graph: error: query:3:\d+: syntax error, expected .*\n$", result.stderr)
    query = tmp_path / "mine.rq"
    query.write_text("# Broken.\nSELECT * WHERE { ?s ?p ?o ")
    result = cli("query", f"@{query}")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"il6graph: error: {query}:2:27: syntax error")
    assert result.stderr.count("\n") == 1


def test_an_unknown_prefix_names_the_prefix_and_its_place():
    with pytest.raises(
        InputError, match=r"query:1:21: unknown prefix foo: \(declare it with PREFIX foo: <...>"
    ):
        inspect_query("SELECT * WHERE { ?s foo:bar ?o }")


def test_an_unknown_saved_query_lists_the_names(cli):
    result = cli("query", "claims-abuot")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "il6graph: error: unknown saved query 'claims-abuot'; saved queries: "
    )
    for name in SAVED:
        assert name in result.stderr
    assert result.stderr.count("\n") == 1


def test_refusals_say_why_on_the_command_line(cli, trap):
    service = cli("query", f"SELECT * WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}")
    assert service.exit_code == 2
    assert service.stderr == (
        "il6graph: error: query:1:18: SERVICE is refused: il6graph never lets a query make outbound requests\n"
    )
    update = cli("query", "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    assert update.exit_code == 2 and "INSERT is an update, and updates are refused" in update.stderr
    missing = cli("query", "@no-such-file.rq")
    assert (
        missing.exit_code == 2
        and missing.stderr == "il6graph: error: no-such-file.rq: no such file\n"
    )
    assert trap.hits(0.1) == []


def test_a_query_past_its_deadline_stops_with_one_line(dataset):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?x { 1 2 3 4 5 } }"
    started = time.monotonic()
    with pytest.raises(InputError, match=r"query: did not finish within 0.3 s \(raise --timeout"):
        run_query(dataset, slow, timeout=0.3)
    assert time.monotonic() - started < 1.5


def test_the_row_cap_is_on_by_default_and_marked(cli, dataset):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    capped = run_query(dataset, query)
    assert isinstance(capped, SelectResult) and len(capped.rows) == 1000 and capped.truncated
    everything = run_query(dataset, query, limit=0)
    assert len(everything.rows) == len(dataset) and not everything.truncated
    table = cli("query", query, "--limit", "5")
    assert table.stdout.rstrip().endswith(
        "5 rows shown; more were cut off by the row cap (--limit 5; 0 for all)"
    )
    as_csv = cli("query", query, "--limit", "5", "--format", "csv")
    assert len(as_csv.stdout.splitlines()) == 6
    assert as_csv.stderr == "il6graph: note: output cut at --limit 5; more results exist\n"


# --- output ------------------------------------------------------------------------------------------


def test_table_is_aligned_and_marks_cut_cells(cli):
    result = cli("query", "producers")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["cell", "label", "hedge", "sentence"]
    assert lines[2].startswith("CL:0000236  B cell")
    label_column = lines[0].index("label")
    assert all(line[label_column - 2 : label_column] == "  " for line in lines[2:6])
    assert all(line.endswith("…") for line in lines[2:6])  # the sentence is longer than a cell
    assert lines[-1] == "4 rows"


def test_machine_formats_are_read_back_by_real_readers(cli):
    query = "SELECT ?cell ?label ?start WHERE { hgnc:6018 il6v:producedBy ?cell . ?cell rdfs:label ?label . BIND(42 AS ?start) } ORDER BY ?label"
    as_json = cli("query", query, "--format", "json").stdout
    solutions = list(
        pyoxigraph.parse_query_results(as_json.encode(), format=pyoxigraph.QueryResultsFormat.JSON)
    )
    assert [s["label"].value for s in solutions] == ["B cell", "T cell", "fibroblast", "macrophage"]
    assert solutions[0]["cell"] == pyoxigraph.NamedNode("http://purl.obolibrary.org/obo/CL_0000236")
    assert solutions[0]["start"].datatype == pyoxigraph.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"
    )
    as_tsv = cli("query", query, "--format", "tsv").stdout
    from_tsv = list(
        pyoxigraph.parse_query_results(as_tsv.encode(), format=pyoxigraph.QueryResultsFormat.TSV)
    )
    assert [(s["cell"], s["label"], s["start"]) for s in from_tsv] == [
        (s["cell"], s["label"], s["start"]) for s in solutions
    ]
    rows = list(csv.reader(io.StringIO(cli("query", query, "--format", "csv").stdout)))
    assert rows[0] == ["cell", "label", "start"]
    assert rows[1] == ["http://purl.obolibrary.org/obo/CL_0000236", "B cell", "42"]
    markdown = cli("query", query, "--format", "md").stdout.splitlines()
    assert markdown[:3] == [
        "| cell | label | start |",
        "| --- | --- | --- |",
        "| CL:0000236 | B cell | 42 |",
    ]


def test_ask_prints_true_or_false_and_exits_0_or_1(cli):
    yes = cli("query", "ASK { hgnc:6018 il6v:producedBy obo:CL_0000235 }")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    no = cli("query", "ASK { hgnc:6018 il6v:inhibits hgnc:6018 }")
    assert (no.exit_code, no.stdout) == (1, "false\n")
    as_json = cli("query", "ASK { ?s ?p ?o }", "--format", "json")
    assert json.loads(as_json.stdout) == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("name", "parser"), [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")]
)
def test_construct_writes_triples_that_parse_back(cli, dataset, name, parser):
    query = "CONSTRUCT { ?cell rdfs:label ?label } WHERE { hgnc:6018 il6v:producedBy ?cell . ?cell rdfs:label ?label }"
    result = cli("query", query, "--format", name)
    assert result.exit_code == 0
    parsed = Graph().parse(data=result.stdout, format=parser)
    expected = run_query(dataset, query)
    assert isinstance(expected, GraphResult)
    assert {(str(s), str(o)) for s, _, o in parsed} == {
        (str(s), str(o)) for s, _, o in expected.graph
    }
    assert len(parsed) == 4


def test_describe_gives_turtle_and_a_row_format_is_refused(cli):
    result = cli("query", "DESCRIBE hgnc:6018")
    assert result.exit_code == 0 and "@prefix hgnc:" in result.stdout and '"IL-6"' in result.stdout
    wrong = cli("query", "DESCRIBE hgnc:6018", "--format", "csv")
    assert wrong.exit_code == 2 and "--format csv is for rows" in wrong.stderr


def test_list_prefixes_and_show_query(cli):
    listing = cli("query", "--list").stdout
    assert listing.startswith("biomarker: IL-6 as a biomarker")
    assert "    --param entity=... (entity, default IL-6)" in listing
    prefixes = cli("query", "--prefixes").stdout
    assert "PREFIX hgnc: <http://identifiers.org/hgnc/>\n" in prefixes
    shown = cli("query", "producers", "--param", "entity=interleukin 6", "--show-query").stdout
    assert shown.startswith("PREFIX ")
    assert "WHERE {\n  VALUES ?entity { hgnc:6018 }\n" in shown
    # what --show-query prints runs as is in any engine: here, plain pyoxigraph
    store = pyoxigraph.Store()
    assert list(store.query(shown)) == []


def test_the_wheel_carries_the_saved_queries_and_the_page(tmp_path: Path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0 and (
        "No matching distribution found for hatchling" in built.stderr
        or "Could not find a version that satisfies the requirement hatchling" in built.stderr
    ):
        pytest.skip("cannot build a wheel here: the hatchling build backend is not reachable")
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("il6graph-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"il6graph/queries/{name}.rq" for name in SAVED} <= names
    assert "il6graph/endpoint/page.html" in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    code = "from il6graph.sparql import saved_queries; print(','.join(saved_queries()))"
    listed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert set(listed.stdout.strip().split(",")) == SAVED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "query: the query is empty"),
        ("# only a comment\n", "query: the query is empty"),
        (")", "query:1:1: syntax error, expected SELECT, CONSTRUCT, DESCRIBE or ASK, found ')'"),
    ],
)
def test_queries_with_nothing_to_parse_get_a_readable_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        inspect_query(text)
    assert str(caught.value) == message
