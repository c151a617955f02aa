"""Defence in depth (il6graph.sparql.sandbox, worker, endpoint engines): a SERVICE that reaches
an engine directly, bypassing the query check, still cannot connect anywhere."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from il6graph.endpoint import oxigraph_command
from il6graph.endpoint.oxigraph import free_port
from il6graph.sparql import query_dataset
from il6graph.sparql.engine import Engine, EngineError, Source, python_environment
from il6graph.sparql.sandbox import supported

pytestmark = pytest.mark.skipif(
    not supported(), reason="seccomp confinement needs Linux x86-64/arm64"
)


def _service(url: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"


def test_the_query_engine_refuses_to_connect_when_asked_directly(trap):
    store = query_dataset()
    engine = Engine(Source(folder=store.folder))
    try:
        with pytest.raises(EngineError, match="Operation not permitted"):
            engine.run(_service(trap.url), limit=10, timeout=10)  # no inspection on this path
        # the engine is still serving after the refusal
        assert engine.run("ASK { ?s ?p ?o }", limit=0, timeout=10) == {"answer": True}
    finally:
        engine.stop()
    assert trap.hits() == []


def _post(port: int, query: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/query",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _oxigraph_server(folder: str, *, confined: bool) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    command = [
        oxigraph_command(),
        "serve-read-only",
        "--location",
        folder,
        "--bind",
        f"127.0.0.1:{port}",
    ]
    if confined:
        command = [sys.executable, "-m", "il6graph.sparql.sandbox", "listener", "--", *command]
    process = subprocess.Popen(command, env=python_environment(), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            time.sleep(0.02)
    process.kill()
    pytest.fail("the Oxigraph server did not start")


@pytest.mark.parametrize("confined", [True, False], ids=["confined", "control-unconfined"])
def test_a_confined_oxigraph_server_cannot_follow_service(trap, confined: bool):
    store = query_dataset()
    process, port = _oxigraph_server(str(store.folder), confined=confined)
    try:
        status, body = _post(port, _service(trap.url))
        ok_status, ok_body = _post(port, "ASK { ?s ?p ?o }")
    finally:
        process.kill()
        process.wait()
    assert ok_status == 200 and "true" in ok_body  # it serves queries either way
    if confined:
        assert "Operation not permitted" in body, (status, body)
        assert trap.hits() == []
    else:  # the control: the same server unconfined reaches the trap
        assert any(b"POST /sparql" in hit for hit in trap.hits())


def test_a_confined_process_cannot_open_ip_sockets_or_connect():
    code = (
        "import socket\n"
        "from il6graph.sparql.sandbox import confine\n"
        "confine('engine')\n"
        "for family in (socket.AF_INET, socket.AF_INET6):\n"
        "    try:\n"
        "        socket.socket(family); print('opened')\n"
        "    except PermissionError: print('refused')\n"
        "a, b = socket.socketpair(); a.send(b'x'); print('unix', b.recv(1))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=python_environment()
    )
    assert done.stdout.split("\n")[:3] == ["refused", "refused", "unix b'x'"], done.stderr
