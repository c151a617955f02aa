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
from typing import TYPE_CHECKING

from il6graph.entities import Entity, EntityIndex

if TYPE_CHECKING:
    import networkx

__all__ = ["Selection", "index_view", "select"]


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


def index_view(view: networkx.MultiDiGraph) -> EntityIndex:
    """An :class:`EntityIndex` of a networkx view's nodes, for resolving names against it."""
    return EntityIndex(
        [
            Entity(
                iri=data.get("iri", node),
                curie=node,
                label=data.get("label", node),
                categories=tuple(data.get("categories", ())),
                synonyms=tuple(data.get("synonyms", ())),
                mappings=(),
            )
            for node, data in view.nodes(data=True)
        ]
    )


def select(view: networkx.MultiDiGraph, selection: Selection) -> networkx.MultiDiGraph:
    """The part of ``view`` that ``selection`` keeps, as a new MultiDiGraph (``view`` is unchanged).

    Unknown entity names raise :class:`~il6graph.errors.InputError` with suggestions.
    """
    import networkx

    index = index_view(view)
    part = networkx.MultiDiGraph(view)
    drop = [
        (u, v, key)
        for u, v, key, data in part.edges(keys=True, data=True)
        if (selection.exclude_hedged and data.get("hedge"))
        or (selection.exclude_external and data.get("assertion") == "external")
        or (selection.predicates and data.get("predicate") not in selection.predicates)
    ]
    part.remove_edges_from(drop)
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

        source, target = (index.resolve(name).curie for name in selection.paths)
        search = find_paths(
            part, source, target, max_hops=selection.max_hops, max_paths=selection.max_paths
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
        center = index.resolve(selection.focus).curie
        if center not in part:
            return part.subgraph([]).copy()
        near = networkx.single_source_shortest_path_length(
            part.to_undirected(as_view=True), center, cutoff=selection.depth
        )
        return part.subgraph(near).copy()
    return part
