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

import gc
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from il6graph.entities import Entity, EntityIndex
from il6graph.errors import InputError
from il6graph.predicates import combine_signs

if TYPE_CHECKING:
    import networkx
    from rdflib import Graph

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

SIGN_MEANINGS = {
    "+": "promotes",
    "-": "opposes",
    "?": "unknown direction",
    "0": "no effect stated (a non-causal step)",
}
_ASSERTION_ORDER = {"stated": 0, "implied": 1, "external": 2}
_SIGN_ORDER = {"+": 0, "-": 1, "?": 2, "0": 3}
_CHECK_EVERY = 256  # loop turns between deadline checks: time.monotonic() is not free


@dataclass(frozen=True)
class ClaimRef:
    """One claim that supports a step: its id (the claim CURIE, the view's edge key) and evidence."""

    id: str
    evidence: str
    assertion: str
    hedge: str | None
    confidence: float
    source: str = ""
    start: int | None = None
    end: int | None = None
    graph_id: str = ""  # for a pathway claim: the GraphId of the interaction it cites


@dataclass(frozen=True)
class Hop:
    """One step of a route: ``subject --predicate--> object`` and every claim that supports it.

    ``subject`` and ``object`` are node ids of the view (CURIEs such as ``HGNC:6018``).
    """

    subject: str
    predicate: str
    object: str
    sign: str
    claims: tuple[ClaimRef, ...]
    subject_label: str = ""
    object_label: str = ""

    @cached_property
    def confidence(self) -> float:
        """The confidence of the best claim behind the step."""
        return max(claim.confidence for claim in self.claims)


@dataclass(frozen=True)
class Route:
    """A route from source to target: its net sign and its hops in order."""

    sign: str
    hops: tuple[Hop, ...]

    @property
    def nodes(self) -> tuple[str, ...]:
        """The node ids along the route, source first."""
        return (self.hops[0].subject, *(hop.object for hop in self.hops))

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """The entity labels along the route, source first."""
        return (self.hops[0].subject_label, *(hop.object_label for hop in self.hops))

    @property
    def length(self) -> int:
        return len(self.hops)

    @cached_property
    def support(self) -> float:
        """The product of each step's best confidence: lower for weaker and for longer routes."""
        product = 1.0
        for hop in self.hops:
            product *= hop.confidence
        return product

    @cached_property
    def claim_count(self) -> int:
        return sum(len(hop.claims) for hop in self.hops)


@dataclass(frozen=True)
class PathSearch:
    """The answer of :func:`find_paths`.

    ``truncated`` is true when a bound cut the search short: ``stopped_by`` says which
    (``"max_paths"``: more routes exist than were asked for; ``"timeout"``: the deadline passed).
    """

    source: Entity
    target: Entity
    paths: tuple[Route, ...]
    truncated: bool
    stopped_by: str = ""
    max_hops: int = 4
    filtered: bool = False  # a filter (sign, confidence, hedged, external, via, avoid) was given


@dataclass(frozen=True)
class Neighbor:
    """An entity reached from (downstream) or reaching (upstream) the asked entity.

    ``sign`` is the net sign over its shortest routes: the one direction they state (``+`` or
    ``-``), ``?`` when they disagree or state none, ``0`` when every one has a non-causal step.
    ``signs`` lists the signs of all those shortest routes; ``route`` is the best-supported one.
    """

    node: str
    label: str
    category: str
    direction: str
    distance: int
    sign: str
    signs: tuple[str, ...]
    route: Route


@dataclass(frozen=True)
class Neighborhood:
    """The answer of :func:`neighbors`."""

    entity: Entity
    direction: str
    depth: int
    neighbors: tuple[Neighbor, ...]


@dataclass(frozen=True)
class Explanation:
    """The answer of :func:`explain`: the best-supported route and its evidence as a paragraph."""

    source: Entity
    target: Entity
    route: Route | None
    text: str
    search: PathSearch


# ---------------------------------------------------------------------------------------------
# Resolving names and filtering claims


def _view(graph_or_view: Graph | networkx.MultiDiGraph) -> networkx.MultiDiGraph:
    if hasattr(graph_or_view, "adj"):
        return graph_or_view
    from il6graph.graph_view import to_networkx

    return to_networkx(graph_or_view)


class _Names:
    """Resolve names against the view's nodes; a node id is used as is, without building an index."""

    def __init__(self, view: networkx.MultiDiGraph) -> None:
        self.view = view
        self._index: Any = None

    def entity(self, name: str) -> Entity:
        if name not in self.view:
            if self._index is None:
                self._index = EntityIndex.from_view(self.view)
            name = self._index.resolve(name).curie
        return Entity.from_node(name, self.view.nodes[name])


def _edge_test(
    *,
    signs: frozenset[str] | None,
    exclude_hedged: bool,
    exclude_external: bool,
    min_confidence: float,
) -> Callable[[Mapping[str, Any]], bool] | None:
    """A test on edge data, or None when every edge passes (the fast path)."""
    if signs is None and not exclude_hedged and not exclude_external and min_confidence <= 0:
        return None

    def passes(data: Mapping[str, Any]) -> bool:
        return (
            (signs is None or data.get("sign", "?") in signs)
            and not (exclude_hedged and data.get("hedge"))
            and not (exclude_external and data.get("assertion") == "external")
            and data.get("confidence", 1.0) >= min_confidence
        )

    return passes


class _Walker:
    """Successors and predecessors under the filters, computed lazily per node and memoized.

    Works on ``G._adj``/``G._pred`` directly: through networkx's adjacency views every lookup
    builds a view object, which costs more than the search itself on large graphs.
    """

    def __init__(
        self,
        view: networkx.MultiDiGraph,
        edge_ok: Callable[[Mapping[str, Any]], bool] | None,
        avoid: frozenset[str],
    ) -> None:
        self.view = view
        self.multi = view.is_multigraph()
        self.adj: dict[str, dict[str, Any]] = view._adj
        self.pred: dict[str, dict[str, Any]] = view._pred
        self.edge_ok = edge_ok
        self.avoid = avoid
        self._succ: dict[str, Mapping[str, Any]] = {}
        self._pre: dict[str, Mapping[str, Any]] = {}
        self._hops: dict[tuple[str, str], list[Hop]] = {}
        self._labels: dict[str, str] = {}

    def _edges(self, between: Any, u: str, v: str) -> Mapping[str, Mapping[str, Any]]:
        # A DiGraph has one data dict per node pair; give it a key so both kinds read alike.
        return between if self.multi else {f"{u}->{v}": between}

    def _passing(self, neighbours: dict[str, Any], u: str, forward: bool) -> Mapping[str, Any]:
        if self.edge_ok is None and not self.avoid:
            return neighbours  # the graph's own dict: no copy, O(1) membership
        test = self.edge_ok or (lambda data: True)
        return dict.fromkeys(
            v
            for v, between in neighbours.items()
            if v not in self.avoid
            and any(
                test(data)
                for data in self._edges(between, *((u, v) if forward else (v, u))).values()
            )
        )

    def succ(self, u: str) -> Mapping[str, Any]:
        found = self._succ.get(u)
        if found is None:
            found = self._succ[u] = self._passing(self.adj[u], u, True)
        return found

    def predecessors(self, v: str) -> Mapping[str, Any]:
        found = self._pre.get(v)
        if found is None:
            found = self._pre[v] = self._passing(self.pred[v], v, False)
        return found

    def label(self, node: str) -> str:
        found = self._labels.get(node)
        if found is None:
            found = self._labels[node] = str(self.view.nodes[node].get("label", node))
        return found

    def hops(self, u: str, v: str) -> list[Hop]:
        """The steps from u to v: one per predicate, each with all its passing claims."""
        found = self._hops.get((u, v))
        if found is not None:
            return found
        groups: dict[tuple[str, str], list[ClaimRef]] = {}
        for key, data in self._edges(self.adj[u][v], u, v).items():
            if self.edge_ok is not None and not self.edge_ok(data):
                continue
            group = (str(data.get("predicate", "related to")), str(data.get("sign", "?")))
            hedge = data.get("hedge") or None
            groups.setdefault(group, []).append(
                ClaimRef(
                    id=str(data.get("claim", key)),
                    evidence=str(data.get("evidence", "")),
                    assertion=str(data.get("assertion", "")),
                    hedge=str(hedge) if hedge else None,
                    confidence=float(data.get("confidence", 1.0)),
                    source=str(data.get("source", "")),
                    start=data.get("start"),
                    end=data.get("end"),
                    graph_id=str(data.get("graph_id") or ""),
                )
            )
        found = [
            Hop(
                subject=u,
                predicate=predicate,
                object=v,
                sign=sign,
                claims=tuple(sorted(claims, key=_claim_order)),
                subject_label=self.label(u),
                object_label=self.label(v),
            )
            for (predicate, sign), claims in groups.items()
        ]
        found.sort(key=lambda hop: (-hop.confidence, _SIGN_ORDER.get(hop.sign, 9), hop.predicate))
        self._hops[(u, v)] = found
        return found


def _claim_order(claim: ClaimRef) -> tuple[float, int, str]:
    return (-claim.confidence, _ASSERTION_ORDER.get(claim.assertion, 9), claim.id)


def _route_order(route: Route) -> tuple[float, int]:
    # Ties keep the order of the search, which follows the graph's insertion order: deterministic.
    return (-route.support, -route.claim_count)


@contextmanager
def _full_collections_paused() -> Iterator[None]:
    """Hold back the garbage collector's full (oldest-generation) collections during a search.

    A search allocates many small objects without reference cycles, which every so often triggers
    a full collection that walks every node and edge dict of the view: measured 0.2-0.7 s per
    collection on a 10^5-claim view, 40-70% of a 1 s search, landing at any moment, past the
    deadline too. Young-generation collections go on as usual: they only look at new objects.
    """
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, 1_000_000_000)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


class _Deadline(Exception):
    """The search ran out of time."""


class _Clock:
    def __init__(self, timeout: float) -> None:
        self.deadline = time.monotonic() + timeout
        self.turns = 0

    def tick(self) -> None:
        self.turns += 1
        if self.turns % _CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            raise _Deadline


# ---------------------------------------------------------------------------------------------
# The search


class _Balls:
    """Breadth-first balls around the source (forward) and the target (backward).

    ``to_target[v]`` is v's exact distance to the target for every v within ``back`` hops; a node
    outside has a larger distance. Each expansion grows the side whose frontier is cheaper (fewer
    edges to scan), as a bidirectional breadth-first search does.
    """

    def __init__(self, walker: _Walker, source: str, target: str, clock: _Clock) -> None:
        self.walker, self.clock = walker, clock
        self.from_source = {source: 0}
        self.to_target = {target: 0}
        self.forward_frontier, self.back_frontier = [source], [target]
        self.forward = self.back = 0
        self.met = False

    def _cost(self, frontier: list[str], table: dict[str, dict[str, Any]]) -> int:
        return sum(len(table[node]) for node in frontier)

    def grow(self) -> bool:
        """Expand one level on the cheaper side; False when neither side can grow."""
        w = self.walker
        can_forward, can_back = bool(self.forward_frontier), bool(self.back_frontier)
        if not (can_forward or can_back):
            return False
        go_back = not can_forward or (
            can_back
            and self._cost(self.back_frontier, w.pred) <= self._cost(self.forward_frontier, w.adj)
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
    walker: _Walker, balls: _Balls, source: str, target: str, length: int, clock: _Clock
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


def _expand(walker: _Walker, nodes: list[str]) -> Iterator[Route]:
    """The routes along a node path: one per choice of predicate at each step."""
    for hops in itertools.product(*(walker.hops(u, v) for u, v in itertools.pairwise(nodes))):
        yield Route(sign=combine_signs([hop.sign for hop in hops]), hops=hops)


def _check_bounds(max_hops: int, max_paths: int, timeout: float, min_hops: int = 1) -> None:
    if max_hops < 1:
        raise InputError(f"max_hops must be at least 1, not {max_hops}")
    if max_paths < 1:
        raise InputError(f"max_paths must be at least 1, not {max_paths}")
    if not timeout > 0:
        raise InputError(f"timeout must be a positive number of seconds, not {timeout}")
    if not 1 <= min_hops <= max_hops:
        raise InputError(f"min_hops must be between 1 and max_hops ({max_hops}), not {min_hops}")


def _collect(
    walker: _Walker,
    source: str,
    target: str,
    *,
    lengths: tuple[int, int],
    max_paths: int,
    sign: str | None,
    through: frozenset[str],
    clock: _Clock,
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
                        level.append((*_route_order(route), len(level), route))
                if len(found) + len(level) > max_paths:
                    break
            found.extend(entry[-1] for entry in sorted(level))
            level = []
            if len(found) > max_paths:
                return found, "max_paths"
    except _Deadline:
        found.extend(entry[-1] for entry in sorted(level))
        return found, "timeout"
    return found, ""


def find_paths(
    graph_or_view: Graph | networkx.MultiDiGraph,
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
) -> PathSearch:
    """The routes from ``source`` to ``target``, shortest first, each step with all its claims.

    ``source``, ``target``, ``via`` and ``avoid`` are entity names (label, synonym, CURIE).
    Routes that differ only by which claim supports a step are one route; routes whose steps
    differ in predicate are different routes. Within one length, better-supported routes come
    first (:attr:`Route.support`). Filters: ``sign`` keeps routes with that net sign (``+``,
    ``-``, ``?``); ``causal_only`` leaves out non-causal steps (the default: only when ``sign``
    is given); ``exclude_hedged``, ``exclude_external`` and ``min_confidence`` drop claims, and a
    step stays while a claim supports it; ``via`` keeps routes through all of those entities;
    ``avoid`` keeps routes through none of them.

    Bounded by ``max_hops``, ``max_paths`` and ``timeout`` seconds; see the module docstring.
    An unknown name, an unknown sign, or ``source`` equal to ``target`` raises
    :class:`~il6graph.errors.InputError`.

    >>> from il6graph import load_graph
    >>> search = find_paths(load_graph(), "IL-6 inhibitor", "tumour growth", sign="-", max_hops=2)
    >>> search.paths[0].labels, search.paths[0].sign
    (('IL-6 inhibitor', 'tumor growth'), '-')
    """
    _check_bounds(max_hops, max_paths, timeout, min_hops)
    if sign is not None and sign not in ("+", "-", "?"):
        raise InputError(f"sign must be one of + - ?, not {sign!r}")
    view = _view(graph_or_view)
    names = _Names(view)
    start, end = names.entity(source), names.entity(target)
    if start.curie == end.curie:
        raise InputError(
            f"source and target are the same entity, {start.label} ({start.curie}): "
            "ask for routes between two different entities"
        )
    through = frozenset(names.entity(name).curie for name in via)
    avoided = frozenset(names.entity(name).curie for name in avoid)
    for entity in (start, end):
        if entity.curie in avoided:
            raise InputError(f"cannot avoid {entity.label}: it is the source or the target")
    if causal_only is None:
        causal_only = sign is not None
    steps: frozenset[str] | None = None
    if sign in ("+", "-"):
        steps = frozenset("+-")  # a ? or 0 step can never give a + or - route
    elif causal_only:
        steps = frozenset("+-?")
    walker = _Walker(
        view,
        _edge_test(
            signs=steps,
            exclude_hedged=exclude_hedged,
            exclude_external=exclude_external,
            min_confidence=min_confidence,
        ),
        avoided,
    )
    with _full_collections_paused():
        found, stopped_by = _collect(
            walker,
            start.curie,
            end.curie,
            lengths=(min_hops, max_hops),
            max_paths=max_paths,
            sign=sign,
            through=through,
            clock=_Clock(timeout),
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
        ),
    )


# ---------------------------------------------------------------------------------------------
# Neighbours and explanations


def _net_sign(signs: set[str]) -> str:
    stated = signs & {"+", "-"}
    if len(stated) == 1:
        return next(iter(stated))
    if stated or "?" in signs:
        return "?"
    return "0"


def neighbors(
    graph_or_view: Graph | networkx.MultiDiGraph,
    entity: str,
    *,
    direction: str = "downstream",
    depth: int = 1,
    causal_only: bool = True,
    exclude_hedged: bool = False,
    exclude_external: bool = False,
    min_confidence: float = 0.0,
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
    view = _view(graph_or_view)
    center = _Names(view).entity(entity)
    walker = _Walker(
        view,
        _edge_test(
            signs=frozenset("+-?") if causal_only else None,
            exclude_hedged=exclude_hedged,
            exclude_external=exclude_external,
            min_confidence=min_confidence,
        ),
        frozenset(),
    )
    found: list[Neighbor] = []
    with _full_collections_paused():
        for way in ("downstream", "upstream") if direction == "both" else (direction,):
            found.extend(_reach(walker, center.curie, way, depth))
    found.sort(
        key=lambda n: (n.direction, n.distance, _SIGN_ORDER.get(n.sign, 9), n.label.casefold())
    )
    return Neighborhood(entity=center, direction=direction, depth=depth, neighbors=tuple(found))


def _reach(walker: _Walker, center: str, direction: str, depth: int) -> list[Neighbor]:
    downstream = direction == "downstream"
    step = walker.succ if downstream else walker.predecessors
    distance = {center: 0}
    signs: dict[str, set[str]] = {center: {"+"}}  # "+" is the identity of the sign product
    best: dict[str, Route | None] = {center: None}
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
                    if current is None or _route_order(route) < _route_order(current):
                        best[nxt] = route
        frontier = reached
    result = []
    for node, found in best.items():
        if found is None:
            continue
        data = walker.view.nodes[node]
        result.append(
            Neighbor(
                node=node,
                label=walker.label(node),
                category=str(data.get("category", "Entity")),
                direction=direction,
                distance=distance[node],
                sign=_net_sign(signs[node]),
                signs=tuple(sorted(signs[node], key=lambda s: _SIGN_ORDER.get(s, 9))),
                route=found,
            )
        )
    return result


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
    graph_or_view: Graph | networkx.MultiDiGraph,
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
