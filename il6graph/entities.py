"""Entities and the one name resolver every command uses.

A name matches an entity's label, any synonym, its CURIE or IRI, or an identifier it is mapped
to, ignoring case and punctuation: "il6", "IL-6", "Interleukin 6" and "HGNC:6018" all find IL-6.

>>> from il6graph import load_graph
>>> from il6graph.entities import EntityIndex
>>> index = EntityIndex.from_graph(load_graph())
>>> index.resolve("interleukin 6").label
'IL-6'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from il6graph.curies import BIOLINK, to_curie
from il6graph.errors import InputError

if TYPE_CHECKING:
    import networkx
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore

__all__ = ["CATEGORY_ORDER", "Entity", "EntityIndex", "normalize_name"]

# The category an entity is shown under, when it has several: the first one here that it has.
CATEGORY_ORDER = (
    "Protein",
    "Gene",
    "Drug",
    "Pathway",
    "MolecularActivity",
    "BiologicalProcess",
    "Cell",
    "AnatomicalEntity",
    "Disease",
    "PhenotypicFeature",
    "ClinicalAttribute",
)
# Identifiers that name the same thing. A broader or narrower term (skos:broadMatch, "cachexia"
# for "cancer cachexia") is not a name of the entity, so it does not resolve to it.
_MATCHES = (
    "http://www.w3.org/2004/02/skos/core#exactMatch",
    "http://www.w3.org/2004/02/skos/core#closeMatch",
)


@dataclass(frozen=True)
class Entity:
    """A node of the graph: a gene product, process, cell type, disease, drug, ..."""

    iri: str
    curie: str
    label: str
    categories: tuple[str, ...]
    synonyms: tuple[str, ...]
    mappings: tuple[str, ...]

    @classmethod
    def from_node(cls, node: str, data: dict[str, Any]) -> Entity:
        """The entity behind a node of the networkx view (its id and attributes)."""
        return cls(
            iri=data.get("iri", node),
            curie=node,
            label=data.get("label", node),
            categories=tuple(data.get("categories", ())),
            synonyms=tuple(data.get("synonyms", ())),
            mappings=tuple(data.get("mappings", ())),
        )

    @property
    def category(self) -> str:
        """The one category the entity is shown under (e.g. ``Protein`` for a gene product)."""
        for name in CATEGORY_ORDER:
            if name in self.categories:
                return name
        return self.categories[0] if self.categories else "Entity"


def normalize_name(name: str) -> str:
    """Fold case and width and drop everything but letters and digits: ``"IL-6"`` -> ``"il6"``."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name).casefold())


class EntityIndex:
    """All entities of a graph, findable by any of their names.

    Built from a list of entities (:meth:`from_graph`, :meth:`from_view`), or over tables that
    live elsewhere (the store's SQLite index): ``entities`` maps IRIs to entities and ``names``
    maps a normalized name to the IRIs it names with a rank (0 label, CURIE or IRI; 1 synonym;
    2 mapped identifier).
    """

    def __init__(
        self,
        entities: Iterable[Entity] | Mapping[str, Entity],
        names: Mapping[str, Mapping[str, int]] | None = None,
    ) -> None:
        if isinstance(entities, Mapping):
            self.entities: Mapping[str, Entity] = entities
        else:
            self.entities = {entity.iri: entity for entity in entities}
        if names is None:
            table: dict[str, dict[str, int]] = {}
            for entity in self.entities.values():
                for rank, listed in (
                    (0, (entity.label, entity.curie, entity.iri)),
                    (1, entity.synonyms),
                    (2, entity.mappings),
                ):
                    for name in listed:
                        ranks = table.setdefault(normalize_name(name), {})
                        ranks[entity.iri] = min(rank, ranks.get(entity.iri, rank))
            names = table
        self._names = names

    @classmethod
    def from_graph(cls, graph: Graph | GraphStore) -> EntityIndex:
        """Index every labelled entity that has a Biolink category (a store has its index)."""
        from rdflib import RDF, RDFS, URIRef

        from il6graph.store.graphstore import GraphStore

        if isinstance(graph, GraphStore):
            return graph.entities

        skos_alt = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
        categories: dict[str, set[str]] = {}
        for subject, _, category in graph.triples((None, RDF.type, None)):
            if str(category).startswith(BIOLINK) and str(category) != BIOLINK + "Association":
                categories.setdefault(str(subject), set()).add(str(category)[len(BIOLINK) :])
        entities = []
        for iri, cats in categories.items():
            node = URIRef(iri)
            label = graph.value(node, RDFS.label)
            entities.append(
                Entity(
                    iri=iri,
                    curie=to_curie(iri),
                    label=str(label) if label is not None else to_curie(iri),
                    categories=tuple(sorted(cats)),
                    synonyms=tuple(sorted(str(s) for s in graph.objects(node, skos_alt))),
                    mappings=tuple(
                        sorted(
                            to_curie(str(m))
                            for rel in _MATCHES
                            for m in graph.objects(node, URIRef(rel))
                        )
                    ),
                )
            )
        return cls(entities)

    @classmethod
    def from_view(cls, view: networkx.MultiDiGraph) -> EntityIndex:
        """Index the nodes of a networkx view (see :func:`il6graph.graph_view.to_networkx`)."""
        return cls([Entity.from_node(node, data) for node, data in view.nodes(data=True)])

    def _keys(self) -> Iterator[str]:
        return iter(self._names)

    def _close_keys(self, key: str) -> Iterable[str]:
        """The names worth comparing with ``key`` for suggestions (all of them here)."""
        return list(self._names)

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, iri: str) -> Entity | None:
        """The entity with this IRI, if the graph has it."""
        return self.entities.get(iri)

    def candidates(self, name: str) -> list[Entity]:
        """The entities whose best-ranked name matches ``name``."""
        ranks = self._names.get(normalize_name(name), {})
        if not ranks:
            return []
        best = min(ranks.values())
        return sorted(
            (self.entities[iri] for iri, rank in ranks.items() if rank == best),
            key=lambda e: e.label.casefold(),
        )

    def suggestions(self, name: str, *, limit: int = 5) -> list[Entity]:
        """Entities whose names are close to ``name``, for "did you mean" hints."""
        key = normalize_name(name)
        found: list[str] = []
        if key:
            keys = list(self._close_keys(key))
            close = difflib.get_close_matches(key, keys, n=limit * 3, cutoff=0.6)
            contains = [n for n in keys if len(key) >= 3 and (key in n or n in key)]
            for n in close + sorted(contains, key=len):
                for iri in self._names[n]:
                    if iri not in found:
                        found.append(iri)
        return [self.entities[iri] for iri in found[:limit]]

    def resolve(self, name: str) -> Entity:
        """The one entity named ``name``; an unknown or ambiguous name raises :class:`InputError`."""
        matches = self.candidates(name)
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = "; ".join(f"{e.label} ({e.curie})" for e in matches)
            raise InputError(f"ambiguous entity name {name!r}: it names {listed}")
        hints = self.suggestions(name)
        hint = f"; did you mean {', '.join(repr(e.label) for e in hints)}?" if hints else ""
        raise InputError(f"unknown entity {name!r}{hint}")
