"""Check a graph: SHACL shapes, then what SHACL cannot check.

Beyond the shapes (``ontology/shapes.ttl``, run by :mod:`~il6graph.validation.shacl`): every
evidence text must equal its source document's characters at its offsets
(:mod:`~il6graph.validation.evidence`), and every pathway evidence must name an element of its
pathway file with the same end points and text (:mod:`~il6graph.validation.pathways`); every claim's predicate must be declared, its plain triple
asserted, its IRI derived from its content, and every plain triple between entities must have a
claim (:mod:`~il6graph.validation.claims`); every entity's category must be declared, entities no
claim mentions are reported, and so are claims' ends that are not described
(:mod:`~il6graph.validation.entities`); claims that contradict each other (same subject and object,
opposite sign) are warnings (:mod:`~il6graph.validation.contradictions`).

Every check reads the persistent store (:mod:`il6graph.store`) and yields problems as it finds
them: :func:`find_problems` streams them, :func:`validate` collects a report. The checks are
listed in :data:`~il6graph.validation.checks.CHECKS`; that module says how to add one.

>>> from il6graph import load_graph, validate
>>> validate(load_graph()).valid
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from il6graph.validation.checks import CHECKS, Check
from il6graph.validation.report import Problem, Tally, ValidationReport

if TYPE_CHECKING:
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore

__all__ = [
    "CHECKS",
    "Check",
    "Problem",
    "Tally",
    "ValidationReport",
    "count_claims",
    "find_problems",
    "validate",
]


def find_problems(
    store: GraphStore,
    *,
    sources: Path | None = None,
    shacl: bool = True,
    checks: Iterable[Check] = CHECKS,
) -> Iterator[Problem]:
    """Every problem of the graph in ``store``, yielded as each check finds it.

    ``sources`` is the folder of source texts (default: the bundled one); ``shacl=False`` skips
    the shapes.
    """
    from il6graph.validation.parallel import PARALLEL_FROM, side_by_side

    chosen = [check for check in checks if shacl or not check.shacl]
    if len(chosen) > 1 and store.location is not None and store.index.claims >= PARALLEL_FROM:
        yield from side_by_side(store, sources, chosen[0], chosen[1:])
        return
    for check in chosen:
        yield from check.run(store, sources)


def count_claims(store: GraphStore) -> int:
    """The number of claims (``il6v:Claim`` resources) in the store's data."""
    from il6graph.validation.rows import count

    return count(store.oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { ?claim a il6v:Claim }")


def validate(
    graph: Graph | GraphStore | Any,
    *,
    sources: Path | None = None,
    shacl: bool = True,
    checks: Iterable[Check] = CHECKS,
) -> ValidationReport:
    """Validate ``graph``: a store (:func:`il6graph.store.open_store`) or an rdflib Graph, which
    is copied into an in-memory store first. ``sources`` is the folder of source texts
    (default: the bundled one)."""
    from il6graph.store.graphstore import GraphStore
    from il6graph.store.opening import store_from_graph

    store = graph if isinstance(graph, GraphStore) else store_from_graph(graph)
    found = find_problems(store, sources=sources, shacl=shacl, checks=checks)
    return ValidationReport.collect(found, claims=count_claims(store))
