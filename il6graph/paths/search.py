"""The route search: a meet-in-the-middle breadth-first search for the shortest length, then a
bounded depth-first enumeration of the routes of each length (see :mod:`il6graph.paths`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from il6graph.errors import InputError
from il6graph.paths.routes import PathSearch, Route, route_order
from il6graph.paths.walk import Clock, Deadline, Filters, Walker, collections_paused, walker_for
from il6graph.predicates import combine_signs
from il6graph.sources import SourceFilter

if TYPE_CHECKING:
    import networkx
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore

__all__ = ["check_bounds", "find_paths"]


class _Balls:
    """Breadth-first balls around the source (forward) and the target (backward).

    ``to_target[v]`` is v's exact distance to the target for every v within ``back`` hops; a node
    outside has a larger distance. Each expansion grows the side whose frontier is cheaper (fewer
    edges to scan), as a bidirectional breadth-first search does.
    """

    def __init__(self, walker: Walker, source: str, target: str, clock: Clock) -> None:
        self.walker, self.clock = walker, clock
        self.from_source = {source: 0}
        self.to_target = {target: 0}
        self.forward_frontier, self.back_frontier = [source], [target]
        self.forward = self.back = 0
        self.met = False

    @staticmethod
    def _cost(frontier: list[Any], cost: Callable[[Any], int]) -> int:
        return sum(cost(node) for node in frontier)

    def grow(self) -> bool:
        """Expand one level on the cheaper side; False when neither side can grow."""
        w = self.walker
        can_forward, can_back = bool(self.forward_frontier), bool(self.back_frontier)
        if not (can_forward or can_back):
            return False
        go_back = not can_forward or (
            can_back
            and self._cost(self.back_frontier, w.in_cost)
            <= self._cost(self.forward_frontier, w.out_cost)
        )
        step: Callable[[str], Mapping[str, Any]]
        if go_back:
            level, seen, other = self.back + 1, self.to_target, self.from_source
            frontier, step = self.back_frontier, w.predecessors
        else:
            level, seen, other = self.forward + 1, self.from_source, self.to_target
            frontier, step = self.forward_frontier, w.succ
        found: list[str] = []
        for node in frontier:
            self.clock.tick()
            for nxt in step(node):
                if nxt not in seen:
                    seen[nxt] = level
                    found.append(nxt)
                    if nxt in other:
                        self.met = True
        if go_back:
            self.back_frontier, self.back = found, level
        else:
            self.forward_frontier, self.forward = found, level
        return True

    def shortest(self, limit: int) -> int | None:
        """The length of the shortest route, or None when there is none within ``limit`` hops."""
        while not self.met:
            if self.forward + self.back >= limit or not self.grow():
                return None
            # A dead end on either side means no route at all.
            if not self.forward_frontier and not self.met:
                return None
            if not self.back_frontier and not self.met:
                return None
        return self.forward + self.back

    def reach(self, length: int) -> None:
        """Grow until the two balls together span ``length`` hops (or the backward one is whole)."""
        while self.back_frontier and self.forward + self.back < length and self.grow():
            pass


def _node_paths(
    walker: Walker, balls: _Balls, source: str, target: str, length: int, clock: Clock
) -> Iterator[list[str]]:
    """Simple node paths of exactly ``length`` hops, by depth-first search over the successors.

    A node is entered only if the target may still be reached in the hops left: its known
    distance to the target fits, or it lies beyond the backward ball and enough hops are left to
    leave that ball again.
    """
    succ, to_target, back = walker.succ, balls.to_target, balls.back
    whole = not balls.back_frontier  # the backward ball holds every node that reaches the target
    if length == 1:
        if target in succ(source):
            yield [source, target]
        return
    path, on_path = [source], {source}
    stack = [iter(succ(source))]
    while stack:
        clock.tick()
        used = len(path)  # hops on the route once the next node is added
        left = length - used
        for node in stack[-1]:
            if node in on_path or node == target:
                continue
            dist = to_target.get(node)
            if dist is None:
                if whole or left <= back:
                    continue
            elif dist > left:
                continue
            if left == 1:
                # The backward ball may not have grown yet (back == 0): then look at the edges.
                if dist == 1 or (dist is None and target in succ(node)):
                    yield [*path, node, target]
                continue
            path.append(node)
            on_path.add(node)
            stack.append(iter(succ(node)))
            break
        else:
            stack.pop()
            on_path.discard(path.pop())


def _expand(walker: Walker, nodes: list[str]) -> Iterator[Route]:
    """The routes along a node path: one per choice of predicate at each step."""
    for hops in itertools.product(*(walker.hops(u, v) for u, v in itertools.pairwise(nodes))):
        yield Route(sign=combine_signs([hop.sign for hop in hops]), hops=hops)


def check_bounds(max_hops: int, max_paths: int, timeout: float, min_hops: int = 1) -> None:
    if max_hops < 1:
        raise InputError(f"max_hops must be at least 1, not {max_hops}")
    if max_paths < 1:
        raise InputError(f"max_paths must be at least 1, not {max_paths}")
    if not timeout > 0:
        raise InputError(f"timeout must be a positive number of seconds, not {timeout}")
    if not 1 <= min_hops <= max_hops:
        raise InputError(f"min_hops must be between 1 and max_hops ({max_hops}), not {min_hops}")


def _collect(
    walker: Walker,
    source: str,
    target: str,
    *,
    lengths: tuple[int, int],
    max_paths: int,
    sign: str | None,
    through: frozenset[str],
    clock: Clock,
) -> tuple[list[Route], str]:
    """Up to ``max_paths + 1`` routes, shortest first, and the bound that stopped the search."""
    found: list[Route] = []
    # The routes of the length being listed, with their sort keys computed as they are found:
    # after a deadline, sorting must not cost much more time.
    level: list[tuple[float, int, int, Route]] = []
    balls = _Balls(walker, source, target, clock)
    try:
        shortest = balls.shortest(lengths[1])
        if shortest is None:
            return found, ""
        for length in range(max(shortest, lengths[0]), lengths[1] + 1):
            balls.reach(length)
            level = []
            for nodes in _node_paths(walker, balls, source, target, length, clock):
                clock.tick()
                if not through.issubset(nodes):
                    continue
                for route in _expand(walker, nodes):
                    if sign is None or route.sign == sign:
                        level.append((*route_order(route), len(level), route))
                if len(found) + len(level) > max_paths:
                    break
            found.extend(entry[-1] for entry in sorted(level))
            level = []
            if len(found) > max_paths:
                return found, "max_paths"
    except Deadline:
        found.extend(entry[-1] for entry in sorted(level))
        return found, "timeout"
    return found, ""


def find_paths(
    graph_or_view: Graph | networkx.MultiDiGraph | GraphStore,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    max_paths: int = 20,
    timeout: float = 5.0,
    min_hops: int = 1,
    sign: str | None = None,
    causal_only: bool | None = None,
    exclude_hedged: bool = False,
    exclude_external: bool = False,
    min_confidence: float = 0.0,
    via: Iterable[str] = (),
    avoid: Iterable[str] = (),
    sources: Iterable[str] = (),
    exclude_sources: Iterable[str] = (),
    claim_mask: Any = None,
) -> PathSearch:
    """The routes from ``source`` to ``target``, shortest first, each step with all its claims.

    ``graph_or_view`` is a store (:func:`il6graph.store.open_store`), a networkx view
    (:func:`il6graph.to_networkx`) or an rdflib Graph. ``source``, ``target``, ``via`` and
    ``avoid`` are entity names (label, synonym, CURIE).
    Routes that differ only by which claim supports a step are one route; routes whose steps
    differ in predicate are different routes. Within one length, better-supported routes come
    first (:attr:`Route.support`). Filters: ``sign`` keeps routes with that net sign (``+``,
    ``-``, ``?``); ``causal_only`` leaves out non-causal steps (the default: only when ``sign``
    is given); ``exclude_hedged``, ``exclude_external`` and ``min_confidence`` drop claims, and a
    step stays while a claim supports it; ``via`` keeps routes through all of those entities;
    ``avoid`` keeps routes through none of them; ``sources`` keeps only claims from these
    sources or kinds (``text``, ``pathway``, ``sheet``, a source's label, CURIE or pathway id)
    and ``exclude_sources`` leaves them out (see :mod:`il6graph.sources`). ``claim_mask`` (stores
    only) is a boolean array over the store's claims: claims outside it are not walked.

    Bounded by ``max_hops``, ``max_paths`` and ``timeout`` seconds; see the module docstring.
    An unknown name, an unknown sign, or ``source`` equal to ``target`` raises
    :class:`~il6graph.errors.InputError`.

    >>> from il6graph import load_graph
    >>> search = find_paths(load_graph(), "IL-6 inhibitor", "tumour growth", sign="-", max_hops=2)
    >>> search.paths[0].labels, search.paths[0].sign
    (('IL-6 inhibitor', 'tumor growth'), '-')
    """
    check_bounds(max_hops, max_paths, timeout, min_hops)
    if sign is not None and sign not in ("+", "-", "?"):
        raise InputError(f"sign must be one of + - ?, not {sign!r}")
    if causal_only is None:
        causal_only = sign is not None
    steps: frozenset[str] | None = None
    if sign in ("+", "-"):
        steps = frozenset("+-")  # a ? or 0 step can never give a + or - route
    elif causal_only:
        steps = frozenset("+-?")
    walker = walker_for(
        graph_or_view,
        Filters(
            signs=steps,
            exclude_hedged=exclude_hedged,
            exclude_external=exclude_external,
            min_confidence=min_confidence,
            sources=SourceFilter(tuple(sources), tuple(exclude_sources)),
            claims=claim_mask,
        ),
    )
    start, end = walker.entity(source), walker.entity(target)
    if start.curie == end.curie:
        raise InputError(
            f"source and target are the same entity, {start.label} ({start.curie}): "
            "ask for routes between two different entities"
        )
    through = frozenset(walker.node(walker.entity(name)) for name in via)
    avoided = frozenset(walker.node(walker.entity(name)) for name in avoid)
    for entity in (start, end):
        if walker.node(entity) in avoided:
            raise InputError(f"cannot avoid {entity.label}: it is the source or the target")
    walker.avoid = avoided
    with collections_paused():
        found, stopped_by = _collect(
            walker,
            walker.node(start),
            walker.node(end),
            lengths=(min_hops, max_hops),
            max_paths=max_paths,
            sign=sign,
            through=through,
            clock=Clock(timeout),
        )
    return PathSearch(
        source=start,
        target=end,
        paths=tuple(found[:max_paths]),
        truncated=bool(stopped_by),
        stopped_by=stopped_by,
        max_hops=max_hops,
        filtered=bool(
            sign
            or causal_only
            or exclude_hedged
            or exclude_external
            or min_confidence > 0
            or through
            or avoided
            or bool(tuple(sources))
            or bool(tuple(exclude_sources))
        ),
    )
