"""A summary of the graph: counts by category, predicate and assertion kind, hedged share,
most connected entities.

>>> from il6graph import load_graph
>>> from il6graph.stats import summarize
>>> summarize(load_graph()).claims >= 80
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from il6graph.curies import to_curie
from il6graph.entities import EntityIndex

if TYPE_CHECKING:
    from rdflib import Graph

    from il6graph.claims import Claim
    from il6graph.sources import SourceFilter
    from il6graph.store.graphstore import GraphStore

__all__ = ["Summary", "sorted_counts", "summarize"]


@dataclass(frozen=True)
class Summary:
    """What :func:`summarize` counts."""

    triples: int
    claims: int
    entities: int
    evidence_sentences: int
    by_category: dict[str, int]
    by_predicate: dict[str, int]
    by_assertion: dict[str, int]
    hedged: int
    most_connected: list[tuple[str, str, int]]  # (label, CURIE, number of claims)
    by_source_kind: dict[str, int] = field(default_factory=dict)  # text, pathway, sheet

    @property
    def hedged_share(self) -> float:
        return self.hedged / self.claims if self.claims else 0.0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["hedged_share"] = round(self.hedged_share, 4)
        data["most_connected"] = [
            {"label": label, "id": curie, "claims": count}
            for label, curie, count in self.most_connected
        ]
        return data


def summarize(
    graph: Graph | GraphStore, *, top: int = 10, sources: SourceFilter | None = None
) -> Summary:
    """Count what ``graph`` (an rdflib Graph or a store) holds; with ``sources``, only the claims
    from the sources it keeps (and the entities they are about)."""
    from il6graph.store.graphstore import GraphStore

    filtered = sources is not None and not sources.none
    if isinstance(graph, GraphStore):
        if not filtered:
            return graph.summary(top=top)
        index, claims, triples = graph.entities, graph.claims(), graph.triples
    else:
        from il6graph.claims import read_claims

        index, claims, triples = EntityIndex.from_graph(graph), read_claims(graph), len(graph)
    if sources is not None and filtered:
        sources.check(
            (c.source_kind, to_curie(c.evidence.source), c.evidence.source_label) for c in claims
        )
        claims = [
            c
            for c in claims
            if sources.passes(c.source_kind, to_curie(c.evidence.source), c.evidence.source_label)
        ]
    return _summary(index, claims, triples, top=top, mentioned_only=filtered)


def _summary(
    index: EntityIndex, claims: list[Claim], triples: int, *, top: int, mentioned_only: bool
) -> Summary:
    degree: Counter[str] = Counter()
    for claim in claims:
        degree[claim.subject] += 1
        degree[claim.object] += 1

    def label(iri: str) -> tuple[str, str]:
        entity = index.get(iri)
        return (entity.label, entity.curie) if entity else (iri, iri)

    ranked = sorted(degree.items(), key=lambda item: (-item[1], label(item[0])[0].casefold()))
    entities = [e for e in index.entities.values() if not mentioned_only or e.iri in degree]
    return Summary(
        triples=triples,
        claims=len(claims),
        entities=len(entities),
        evidence_sentences=len({c.evidence.iri for c in claims}),
        by_category=sorted_counts(Counter(e.category for e in entities)),
        by_predicate=sorted_counts(Counter(c.predicate_label for c in claims)),
        by_assertion=sorted_counts(Counter(c.assertion for c in claims)),
        hedged=sum(1 for c in claims if c.hedge),
        most_connected=[(*label(iri), count) for iri, count in ranked[:top]],
        by_source_kind=sorted_counts(Counter(c.source_kind for c in claims)),
    )


def sorted_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts, most first, ties by name."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
