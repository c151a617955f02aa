"""The endpoint's front: the only listener clients reach, and what it refuses.

Every request is checked before any engine sees it:

- ``Host`` must name the address the endpoint is bound to (``127.0.0.1:PORT`` or
  ``localhost:PORT``): a page on another site that rebinds its DNS name to 127.0.0.1 is refused;
- ``Origin`` (when sent) must be that same address, and a browser's ``Sec-Fetch-Site:
  cross-site`` is refused, unless ``--cors`` was asked for: a form on another site cannot POST
  queries here;
- a body needs a plain ``Content-Length`` (digits, at most :data:`MAX_QUERY_BYTES`; no chunked
  bodies) and must arrive within :data:`READ_TIMEOUT` seconds;
- the query is inspected (:func:`il6graph.sparql.inspect_query`): SERVICE, FROM and updates are
  a ``400`` with the reason, and what is forwarded is the parser's canonical text.

Requests are served by a fixed number of threads (:data:`THREADS`) fed from a bounded queue;
when it is full, a connection gets ``503`` at once. Answers are read from the engine up to
:data:`MAX_ANSWER_BYTES`. Threads and memory stay bounded at any request rate.
"""

from __future__ import annotations

import json
import queue
import re
import socket
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, urlsplit

from il6graph.endpoint.pool import Busy, Overrun, Pool
from il6graph.errors import InputError

__all__ = ["MAX_ANSWER_BYTES", "MAX_QUERY_BYTES", "THREADS", "Front"]

MAX_QUERY_BYTES = 1 << 20
MAX_ANSWER_BYTES = 64 << 20
THREADS = 16  # requests served at once (keep-alive connections held at once)
BACKLOG = 64  # accepted connections waiting for a thread; past it, 503
READ_TIMEOUT = 10.0  # seconds a client may take to send a request, or stay idle between two
_LENGTH = re.compile(r"[0-9]{1,10}\Z")


class Front(socketserver.TCPServer):
    """A TCP server with a fixed pool of request threads."""

    allow_reuse_address = True  # a restart on the same port does not wait for old sockets
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], *, pool: Pool | None, timeout: float, cors: bool
    ) -> None:
        self.waiting: queue.Queue[tuple[socket.socket, Any] | None] = queue.Queue(BACKLOG)
        self.threads: list[threading.Thread] = []
        super().__init__(address, _Handler)
        self.pool = pool
        self.query_timeout = timeout
        self.cors = cors
        port = self.server_address[1]
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{host}" for host in self.hosts}
        self._entities: Any = None
        self._entities_lock = threading.Lock()
        self.entities_source: Any = None  # a callable giving the EntityIndex (set by Endpoint)
        self.threads = [
            threading.Thread(target=self._work, name=f"il6graph-front-{n}", daemon=True)
            for n in range(THREADS)
        ]
        for thread in self.threads:
            thread.start()

    def process_request(self, request: Any, client_address: Any) -> None:
        try:
            self.waiting.put_nowait((request, client_address))
        except queue.Full:
            _refuse_busy(request)
            self.shutdown_request(request)

    def _work(self) -> None:
        while True:
            item = self.waiting.get()
            if item is None:
                return
            request, address = item
            try:
                self.finish_request(request, address)
            except Exception:
                pass
            finally:
                self.shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        for _ in self.threads:
            try:
                self.waiting.put(None, timeout=1)
            except queue.Full:
                break

    def entities(self) -> Any:
        """The entity index of the served graph, for /saved (read once)."""
        with self._entities_lock:
            if self._entities is None:
                self._entities = self.entities_source()
            return self._entities


def _refuse_busy(request: socket.socket) -> None:
    body = b"the endpoint is busy: try again in a moment\n"
    head = (
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    )
    try:
        request.setblocking(False)
        request.send(head.encode("ascii") + body)
    except OSError:
        pass


class _Handler(BaseHTTPRequestHandler):
    server: Front
    server_version = "il6graph"
    protocol_version = "HTTP/1.1"  # keep-alive: every answer carries Content-Length
    # Headers and body go out in two writes; with Nagle's algorithm on, the body then waits for
    # the client's delayed ACK (40 ms a request on Linux, measured here).
    disable_nagle_algorithm = True
    timeout = READ_TIMEOUT

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a quiet server; the client sees every error in the answer

    # -- checks every request passes

    def _allowed(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.hosts:
            self._send(
                400 if not host else 403,
                "missing Host header\n"
                if not host
                else f"Host {host!r} is not this endpoint (use http://127.0.0.1:{self.server.server_address[1]}/)\n",
            )
            self.close_connection = True
            return False
        if self.server.cors:
            return True
        origin = (self.headers.get("Origin") or "").strip().lower()
        if origin and origin not in self.server.origins:
            self._send(403, f"requests from {origin} are refused (serve --cors allows them)\n")
            return False
        if (self.headers.get("Sec-Fetch-Site") or "").lower() == "cross-site":
            self._send(403, "cross-site requests are refused (serve --cors allows them)\n")
            return False
        return True

    def _body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding"):
            self._send(411, "send the body with a Content-Length (chunked bodies are refused)\n")
            self.close_connection = True
            return None
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            self._send(411, "a POST needs a Content-Length\n")
            self.close_connection = True
            return None
        if len(set(lengths)) != 1 or not _LENGTH.match(lengths[0].strip()):
            self._send(400, "Content-Length must be one whole number of bytes\n")
            self.close_connection = True
            return None
        length = int(lengths[0].strip())
        if length > MAX_QUERY_BYTES:
            self._send(413, f"request larger than {MAX_QUERY_BYTES} bytes\n")
            self.close_connection = True
            return None
        body = self.rfile.read(length)
        if len(body) != length:
            self.close_connection = True
            return None
        return body

    # -- routing

    def do_GET(self) -> None:
        if not self._allowed():
            return
        parts = urlsplit(self.path)
        if parts.path in ("/", "/index.html"):
            self._send(200, _page(), "text/html; charset=utf-8")
        elif parts.path == "/health":
            self._health()
        elif parts.path in ("/query", "/sparql"):
            form = parse_qs(parts.query, keep_blank_values=True)
            if "query" not in form:
                self._send(400, "no query: send ?query=... (the query page is at /)\n")
                return
            self._query(form)
        elif parts.path == "/saved":
            self._send_json(_saved_list())
        elif parts.path.startswith("/saved/"):
            self._saved(parts.path[len("/saved/") :], parse_qs(parts.query))
        else:
            self._send(404, f"not found: {parts.path} (the SPARQL endpoint is /query)\n")

    def do_POST(self) -> None:
        if not self._allowed():
            return
        body = self._body()
        if body is None:
            return
        parts = urlsplit(self.path)
        if parts.path == "/update":
            self._send(403, "updates are refused: this endpoint is read-only\n")
            return
        if parts.path not in ("/query", "/sparql"):
            self._send(404, f"not found: {parts.path} (the SPARQL endpoint is /query)\n")
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = parse_qs(parts.query, keep_blank_values=True)
        text = body.decode("utf-8", "replace")
        if content_type == "application/sparql-query":
            form["query"] = [text]
        elif content_type == "application/x-www-form-urlencoded":
            posted = parse_qs(text, keep_blank_values=True)
            if "update" in posted:
                self._send(403, "updates are refused: this endpoint is read-only\n")
                return
            form.update(posted)
        elif content_type == "application/sparql-update":
            self._send(403, "updates are refused: this endpoint is read-only\n")
            return
        else:
            self._send(415, "send the query as application/sparql-query or as a form (query=...)\n")
            return
        if "query" not in form:
            self._send(400, "no query in the request\n")
            return
        self._query(form)

    def do_OPTIONS(self) -> None:
        if self._allowed():
            self._send(204, "")

    # -- the work

    def _health(self) -> None:
        pool = self.server.pool
        state = pool.health() if pool is not None else {"engines": 0, "alive": 0}
        healthy = state["alive"] > 0
        self._send(
            200 if healthy else 503,
            json.dumps({"status": "ok" if healthy else "starting", **state}),
            "application/json",
        )

    def _query(self, form: dict[str, list[str]]) -> None:
        from il6graph.sparql import inspect_query

        if form.get("default-graph-uri") or form.get("named-graph-uri"):
            self._send(
                400,
                "default-graph-uri and named-graph-uri are refused: this endpoint serves one "
                "dataset, the graph and its ontology\n",
            )
            return
        try:
            info = inspect_query(form["query"][0])
        except InputError as refused:
            self._send(400, f"{refused}\n")
            return
        pool = self.server.pool
        assert pool is not None
        timeout = self.server.query_timeout
        started = time.monotonic()
        headers = {
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": self.headers.get("Accept") or "application/sparql-results+json",
        }
        try:
            for attempt in (1, 2):
                # A query only reads: if its engine died under it (killed, crashed), it is asked
                # again of another engine while time is left.
                try:
                    with pool.engine(wait=max(0.0, started + timeout - time.monotonic())) as slot:
                        status, kind, answer = pool.ask(
                            slot,
                            info.text.encode("utf-8"),
                            headers,
                            deadline=started + timeout,
                            limit=MAX_ANSWER_BYTES,
                        )
                    break
                except ConnectionError:
                    if attempt == 2:
                        raise
        except Busy:
            self._send(503, f"every engine stayed busy for {timeout:g} s: try again later\n")
            return
        except Overrun:
            self._send(504, f"the query did not finish within {timeout:g} s\n")
            return
        except ValueError:
            self._send(507, f"the answer is larger than {MAX_ANSWER_BYTES} bytes: add a LIMIT\n")
            return
        except ConnectionError as error:
            self._send(502, f"the query engine failed: {error}\n")
            return
        self._send(status, answer, kind or "text/plain")

    def _saved(self, name: str, parameters: dict[str, list[str]]) -> None:
        from il6graph.sparql import prepare_query, saved_query

        try:
            prepared = prepare_query(saved_query(name), parameters, entities=self.server.entities)
        except InputError as error:
            self._send(400, f"{error}\n")
            return
        self._send(200, prepared.text, "application/sparql-query; charset=utf-8")

    # -- answers

    def _send(
        self, status: int, body: str | bytes, content_type: str = "text/plain; charset=utf-8"
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.close_connection:
            self.send_header("Connection", "close")
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _send_json(self, data: object) -> None:
        self._send(200, json.dumps(data, ensure_ascii=False), "application/json; charset=utf-8")


def _page() -> bytes:
    return files("il6graph").joinpath("endpoint", "page.html").read_bytes()


def _saved_list() -> dict[str, object]:
    from il6graph.sparql import saved_queries
    from il6graph.vocabulary import PREFIXES

    return {
        "prefixes": PREFIXES,
        "queries": [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "parameters": [
                    {
                        "name": p.name,
                        "kind": p.kind,
                        "default": p.default,
                        "description": p.description,
                    }
                    for p in q.parameters
                ],
            }
            for q in saved_queries().values()
        ],
    }
