"""What a query answers: rows (SELECT), a yes or no (ASK), triples (CONSTRUCT, DESCRIBE).

>>> from rdflib import Literal
>>> SelectResult(("label",), ((Literal("IL-6"),),)).rows[0][0]
rdflib.term.Literal('IL-6')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from il6graph.curies import PREFIXES
from il6graph.errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "AskResult",
    "GraphResult",
    "Result",
    "SelectResult",
    "from_wire",
    "graph_result",
    "plain",
]


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT query; ``truncated`` when the row cap cut more rows off."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    truncated: bool = False


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK query."""

    answer: bool


@dataclass(frozen=True)
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE query; ``truncated`` when the cap cut triples off."""

    graph: Graph
    truncated: bool = False


Result = SelectResult | AskResult | GraphResult


def plain(node: Node | None) -> Node | None:
    """The same term with ``xsd:string`` literals written plain, as SPARQL results show them."""
    from rdflib import XSD, Literal

    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_wire(term: Sequence[Any] | None) -> Node | None:
    """An rdflib term for a term as the query engine sends it: ``["i", iri]``, ``["b", id]``,
    ``["l", value, datatype, language]``; plain literals plain."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    kind = term[0]
    if kind == "i":
        return URIRef(term[1])
    if kind == "b":
        return BNode(term[1])
    if kind == "l":
        if term[3]:
            return Literal(term[1], lang=term[3])
        if term[2] == _STRING:
            return Literal(term[1])
        return Literal(term[1], datatype=URIRef(term[2]))
    raise InputError(f"query results hold a term il6graph cannot show: {term!r}")


def graph_result(triples: Iterable[tuple[Node, Node, Node]], limit: int) -> GraphResult:
    """Triples as a :class:`GraphResult` in a plain in-memory graph, at most ``limit`` (0: all)."""
    from rdflib import Graph

    out = Graph()
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri, override=True)
    truncated = False
    for count, (s, p, o) in enumerate(triples):
        if limit and count == limit:
            truncated = True
            break
        out.add((s, p, plain(o)))  # type: ignore[arg-type]
    return GraphResult(out, truncated)
