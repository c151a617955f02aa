"""Reading the store for the checks: SPARQL rows as plain strings, and names for what they print.

The checks query the data (the store's default graph) with pyoxigraph directly: rows stream out of
Oxigraph as they are found, and only the few columns a check needs become Python strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from il6graph.curies import to_curie

__all__ = ["PREFIXES", "count", "name", "select", "select_terms", "value"]

PREFIXES = """PREFIX il6v: <https://w3id.org/il6graph/vocab/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX biolink: <https://w3id.org/biolink/vocab/>
"""


def value(term: Any) -> str | None:
    """The string of an RDF term (an IRI, a literal's lexical form, a blank node's label)."""
    return None if term is None else str(term.value)


def name(text: str | None) -> str:
    """How a problem names a node: its CURIE where a prefix is known."""
    return to_curie(text) if text is not None else "(none)"


def select_terms(oxigraph: Any, query: str) -> Iterator[tuple[Any, ...]]:
    """The rows of a SELECT on the data (with :data:`PREFIXES`), each a tuple of pyoxigraph
    terms (None where a variable is unbound)."""
    solutions = oxigraph.query(PREFIXES + query)
    width = len(solutions.variables)
    for row in solutions:
        yield tuple(row[i] for i in range(width))


def select(
    oxigraph: Any, query: str, *, iris: dict[str, str] | None = None
) -> Iterator[tuple[str | None, ...]]:
    """The rows of a SELECT on the data (with :data:`PREFIXES`), each a tuple of strings.

    ``iris`` binds variables to IRIs (each must be in the SELECT list): values are passed to
    Oxigraph as terms, never pasted into the query text.
    """
    import pyoxigraph

    bound = {pyoxigraph.Variable(k): pyoxigraph.NamedNode(v) for k, v in (iris or {}).items()}
    solutions = oxigraph.query(PREFIXES + query, substitutions=bound or None)
    width = len(solutions.variables)
    for row in solutions:
        yield tuple(value(row[i]) for i in range(width))


def count(oxigraph: Any, query: str) -> int:
    """The number a ``SELECT (COUNT(...) AS ?n)`` query answers."""
    for row in oxigraph.query(PREFIXES + query):
        return int(row[0].value)
    return 0
