"""Walking the claim graph under a question's filters: successors, predecessors and the steps
between two entities, on a networkx view or on a store's claim index.

Both walkers answer the same questions, so the search does not know which graph it walks. The
view walker reads ``G._adj``/``G._pred`` directly; the store walker reads the memory-mapped
adjacency arrays of :mod:`il6graph.store.index` and fetches a claim's evidence only when a step
built on it is kept, so a question on 10^6 claims reads what it prints, not the graph.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from il6graph.entities import Entity, EntityIndex
from il6graph.paths.routes import SIGN_ORDER, ClaimRef, Hop, claim_order

if TYPE_CHECKING:
    import networkx
    from rdflib import Graph

    from il6graph.sources import SourceFilter
    from il6graph.store.graphstore import GraphStore

__all__ = ["Clock", "Deadline", "Filters", "Walker", "collections_paused", "walker_for"]

_CHECK_EVERY = 256  # loop turns between deadline checks: time.monotonic() is not free


class Filters:
    """Which claims a question walks: by sign, hedge, assertion kind and confidence."""

    def __init__(
        self,
        *,
        signs: frozenset[str] | None = None,
        exclude_hedged: bool = False,
        exclude_external: bool = False,
        min_confidence: float = 0.0,
        sources: SourceFilter | None = None,
        claims: Any = None,
    ) -> None:
        self.claims = claims  # stores only: a boolean array over the store's claims to walk
        self.signs = signs
        self.exclude_hedged = exclude_hedged
        self.exclude_external = exclude_external
        self.min_confidence = min_confidence
        self.sources = sources if sources is not None and not sources.none else None

    @property
    def none(self) -> bool:
        return (
            self.claims is None
            and self.signs is None
            and not self.exclude_hedged
            and not self.exclude_external
            and self.min_confidence <= 0
            and self.sources is None
        )

    def test(self) -> Callable[[Mapping[str, Any]], bool] | None:
        """A test on a view's edge data, or None when every edge passes (the fast path)."""
        if self.none:
            return None
        signs, hedged, external, least, sources = (
            self.signs,
            self.exclude_hedged,
            self.exclude_external,
            self.min_confidence,
            self.sources,
        )

        def passes(data: Mapping[str, Any]) -> bool:
            return (
                (signs is None or data.get("sign", "?") in signs)
                and not (hedged and data.get("hedge"))
                and not (external and data.get("assertion") == "external")
                and data.get("confidence", 1.0) >= least
                and (
                    sources is None
                    or sources.passes(
                        data.get("source_kind", "text"),
                        data.get("source_id", ""),
                        data.get("source", ""),
                    )
                )
            )

        return passes


def _as_view(graph_or_view: Any) -> Any:
    if hasattr(graph_or_view, "adj") or hasattr(graph_or_view, "index"):
        return graph_or_view
    from il6graph.graph_view import to_networkx

    return to_networkx(graph_or_view)


def walker_for(graph: Graph | networkx.MultiDiGraph | GraphStore, filters: Filters) -> Walker:
    """The walker for a store, a networkx view, or an rdflib Graph (viewed first).

    ``avoid`` (node ids the walk never enters) is empty; a question sets it once it has
    resolved the names to avoid.
    """
    source = _as_view(graph)
    if hasattr(source, "adj"):
        return Walker(source, filters)
    return StoreWalker(source, filters)


class Walker:
    """Successors and predecessors under the filters on a networkx view, computed lazily per
    node and memoized.

    Works on ``G._adj``/``G._pred`` directly: through networkx's adjacency views every lookup
    builds a view object, which costs more than the search itself on large graphs. Node ids are
    the view's (CURIEs).
    """

    avoid: frozenset[Any] = frozenset()

    def __init__(self, view: networkx.MultiDiGraph, filters: Filters) -> None:
        self.view = view
        self.multi = view.is_multigraph()
        self.adj: dict[Any, dict[Any, Any]] = view._adj
        self.pred: dict[Any, dict[Any, Any]] = view._pred
        if filters.sources is not None:
            filters.sources.check(
                (d.get("source_kind", "text"), d.get("source_id", ""), d.get("source", ""))
                for _, _, d in view.edges(data=True)
            )
        self.edge_ok = filters.test()
        self._index: EntityIndex | None = None
        self._succ: dict[Any, Mapping[Any, Any]] = {}
        self._pre: dict[Any, Mapping[Any, Any]] = {}
        self._hops: dict[tuple[Any, Any], list[Hop]] = {}
        self._labels: dict[Any, str] = {}

    # names

    def entity(self, name: str) -> Entity:
        """The entity a name (or node id) stands for; unknown names raise InputError."""
        if name not in self.view:
            if self._index is None:
                self._index = EntityIndex.from_view(self.view)
            name = self._index.resolve(name).curie
        return Entity.from_node(name, self.view.nodes[name])

    def node(self, entity: Entity) -> Any:
        """The walker's node id of an entity."""
        return entity.curie

    def name(self, node: Any) -> str:
        """The CURIE of a node id."""
        return str(node)

    def attrs(self, node: Any) -> Mapping[str, Any]:
        return self.view.nodes[node]

    def label(self, node: Any) -> str:
        found = self._labels.get(node)
        if found is None:
            found = self._labels[node] = str(self.attrs(node).get("label", node))
        return found

    # adjacency

    def out_cost(self, node: Any) -> int:
        return len(self.adj[node])

    def in_cost(self, node: Any) -> int:
        return len(self.pred[node])

    def _edges(self, between: Any, u: Any, v: Any) -> Mapping[str, Mapping[str, Any]]:
        # A DiGraph has one data dict per node pair; give it a key so both kinds read alike.
        return between if self.multi else {f"{u}->{v}": between}

    def _passing(self, neighbours: dict[Any, Any], u: Any, forward: bool) -> Mapping[Any, Any]:
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

    def succ(self, u: Any) -> Mapping[Any, Any]:
        found = self._succ.get(u)
        if found is None:
            found = self._succ[u] = self._passing(self.adj[u], u, True)
        return found

    def predecessors(self, v: Any) -> Mapping[Any, Any]:
        found = self._pre.get(v)
        if found is None:
            found = self._pre[v] = self._passing(self.pred[v], v, False)
        return found

    def edge_data(self, u: Any, v: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """(claim id, data) of every claim from u to v that passes the filters."""
        for key, data in self._edges(self.adj[u][v], u, v).items():
            if self.edge_ok is None or self.edge_ok(data):
                yield str(key), data

    def hops(self, u: Any, v: Any) -> list[Hop]:
        """The steps from u to v: one per predicate, each with all its passing claims."""
        found = self._hops.get((u, v))
        if found is not None:
            return found
        groups: dict[tuple[str, str], list[ClaimRef]] = {}
        for key, data in self.edge_data(u, v):
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
        subject, obj = self.name(u), self.name(v)
        found = [
            Hop(
                subject=subject,
                predicate=predicate,
                object=obj,
                sign=sign,
                claims=tuple(sorted(claims, key=claim_order)),
                subject_label=self.label(u),
                object_label=self.label(v),
            )
            for (predicate, sign), claims in groups.items()
        ]
        found.sort(key=lambda hop: (-hop.confidence, SIGN_ORDER.get(hop.sign, 9), hop.predicate))
        self._hops[(u, v)] = found
        return found


class StoreWalker(Walker):
    """The same walk on a store's claim index: node ids are numbers, adjacency comes from the
    memory-mapped arrays under a claim mask computed once, and evidence from SQLite for the
    steps a route uses."""

    def __init__(self, store: GraphStore, filters: Filters) -> None:
        import numpy

        self.store = store
        arrays = store.index.arrays
        self.out_ptr, self.out_claims = arrays["out_ptr"], arrays["out_claims"]
        self.in_ptr, self.in_claims = arrays["in_ptr"], arrays["in_claims"]
        self.subject, self.object = arrays["claim_subject"], arrays["claim_object"]
        self.mask: Any = None
        if not filters.none:
            from il6graph.store.index import SIGNS

            mask = numpy.ones(len(self.subject), dtype=bool)
            if filters.claims is not None:
                mask &= filters.claims
            if filters.signs is not None:
                codes = [SIGNS.index(sign) for sign in filters.signs if sign in SIGNS]
                mask &= numpy.isin(arrays["claim_sign"], codes)
            if filters.exclude_hedged:
                mask &= ~arrays["claim_hedged"]
            if filters.exclude_external:
                kinds = store.assertion_names
                if "external" in kinds:
                    mask &= arrays["claim_assertion"] != kinds.index("external")
            if filters.min_confidence > 0:
                mask &= arrays["claim_confidence"] >= filters.min_confidence
            if filters.sources is not None:
                mask &= store.source_mask(filters.sources)
            self.mask = mask
        self.edge_ok = None
        self._curies: dict[int, str] = {}
        self._attrs: dict[int, dict[str, Any]] = {}
        self._succ, self._pre, self._hops, self._labels = {}, {}, {}, {}
        self._claims: dict[int, tuple[str, dict[str, Any]]] = {}

    def entity(self, name: str) -> Entity:
        return self.store.entities.resolve(name)

    def node(self, entity: Entity) -> int:
        found = self.store.node_id(entity.iri)
        assert found is not None
        return found

    def _row(self, node: int) -> None:
        for n, curie, attrs in self.store.node_rows([node]):
            self._curies[n] = curie
            self._attrs[n] = attrs

    def name(self, node: Any) -> str:
        if node not in self._curies:
            self._row(node)
        return self._curies[node]

    def attrs(self, node: Any) -> Mapping[str, Any]:
        if node not in self._attrs:
            self._row(node)
        return self._attrs[node]

    def out_cost(self, node: Any) -> int:
        return int(self.out_ptr[node + 1] - self.out_ptr[node])

    def in_cost(self, node: Any) -> int:
        return int(self.in_ptr[node + 1] - self.in_ptr[node])

    def _claims_of(self, pointer: Any, claims: Any, node: int) -> Any:
        found = claims[pointer[node] : pointer[node + 1]]
        return found if self.mask is None else found[self.mask[found]]

    def _neighbours(self, ends: Any) -> Mapping[Any, Any]:
        found = dict.fromkeys(ends.tolist())
        for node in self.avoid.intersection(found):
            del found[node]
        return found

    def succ(self, u: Any) -> Mapping[Any, Any]:
        found = self._succ.get(u)
        if found is None:
            claims = self._claims_of(self.out_ptr, self.out_claims, u)
            found = self._succ[u] = self._neighbours(self.object[claims])
        return found

    def predecessors(self, v: Any) -> Mapping[Any, Any]:
        found = self._pre.get(v)
        if found is None:
            claims = self._claims_of(self.in_ptr, self.in_claims, v)
            found = self._pre[v] = self._neighbours(self.subject[claims])
        return found

    def edge_data(self, u: Any, v: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
        claims = self._claims_of(self.out_ptr, self.out_claims, u)
        wanted = [int(c) for c in claims[self.object[claims] == v].tolist()]
        missing = [c for c in wanted if c not in self._claims]
        if missing:
            for n, _, _, key, attrs in self.store.edge_rows(missing):
                self._claims[n] = (key, attrs)
        for claim in sorted(wanted):
            yield self._claims[claim]


@contextmanager
def collections_paused() -> Iterator[None]:
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


class Deadline(Exception):
    """The search ran out of time."""


class Clock:
    def __init__(self, timeout: float) -> None:
        self.deadline = time.monotonic() + timeout
        self.turns = 0

    def tick(self) -> None:
        self.turns += 1
        if self.turns % _CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            raise Deadline
