"""il6graph: an evidence-backed knowledge graph of interleukin-6 (IL-6) in cancer.

Importing the package is cheap: the public names below load their modules (and rdflib, networkx,
pyvis) only when first used.

>>> import il6graph
>>> graph = il6graph.load_graph()
>>> view = il6graph.to_networkx(graph)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from il6graph.claims import Claim, Evidence, add_claim, add_source, read_claims
    from il6graph.entities import Entity, EntityIndex
    from il6graph.errors import InputError
    from il6graph.explorer import render, render_html
    from il6graph.exports import export
    from il6graph.graph_view import to_networkx
    from il6graph.output import write_turtle
    from il6graph.paths import ClaimRef, Hop, PathSearch, Route, explain, find_paths, neighbors
    from il6graph.selection import Selection
    from il6graph.sparql import prepare_query, query_dataset, run_query
    from il6graph.stats import Summary, summarize
    from il6graph.store import GraphStore, load_graph, open_store
    from il6graph.validation import ValidationReport, validate

__all__ = [
    "Claim",
    "ClaimRef",
    "Entity",
    "EntityIndex",
    "Evidence",
    "GraphStore",
    "Hop",
    "InputError",
    "PathSearch",
    "Route",
    "Selection",
    "Summary",
    "ValidationReport",
    "add_claim",
    "add_source",
    "explain",
    "export",
    "find_paths",
    "load_graph",
    "neighbors",
    "open_store",
    "prepare_query",
    "query_dataset",
    "read_claims",
    "render",
    "render_html",
    "run_query",
    "summarize",
    "to_networkx",
    "validate",
    "write_turtle",
]

_WHERE = {
    "Claim": "claims",
    "Evidence": "claims",
    "add_claim": "claims",
    "add_source": "claims",
    "read_claims": "claims",
    "Entity": "entities",
    "EntityIndex": "entities",
    "InputError": "errors",
    "to_networkx": "graph_view",
    "write_turtle": "output",
    "Selection": "selection",
    "ClaimRef": "paths",
    "Hop": "paths",
    "PathSearch": "paths",
    "Route": "paths",
    "explain": "paths",
    "find_paths": "paths",
    "neighbors": "paths",
    "export": "exports",
    "render": "explorer",
    "render_html": "explorer",
    "Summary": "stats",
    "summarize": "stats",
    "load_graph": "store",
    "open_store": "store",
    "GraphStore": "store",
    "prepare_query": "sparql",
    "query_dataset": "sparql",
    "run_query": "sparql",
    "ValidationReport": "validation",
    "validate": "validation",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("il6graph")
        except PackageNotFoundError:  # a source checkout that was never installed
            return "0+unknown"
    if name in _WHERE:
        return getattr(import_module(f"il6graph.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'il6graph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
