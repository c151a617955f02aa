"""The networkx view of the graph: entities as nodes, claims as edges.

>>> from il6graph import load_graph, to_networkx
>>> view = to_networkx(load_graph())
>>> view.nodes["HGNC:6018"]["label"]
'IL-6'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from il6graph.claims import read_claims
from il6graph.entities import EntityIndex
from il6graph.predicates import predicate_table
from il6graph.vocabulary import to_curie

if TYPE_CHECKING:
    import networkx
    from rdflib import Graph

    from il6graph.selection import Selection
    from il6graph.store.graphstore import GraphStore

__all__ = ["to_networkx"]


def to_networkx(
    graph: Graph | GraphStore, *, selection: Selection | None = None
) -> networkx.MultiDiGraph:
    """A ``MultiDiGraph`` with one node per entity and one edge per claim.

    Nodes are keyed by CURIE (``HGNC:6018``) and carry ``iri``, ``curie``, ``label``, ``category``,
    ``categories``, ``synonyms`` and ``mappings`` (identifiers of the same thing in other
    resources). Edges are keyed by claim CURIE and carry ``predicate`` (label),
    ``predicate_iri``, ``sign`` (``+ - ? 0``), ``assertion``, ``hedge``, ``confidence``,
    ``evidence`` (the sentence), ``source`` (its label), ``source_id`` (its CURIE),
    ``source_kind`` (``text``, ``pathway`` or ``sheet``), ``start``, ``end``, ``graph_id`` (for a
    pathway claim, the GraphId of the interaction it cites) and ``attributed_to`` (who made the
    claim, e.g. ``il6v:Curator``).

    ``graph`` is an rdflib Graph or a store (:func:`il6graph.store.open_store`); a store builds
    the view from its claim index. ``selection`` keeps a part (a neighbourhood, the routes
    between two entities, filtered claims; see :class:`~il6graph.selection.Selection`): on a
    store only that part is read.

    >>> from il6graph import open_store, Selection
    >>> part = to_networkx(open_store(), selection=Selection(focus="STAT3"))
    >>> sorted(part.nodes[n]["label"] for n in part)
    ['IL-6', 'JAK1', 'STAT3', 'STAT3 signaling pathway', 'cancer cell dissemination']
    """
    import networkx

    from il6graph.store.graphstore import GraphStore

    if selection is not None and not selection.everything:
        from il6graph.selection import select_from

        return select_from(
            graph if isinstance(graph, GraphStore) else to_networkx(graph), selection
        )
    if isinstance(graph, GraphStore):
        return graph.to_networkx()

    predicates = predicate_table(graph)
    index = EntityIndex.from_graph(graph)
    view = networkx.MultiDiGraph()
    for entity in index.entities.values():
        view.add_node(
            entity.curie,
            iri=entity.iri,
            curie=entity.curie,
            label=entity.label,
            category=entity.category,
            categories=list(entity.categories),
            synonyms=list(entity.synonyms),
            mappings=list(entity.mappings),
        )
    labels = {iri: p.label for iri, p in predicates.items()}
    for claim in read_claims(graph, predicate_labels=labels):
        source, target = to_curie(claim.subject), to_curie(claim.object)
        for node, iri, label in (
            (source, claim.subject, claim.subject_label),
            (target, claim.object, claim.object_label),
        ):
            if node not in view:  # an entity without a category; validate reports it
                view.add_node(
                    node,
                    iri=iri,
                    curie=node,
                    label=label,
                    category="Entity",
                    categories=[],
                    synonyms=[],
                    mappings=[],
                )
        predicate = predicates.get(claim.predicate)
        view.add_edge(
            source,
            target,
            key=claim.curie,
            claim=claim.curie,
            predicate=claim.predicate_label,
            predicate_iri=claim.predicate,
            sign=predicate.sign if predicate else "?",
            assertion=claim.assertion,
            hedge=claim.hedge or "",
            confidence=claim.confidence,
            evidence=claim.evidence.text,
            source=claim.evidence.source_label,
            start=claim.evidence.start,
            end=claim.evidence.end,
            graph_id=claim.evidence.graph_id,  # the pathway element a pathway claim cites
            source_id=to_curie(claim.evidence.source),
            source_kind=claim.source_kind,
            attributed_to=claim.attributed_to,
        )
    return view
