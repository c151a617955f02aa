"""il6graph's SPARQL parser (il6graph.sparql.parser, inspection): the W3C syntax tests, and
property tests that what runs (the parser's canonical writing) means what the user wrote."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Namespace

from il6graph.errors import InputError
from il6graph.sparql import inspect_query
from il6graph.sparql.parser import parse_query

W3C = Path(__file__).parent / "resources" / "w3c-sparql"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")


def _w3c_tests() -> list[tuple[str, bool, Path]]:
    found = []
    for manifest in sorted(W3C.glob("*/*/manifest.ttl")):
        graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        for test, kind in graph.subject_objects(RDF.type):
            name = str(kind).rsplit("#", 1)[-1]
            if "Syntax" not in name or "Update" in name:
                continue
            action = graph.value(test, MF.action)
            path = Path(str(action).removeprefix("file://"))
            found.append((f"{manifest.parent.name}/{path.name}", name.startswith("Positive"), path))
    return sorted(found)


W3C_TESTS = _w3c_tests()
REFUSED = {  # positive tests il6graph refuses on purpose: they load other graphs or go out
    "syntax-fed/syntax-service-01.rq",
    "syntax-fed/syntax-service-02.rq",
    "syntax-fed/syntax-service-03.rq",
    "syntax-query/syntax-construct-where-02.rq",
    "syntax-sparql2/syntax-dataset-01.rq",
    "syntax-sparql2/syntax-dataset-02.rq",
    "syntax-sparql2/syntax-dataset-03.rq",
    "syntax-sparql2/syntax-dataset-04.rq",
}


def test_the_w3c_suites_are_all_here():
    positive = sum(1 for _, good, _ in W3C_TESTS if good)
    negative = len(W3C_TESTS) - positive
    assert (positive, negative) == (215, 81)
    assert {name for name, _, _ in W3C_TESTS} >= REFUSED


def _oxigraph_parses(text: str) -> None:
    """Oxigraph's own parser accepts ``text`` (an empty store: nothing to evaluate)."""
    try:
        pyoxigraph.Store().query(text)
    except RuntimeError as error:  # parsed; a test's custom function is unknown at evaluation
        assert "custom function" in str(error)


@pytest.mark.parametrize(("name", "positive", "path"), W3C_TESTS, ids=[t[0] for t in W3C_TESTS])
def test_w3c_query_syntax(name: str, positive: bool, path: Path):
    text = path.read_text(encoding="utf-8")
    if positive and name in REFUSED:
        with pytest.raises(InputError, match=r"^query:\d+:\d+: (SERVICE|FROM) is refused"):
            inspect_query(text)
    elif positive:
        info = inspect_query(text)
        _oxigraph_parses(info.text)  # what runs is valid SPARQL for the engine too
        assert inspect_query(info.text).text == info.text  # writing it again changes nothing
    else:
        with pytest.raises(InputError) as refused:
            inspect_query(text)
        assert "\n" not in str(refused.value) and str(refused.value).startswith("query:")


def test_relative_iris_resolve_against_the_documented_base():
    info = inspect_query("SELECT * WHERE { <a> <b> <../c> }")
    assert (
        "<https://w3id.org/il6graph/a> <https://w3id.org/il6graph/b> <https://w3id.org/c>"
        in info.text
    )
    based = inspect_query("BASE <http://example.org/x/> PREFIX p: <y/> SELECT * { p:z ?p <w> }")
    assert "<http://example.org/x/y/z> ?p <http://example.org/x/w>" in based.text


def test_parsing_evaluates_nothing_however_large_the_query():
    values = " ".join(str(n) for n in range(200))
    bomb = (
        f"ASK {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} "
        f"VALUES ?d {{ {values} }} FILTER(?a + ?b + ?c + ?d < 0) }} "
    )
    assert inspect_query(bomb).form == "ASK"  # read in milliseconds; 1.6e9 rows never made


# --- property tests: the parser and the engine read every spelling the same way ------------------

EX = "http://example.org/"
DATA = pyoxigraph.Store()
for s_, p_, o_ in [
    ("a.b", "p", "x#y"),
    ("a'b", "p", "SERVICE"),
    ("c", "q", "a.b"),
    ("SERVICE", "p", "c"),
]:
    DATA.add(
        pyoxigraph.Quad(
            pyoxigraph.NamedNode(EX + s_),
            pyoxigraph.NamedNode(EX + p_),
            pyoxigraph.NamedNode(EX + o_),
        )
    )
for value in ["SERVICE <http://127.0.0.1:9/> { }", 'say "hi"', "FROM", "\\", "x#y"]:
    DATA.add(
        pyoxigraph.Quad(
            pyoxigraph.NamedNode(EX + "s"),
            pyoxigraph.NamedNode(EX + "text"),
            pyoxigraph.Literal(value),
        )
    )

# Spellings of the same terms: escapes in local names, \u escapes in IRIs and strings, comments
# and strings that hold keywords, odd white space.
IRIS = {
    "a.b": ["ex:a\\.b", "<http://example.org/a.b>", "<http://example.org/a\\u002Eb>", "<a.b>"],
    "a'b": ["ex:a\\'b", "<http://example.org/a'b>", "<a\\u0027b>"],
    "c": ["ex:c", "<c>", "<http://example.org/\\u0063>"],
    "SERVICE": ["ex:SERVICE", "<SERVICE>", "<http://example.org/SERV\\u0049CE>"],
    "x#y": ["ex:x\\#y", "<x#y>", "<http://example.org/x\\u0023y>"],
    "p": ["ex:p", "<p>", "<http://example.org/\\u0070>"],
}
STRINGS = {
    "SERVICE <http://127.0.0.1:9/> { }": [
        '"SERVICE <http://127.0.0.1:9/> { }"',
        "'SERVICE <http://127.0.0.1:9/> { }'",
        '"""SERVICE <http://127.0.0.1:9/> { }"""',
        '"\\u0053ERVICE <http://127.0.0.1:9/> { }"',
    ],
    'say "hi"': ['"say \\"hi\\""', "'say \"hi\"'", '"say \\u0022hi\\u0022"', "'''say \"hi\"'''"],
    "FROM": ['"FROM"', "'FR\\u004FM'", '"""FROM"""'],
    "\\": ['"\\\\"', "'\\u005C'"],
    "x#y": ['"x#y"', "'x\\u0023y'"],
}
GAPS = [" ", "\n", "\t", " # SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n", "# FROM <x>\n", "  "]


@st.composite
def spelled_queries(draw: st.DrawFn) -> str:
    gap = lambda: draw(st.sampled_from(GAPS))  # noqa: E731
    head = "BASE <http://example.org/>" + gap() + "PREFIX ex: <http://example.org/>" + gap()
    subject_key = draw(st.sampled_from(sorted(IRIS)))
    choice = draw(st.integers(0, 2))
    if choice == 0:
        body = f"?s{gap()}ex:p{gap()}?o"
        filters = f"FILTER({gap()}?s = {draw(st.sampled_from(IRIS[subject_key]))}{gap()})"
        where = f"{{{gap()}{body}{gap()}{filters}{gap()}}}"
    elif choice == 1:
        value = draw(st.sampled_from(sorted(STRINGS)))
        literal = draw(st.sampled_from(STRINGS[value]))
        where = f"{{{gap()}?s{gap()}ex:text{gap()}?o{gap()}FILTER(?o ={gap()}{literal}){gap()}}}"
    else:
        predicate = draw(st.sampled_from(IRIS["p"]))
        obj = draw(st.sampled_from(IRIS[draw(st.sampled_from(sorted(IRIS)))]))
        where = f"{{{gap()}?s{gap()}{predicate}{gap()}{obj}{gap()}}}"
    form = draw(st.sampled_from(["SELECT ?s ?o WHERE", "select * where", "SeLeCt ?s ?o"]))
    return f"{head}{form}{gap()}{where}"


def _rows(text: str) -> list[tuple[str, ...]]:
    answer = DATA.query(text)
    return sorted(
        tuple(str(solution[v]) if solution[v] is not None else "" for v in ("s", "o"))
        for solution in answer
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spelled_queries())
def test_what_runs_means_what_was_written(query: str):
    # Oxigraph reading the user's text and Oxigraph reading il6graph's canonical writing of it
    # find the same rows, whatever escapes, comments and strings the text hides keywords in.
    info = inspect_query(query)
    assert inspect_query(info.text).text == info.text  # the writing reads back as itself
    assert _rows(query) == _rows(info.text)


SERVICE_SPELLINGS = [
    "SERVICE <{u}> {{ ?s ?p ?o }}",
    "service <{u}> {{ ?s ?p ?o }}",
    "SeRvIcE SILENT <{u}> {{ ?s ?p ?o }}",
    "SERVICE\n<{u}>\n{{ ?s ?p ?o }}",
    "SERVICE# comment\n<{u}>{{?s ?p ?o}}",
    "SERVICE ?endpoint {{ ?s ?p ?o }}",
]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(SERVICE_SPELLINGS),
    st.sampled_from(
        [
            "{}",
            "{{ {} }}",
            "OPTIONAL {{ {} }}",
            "{{ SELECT * WHERE {{ {} }} }}",
            "FILTER EXISTS {{ {} }}",
            "FILTER NOT EXISTS {{ {} }}",
            "MINUS {{ {} }}",
            "{{ ?a ?b ?c }} UNION {{ {} }}",
            "GRAPH ?g {{ {} }}",
        ]
    ),
    st.sampled_from(GAPS),
)
def test_a_service_clause_is_refused_wherever_it_stands(service: str, around: str, gap: str):
    clause = service.format(u="http://127.0.0.1:9/sparql")
    query = f"SELECT * WHERE {{{gap}?x ?y ?z .{gap}{around.format(clause)}{gap}}}"
    with pytest.raises(InputError, match="SERVICE is refused"):
        inspect_query(query)


def test_the_parser_reads_a_deep_query_or_refuses_it_in_one_line():
    deep = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000
    with pytest.raises(InputError, match="nests too deeply"):
        inspect_query(deep)
    assert parse_query("SELECT * WHERE " + "{ " * 50 + "?s ?p ?o" + " }" * 50).form == "SELECT"
