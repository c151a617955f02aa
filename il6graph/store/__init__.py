"""Where graphs are kept: a persistent on-disk store per set of input files, and rdflib graphs.

:func:`open_store` is what commands use: the inputs loaded once into an Oxigraph database in the
cache, with a claim index beside it (:mod:`~il6graph.store.graphstore`). :func:`load_graph`
gives an rdflib Graph for the Python API and for curation (:mod:`~il6graph.store.graphs`).
Importing this package is cheap; each name loads its module on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from il6graph.store.build import ONTOLOGY_GRAPH
    from il6graph.store.graphs import (
        DUMP_FORMATS,
        PARSER_FORMATS,
        dump,
        load_graph,
        load_ontology,
        new_dataset,
        new_graph,
        on_store,
        parse_into,
        rdf_file_format,
    )
    from il6graph.store.graphstore import GraphStore
    from il6graph.store.opening import open_store, store_from_graph

__all__ = [
    "DUMP_FORMATS",
    "ONTOLOGY_GRAPH",
    "PARSER_FORMATS",
    "GraphStore",
    "dump",
    "load_graph",
    "load_ontology",
    "new_dataset",
    "new_graph",
    "on_store",
    "open_store",
    "parse_into",
    "rdf_file_format",
    "store_from_graph",
]

_WHERE = {
    "ONTOLOGY_GRAPH": "build",
    "GraphStore": "graphstore",
    "open_store": "opening",
    "store_from_graph": "opening",
    **{
        name: "graphs"
        for name in (
            "DUMP_FORMATS",
            "PARSER_FORMATS",
            "dump",
            "load_graph",
            "load_ontology",
            "new_dataset",
            "new_graph",
            "on_store",
            "parse_into",
            "rdf_file_format",
        )
    },
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"il6graph.store.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'il6graph.store' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
