"""`push` and `--endpoint` as a careful client: credentials sent as HTTP Basic and never shown,
remote text stripped of terminal control sequences, redirects not followed.

Real servers on loopback only: an Oxigraph server (PyPI ``oxigraph``) behind a small proxy that
demands Basic authentication, and a hostile server whose answers carry escape sequences. The
command line runs as a real process, so what reaches standard error is what a user would see.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import pty
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from il6graph.errors import InputError
from il6graph.remote import Credentials, Remote, push, split_credentials

USER, PASSWORD = "reader", "p@ss:w%rd/ü"  # every character that needs care in a URL
URL_PASSWORD = quote(PASSWORD, safe="")
EXPECTED = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
# Every spelling of the password a careless message could contain.
LEAKS = (PASSWORD, URL_PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(), "p@ss")
# What a hostile server sends: set the window title, write the clipboard (OSC 52), clear the
# screen and move the cursor (CSI), 8-bit CSI, a DCS string, a reset, BEL, a bidi override.
HOSTILE = (
    "\x1b]0;owned\x07\x1b]52;c;ZWNobyBvd25lZA==\x07\x1b[2J\x1b[1;1H\x9b31m"
    "\x1bPq#0;2;0;0;0\x1b\\\x1bc\x07\u202eevil"
)
CONTROLS = ("\x1b", "\x07", "\x9b", "\x9d", "\u202e")


def _oxigraph() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    assert found, "the Oxigraph server (PyPI oxigraph, a dependency of il6graph) is not installed"
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    """A writable, in-memory Oxigraph server on loopback: its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [_oxigraph(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert process.poll() is None, "oxigraph serve exited at start"
            assert time.monotonic() < deadline, "oxigraph serve did not start within 20 s"
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(10)


@dataclass
class Proxy:
    """A loopback front that demands ``EXPECTED`` as Basic auth, then forwards to Oxigraph."""

    base: str
    seen: list[str | None] = field(default_factory=list)  # each request's Authorization header

    def url(self, path: str, *, user: str | None = None, password: str | None = None) -> str:
        if user is None:
            return self.base + path
        secret = f":{quote(password, safe='')}" if password is not None else ""
        return self.base.replace("://", f"://{quote(user, safe='')}{secret}@") + path


def _serve(handler: type[BaseHTTPRequestHandler], **attributes: Any) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    for name, value in attributes.items():
        setattr(server, name, value)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _Guarded(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._forward()

    do_POST = do_PUT = do_GET

    def _forward(self) -> None:
        server: Any = self.server
        authorization = self.headers.get("Authorization")
        server.proxy.seen.append(authorization)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if authorization != EXPECTED:
            self._answer(401, b"login required\n", {"WWW-Authenticate": 'Basic realm="il6"'})
            return
        upstream = http.client.HTTPConnection(server.upstream, timeout=60)
        headers = {
            k: v
            for k, v in self.headers.items()
            if k.lower() not in ("authorization", "host", "connection", "content-length")
        }
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        self._answer(answer.status, data, {"Content-Type": answer.getheader("Content-Type", "")})
        upstream.close()

    def _answer(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def proxy(oxigraph: str) -> Iterator[Proxy]:
    holder = Proxy("")
    for base in _serve(_Guarded, upstream=oxigraph.removeprefix("http://"), proxy=holder):
        holder.base = base
        yield holder


class _Hostile(BaseHTTPRequestHandler):
    """Answers by path: /error (500 with escape sequences in the page), /reason (in the
    status line's reason), /redirect (to the trap, credentials in the Location), /labels
    (a 200 SPARQL JSON answer whose values carry them), /denied (401 with a hostile realm)."""

    def do_GET(self) -> None:
        self._answer()

    do_POST = do_PUT = do_GET

    def _answer(self) -> None:
        server: Any = self.server
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        hostile = HOSTILE.encode("utf-8")
        path = self.path.split("?")[0]
        if path == "/error":
            raw = b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
            body = b"Query failed: " + hostile + b"\nline two " + hostile
        elif path == "/reason":
            raw = b"HTTP/1.1 400 Bad " + hostile + b"Request\r\n"
            body = b"no"
        elif path == "/redirect":
            location = server.trap.replace("://", "://mallory:stolen@")
            raw = f"HTTP/1.1 302 Found\r\nLocation: {location}\r\n".encode()
            body = b""
        elif path == "/denied":
            raw = b'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="' + hostile
            raw += b'"\r\n'
            body = hostile
        else:
            raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
            answer = {
                "head": {"vars": ["label"]},
                "results": {
                    "bindings": [{"label": {"type": "literal", "value": "IL-6 evil " + HOSTILE}}]
                },
            }
            body = json.dumps(answer).encode()
        raw += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body
        self.wfile.write(raw)
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile(trap: Any) -> Iterator[str]:
    yield from _serve(_Hostile, trap=trap.url)


def il6graph(
    *args: str, home: Path, env: dict[str, str] | None = None, stdout: Any = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """The command line as a real process, with its own HOME (no ~/.netrc of the machine's)."""
    environment = {k: v for k, v in os.environ.items() if k != "NETRC"}
    environment.update({"HOME": str(home), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "il6graph", *args],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        timeout=120,
    )


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for leak in LEAKS:
            assert leak not in text, f"the password shows: {text!r}"


def assert_one_clean_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert not any(c in stderr for c in CONTROLS), repr(stderr)
    assert "Traceback" not in stderr
    return lines[0]


# --- credentials ------------------------------------------------------------------------------------


def test_credentials_in_the_url_are_sent_as_basic_auth_and_never_shown(
    proxy: Proxy, tmp_path: Path
):
    store = proxy.url("/store", user=USER, password=PASSWORD)
    pushed = il6graph("push", "--endpoint", store, home=tmp_path)
    assert pushed.returncode == 0, pushed.stderr
    assert f"to {proxy.base}/store, the default graph" in pushed.stdout
    assert proxy.seen[-1] == EXPECTED
    assert_no_secret(pushed.stdout, pushed.stderr)

    query = proxy.url("/query", user=USER, password=PASSWORD)
    stats = il6graph("stats", "--format", "json", "--endpoint", query, home=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["claims"] > 80
    assert_no_secret(stats.stdout, stats.stderr)


def test_a_wrong_password_is_one_line_that_does_not_repeat_it(proxy: Proxy, tmp_path: Path):
    wrong = proxy.url("/query", user=USER, password="p@ss-wrong")
    result = il6graph("claims", "IL-6", "--endpoint", wrong, home=tmp_path)
    assert result.returncode == 2
    line = assert_one_clean_line(result.stderr)
    assert line.startswith(f"il6graph: error: endpoint {proxy.base}/query: HTTP 401")
    assert "credentials of user 'reader' were refused" in line
    assert "p@ss-wrong" not in line and "p%40ss-wrong" not in line
    assert result.stdout == ""


def test_no_credentials_names_the_ways_to_give_them(proxy: Proxy, tmp_path: Path):
    result = il6graph("push", "--endpoint", proxy.url("/store"), home=tmp_path)
    assert result.returncode == 2
    line = assert_one_clean_line(result.stderr)
    assert "HTTP 401" in line and "--user NAME" in line and "netrc" in line
    assert proxy.seen[-1] is None


def test_user_option_with_password(proxy: Proxy, tmp_path: Path):
    result = il6graph(
        "query",
        "ASK { ?s ?p ?o }",
        "--endpoint",
        proxy.url("/query"),
        "--user",
        f"{USER}:{PASSWORD}",
        home=tmp_path,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "true"), result.stderr
    assert proxy.seen[-1] == EXPECTED


def test_password_from_netrc_in_home_and_from_the_netrc_variable(proxy: Proxy, tmp_path: Path):
    entry = f"machine 127.0.0.1\n  login {USER}\n  password {PASSWORD}\n"
    (tmp_path / ".netrc").write_text(entry, encoding="utf-8")
    os.chmod(tmp_path / ".netrc", 0o600)
    plain = il6graph("query", "ASK { ?s ?p ?o }", "--endpoint", proxy.url("/query"), home=tmp_path)
    assert (plain.returncode, plain.stdout.strip()) == (0, "true"), plain.stderr
    assert proxy.seen[-1] == EXPECTED

    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    named = tmp_path / "credentials.netrc"
    named.write_text(entry, encoding="utf-8")
    by_user = il6graph(
        "push",
        "--endpoint",
        proxy.url("/store"),
        "--user",
        USER,
        home=elsewhere,
        env={"NETRC": str(named)},
    )
    assert by_user.returncode == 0, by_user.stderr
    assert proxy.seen[-1] == EXPECTED
    assert_no_secret(by_user.stdout, by_user.stderr)


def test_a_user_in_the_url_takes_the_password_from_netrc(proxy: Proxy, tmp_path: Path):
    (tmp_path / ".netrc").write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    url = proxy.url("/query", user=USER)
    assert "@" in url and PASSWORD not in url
    result = il6graph("query", "ASK { ?s ?p ?o }", "--endpoint", url, home=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, "true"), result.stderr
    assert proxy.seen[-1] == EXPECTED


def test_a_user_without_a_password_is_asked_on_a_terminal_without_echo(
    proxy: Proxy, tmp_path: Path
):
    """A real pseudo-terminal as the controlling terminal: the prompt shows, the typed password
    does not, and the login works."""
    environment = {**os.environ, "HOME": str(tmp_path)}
    environment.pop("NETRC", None)
    command = [sys.executable, "-m", "il6graph", "query", "ASK { ?s ?p ?o }"]
    command += ["--endpoint", proxy.url("/query"), "--user", USER]
    child, terminal = pty.fork()
    if child == 0:  # pragma: no cover - replaced by the command at once
        os.execve(sys.executable, command, environment)
    seen = b""

    def read_until(wanted: bytes) -> None:
        nonlocal seen
        while wanted not in seen:
            ready, _, _ = select.select([terminal], [], [], 60)
            assert ready, f"waited 60 s for {wanted!r}; the terminal showed {seen!r}"
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the command ended
                break
            if not chunk:
                break
            seen += chunk

    read_until(b"Password for reader at 127.0.0.1: ")
    os.write(terminal, PASSWORD.encode() + b"\n")
    read_until(b"true")
    _, status = os.waitpid(child, 0)
    os.close(terminal)
    assert os.waitstatus_to_exitcode(status) == 0, seen
    assert b"true" in seen
    assert PASSWORD.encode() not in seen, "the password was echoed"
    assert proxy.seen[-1] == EXPECTED


def test_a_user_without_a_password_anywhere_is_one_line(proxy: Proxy, tmp_path: Path):
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login someone password x\n")
    result = il6graph(
        "stats", "--endpoint", proxy.url("/query"), "--user", USER, home=tmp_path
    )  # stdin is not a terminal: nothing to ask
    assert result.returncode == 2
    line = assert_one_clean_line(result.stderr)
    assert f"no password for user '{USER}'" in line
    assert proxy.url("/query") in line


def test_a_broken_netrc_is_one_line_naming_it(proxy: Proxy, tmp_path: Path):
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login reader frobnicate x\n")
    result = il6graph("stats", "--endpoint", proxy.url("/query"), home=tmp_path)
    assert result.returncode == 2
    line = assert_one_clean_line(result.stderr)
    assert ".netrc" in line


def test_python_api_keeps_credentials_out_of_url_repr_and_errors(proxy: Proxy):
    remote = Remote(proxy.url("/query", user=USER, password=PASSWORD))
    assert remote.url == proxy.base + "/query"
    assert remote.credentials == Credentials(USER, PASSWORD)
    assert_no_secret(repr(remote), remote.describe())
    assert remote.count_triples() > 0
    assert proxy.seen[-1] == EXPECTED

    report = push(proxy.url("/store"), user=f"{USER}:{PASSWORD}")
    assert report.url == proxy.base + "/store"

    port = _free_port()  # nothing listens there
    with pytest.raises(InputError) as refused:
        Remote(f"http://{USER}:{URL_PASSWORD}@127.0.0.1:{port}/query").count_triples()
    assert "connection refused" in str(refused.value)
    assert_no_secret(str(refused.value))


def test_split_credentials_decodes_and_leaves_other_urls_alone():
    assert split_credentials("http://127.0.0.1:7878/query") == (
        "http://127.0.0.1:7878/query",
        None,
        None,
    )
    assert split_credentials("http://ann@h/x") == ("http://h/x", "ann", None)
    assert split_credentials("http://a%3Ab:c%40d@h/x?q=1") == ("http://h/x?q=1", "a:b", "c@d")


# --- hostile servers --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/error", "/reason", "/denied"])
def test_remote_text_reaches_the_terminal_without_control_sequences(
    hostile: str, path: str, tmp_path: Path
):
    for command in (("query", "ASK { ?s ?p ?o }"), ("claims", "IL-6"), ("push",)):
        result = il6graph(*command, "--endpoint", hostile + path, home=tmp_path)
        assert result.returncode == 2, result.stderr
        line = assert_one_clean_line(result.stderr)
        assert line.startswith(f"il6graph: error: endpoint {hostile}{path}")
        if path == "/error":
            assert "Query failed:" in line and "evil line two" in line


def test_a_redirect_is_not_followed_and_its_credentials_not_shown(
    hostile: str, trap: Any, tmp_path: Path
):
    url = hostile.replace("://", f"://{USER}:{URL_PASSWORD}@") + "/redirect"
    result = il6graph("query", "ASK { ?s ?p ?o }", "--endpoint", url, home=tmp_path)
    assert result.returncode == 2
    line = assert_one_clean_line(result.stderr)
    assert f"HTTP 302 redirects to {trap.url}" in line
    assert "stolen" not in line and "mallory" not in line
    assert_no_secret(line)
    assert trap.hits() == [], "the redirect was followed"


def test_remote_values_shown_on_a_terminal_lose_their_escape_sequences(
    hostile: str, tmp_path: Path
):
    """A real pseudo-terminal as standard output: the label arrives, its sequences do not."""
    query = "SELECT ?label WHERE { ?s rdfs:label ?label }"
    leader, follower = pty.openpty()
    environment = {**os.environ, "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "il6graph", "query", query, "--endpoint", hostile + "/labels"],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=environment,
    )
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        assert ready, "no output within 60 s"
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end closed: the process is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(60) == 0, process.stderr.read() if process.stderr else ""
    assert b"IL-6" in shown and b"evil" in shown
    for control in (b"\x1b", b"\x07", b"\xc2\x9b", "\u202e".encode()):
        assert control not in shown, shown

    # Written to a file or a pipe, the same values stay exactly as the server sent them.
    piped = il6graph(
        "query", query, "--format", "json", "--endpoint", hostile + "/labels", home=tmp_path
    )
    value = json.loads(piped.stdout)["results"]["bindings"][0]["label"]["value"]
    assert value == "IL-6 evil " + HOSTILE
