"""`il6graph serve`, `push` and `--endpoint`: real Oxigraph servers on free loopback ports."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from il6graph.endpoint import Endpoint, OxigraphServer
from il6graph.entities import EntityIndex
from il6graph.errors import InputError
from il6graph.remote import Remote, push
from il6graph.sparql import (
    SelectResult,
    prepare_query,
    query_dataset,
    run_query,
    saved_queries,
)
from il6graph.store import load_graph, load_ontology

REPO = Path(__file__).resolve().parent.parent
SPARQL_JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with Endpoint.start(port=0, timeout=10) as running:
        yield running


@pytest.fixture(scope="module")
def store() -> Iterator[OxigraphServer]:
    """A writable Oxigraph server (in memory) that the bundled graph has been pushed to."""
    with OxigraphServer.start(read_only=False) as server:
        push(server.store_url)
        yield server


@pytest.fixture(scope="module")
def dataset() -> Graph:
    return query_dataset()


def http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return (
                response.status,
                response.headers.get("Content-Type", ""),
                response.read().decode(),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def as_strings(result: SelectResult) -> list[tuple[str, ...]]:
    return [tuple("" if t is None else str(t) for t in row) for row in result.rows]


# --- the endpoint as SPARQL clients see it --------------------------------------------------------------


def test_the_sparql_protocol_get_post_and_form(endpoint: Endpoint):
    query = "SELECT ?label WHERE { hgnc:6018 rdfs:label ?label }"  # prefixes declared by the front
    expected = {
        "head": {"vars": ["label"]},
        "results": {"bindings": [{"label": {"type": "literal", "value": "IL-6"}}]},
    }
    got = http(
        endpoint.url + "?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": SPARQL_JSON},
    )
    assert got[0] == 200 and got[1].startswith(SPARQL_JSON) and json.loads(got[2]) == expected
    posted = http(
        endpoint.url,
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": SPARQL_JSON},
    )
    assert json.loads(posted[2]) == expected
    form = http(
        endpoint.url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": SPARQL_JSON},
    )
    assert json.loads(form[2]) == expected
    triples = http(
        endpoint.url,
        data=b"CONSTRUCT WHERE { hgnc:6018 rdfs:label ?label }",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert (
        triples[2]
        == '<http://identifiers.org/hgnc/6018> <http://www.w3.org/2000/01/rdf-schema#label> "IL-6" .\n'
    )


def test_sparqlwrapper_a_third_party_client_reads_the_endpoint(endpoint: Endpoint):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint.url)
    client.setQuery(
        "PREFIX il6v: <https://w3id.org/il6graph/vocab/>\n"
        "SELECT ?label WHERE { ?cell ^il6v:producedBy <http://identifiers.org/hgnc/6018> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
    )
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [b["label"]["value"] for b in bindings] == [
        "B cell",
        "T cell",
        "fibroblast",
        "macrophage",
    ]


def test_every_saved_query_answers_the_same_over_the_endpoint(endpoint: Endpoint, dataset: Graph):
    remote = Remote(endpoint.url)
    entities = EntityIndex.from_graph(dataset)
    for name, query in saved_queries().items():
        prepared = prepare_query(query, entities=lambda: entities)
        local = run_query(dataset, prepared, limit=0)
        served = remote.query(prepared, limit=0)
        assert isinstance(local, SelectResult) and isinstance(served, SelectResult)
        assert served.variables == local.variables, name
        assert sorted(as_strings(served)) == sorted(as_strings(local)), name


def test_service_is_refused_by_the_front_and_no_connection_is_made(endpoint: Endpoint, trap):
    query = (
        f"SELECT * WHERE {{ ?s ?p ?o {{ SERVICE SILENT <{trap.url}> {{ ?s ?p ?o }} }} }} LIMIT 1"
    )
    status, _, body = http(
        endpoint.url, data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 400
    assert (
        body
        == "query:1:29: SERVICE is refused: il6graph never lets a query make outbound requests\n"
    )
    escaped = f"SELECT * WHERE {{ \\u0053ERVICE <{trap.url}> {{ ?s ?p ?o }} }}"
    assert http(endpoint.url + "?" + urllib.parse.urlencode({"query": escaped}))[0] == 400
    assert trap.hits() == []


def test_an_engine_asked_directly_cannot_follow_service(endpoint: Endpoint, trap):
    # Defence in depth: the same query straight to an engine's internal port, bypassing the
    # front, fails inside the engine (its connect is refused by the seccomp filter). The control,
    # an Oxigraph server that is not confined, is in tests/test_sparql_sandbox.py.
    query = f"SELECT * WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}"
    status, _, body = http(
        f"http://127.0.0.1:{endpoint.pool.slots[0].port}/query",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert "Operation not permitted" in body, (status, body)
    assert trap.hits() == []


def test_updates_are_refused_and_the_graph_is_unchanged(endpoint: Endpoint, trap):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = Remote(endpoint.url).query(count)
    update = f'INSERT DATA {{ <http://x/a> <http://x/b> "c" }} ; LOAD <{trap.url}>'
    refusals = [
        http(
            endpoint.base + "/update",
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
        http(
            endpoint.url,
            data=urllib.parse.urlencode({"update": update}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        http(
            endpoint.url,
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
        http(
            endpoint.url, data=update.encode(), headers={"Content-Type": "application/sparql-query"}
        ),
        http(
            f"http://127.0.0.1:{endpoint.pool.slots[0].port}/store?default",
            data=b"<http://x/a> <http://x/b> <http://x/c> .",
            headers={"Content-Type": "application/n-triples"},
        ),
    ]
    assert [r[0] for r in refusals[:4]] == [403, 403, 403, 400]
    assert refusals[0][2] == "updates are refused: this endpoint is read-only\n"
    assert "INSERT is an update, and updates are refused" in refusals[3][2]
    assert refusals[4][0] >= 400  # the server itself is read-only too
    assert Remote(endpoint.url).query(count) == before
    assert trap.hits() == []


def test_a_syntax_error_is_a_400_with_line_and_column(endpoint: Endpoint):
    status, _, body = http(
        endpoint.url,
        data=b"SELECT * WHERE {\n ?s ?p ",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert status == 400
    assert re.fullmatch(r"query:2:\d+: syntax error, expected .*\n", body)


def test_saved_queries_are_offered_with_their_parameters(endpoint: Endpoint):
    listed = json.loads(http(endpoint.base + "/saved")[2])
    assert {q["name"] for q in listed["queries"]} == set(saved_queries())
    assert listed["prefixes"]["hgnc"] == "http://identifiers.org/hgnc/"
    status, _, text = http(endpoint.base + "/saved/claims-about?entity=STAT3")
    assert status == 200 and "VALUES ?entity { hgnc:11364 }" in text
    status, _, text = http(endpoint.base + "/saved/claims-about?entity=STAT-33")
    assert status == 400 and text.startswith("unknown entity 'STAT-33'; did you mean 'STAT3'")
    status, _, text = http(endpoint.base + "/saved/nope")
    assert status == 400 and "saved queries: biomarker, cachexia-features" in text


def test_the_query_page_needs_no_network(endpoint: Endpoint):
    status, content_type, page = http(endpoint.base + "/")
    assert status == 200 and content_type.startswith("text/html")
    assert "<textarea" in page
    assert not re.search(r"https?://|//[a-z]", page.replace("https://w3id", "")), (
        "the page links out"
    )


@pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="Chromium is not installed (tests/setup.sh installs it)",
)
def test_the_query_page_runs_a_query_in_a_browser_with_no_internet(
    endpoint: Endpoint, tmp_path: Path
):
    query = "SELECT ?label WHERE { hgnc:6018 il6v:producedBy ?cell . ?cell rdfs:label ?label } ORDER BY ?label"
    url = f"{endpoint.base}/?" + urllib.parse.urlencode({"query": query})
    # Every request that is not to this machine goes to a dead proxy: the page must not need any.
    done = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path}",
            "--proxy-server=http://127.0.0.1:9",
            "--virtual-time-budget=10000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr[-500:]
    cells = re.findall(r"<td>([^<]*)</td>", done.stdout)
    assert cells == ["B cell", "T cell", "fibroblast", "macrophage"]
    assert re.search(r'id="status">4 rows in [\d.]+ s<', done.stdout)
    assert "<option" in done.stdout and ">claims-about</option>" in done.stdout


# --- serve as a command -------------------------------------------------------------------------------


def _serve(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    environment = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "il6graph", "serve", "--port", "0", "--engines", "2", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=tmp_path,
    )
    assert process.stdout is not None
    # Read the first line with a deadline, so a serve that stalls fails the test, not the suite.
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=60)
    if not lines:
        process.kill()
        pytest.fail("il6graph serve printed no endpoint URL within 60 s")
    first = lines[0]
    found = re.match(r"SPARQL endpoint: (\S+)", first)
    assert found, (first, process.stderr.read() if process.poll() is not None else "")
    return process, found.group(1)


def _children(pid: int) -> list[int]:
    # Scan every process's parent id: /proc/PID/task/*/children races with threads that exit.
    found: list[int] = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":  # exited; waiting for its parent to collect it
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to see child processes"
)
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_prints_its_url_and_stops_cleanly(tmp_path: Path, stop: signal.Signals):
    process, url = _serve(tmp_path)
    try:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/query")
        answer = Remote(url).query("ASK { hgnc:6018 il6v:producedBy obo:CL_0000235 }")
        assert getattr(answer, "answer", None) is True
        servers = _children(process.pid)
        assert len(servers) == 2  # --engines 2
        assert list(tmp_path.iterdir()) == [], "serve reads the store; it copies nothing"
        process.send_signal(stop)
        out, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert out.rstrip().endswith("stopped")
    assert all(_gone(pid) for pid in servers), "an Oxigraph engine outlived `il6graph serve`"
    assert list(tmp_path.iterdir()) == [], "a database folder or lock was left behind"


@pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to see child processes"
)
def test_a_killed_serve_takes_its_engines_with_it_and_leaves_no_folder(tmp_path: Path):
    process, _ = _serve(tmp_path)
    servers = _children(process.pid)
    assert len(servers) == 2
    process.kill()  # SIGKILL: no chance to clean up; the kernel stops the engines
    process.wait(timeout=10)
    assert all(_gone(pid) for pid in servers), "an engine outlived a killed `il6graph serve`"
    assert list(tmp_path.iterdir()) == [], "a killed serve left a folder behind"


def test_serve_on_a_busy_port_is_one_line(cli):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert result.exit_code == 2
    assert result.stderr == (
        f"il6graph: error: cannot listen on 127.0.0.1:{port}: Address already in use (choose another --port)\n"
    )


# --- remote stores: push, then the same commands against them ------------------------------------------


def test_push_reports_what_it_sent(store: OxigraphServer, cli):
    result = cli("push", "--endpoint", store.store_url)
    assert result.exit_code == 0
    assert result.stdout == (
        f"pushed {len(load_graph())} triples and the ontology ({len(load_ontology())} triples) "
        f"to {store.store_url}, the default graph (replaced)\n"
    )
    again = Remote(store.query_url).count_triples()
    assert again == len(query_dataset()), "a second push must replace, not add"


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_query_endpoint_answers_like_the_local_graph(store: OxigraphServer, cli, name: str):
    local = cli("query", name, "--format", "json", "--limit", "0")
    remote = cli("query", name, "--format", "json", "--limit", "0", "--endpoint", store.query_url)
    assert remote.exit_code == 0, remote.stderr
    local_data, remote_data = json.loads(local.stdout), json.loads(remote.stdout)
    assert remote_data["head"] == local_data["head"]
    key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
    assert sorted(remote_data["results"]["bindings"], key=key) == sorted(
        local_data["results"]["bindings"], key=key
    )


def test_parameters_and_refusals_work_the_same_against_an_endpoint(
    store: OxigraphServer, cli, trap
):
    stat3 = cli(
        "query",
        "claims-about",
        "--param",
        "entity=stat 3",
        "--endpoint",
        store.query_url,
        "--format",
        "csv",
    )
    assert stat3.exit_code == 0 and len(stat3.stdout.splitlines()) == 5
    injected = cli(
        "query",
        "SELECT ?c WHERE { ?c il6v:hedge ?hedge }",
        "--param",
        'hedge=can" ) } UNION { ?s ?p ?o',
        "--endpoint",
        store.query_url,
    )
    assert injected.exit_code == 0 and injected.stdout.rstrip().endswith("0 rows")
    service = cli(
        "query",
        f"SELECT * WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}",
        "--endpoint",
        store.query_url,
    )
    assert service.exit_code == 2 and "SERVICE is refused" in service.stderr
    assert trap.hits() == []  # this server would have followed it (see the control above)


def test_claims_and_stats_endpoint_answer_like_the_local_graph(store: OxigraphServer, cli):
    for entity in ("STAT3", "IL-6", "tocilizumab"):
        local = cli("claims", entity, "--format", "json")
        remote = cli("claims", entity, "--format", "json", "--endpoint", store.query_url)
        assert remote.exit_code == 0, remote.stderr
        assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert (
        cli("claims", "STAT3", "--endpoint", store.query_url).stdout
        == cli("claims", "STAT3").stdout
    )
    local = json.loads(cli("stats", "--format", "json").stdout)
    remote = json.loads(cli("stats", "--format", "json", "--endpoint", store.query_url).stdout)
    # the store also holds the ontology, which push sends along
    assert remote.pop("triples") == local.pop("triples") + len(load_ontology())
    assert remote == local


@pytest.mark.parametrize(
    "command",
    [
        ("paths", "IL-6", "metastasis", "--max-hops", "3"),
        ("neighbors", "STAT3", "--direction", "both"),
        ("explain", "IL-6", "metastasis", "--min-hops", "2"),
    ],
    ids=["paths", "neighbors", "explain"],
)
def test_path_questions_against_an_endpoint_answer_like_the_local_graph(
    store: OxigraphServer, cli, command: tuple[str, ...]
):
    local = cli(*command, "--format", "json")
    remote = cli(*command, "--format", "json", "--endpoint", store.query_url)
    assert remote.exit_code == local.exit_code == 0, remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)


def test_a_named_graph_on_the_store(store: OxigraphServer, cli):
    iri = "https://example.org/graphs/il6"
    assert cli("push", "--endpoint", store.store_url, "--graph", iri).exit_code == 0
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    named = cli("query", count, "--endpoint", store.query_url, "--graph", iri, "--format", "csv")
    assert named.stdout.splitlines()[1] == str(len(query_dataset()))
    producers = cli("query", "producers", "--endpoint", store.query_url, "--graph", iri)
    assert producers.stdout == cli("query", "producers").stdout
    empty = cli(
        "query",
        count,
        "--endpoint",
        store.query_url,
        "--graph",
        "https://example.org/none",
        "--format",
        "csv",
    )
    assert empty.stdout.splitlines()[1] == "0"


def test_an_unreachable_endpoint_is_one_line(cli):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, never listening: connections are refused
        url = f"http://127.0.0.1:{port}/query"
        started = time.monotonic()
        result = cli("query", "producers", "--endpoint", url)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"il6graph: error: endpoint {url}: connection refused (is the server running?)\n"
    )
    assert time.monotonic() - started < 5
    stats = cli("stats", "--endpoint", url)
    assert stats.exit_code == 2 and stats.stderr.startswith(
        f"il6graph: error: endpoint {url}: connection refused"
    )


def test_a_silent_endpoint_times_out_within_the_timeout(cli):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts connections, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        started = time.monotonic()
        result = cli("claims", "STAT3", "--endpoint", url, "--timeout", "1")
        took = time.monotonic() - started
    assert result.exit_code == 2
    assert result.stderr == f"il6graph: error: endpoint {url}: no answer within 1 s (--timeout)\n"
    assert took < 3


def test_a_trickling_endpoint_is_cut_at_the_deadline():
    # The deadline covers the whole answer, not each read: a server that sends a byte a second
    # would otherwise keep a client forever.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 1000\r\n\r\n"
            )
            for _ in range(30):
                try:
                    connection.sendall(b" ")
                except OSError:
                    return
                time.sleep(0.2)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    started = time.monotonic()
    with pytest.raises(InputError, match=r"no answer within 1 s"):
        Remote(url, timeout=1).query("ASK { ?s ?p ?o }")
    assert time.monotonic() - started < 2.5
    listener.close()


def test_push_to_a_wrong_url_says_which_url_to_use(store: OxigraphServer, cli):
    result = cli("push", "--endpoint", store.query_url)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"il6graph: error: endpoint {store.query_url}?default: HTTP 404"
    )
    assert (
        "push needs the Graph Store Protocol URL: http://HOST:7878/store for Oxigraph"
        in result.stderr
    )
    assert result.stderr.count("\n") == 1


def test_serve_with_a_broken_file_is_one_line_and_leaves_nothing(cli, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # tempfile caches TMPDIR once read
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    result = cli("--data", str(bad), "serve", "--port", "0")
    assert result.exit_code == 2
    assert result.stderr == f"il6graph: error: {bad}:2:11: . is not a valid RDF object\n"
    assert list(tmp_path.iterdir()) == [bad]
