"""Run a query on a graph: in an engine process, with a row cap and a deadline that holds.

>>> from il6graph.sparql import query_dataset, run_query
>>> graph = query_dataset()
>>> result = run_query(graph, "SELECT ?label WHERE { hgnc:6018 rdfs:label ?label }")
>>> [str(row[0]) for row in result.rows]
['IL-6']
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from il6graph.sparql.answers import AskResult, GraphResult, Result, SelectResult, from_wire
from il6graph.sparql.answers import graph_result as _graph_result
from il6graph.sparql.engine import Engine, EngineError, Source, describe_error, engine_for, forget
from il6graph.sparql.parameters import PreparedQuery, prepare_query

if TYPE_CHECKING:
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore

__all__ = ["DEFAULT_LIMIT", "DEFAULT_TIMEOUT", "query_dataset", "run_query"]

DEFAULT_LIMIT = 1000  # rows (or triples) a query returns unless told otherwise
DEFAULT_TIMEOUT = 10.0  # seconds


def query_dataset(*paths: str | Path) -> GraphStore:
    """The store a query runs on: the bundled graph (or ``paths``) with the bundled ontology
    beside it, so queries can read predicate labels and causal signs
    (``?p rdfs:label ?l ; il6v:sign ?s``)."""
    from il6graph.store import open_store

    return open_store(paths)


def _store_engine(store: GraphStore) -> Engine:
    from il6graph.store import ONTOLOGY_GRAPH

    graphs = ("", ONTOLOGY_GRAPH)
    if store.folder is not None:
        folder = store.folder
        return engine_for(("folder", str(folder)), Source(folder=folder, default_graphs=graphs))
    key = ("memory", id(store))
    oxigraph = store.oxigraph

    def nquads() -> bytes:
        import pyoxigraph

        data: bytes = oxigraph.dump(format=pyoxigraph.RdfFormat.N_QUADS)
        return data

    engine = engine_for(key, Source(nquads=nquads, default_graphs=graphs))
    weakref.finalize(store, forget, key)
    return engine


def run_query(
    graph: Graph | GraphStore,
    query: str | PreparedQuery,
    *,
    limit: int = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
) -> Result:
    """Run a query on a store (:func:`query_dataset`) or an rdflib ``graph``, with at most
    ``limit`` rows (0: no cap) within ``timeout`` seconds (0: no deadline).

    The query is inspected first (:func:`~il6graph.sparql.inspection.inspect_query`) and its
    canonical text runs in an engine process that cannot reach the network. A query still
    running at the deadline raises :class:`InputError`, and its engine is killed, which frees
    its memory; an rdflib graph is copied into a fresh engine for each query.
    """
    from il6graph.store.graphstore import GraphStore

    prepared = query if isinstance(query, PreparedQuery) else prepare_query(query)
    if isinstance(graph, GraphStore):
        engine = _store_engine(graph)
        temporary = False
    else:
        rdflib_graph = graph
        engine = Engine(
            Source(nquads=lambda: rdflib_graph.serialize(format="nt", encoding="utf-8"))
        )
        temporary = True
    try:
        answer = engine.run(prepared.text, limit=limit, timeout=timeout)
    except EngineError as error:
        raise describe_error(error, prepared.where, timeout) from None
    finally:
        if temporary:
            engine.stop()
    return _result(answer)


def _result(answer: dict[str, Any]) -> Result:
    if "answer" in answer:
        return AskResult(bool(answer["answer"]))
    if "variables" in answer:
        rows = tuple(tuple(from_wire(term) for term in row) for row in answer["rows"])
        return SelectResult(tuple(answer["variables"]), rows, bool(answer["truncated"]))
    triples = ((from_wire(s), from_wire(p), from_wire(o)) for s, p, o in answer["triples"])
    made = _graph_result(triples, 0)  # type: ignore[arg-type]
    return GraphResult(made.graph, bool(answer["truncated"]))
