"""SERVICE and FROM however they are spelled, through `il6graph query`, the Python API and
`il6graph serve`: always refused, and a loopback trap sees no connection (il6graph.sparql)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from il6graph.endpoint import Endpoint
from il6graph.errors import InputError
from il6graph.sparql import query_dataset, run_query

# {u}: the trap's URL. Each spelling is a complete query whose SERVICE or FROM would reach it.
SPELLINGS = [
    # plain, case, white space, comments
    "SELECT * WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ sErViCe SILENT <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o .SERVICE<{u}>{{?s ?p ?o}} }}",
    "SELECT * WHERE {{\nSERVICE\n#{{ comment }}\n<{u}>\n{{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE\t<{u}>\t{{ }} }}",
    "SELECT * WHERE {{ ?s ?p ?o # SERVICE in a comment\n SERVICE <{u}> {{ }} }}",
    # nesting
    "SELECT * WHERE {{ {{ {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ ?a ?b ?c {{ SELECT ?s WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{u}> {{ ?s ?q ?r }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }}",
    "ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }}",
    "ASK {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ BIND(EXISTS {{ SERVICE <{u}> {{ }} }} AS ?x) }}",
    "SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{u}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "DESCRIBE ?s WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{u}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{u}> {{ ?s ?p ?o }} }} GROUP BY ?s",
    # strings and escapes that try to hide what follows
    'SELECT * WHERE {{ ?s ?p "\\u0022" SERVICE <{u}> {{ ?s ?p ?o }} }}',
    "SELECT * WHERE {{ ?s ?p '\\'' SERVICE <{u}> {{ ?s ?p ?o }} }}",
    'SELECT * WHERE {{ ?s ?p """ "" """ SERVICE <{u}> {{ ?s ?p ?o }} }}',
    "SELECT * WHERE {{ ?s il6:x\\# SERVICE <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s il6:x\\' SERVICE <{u}> {{ ?s ?p ?o }} }}",
    'SELECT * WHERE {{ ?s il6:x\\" SERVICE <{u}> {{ ?s ?p ?o }} }}',
    "SELECT * WHERE {{ ?s <http://x/\\u003E> ?o SERVICE <{u}> {{ }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\U00000053ERVICE <{u}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE <\\u0068ttp://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX p: <{u}> SELECT * WHERE {{ SERVICE p: {{ ?s ?p ?o }} }}",
    "BASE <{u}> SELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
    "PREFIX SERVICE: <x:> SELECT * WHERE {{ ?s SERVICE:a ?o SERVICE <{u}> {{ }} }}",
    # FROM, FROM NAMED
    "SELECT * FROM <{u}> WHERE {{ ?s ?p ?o }}",
    "SELECT * from named <{u}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "ASK FROM <{u}> {{ ?s ?p ?o }}",
    "CONSTRUCT {{ ?s ?p ?o }} FROM <{u}> WHERE {{ ?s ?p ?o }}",
    "DESCRIBE <x:a> FROM <{u}>",
    "SELECT * # comment\nFROM\n<{u}> {{ }}",
    "SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
    # updates
    "LOAD <{u}>",
    "INSERT DATA {{ <x:a> <x:b> <x:c> }} ; LOAD <{u}>",
    "SELECT * {{ }} ; LOAD <{u}>",
    "CLEAR DEFAULT ; LOAD <{u}> INTO GRAPH <x:g>",
]
REFUSAL = (
    r"SERVICE is refused|FROM is refused|update|escape outside a string|backslash|syntax error"
    r"|cannot hold"
)


def spelled(url: str, port: int) -> list[str]:
    return [s.format(u=url, port=port) for s in SPELLINGS]


def test_the_corpus_is_large():
    assert len(SPELLINGS) >= 30


def test_through_the_python_api(trap, no_network):
    dataset = query_dataset()
    port = int(trap.url.split(":")[2].split("/")[0])
    for query in spelled(trap.url, port):
        with pytest.raises(InputError, match=REFUSAL) as refused:
            run_query(dataset, query)
        assert "\n" not in str(refused.value)
    assert trap.hits() == []


def test_through_the_command_line(cli, trap):
    port = int(trap.url.split(":")[2].split("/")[0])
    for query in spelled(trap.url, port):
        result = cli("query", query)
        assert result.exit_code == 2, (query, result.stdout)
        assert result.stderr.startswith("il6graph: error: ") and result.stderr.count("\n") == 1
    assert trap.hits() == []


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with Endpoint.start(port=0, timeout=10, engines=2) as running:
        yield running


def test_through_serve(endpoint: Endpoint, trap):
    port = int(trap.url.split(":")[2].split("/")[0])
    for query in spelled(trap.url, port):
        for request in (
            urllib.request.Request(
                endpoint.url,
                data=query.encode(),
                headers={"Content-Type": "application/sparql-query"},
            ),
            urllib.request.Request(endpoint.url + "?" + urllib.parse.urlencode({"query": query})),
        ):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=20)
            assert refused.value.code == 400, query
            assert refused.value.read().decode().count("\n") == 1
    assert trap.hits() == []
