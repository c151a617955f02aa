"""Path questions: how does one entity lead to another, with the evidence for every step.

:func:`find_paths` lists the routes from a source to a target, shortest first; :func:`neighbors`
lists what an entity affects (or what affects it) with the net sign of each; :func:`explain`
writes the best-supported route as a paragraph of its evidence sentences.

>>> from il6graph import load_graph, to_networkx
>>> from il6graph.paths import find_paths
>>> view = to_networkx(load_graph())
>>> search = find_paths(view, "IL-6", "metastasis", min_hops=3, max_hops=3, via=["STAT3"])
>>> [view.nodes[n]["label"] for n in search.paths[0].nodes]
['IL-6', 'STAT3', 'cancer cell dissemination', 'metastasis']
>>> search.paths[0].sign
'+'

**Signs.** A step's sign is its predicate's (``+`` activates, promotes, contributes to; ``-``
inhibits; ``?`` regulates, involved in; ``0`` binds, part of, produced by, ... — relations that are
not causal). A route's sign is :func:`~il6graph.predicates.combine_signs` of its steps: the product
of ``+`` and ``-``; ``?`` if any step's direction is unknown; otherwise ``0`` if any step is not
causal. So a route through a non-causal step has sign ``0``: it connects the two entities without
claiming that one affects the other ("IL-6 binds IL-6R, which activates JAK1" says nothing about
what IL-6 does to JAK1 unless the text says so). Signed questions (``sign=...``) therefore never
walk non-causal steps, and ``causal_only`` leaves them out of unsigned questions too.

**Bounds.** Every search is bounded by ``max_hops``, ``max_paths`` and a ``timeout`` in seconds,
and says ``truncated`` when ``max_paths`` or the deadline cut it short. The search first meets in
the middle (a breadth-first search from both ends, each step expanding the cheaper side), which
gives the shortest length and the distance of nodes to the target; it then lists routes of each
length by a depth-first search over ``G.adj`` that only enters nodes from which the target is
still reachable in the hops left. Finding that no route exists costs two small breadth-first
searches, not an enumeration of every simple path (which on a complete graph of 12 nodes is ~10^8).
"""

from __future__ import annotations

from il6graph.paths.explanations import describe, explain
from il6graph.paths.reach import neighbors
from il6graph.paths.routes import (
    SIGN_MEANINGS,
    ClaimRef,
    Explanation,
    Hop,
    Neighbor,
    Neighborhood,
    PathSearch,
    Route,
)
from il6graph.paths.search import find_paths

__all__ = [
    "SIGN_MEANINGS",
    "ClaimRef",
    "Explanation",
    "Hop",
    "Neighbor",
    "Neighborhood",
    "PathSearch",
    "Route",
    "describe",
    "explain",
    "find_paths",
    "neighbors",
]
