"""Open graphs: the one place that knows which rdflib store backs them.

The store is Oxigraph through ``oxrdflib`` (rdflib's API on pyoxigraph's store and Turtle parser),
chosen by ``bench/bench_load.py``: on a synthetic 10^5-triple graph it loads several times faster
than rdflib's default memory store, and answers SPARQL faster as graphs grow. Nothing outside this
module names the store.

>>> from il6graph import load_graph
>>> graph = load_graph()
>>> len(graph) > 1000
True
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from il6graph.errors import InputError
from il6graph.resources import graph_path
from il6graph.vocabulary import PREFIXES

__all__ = ["PARSER_FORMATS", "load_graph", "load_ontology", "new_graph", "parse_into"]

STORE = "Oxigraph"

# File suffix -> oxrdflib parser. Oxigraph's parsers keep plain literals plain, so
# `rdfs:label "IL-6"` matches in SPARQL (rdflib's own Graph fed by them would not).
PARSER_FORMATS: dict[str, str] = {
    ".ttl": "ox-turtle",
    ".nt": "ox-ntriples",
    ".rdf": "ox-xml",
    ".owl": "ox-xml",
}


def new_graph() -> Graph:
    """An empty graph on the project's store, with the project's prefixes bound."""
    graph = Graph(store=STORE)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def parse_into(graph: Graph, path: str | Path) -> None:
    """Parse one RDF file into ``graph``; bad input raises a one-line :class:`InputError`."""
    path = Path(path)
    parser = PARSER_FORMATS.get(path.suffix.lower())
    if parser is None:
        known = ", ".join(sorted(PARSER_FORMATS))
        raise InputError(
            f"{path}: unknown RDF format {path.suffix or '(no suffix)'!r} (known: {known})"
        )
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        graph.parse(path, format=parser)
    except SyntaxError as error:
        # pyoxigraph reports "Parser error between line L column C and ...: reason".
        reason = str(error.msg).split(": ", 1)[-1]
        raise InputError(f"{path}:{error.lineno}:{error.offset}: {reason}") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(f"{path}: cannot be read as RDF: {error}") from None


def load_graph(*paths: str | Path) -> Graph:
    """Load the bundled IL-6 graph, or the given RDF files merged, into one rdflib Graph.

    >>> graph = load_graph()
    >>> from il6graph.vocabulary import IL6V
    >>> from rdflib import RDF
    >>> len(set(graph.subjects(RDF.type, IL6V.Claim))) >= 80
    True
    """
    graph = new_graph()
    for path in paths or (graph_path(),):
        parse_into(graph, path)
    return graph


def load_ontology() -> Graph:
    """The bundled OWL vocabulary (classes and signed predicates) as a graph of its own."""
    from il6graph.resources import ontology_path

    graph = new_graph()
    parse_into(graph, ontology_path())
    return graph
