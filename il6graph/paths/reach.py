"""Neighbours: what an entity affects, or what affects it, with the net sign of each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from il6graph.errors import InputError
from il6graph.paths.routes import SIGN_ORDER, Neighbor, Neighborhood, Route, route_order
from il6graph.paths.walk import Filters, Walker, collections_paused, walker_for
from il6graph.predicates import combine_signs
from il6graph.sources import SourceFilter

if TYPE_CHECKING:
    import networkx
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore

__all__ = ["neighbors"]


def _net_sign(signs: set[str]) -> str:
    stated = signs & {"+", "-"}
    if len(stated) == 1:
        return next(iter(stated))
    if stated or "?" in signs:
        return "?"
    return "0"


def neighbors(
    graph_or_view: Graph | networkx.MultiDiGraph | GraphStore,
    entity: str,
    *,
    direction: str = "downstream",
    depth: int = 1,
    causal_only: bool = True,
    exclude_hedged: bool = False,
    exclude_external: bool = False,
    min_confidence: float = 0.0,
    sources: Iterable[str] = (),
    exclude_sources: Iterable[str] = (),
) -> Neighborhood:
    """What ``entity`` affects (``downstream``), what affects it (``upstream``), or ``both``.

    Each reached entity comes with its distance and the net sign over its shortest routes (see
    :class:`Neighbor`). Only causal steps are walked unless ``causal_only`` is false. The search
    is a breadth-first search, linear in the edges within ``depth`` steps.

    >>> from il6graph import load_graph
    >>> found = neighbors(load_graph(), "IL-6 inhibitor")
    >>> {n.label: n.sign for n in found.neighbors}["tumor growth"]
    '-'
    """
    if direction not in ("downstream", "upstream", "both"):
        raise InputError(f"direction must be downstream, upstream or both, not {direction!r}")
    if depth < 1:
        raise InputError(f"depth must be at least 1, not {depth}")
    walker = walker_for(
        graph_or_view,
        Filters(
            signs=frozenset("+-?") if causal_only else None,
            exclude_hedged=exclude_hedged,
            exclude_external=exclude_external,
            min_confidence=min_confidence,
            sources=SourceFilter(tuple(sources), tuple(exclude_sources)),
        ),
    )
    center = walker.entity(entity)
    found: list[Neighbor] = []
    with collections_paused():
        for way in ("downstream", "upstream") if direction == "both" else (direction,):
            found.extend(_reach(walker, walker.node(center), way, depth))
    found.sort(
        key=lambda n: (n.direction, n.distance, SIGN_ORDER.get(n.sign, 9), n.label.casefold())
    )
    return Neighborhood(entity=center, direction=direction, depth=depth, neighbors=tuple(found))


def _reach(walker: Walker, center: Any, direction: str, depth: int) -> list[Neighbor]:
    downstream = direction == "downstream"
    step = walker.succ if downstream else walker.predecessors
    distance = {center: 0}
    signs: dict[Any, set[str]] = {center: {"+"}}  # "+" is the identity of the sign product
    best: dict[Any, Route | None] = {center: None}
    frontier = [center]
    for level in range(1, depth + 1):
        reached: list[str] = []
        for node in frontier:
            for nxt in step(node):
                if distance.setdefault(nxt, level) != level:
                    continue  # reached by a shorter route
                if nxt not in signs:
                    reached.append(nxt)
                    signs[nxt], best[nxt] = set(), None
                before = best[node]
                for hop in walker.hops(node, nxt) if downstream else walker.hops(nxt, node):
                    hops = (
                        ((*before.hops, hop) if downstream else (hop, *before.hops))
                        if before
                        else (hop,)
                    )
                    route = Route(sign=combine_signs([h.sign for h in hops]), hops=hops)
                    signs[nxt].add(route.sign)
                    current = best[nxt]
                    if current is None or route_order(route) < route_order(current):
                        best[nxt] = route
        frontier = reached
    result = []
    for node, found in best.items():
        if found is None:
            continue
        data = walker.attrs(node)
        result.append(
            Neighbor(
                node=walker.name(node),
                label=walker.label(node),
                category=str(data.get("category", "Entity")),
                direction=direction,
                distance=distance[node],
                sign=_net_sign(signs[node]),
                signs=tuple(sorted(signs[node], key=lambda s: SIGN_ORDER.get(s, 9))),
                route=found,
            )
        )
    return result
