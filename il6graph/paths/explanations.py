"""Explanations: the best-supported route written out as a sentence with its evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from il6graph.paths.routes import SIGN_MEANINGS, ClaimRef, Explanation, PathSearch, Route
from il6graph.paths.search import find_paths

if TYPE_CHECKING:
    import networkx
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore

__all__ = ["describe", "explain"]


def _verb(predicate: str) -> str:
    # "activates", "binds", "contributes to" read as verbs; "part of", "produced by" need "is".
    return predicate if predicate.split(" ", 1)[0].endswith("s") else f"is {predicate}"


def _claim_note(claims: list[ClaimRef]) -> str:
    kinds = " and ".join(dict.fromkeys(claim.assertion for claim in claims))
    hedges = ", ".join(f'"{h}"' for h in dict.fromkeys(c.hedge for c in claims if c.hedge))
    sources = ", ".join(dict.fromkeys(claim.source for claim in claims if claim.source))
    return ", ".join(
        part for part in (kinds, f"hedged {hedges}" if hedges else "", sources) if part
    )


def describe(route: Route) -> str:
    """A route as one sentence followed by the evidence for each step, in order.

    Each step cites its best-supported claim; a sentence that supports several steps in a row is
    quoted once, noting how each of those steps draws on it (stated, implied, external).

    >>> from il6graph.paths import ClaimRef, Hop
    >>> hop = Hop("A", "activates", "B", "+", (ClaimRef("claim:x", "A activates B.", "stated", None, 0.9),), "A", "B")
    >>> describe(Route("+", (hop,)))
    'A activates B (net effect +: promotes). Evidence: "A activates B." (stated)'
    """
    clauses = [f"{route.labels[0]} {_verb(route.hops[0].predicate)} {route.labels[1]}"]
    clauses += [f"which {_verb(hop.predicate)} {hop.object_label}" for hop in route.hops[1:]]
    summary = ", ".join(clauses) + f" (net effect {route.sign}: {SIGN_MEANINGS[route.sign]})."
    runs: list[list[ClaimRef]] = []
    for hop in route.hops:
        claim = hop.claims[0]
        if runs and runs[-1][0].evidence == claim.evidence:
            runs[-1].append(claim)
        else:
            runs.append([claim])
    quoted = [f'"{" ".join(run[0].evidence.split())}" ({_claim_note(run)})' for run in runs]
    return summary + " Evidence: " + " ".join(quoted)


def explain(
    graph_or_view: Graph | networkx.MultiDiGraph | GraphStore,
    source: str,
    target: str,
    **options: Any,
) -> Explanation:
    """The best-supported route from ``source`` to ``target``, written out with its evidence.

    Takes the options of :func:`find_paths`. The best-supported route is the one with the highest
    :attr:`Route.support` among those found (ties: the shorter, then more claims); with no route,
    ``route`` is None and ``text`` says so.

    >>> from il6graph import load_graph
    >>> print(explain(load_graph(), "IL-6", "metastasis", via=["epithelial-mesenchymal transition"]).text[:90])
    IL-6 promotes epithelial-mesenchymal transition, which promotes cancer cell invasion, whic
    """
    search = find_paths(graph_or_view, source, target, **options)
    if not search.paths:
        return Explanation(search.source, search.target, None, _no_route(search), search)
    route = min(search.paths, key=lambda r: (-r.support, r.length, -r.claim_count, r.labels))
    return Explanation(search.source, search.target, route, describe(route), search)


def _no_route(search: PathSearch) -> str:
    where = f"{search.source.label} to {search.target.label}"
    if search.stopped_by == "timeout":
        return f"No route from {where} found before the deadline (within {search.max_hops} steps)."
    return f"No route from {where} within {search.max_hops} steps."
