"""``il6graph serve``: a read-only SPARQL endpoint on localhost, with a query page.

The graph and the ontology are loaded into an Oxigraph server (PyPI ``oxigraph``, a SPARQL 1.1
Protocol server) that runs read-only on an internal loopback port. Clients talk to a small front
on the public port instead: Oxigraph follows a query's ``SERVICE`` clause to any address it names,
even read-only, so the front inspects every query with :func:`il6graph.sparql.inspect_query`,
answers a refused one (SERVICE, FROM, an update) with ``400`` and the reason, and forwards the
rest. The front also serves a query page at ``/`` that needs no internet connection, and the
saved queries at ``/saved``.

>>> from il6graph.endpoint import Endpoint
>>> with Endpoint.start(port=0) as endpoint:
...     endpoint.url.endswith("/query")
True
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from il6graph.errors import InputError
from il6graph.store import rdf_file_format

__all__ = ["Endpoint", "OxigraphServer", "oxigraph_command"]

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0  # seconds a query may run on the server
MAX_QUERY_BYTES = 1 << 20
LOAD_FORMATS = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
}


def oxigraph_command() -> str:
    """The ``oxigraph`` server program (from PyPI ``oxigraph``), beside this Python or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise InputError("the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _die_with_parent() -> None:
    # Runs in the child before exec: if il6graph is killed outright (SIGKILL), the kernel sends
    # the server SIGTERM, so no server outlives its parent. Linux only; elsewhere a no-op.
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def load_store(location: Path, paths: Sequence[Path]) -> None:
    """Load RDF files into a new Oxigraph database folder with ``oxigraph load``."""
    for path in paths:
        mime = rdf_file_format(path, LOAD_FORMATS)
        done = subprocess.run(
            [
                oxigraph_command(),
                "load",
                "--location",
                str(location),
                "--format",
                mime,
                "--file",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise InputError(_load_error(path, done.stderr))


def _load_error(path: Path, stderr: str) -> str:
    import re

    # "Error while loading file F: Parser error between line L column C and ...: reason"
    for line in stderr.splitlines():
        found = re.search(r"line (\d+) column (\d+)[^:]*: (.*)", line)
        if "Error while loading" in line and found:
            return f"{path}:{found.group(1)}:{found.group(2)}: {found.group(3)}"
    lines = [line for line in stderr.splitlines() if line.strip()]
    return f"{path}: oxigraph could not load it: {lines[0] if lines else 'no reason given'}"


@dataclass
class OxigraphServer:
    """An ``oxigraph serve`` (writable, in memory) or ``serve-read-only`` process on loopback.

    ``stop()`` ends it and removes its folder, so no process, database or lock is left behind.
    """

    process: subprocess.Popen[bytes]
    base: str  # http://127.0.0.1:PORT
    folder: Path  # its log, and its database when read-only
    _stopped: bool = field(default=False, repr=False)

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol URL (for ``il6graph push``)."""
        return self.base + "/store"

    @classmethod
    def start(
        cls,
        paths: Sequence[Path] = (),
        *,
        read_only: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        port: int = 0,
        ready_within: float = 20.0,
    ) -> OxigraphServer:
        """Start a server holding ``paths`` (read-only) or nothing yet (writable, in memory)."""
        folder = Path(tempfile.mkdtemp(prefix="il6graph-oxigraph-"))
        process: subprocess.Popen[bytes] | None = None
        try:
            command = [oxigraph_command()]
            if read_only:
                load_store(folder / "store", paths)
                command += ["serve-read-only", "--location", str(folder / "store")]
            else:
                command += ["serve"]
            chosen = port or _free_port()
            command += ["--bind", f"127.0.0.1:{chosen}", "--timeout-s", str(max(1, round(timeout)))]
            with open(folder / "server.log", "wb") as log:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
                )
            server = cls(process, f"http://127.0.0.1:{chosen}", folder)
            server._wait_ready(ready_within)
            return server
        except BaseException:  # Ctrl-C while loading included: leave nothing behind
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def _wait_ready(self, within: float) -> None:
        deadline = time.monotonic() + within
        host, port = "127.0.0.1", int(self.base.rsplit(":", 1)[1])
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "server.log").read_text(errors="replace").strip()
                self.stop()
                last = log.splitlines()[-1] if log else f"exit code {self.process.returncode}"
                raise InputError(f"the Oxigraph server did not start on port {port}: {last}")
            with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
                return
            time.sleep(0.02)
        self.stop()
        raise InputError(f"the Oxigraph server did not answer on port {port} within {within:g} s")

    def stop(self) -> None:
        """End the server (SIGTERM, then SIGKILL after 5 s) and remove its folder."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> OxigraphServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- the front ---------------------------------------------------------------------------------------


class _Front(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a second `serve` on a busy port must fail, not share it

    def __init__(self, address: tuple[str, int], *, timeout: float, cors: bool) -> None:
        self.upstream: OxigraphServer | None = None  # set once the server runs
        self.query_timeout = timeout
        self.cors = cors
        self._local = threading.local()
        self._entities: Any = None
        self._entities_lock = threading.Lock()
        super().__init__(address, _Handler)

    def upstream_connection(self, fresh: bool = False) -> http.client.HTTPConnection:
        """This thread's keep-alive connection to the Oxigraph server."""
        connection = getattr(self._local, "connection", None)
        if connection is None or fresh:
            if connection is not None:
                connection.close()
            assert self.upstream is not None
            port = int(self.upstream.base.rsplit(":", 1)[1])
            connection = http.client.HTTPConnection(
                "127.0.0.1", port, timeout=self.query_timeout + 5
            )
            self._local.connection = connection
        return connection

    def entities(self) -> Any:
        """The entity index of the served graph, read once from the server, for /saved."""
        with self._entities_lock:
            if self._entities is None:
                from il6graph.remote import Remote

                assert self.upstream is not None
                self._entities = Remote(
                    self.upstream.query_url, timeout=self.query_timeout
                ).entities()
            return self._entities


class _Handler(BaseHTTPRequestHandler):
    server: _Front
    server_version = "il6graph"
    protocol_version = "HTTP/1.1"  # keep-alive: every answer carries Content-Length
    # Headers and body go out in two writes; with Nagle's algorithm on, the body then waits for
    # the client's delayed ACK (40 ms a request on Linux, measured here).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a quiet server; the client sees every error in the answer

    # -- routing

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path in ("/", "/index.html"):
            self._send(200, _page(), "text/html; charset=utf-8")
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
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            self._send(413, f"request larger than {MAX_QUERY_BYTES} bytes\n")
            self.close_connection = True
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        if parts.path == "/update":
            self._send(403, "updates are refused: this endpoint is read-only\n")
            return
        if parts.path not in ("/query", "/sparql"):
            self._send(404, f"not found: {parts.path} (the SPARQL endpoint is /query)\n")
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = parse_qs(parts.query, keep_blank_values=True)
        if content_type == "application/sparql-query":
            form["query"] = [body]
        elif content_type == "application/x-www-form-urlencoded":
            posted = parse_qs(body, keep_blank_values=True)
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
        self._send(204, "")

    # -- the work

    def _query(self, form: dict[str, list[str]]) -> None:
        from urllib.parse import urlencode

        from il6graph.sparql import inspect_query, prefix_declarations

        text = form["query"][0]
        try:
            info = inspect_query(text)
        except InputError as refused:
            self._send(400, f"{refused}\n")
            return
        graphs = {k: form[k] for k in ("default-graph-uri", "named-graph-uri") if form.get(k)}
        target = "/query" + ("?" + urlencode(graphs, doseq=True) if graphs else "")
        body = (prefix_declarations(info) + text).encode("utf-8")
        headers = {
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": self.headers.get("Accept") or "application/sparql-results+json",
        }
        for attempt in (1, 2):
            connection = self.server.upstream_connection(fresh=attempt == 2)
            try:
                connection.request("POST", target, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
                break
            except (http.client.HTTPException, ConnectionError) as error:
                if attempt == 2:  # a second failure is not a stale keep-alive connection
                    self._send(502, f"the SPARQL server behind this endpoint failed: {error}\n")
                    return
            except TimeoutError:
                self._send(
                    504, f"the query did not finish within {self.server.query_timeout:g} s\n"
                )
                self.server.upstream_connection(fresh=True)
                return
        self._send(response.status, answer, response.getheader("Content-Type") or "text/plain")

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
    return files("il6graph").joinpath("endpoint.html").read_bytes()


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


# --- the endpoint: server and front together -------------------------------------------------------


@dataclass
class Endpoint:
    """A running ``il6graph serve``: the read-only Oxigraph server and the front before it."""

    server: OxigraphServer
    front: _Front
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        port = self.front.server_address[1]
        return f"http://127.0.0.1:{port}"

    @property
    def url(self) -> str:
        """The SPARQL endpoint URL to give clients."""
        return self.base + "/query"

    @classmethod
    def start(
        cls,
        paths: Sequence[str | Path] = (),
        *,
        port: int = DEFAULT_PORT,
        timeout: float = DEFAULT_TIMEOUT,
        cors: bool = False,
        background: bool = True,
    ) -> Endpoint:
        """Load ``paths`` (default: the bundled graph) and the ontology, start the server and the
        front on 127.0.0.1:``port`` (0 picks a free one). With ``background``, the front answers
        from a thread at once; otherwise call :meth:`serve_forever`."""
        from il6graph.resources import graph_path, ontology_path

        files_ = [Path(p) for p in paths] or [graph_path()]
        try:  # the port first: a busy port fails before anything is loaded
            front = _Front(("127.0.0.1", port), timeout=timeout, cors=cors)
        except OSError as error:
            raise InputError(
                f"cannot listen on 127.0.0.1:{port}: {error.strerror} (choose another --port)"
            ) from None
        try:
            server = OxigraphServer.start(
                [*files_, ontology_path()], read_only=True, timeout=timeout
            )
        except BaseException:
            front.server_close()
            raise
        front.upstream = server
        endpoint = cls(server, front)
        if background:
            endpoint._thread = threading.Thread(
                target=front.serve_forever, name="il6graph-endpoint", daemon=True
            )
            endpoint._thread.start()
        return endpoint

    def serve_forever(self) -> None:
        """Answer requests until :meth:`stop` is called or the process is interrupted."""
        self.front.serve_forever()

    def stop(self) -> None:
        """Stop the front and the server; remove the database folder (and its lock)."""
        if self._thread is not None:
            self.front.shutdown()
            self._thread.join()
            self._thread = None
        self.front.server_close()
        self.server.stop()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def serve_until_stopped(endpoint: Endpoint) -> None:
    """Serve in the foreground; Ctrl-C or SIGTERM stops the endpoint cleanly."""

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGINT too: a shell starts background jobs with SIGINT ignored, and Python keeps it so.
    previous = {s: signal.signal(s, terminate) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        endpoint.stop()
