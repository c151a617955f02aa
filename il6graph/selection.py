"""Choosing part of the graph: one mechanism for the explorer page and for exports.

A :class:`Selection` filters claims (hedged, external, by predicate), entities (by category),
then keeps either the neighbourhood of one entity or the routes between two entities.

>>> from il6graph import load_graph, to_networkx
>>> from il6graph.selection import Selection, select
>>> view = to_networkx(load_graph())
>>> part = select(view, Selection(focus="STAT3", depth=1))
>>> "HGNC:11364" in part
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from il6graph.entities import Entity, EntityIndex
from il6graph.errors import InputError
from il6graph.sources import SourceFilter

if TYPE_CHECKING:
    import networkx

    from il6graph.store.graphstore import GraphStore

__all__ = ["Selection", "select", "select_from"]


@dataclass(frozen=True)
class Selection:
    """What part of the graph to keep. The default keeps everything."""

    focus: str | None = None  # an entity name: keep its neighbourhood
    depth: int = 1  # how many steps around the focus, either direction
    paths: tuple[str, str] | None = None  # (source, target): keep the routes between them
    max_hops: int = 4
    max_paths: int = 20
    categories: tuple[str, ...] = ()  # keep only entities of these categories (empty: all)
    predicates: tuple[str, ...] = ()  # keep only claims with these predicate labels (empty: all)
    exclude_hedged: bool = False
    exclude_external: bool = False
    sources: tuple[str, ...] = ()  # keep only claims from these sources or kinds (empty: all)
    exclude_sources: tuple[str, ...] = ()  # leave out claims from these sources or kinds

    @property
    def everything(self) -> bool:
        return self == Selection()

    def title(self, index: EntityIndex) -> str:
        """A short name of the view, for page titles and file metadata."""
        if self.paths:
            source, target = (index.resolve(name).label for name in self.paths)
            return f"Routes from {source} to {target}"
        if self.focus:
            entity = index.resolve(self.focus)
            return f"Neighbourhood of {entity.label} (depth {self.depth})"
        return "The IL-6 in cancer knowledge graph"


def select(
    view: networkx.MultiDiGraph, selection: Selection, *, sources_checked: bool = False
) -> networkx.MultiDiGraph:
    """The part of ``view`` that ``selection`` keeps, as a new MultiDiGraph (``view`` is unchanged).

    Unknown entity names raise :class:`~il6graph.errors.InputError` with suggestions; so do
    unknown source names, unless ``sources_checked`` (the view is part of a store that checked
    them against all its sources).
    """
    import networkx

    if selection.depth < 0:
        raise InputError(f"depth {selection.depth} is negative: give 0 or more steps")
    _check_known(
        selection.categories,
        {str(d.get("category", "")) for _, d in view.nodes(data=True)},
        "category",
    )
    _check_known(
        selection.predicates,
        {str(d.get("predicate", "")) for _, _, d in view.edges(data=True)},
        "predicate",
    )
    sources = SourceFilter(selection.sources, selection.exclude_sources)

    def source_of(data: dict[str, Any]) -> tuple[str, str, str]:
        return data.get("source_kind", "text"), data.get("source_id", ""), data.get("source", "")

    if not sources.none and not sources_checked:
        sources.check(source_of(d) for _, _, d in view.edges(data=True))
    index = EntityIndex.from_view(view)
    predicates = {name.casefold() for name in selection.predicates}
    part = networkx.MultiDiGraph(view)
    drop = [
        (u, v, key)
        for u, v, key, data in part.edges(keys=True, data=True)
        if (selection.exclude_hedged and data.get("hedge"))
        or (selection.exclude_external and data.get("assertion") == "external")
        or (predicates and str(data.get("predicate", "")).casefold() not in predicates)
        or not sources.passes(*source_of(data))
    ]
    part.remove_edges_from(drop)
    if drop:  # an entity whose every claim was filtered out has nothing left to show
        part.remove_nodes_from(
            [n for n in list(part) if part.degree(n) == 0 and view.degree(n) > 0]
        )
    if selection.categories:
        wanted = {category.casefold() for category in selection.categories}
        part.remove_nodes_from(
            [
                n
                for n, data in list(part.nodes(data=True))
                if str(data.get("category", "")).casefold() not in wanted
            ]
        )

    if selection.paths:
        from il6graph.paths import find_paths

        source, target = (_kept(index.resolve(name), part) for name in selection.paths)
        search = find_paths(
            part, source, target, max_hops=selection.max_hops, max_paths=selection.max_paths
        )
        if not search.paths:
            raise InputError(
                f"no route from {search.source.label} to {search.target.label} within "
                f"{selection.max_hops} steps with these filters: nothing to show"
            )
        keep_edges = {
            (hop.subject, hop.object, claim.id)
            for route in search.paths
            for hop in route.hops
            for claim in hop.claims
        }
        nodes = {source, target} | {node for u, v, _ in keep_edges for node in (u, v)}
        routes = networkx.MultiDiGraph()
        routes.graph.update(part.graph)
        routes.add_nodes_from((n, part.nodes[n]) for n in nodes)
        routes.add_edges_from((u, v, key, part.edges[u, v, key]) for u, v, key in keep_edges)
        return routes

    if selection.focus:
        center = _kept(index.resolve(selection.focus), part)
        near = networkx.single_source_shortest_path_length(
            part.to_undirected(as_view=True), center, cutoff=selection.depth
        )
        return part.subgraph(near).copy()
    return part


def _kept(entity: Entity, part: networkx.MultiDiGraph) -> str:
    """The node id of an entity the filters kept; one that they left out is an input error."""
    if entity.curie not in part:
        raise InputError(f"{entity.label} ({entity.curie}) is left out by the filters")
    return entity.curie


def _check_known(given: tuple[str, ...], known: set[str], what: str) -> None:
    """Refuse a category or predicate name the graph does not have, naming the ones it has."""
    folded = {name.casefold() for name in known}
    for name in given:
        if name.casefold() not in folded:
            listed = ", ".join(sorted(known))
            raise InputError(f"unknown {what} {name!r} (this graph has: {listed})")


def select_from(
    source: networkx.MultiDiGraph | GraphStore, selection: Selection
) -> networkx.MultiDiGraph:
    """:func:`select` on a networkx view or on a store.

    On a store only the part the selection can keep is read into a view — the neighbourhood of
    the focus with every claim that touches it, or the claims of the routes found — and
    :func:`select` runs on that part, so a selection on 10^6 claims reads what it shows.
    """
    if hasattr(source, "adj"):
        return select(source, selection)
    return select(_store_part(source, selection), selection, sources_checked=True)


def _store_part(store: GraphStore, selection: Selection) -> networkx.MultiDiGraph:
    import numpy

    if selection.depth < 0:
        raise InputError(f"depth {selection.depth} is negative: give 0 or more steps")
    sources = SourceFilter(selection.sources, selection.exclude_sources)
    from_sources = store.source_mask(sources) if not sources.none else None  # checks the names
    if not (selection.focus or selection.paths):
        return store.to_networkx()
    db = store.index.db
    arrays = store.index.arrays
    subject, obj = arrays["claim_subject"], arrays["claim_object"]
    categories = {row[0] for row in db.execute("SELECT DISTINCT category FROM nodes")}
    predicate_labels = dict(db.execute("SELECT label, id FROM predicates"))
    used = {label for label, count in store.meta["by_predicate"].items() if count}
    _check_known(selection.categories, categories, "category")
    _check_known(selection.predicates, used, "predicate")

    mask = numpy.ones(len(subject), dtype=bool)
    if selection.exclude_hedged:
        mask &= ~arrays["claim_hedged"]
    if selection.exclude_external and "external" in store.assertion_names:
        mask &= arrays["claim_assertion"] != store.assertion_names.index("external")
    if from_sources is not None:
        mask &= from_sources
        wanted = {name.casefold() for name in selection.predicates}
        chosen = [i for label, i in predicate_labels.items() if label.casefold() in wanted]
        mask &= numpy.isin(arrays["claim_predicate"], chosen)
    if selection.categories:
        names = [name.casefold() for name in selection.categories]
        marks = ",".join("?" * len(names))
        kept = [
            r[0]
            for r in db.execute(f"SELECT id FROM nodes WHERE lower(category) IN ({marks})", names)
        ]
        node_ok = numpy.zeros(store.index.nodes, dtype=bool)
        node_ok[kept] = True
        mask &= node_ok[subject] & node_ok[obj]

    if selection.paths:
        from il6graph.paths import find_paths

        source, target = (store.entities.resolve(name).curie for name in selection.paths)
        search = find_paths(
            store,
            source,
            target,
            max_hops=selection.max_hops,
            max_paths=selection.max_paths,
            claim_mask=mask,
        )
        from il6graph.curies import from_curie

        iris = sorted(
            {from_curie(c.id) for route in search.paths for hop in route.hops for c in hop.claims}
        )
        ids: list[int] = []
        for start in range(0, len(iris), 500):
            chunk = iris[start : start + 500]
            marks = ",".join("?" * len(chunk))
            ids += [
                r[0] for r in db.execute(f"SELECT id FROM claims WHERE iri IN ({marks})", chunk)
            ]
        ends = [store.node_id(store.entities.resolve(name).iri) for name in selection.paths]
        return store.to_networkx(nodes=[n for n in ends if n is not None], claims=ids)

    assert selection.focus is not None
    center = store.node_id(store.entities.resolve(selection.focus).iri)
    assert center is not None
    out_ptr, out_claims = arrays["out_ptr"], arrays["out_claims"]
    in_ptr, in_claims = arrays["in_ptr"], arrays["in_claims"]
    seen = {center}
    frontier = [center]
    for _ in range(selection.depth):
        reached = []
        for node in frontier:
            for pointer, claims, ends in ((out_ptr, out_claims, obj), (in_ptr, in_claims, subject)):
                near = claims[pointer[node] : pointer[node + 1]]
                for other in ends[near[mask[near]]].tolist():
                    if other not in seen:
                        seen.add(other)
                        reached.append(other)
        frontier = reached
    touching: set[int] = set()
    for node in seen:
        touching.update(out_claims[out_ptr[node] : out_ptr[node + 1]].tolist())
        touching.update(in_claims[in_ptr[node] : in_ptr[node + 1]].tolist())
    return store.to_networkx(nodes=seen, claims=touching)
