"""The endpoint's front (il6graph.endpoint.front, service): Host and Origin, Content-Length,
/health, deadlines, a restart on the same port."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

from il6graph.endpoint import Endpoint

VALUES = " ".join(str(n) for n in range(200))
BOMB = (
    f"ASK {{ VALUES ?a {{ {VALUES} }} VALUES ?b {{ {VALUES} }} VALUES ?c {{ {VALUES} }} "
    f"VALUES ?d {{ {VALUES} }} FILTER(?a + ?b + ?c + ?d < 0) }}"
)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with Endpoint.start(port=0, timeout=2, engines=2) as running:
        yield running


def raw(endpoint: Endpoint, request: bytes, *, wait: float = 10) -> tuple[int, str]:
    """Send ``request`` as is; the status and body of the answer."""
    with socket.create_connection(
        ("127.0.0.1", endpoint.front.server_address[1]), timeout=wait
    ) as s:
        s.sendall(request)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = [
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ]
            if length and len(body) >= length[0]:
                break
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body.decode()


def post(endpoint: Endpoint, body: bytes, *extra: str, host: str | None = None) -> tuple[int, str]:
    host = host or f"127.0.0.1:{endpoint.front.server_address[1]}"
    headers = [
        "POST /query HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/sparql-query",
        *extra,
    ]
    return raw(endpoint, ("\r\n".join(headers) + "\r\n\r\n").encode() + body)


def test_a_good_request_is_answered(endpoint: Endpoint):
    query = b"ASK { hgnc:6018 rdfs:label ?l }"
    status, body = post(endpoint, query, f"Content-Length: {len(query)}")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("evil.example", 403),
        ("evil.example:{port}", 403),
        ("127.0.0.1:1", 403),
        ("localhost:{port}", 200),
    ],
)
def test_the_host_must_be_this_endpoint(endpoint: Endpoint, host: str, expected: int):
    query = b"ASK {}"
    port = endpoint.front.server_address[1]
    status, _ = post(endpoint, query, f"Content-Length: {len(query)}", host=host.format(port=port))
    assert status == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Origin: https://evil.example", 403),
        ("Origin: null", 403),
        ("Sec-Fetch-Site: cross-site", 403),
        ("Origin: http://127.0.0.1:{port}", 200),
        ("Sec-Fetch-Site: same-origin", 200),
    ],
)
def test_cross_site_requests_are_refused(endpoint: Endpoint, header: str, expected: int):
    query = b"ASK {}"
    port = endpoint.front.server_address[1]
    status, _ = post(endpoint, query, f"Content-Length: {len(query)}", header.format(port=port))
    assert status == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Content-Length: abc"], 400),
        (["Content-Length: -1"], 400),
        (["Content-Length: +6"], 400),
        (["Content-Length: 6", "Content-Length: 7"], 400),
        ([f"Content-Length: {(1 << 20) + 1}"], 413),
        ([], 411),
        (["Transfer-Encoding: chunked"], 411),
    ],
)
def test_content_length_is_strict(endpoint: Endpoint, headers: list[str], expected: int):
    status, body = post(endpoint, b"ASK {}", *headers)
    assert status == expected, body
    assert body.count("\n") == 1


def test_a_body_shorter_than_its_length_is_not_waited_for_forever(endpoint: Endpoint):
    started = time.monotonic()
    port = endpoint.front.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(
            f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
            "Content-Length: 100\r\n\r\nASK {}".encode()
        )
        assert s.recv(100) == b""  # the front closes it after its read timeout
    assert time.monotonic() - started < 15


def test_health_reports_the_engines(endpoint: Endpoint):
    port = endpoint.front.server_address[1]
    status, body = raw(endpoint, f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    state = json.loads(body)
    assert status == 200 and state["status"] == "ok" and state["alive"] == 2


def test_a_bomb_gets_504_at_the_deadline_and_its_engine_is_replaced(endpoint: Endpoint):
    before = endpoint.pool.pids()
    started = time.monotonic()
    status, body = post(endpoint, BOMB.encode(), f"Content-Length: {len(BOMB)}")
    took = time.monotonic() - started
    assert status == 504 and body == "the query did not finish within 2 s\n"
    assert took < 2 + 1
    deadline = time.monotonic() + 5
    while len(endpoint.pool.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    after = endpoint.pool.pids()
    assert len(after) == 2 and len(set(after) - set(before)) == 1
    assert endpoint.pool.health()["restarts"] >= 1
    query = b"ASK { ?s ?p ?o }"
    assert post(endpoint, query, f"Content-Length: {len(query)}")[0] == 200


def test_a_restart_on_the_same_port_works_while_old_connections_linger():
    first = Endpoint.start(port=0, engines=1)
    port = first.front.server_address[1]
    lingering = socket.create_connection(("127.0.0.1", port))
    lingering.sendall(f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    lingering.recv(1000)
    first.stop()  # the server side closes first: its socket lingers in TIME_WAIT
    lingering.close()
    second = Endpoint.start(port=port, engines=1)
    try:
        status, _ = raw(second, f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert status == 200
    finally:
        second.stop()
