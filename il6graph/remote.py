"""A remote triplestore that holds the graph: query it, read the part a command needs, push to it.

Queries go out through the SPARQL 1.1 Protocol (``POST`` of the query, results as SPARQL JSON or
N-Triples); :func:`push` uploads with the Graph Store Protocol (``PUT``, replacing the graph).
Every request has a deadline covering connect, send and the whole answer, and every failure is
one :class:`InputError` line naming the URL and the cause. Queries are hardened exactly as local
ones (:func:`il6graph.sparql.prepare_query`) before they leave.

Credentials go as HTTP Basic authentication, from the URL (``http://user:password@host/``,
percent-encoded), from ``user`` (``NAME:PASSWORD``, or ``NAME`` with the password from netrc), or
from a netrc entry for the host (``~/.netrc``, or the file ``$NETRC`` names). They are taken out
of the URL first: no message, report or ``repr`` shows them. Redirects are not followed, so
credentials never go to another address. Text from the server (an error page, a reason phrase)
is shown as one line without control characters (see :func:`il6graph.errors.one_line`).

>>> from il6graph.remote import Remote
>>> remote = Remote("http://reader:s3cret@127.0.0.1:7878/query")
>>> remote.describe(), remote.credentials
('http://127.0.0.1:7878/query', Credentials(user='reader'))
"""

from __future__ import annotations

import base64
import http.client
import json
import netrc
import os
import re
import socket
import time
from collections.abc import Mapping, Sequence
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from il6graph.errors import InputError, one_line
from il6graph.sparql import (
    DEFAULT_LIMIT,
    AskResult,
    PreparedQuery,
    Result,
    SelectResult,
    graph_result,
    plain,
    prepare_query,
)

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from il6graph.entities import EntityIndex

__all__ = [
    "DEFAULT_TIMEOUT",
    "Credentials",
    "PushReport",
    "Remote",
    "netrc_credentials",
    "push",
    "resolve_credentials",
    "split_credentials",
]

DEFAULT_TIMEOUT = 30.0
MAX_ANSWER = 512 * 1024 * 1024  # bytes: an answer larger than this is refused, not read
USER_AGENT = "il6graph (SPARQL 1.1 Protocol client)"

# What graph commands need from the store, as CONSTRUCTs (the "needed part", not the whole store):
# entities with their categories, labels, synonyms and mappings; claims with evidence and sources;
# predicates the store declares with their signs.
ENTITIES_PART = """
CONSTRUCT {
  ?entity a ?category ; rdfs:label ?label ; skos:altLabel ?synonym ;
          skos:exactMatch ?exact ; skos:closeMatch ?close ; skos:broadMatch ?broad ; skos:narrowMatch ?narrow .
} WHERE {
  ?entity a ?category .
  FILTER(STRSTARTS(STR(?category), STR(biolink:)) && ?category != biolink:Association)
  OPTIONAL { ?entity rdfs:label ?label }
  OPTIONAL { ?entity skos:altLabel ?synonym }
  OPTIONAL { ?entity skos:exactMatch ?exact }
  OPTIONAL { ?entity skos:closeMatch ?close }
  OPTIONAL { ?entity skos:broadMatch ?broad }
  OPTIONAL { ?entity skos:narrowMatch ?narrow }
}
"""
_CLAIMS = """
CONSTRUCT {
  ?claim a il6v:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
         il6v:assertion ?assertion ; il6v:confidence ?confidence ; il6v:hedge ?hedge ;
         il6v:evidence ?evidence ; prov:wasAttributedTo ?agent .
  ?s ?p ?o .
  ?evidence a il6v:Evidence ; il6v:text ?text ; oa:hasSource ?source ; oa:hasSelector ?selector .
  ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?source a il6v:SourceDocument ; rdfs:label ?sourceLabel ; il6v:path ?path .
} WHERE {
  %s
  ?claim a il6v:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
         il6v:assertion ?assertion ; il6v:confidence ?confidence ; il6v:evidence ?evidence .
  ?evidence il6v:text ?text ; oa:hasSource ?source ; oa:hasSelector ?selector .
  ?selector oa:start ?start ; oa:end ?end .
  OPTIONAL { ?claim il6v:hedge ?hedge }
  OPTIONAL { ?claim prov:wasAttributedTo ?agent }
  OPTIONAL { ?source rdfs:label ?sourceLabel }
  OPTIONAL { ?source il6v:path ?path }
}
"""
CLAIMS_PART = _CLAIMS % ""
CLAIMS_ABOUT_PART = "# param entity (iri): the entity whose claims are read\n" + _CLAIMS % (
    "{ ?claim rdf:subject ?entity } UNION { ?claim rdf:object ?entity }"
)
PREDICATES_PART = """
CONSTRUCT { ?p a owl:ObjectProperty ; il6v:sign ?sign ; rdfs:label ?label ; skos:definition ?definition . }
WHERE {
  ?p a owl:ObjectProperty ; il6v:sign ?sign .
  OPTIONAL { ?p rdfs:label ?label }
  OPTIONAL { ?p skos:definition ?definition }
}
"""
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP Basic authentication; ``repr`` leaves the password out."""

    user: str
    password: str = field(repr=False)

    def header(self) -> str:
        """The ``Authorization`` header's value."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without its ``user:password@`` part, then the user and password (percent-decoded;
    None where absent).

    >>> split_credentials("https://ann:p%40ss@db.example.org:3030/ds/query")
    ('https://db.example.org:3030/ds/query', 'ann', 'p@ss')
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    clean = urlunsplit(parts._replace(netloc=host))
    return clean, unquote(user), unquote(password) if colon else None


def netrc_credentials(host: str, login: str | None = None) -> Credentials | None:
    """The netrc entry for ``host`` (``$NETRC``, else ``~/.netrc``), if it has ``login`` (any
    login when None); a ``default`` entry counts, as in curl."""
    name = os.environ.get("NETRC") or str(Path.home() / ".netrc")
    if not Path(name).is_file():
        return None
    try:
        entry = netrc.netrc(name).authenticators(host)
    except netrc.NetrcParseError as error:
        raise InputError(f"{name}:{error.lineno}: cannot be read as netrc: {error.msg}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{name}: cannot be read: {error}") from None
    if entry is None:
        return None
    entry_login, _, password = entry
    if login is not None and entry_login != login:
        return None
    return Credentials(entry_login, password or "")


def resolve_credentials(url: str, user: str | None = None) -> tuple[str, Credentials | None]:
    """The URL to show and request (no credentials in it), and the credentials to send: those
    in the URL, else ``user`` (``NAME:PASSWORD``, or ``NAME`` with its password from netrc),
    else the netrc entry for the host."""
    clean, login, password = split_credentials(url)
    if login is not None and password is not None:
        return clean, Credentials(login, password)
    if user is not None:
        name, colon, given = user.partition(":")
        if colon:
            return clean, Credentials(name, given)
        login = name
    host = urlsplit(clean).hostname
    found = netrc_credentials(host, login) if host else None
    if found is not None:
        return clean, found
    if login is not None:
        raise InputError(
            f"endpoint {clean}: no password for user {login!r}: give --user {login}:PASSWORD "
            f"(or just --user {login} on a terminal to be asked), or a netrc entry for {host}"
        )
    return clean, None


@dataclass(frozen=True)
class Remote:
    """A SPARQL endpoint, and optionally the named graph on it that holds il6graph."""

    url: str  # without credentials: any in the URL given are moved to ``credentials``
    graph: str | None = None  # sent as default-graph-uri; None: the endpoint's default graph
    timeout: float = DEFAULT_TIMEOUT
    user: InitVar[str | None] = None  # NAME:PASSWORD, or NAME (its password from netrc)
    credentials: Credentials | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self, user: str | None) -> None:
        clean, credentials = resolve_credentials(self.url, user)
        object.__setattr__(self, "url", clean)
        object.__setattr__(self, "credentials", credentials)

    def describe(self) -> str:
        return self.url + (f" (graph <{self.graph}>)" if self.graph else "")

    def query(self, query: str | PreparedQuery, *, limit: int = DEFAULT_LIMIT) -> Result:
        """Run a query on the endpoint: the same checks, row cap and result types as local ones."""
        prepared = query if isinstance(query, PreparedQuery) else prepare_query(query)
        graph_form = prepared.form in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        body = self._request(
            "POST",
            self._with_graph(self.url),
            body=urlencode({"query": prepared.full_text}).encode("utf-8"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        if graph_form:
            return graph_result(self._parse_ntriples(body), limit)
        return _rows_result(self, body, limit)

    def entities(self) -> EntityIndex:
        """The entity index of the graph on the endpoint (names, synonyms, identifiers)."""
        from il6graph.entities import EntityIndex

        return EntityIndex.from_graph(self._construct(ENTITIES_PART))

    def claim_graph(self, *, about: str | None = None) -> Graph:
        """The part of the store that claims, stats and paths read: entities, claims with their
        evidence and sources, declared predicates; with ``about`` (an IRI), only its claims."""
        graph = self._construct(ENTITIES_PART)
        if about is None:
            graph += self._construct(CLAIMS_PART)
        else:
            graph += self._construct(CLAIMS_ABOUT_PART, {"entity": [about]})
        graph += self._construct(PREDICATES_PART)
        return graph

    def count_triples(self) -> int:
        """How many triples the endpoint's (default or chosen) graph holds."""
        result = self.query(COUNT_TRIPLES)
        assert isinstance(result, SelectResult)
        count = result.rows[0][0] if result.rows else None
        return int(str(count)) if count is not None else 0

    def _construct(self, text: str, parameters: Mapping[str, Sequence[str]] | None = None) -> Graph:
        """The triples a CONSTRUCT gives, in the project's store (fast for the claim queries)."""
        prepared = prepare_query(text, parameters, where=self.url)
        body = self._request(
            "POST",
            self._with_graph(self.url),
            body=urlencode({"query": prepared.full_text}).encode("utf-8"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/n-triples",
            },
        )
        return self._parse_ntriples(body)

    def _with_graph(self, url: str) -> str:
        if not self.graph:
            return url
        separator = "&" if "?" in url else "?"
        return url + separator + urlencode({"default-graph-uri": self.graph})

    def _parse_ntriples(self, body: bytes) -> Graph:
        from il6graph.store import new_graph

        graph = new_graph()
        try:
            graph.parse(data=body, format="ox-ntriples")
        except (SyntaxError, ValueError) as error:
            raise InputError(
                f"endpoint {self.url}: answered with unreadable N-Triples: {error}"
            ) from None
        return graph

    def _request(self, method: str, url: str, *, body: bytes, headers: Mapping[str, str]) -> bytes:
        return request(
            method,
            url,
            body=body,
            headers=headers,
            timeout=self.timeout,
            credentials=self.credentials,
        )


def request(
    method: str,
    url: str,
    *,
    body: bytes,
    headers: Mapping[str, str],
    timeout: float,
    credentials: Credentials | None = None,
) -> bytes:
    """One HTTP request with a deadline over all of it; any failure is one :class:`InputError`
    that names the URL without credentials. Credentials in ``url`` are used when ``credentials``
    is None."""
    url, login, password = split_credentials(url)
    if credentials is None and login is not None:
        credentials = Credentials(login, password or "")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"endpoint {url}: not an http:// or https:// URL")
    deadline = time.monotonic() + timeout
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    sent = {"User-Agent": USER_AGENT, **headers}
    if credentials is not None:
        sent["Authorization"] = credentials.header()
    try:
        connection.request(method, target, body=body, headers=sent)
        _remaining(deadline, url, timeout, connection)
        response = connection.getresponse()
        chunks: list[bytes] = []
        size = 0
        while True:
            _remaining(deadline, url, timeout, connection)
            chunk = response.read1(1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_ANSWER:
                raise InputError(
                    f"endpoint {url}: answer larger than {MAX_ANSWER >> 20} MB; add a LIMIT"
                )
            chunks.append(chunk)
        answer = b"".join(chunks)
        if 300 <= response.status < 400:
            location = split_credentials(response.getheader("Location") or "(nowhere)")[0]
            raise InputError(
                f"endpoint {url}: HTTP {response.status} redirects to {location}; give that URL "
                "(redirects are not followed, so credentials never go elsewhere)"
            )
        if response.status >= 400:
            raise InputError(
                f"endpoint {url}: HTTP {response.status} {response.reason}: {_gist(answer)}"
                + _auth_hint(response.status, credentials)
            )
        return answer
    except TimeoutError:
        raise InputError(f"endpoint {url}: no answer within {timeout:g} s (--timeout)") from None
    except ConnectionRefusedError:
        raise InputError(f"endpoint {url}: connection refused (is the server running?)") from None
    except socket.gaierror as error:
        raise InputError(
            f"endpoint {url}: unknown host {parts.hostname!r} ({error.strerror})"
        ) from None
    except (OSError, http.client.HTTPException) as error:
        cause = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise InputError(f"endpoint {url}: {cause}") from None
    finally:
        connection.close()


def _remaining(
    deadline: float, url: str, timeout: float, connection: http.client.HTTPConnection
) -> None:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    if connection.sock is not None:
        connection.sock.settimeout(left)


def _gist(answer: bytes) -> str:
    """The start of a server's answer as one line, its control characters and escape sequences
    removed (an error page could otherwise retitle or clear the user's terminal)."""
    text = one_line(answer[:4096].decode("utf-8", "replace"))
    return text[:300] + ("…" if len(text) > 300 else "") or "(no message)"


def _auth_hint(status: int, credentials: Credentials | None) -> str:
    if status not in (401, 403):
        return ""
    if credentials is None:
        return " (give credentials: --user NAME, user:password@ in the URL, or a netrc entry)"
    return f" (the credentials of user {credentials.user!r} were refused)"


def _term(value: Mapping[str, str]) -> Node:
    from rdflib import BNode, Literal, URIRef

    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        literal = Literal(
            value["value"],
            lang=value.get("xml:lang"),
            datatype=URIRef(value["datatype"]) if "datatype" in value else None,
        )
        node = plain(literal)
        assert node is not None
        return node
    raise ValueError(f"unknown term type {kind!r}")


def _rows_result(remote: Remote, body: bytes, limit: int) -> SelectResult | AskResult:
    try:
        data = json.loads(body)
        if "boolean" in data:
            return AskResult(bool(data["boolean"]))
        variables = tuple(data["head"]["vars"])
        bindings = data["results"]["bindings"]
        truncated = bool(limit) and len(bindings) > limit
        rows = tuple(
            tuple(_term(b[v]) if v in b else None for v in variables)
            for b in (bindings[:limit] if limit else bindings)
        )
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(
            f"endpoint {remote.url}: answered with unreadable SPARQL JSON ({error})"
        ) from None
    return SelectResult(variables, rows, truncated)


@dataclass(frozen=True)
class PushReport:
    """What :func:`push` sent: how many triples, where."""

    url: str
    graph: str | None
    triples: int
    ontology_triples: int


def push(
    url: str,
    paths: Sequence[str | Path] = (),
    *,
    graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    user: str | None = None,
) -> PushReport:
    """Upload the graph (the bundled one, or ``paths`` merged) and the ontology to a Graph Store
    Protocol endpoint, replacing the target graph (``graph``, or the default graph).

    The ontology goes along so queries on the store see predicate labels and causal signs, as
    local queries do. One ``PUT`` carries both, so the store never holds half of it.
    Credentials come from the URL, ``user`` or netrc, as for :class:`Remote`; the report's URL
    has none.
    """
    from il6graph.store import load_graph, load_ontology

    url, credentials = resolve_credentials(url, user)
    data = load_graph(*paths)
    ontology = load_ontology()
    triples, ontology_triples = len(data), len(ontology)
    data += ontology
    body = data.serialize(format="ox-ntriples", encoding="utf-8")
    target = (
        url + ("&" if "?" in url else "?") + (urlencode({"graph": graph}) if graph else "default")
    )
    try:
        request(
            "PUT",
            target,
            body=body,
            headers={"Content-Type": "application/n-triples"},
            timeout=timeout,
            credentials=credentials,
        )
    except InputError as error:
        if re.search(r"HTTP (404|405)", error.message):  # a query URL given for the store's
            raise InputError(
                f"{error.message} (push needs the Graph Store Protocol URL: "
                "http://HOST:7878/store for Oxigraph, http://HOST:3030/DATASET/data for Fuseki)"
            ) from None
        raise
    return PushReport(url, graph, triples, ontology_triples)
