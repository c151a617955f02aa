"""SPARQL over the graph, hardened: every query is parsed and inspected before any engine sees
it, and runs in an engine process that cannot reach the network.

- :mod:`~il6graph.sparql.inspection` (with :mod:`~il6graph.sparql.lexer`,
  :mod:`~il6graph.sparql.parser`, :mod:`~il6graph.sparql.expressions`,
  :mod:`~il6graph.sparql.tree`): read a query with a SPARQL 1.1 parser, refuse SERVICE, FROM and
  updates from the parsed form, and write the canonical text that runs;
- :mod:`~il6graph.sparql.saved` and :mod:`~il6graph.sparql.parameters`: the saved queries, and
  parameters bound as RDF terms in VALUES blocks, never pasted into query text;
- :mod:`~il6graph.sparql.execution`, :mod:`~il6graph.sparql.engine`,
  :mod:`~il6graph.sparql.worker`, :mod:`~il6graph.sparql.sandbox`: run it in a confined engine
  process with a row cap and a deadline;
- :mod:`~il6graph.sparql.answers`: what comes back.

The project's prefixes (``il6v:``, ``il6:``, ``hgnc:``, ``obo:``, ...) are declared for every
query, and relative IRIs resolve against ``https://w3id.org/il6graph/``. Importing this package
is cheap; each name loads its module on first use.

>>> from il6graph.sparql import query_dataset, run_query
>>> graph = query_dataset()
>>> result = run_query(graph, "SELECT ?label WHERE { hgnc:6018 rdfs:label ?label }")
>>> [str(row[0]) for row in result.rows]
['IL-6']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from il6graph.sparql.answers import (
        AskResult,
        GraphResult,
        Result,
        SelectResult,
        graph_result,
        plain,
    )
    from il6graph.sparql.execution import DEFAULT_LIMIT, DEFAULT_TIMEOUT, query_dataset, run_query
    from il6graph.sparql.inspection import (
        DEFAULT_BASE,
        QueryInfo,
        inspect_query,
        prefix_declarations,
    )
    from il6graph.sparql.parameters import PreparedQuery, prepare_query, sparql_term
    from il6graph.sparql.saved import (
        PARAMETER_KINDS,
        Parameter,
        SavedQuery,
        read_query,
        saved_queries,
        saved_query,
    )

__all__ = [
    "DEFAULT_BASE",
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT",
    "PARAMETER_KINDS",
    "AskResult",
    "GraphResult",
    "Parameter",
    "PreparedQuery",
    "QueryInfo",
    "Result",
    "SavedQuery",
    "SelectResult",
    "graph_result",
    "inspect_query",
    "plain",
    "prefix_declarations",
    "prepare_query",
    "query_dataset",
    "read_query",
    "run_query",
    "saved_queries",
    "saved_query",
    "sparql_term",
]

_WHERE = {
    **dict.fromkeys(
        ("AskResult", "GraphResult", "Result", "SelectResult", "graph_result", "plain"), "answers"
    ),
    **dict.fromkeys(
        ("DEFAULT_LIMIT", "DEFAULT_TIMEOUT", "query_dataset", "run_query"), "execution"
    ),
    **dict.fromkeys(
        ("DEFAULT_BASE", "QueryInfo", "inspect_query", "prefix_declarations"), "inspection"
    ),
    **dict.fromkeys(("PreparedQuery", "prepare_query", "sparql_term"), "parameters"),
    **dict.fromkeys(
        (
            "PARAMETER_KINDS",
            "Parameter",
            "SavedQuery",
            "read_query",
            "saved_queries",
            "saved_query",
        ),
        "saved",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"il6graph.sparql.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'il6graph.sparql' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
