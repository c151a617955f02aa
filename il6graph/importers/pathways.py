"""Turn a GPML pathway into claims: one per interaction (or per member it reaches), each citing
the interaction itself as its evidence.

Arrow types become predicates through the mapping table in the ontology (``il6v:ArrowTypeMapping``,
each row with its reason). Ends are resolved so that no interaction is lost silently: a data node
is its entity (gene products mapped to HGNC); a group of style Complex is one complex entity whose
members are ``part of`` it (each membership a claim citing the group); any other group stands for
each of its members; an end on another interaction's anchor acts on that interaction's target.
What cannot be resolved (a line to a shape or label, an end attached to nothing, an interaction
that starts on an anchor, a self-loop) is skipped and reported with its GraphId and reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from il6graph.importers.gpml import DataNode, Group, Pathway, describe, orientation
from il6graph.importers.identifiers import GPML_DATABASES, HgncEntry, HgncTable, map_identifier
from il6graph.importers.records import (
    ClaimRecord,
    ElementSelector,
    EntityRecord,
    EvidenceRecord,
    PathwayInfo,
    SourceRecord,
)
from il6graph.vocabulary import ENTITY, EVIDENCE, IL6V, SOURCE, from_curie

__all__ = [
    "ArrowType",
    "PathwayClaims",
    "Skipped",
    "arrow_types",
    "pathway_claims",
    "pathway_source",
]

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
DIRECT = 0.8  # an interaction drawn between the two entities
INTERPRETED = 0.7  # reached through an anchor, or one member of a group the arrow ends on


@dataclass(frozen=True)
class ArrowType:
    """A row of the ontology's arrow-type mapping table."""

    head: str
    predicate: str | None  # None: the arrow type is skipped
    reason: str


@cache
def arrow_types() -> dict[str, ArrowType]:
    """The arrow-type mapping table, read from the bundled ontology (its one source of truth)."""
    from rdflib import RDF, RDFS

    from il6graph.store import load_ontology

    ontology = load_ontology()
    table = {}
    for row in ontology.subjects(RDF.type, IL6V.ArrowTypeMapping):
        head = str(ontology.value(row, IL6V.arrowHead))
        target = ontology.value(row, IL6V.mapsTo)
        table[head] = ArrowType(
            head=head,
            predicate=str(target) if target is not None else None,
            reason=str(ontology.value(row, RDFS.comment) or ""),
        )
    return table


@dataclass(frozen=True)
class Skipped:
    """An interaction that became no claim: its GraphId, the kind of reason, and the reason."""

    graph_id: str
    kind: str
    reason: str


@dataclass(frozen=True)
class PathwayClaims:
    """What a pathway gives: its source record, entities and claims, and what was left out."""

    source: SourceRecord
    entities: tuple[EntityRecord, ...]
    claims: tuple[ClaimRecord, ...]
    interactions: int
    skipped: tuple[Skipped, ...]
    mapped: Counter[str] = field(default_factory=Counter)  # how each entity got its identifier
    interpreted: int = 0  # interactions resolved through an anchor or a group's members


def pathway_source(pathway: Pathway) -> SourceRecord:
    """The source document of a pathway: WikiPathways id, revision, title, licence, file name."""
    wikipathways = pathway.identifier.startswith("WP")
    name = f"{'wikipathways' if wikipathways else 'gpml'}-{pathway.identifier}-{pathway.revision}"
    return SourceRecord(
        iri=str(SOURCE[name]),
        label=f"{'WikiPathways ' if wikipathways else ''}{pathway.identifier} {pathway.revision}: {pathway.title}",
        file_name=f"{pathway.identifier}_{pathway.revision}.gpml",
        pathway=PathwayInfo(
            identifier=pathway.identifier,
            revision=pathway.revision,
            title=pathway.title,
            # WikiPathways publishes every pathway under CC0 1.0; another file's licence is not
            # stated in GPML, so it is left unsaid (validate warns).
            license=CC0 if wikipathways else "",
            page=f"https://www.wikipathways.org/pathways/{pathway.identifier}.html"
            if wikipathways
            else "",
        ),
    )


def pathway_claims(pathway: Pathway, table: HgncTable | None) -> PathwayClaims:
    """Every interaction of ``pathway`` as claims, or as a skipped interaction with a reason."""
    return _Converter(pathway, table).run()


class _Unresolved(Exception):
    """An interaction that gives no claim: ``kind`` groups the report, the message says why."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class _End:
    entities: tuple[EntityRecord, ...]
    interpreted: bool  # reached through an anchor, or spread over a group's members


class _Converter:
    def __init__(self, pathway: Pathway, table: HgncTable | None) -> None:
        self.pathway = pathway
        self.table = table
        self.source = pathway_source(pathway)
        self.name = self.source.iri.rsplit("/", 1)[-1]
        self.entities: dict[str, EntityRecord] = {}
        self.how: dict[str, str] = {}  # entity IRI -> how its identifier was found
        self.claims: list[ClaimRecord] = []
        self.skipped: list[Skipped] = []
        self.complexes: dict[str, EntityRecord] = {}  # group GraphId -> its complex entity
        self.arrows = arrow_types()

    def run(self) -> PathwayClaims:
        interpreted = 0
        for interaction in self.pathway.interactions.values():
            try:
                if self._interaction(interaction.graph_id):
                    interpreted += 1
            except _Unresolved as why:
                self.skipped.append(Skipped(interaction.graph_id, why.kind, str(why)))
        # Entities met only on interactions that were skipped stay out of the graph.
        used = {c.subject for c in self.claims} | {c.object for c in self.claims}
        return PathwayClaims(
            source=self.source,
            entities=tuple(e for e in self.entities.values() if e.iri in used),
            claims=tuple(self.claims),
            interactions=len(self.pathway.interactions),
            skipped=tuple(self.skipped),
            mapped=Counter(how for iri, how in self.how.items() if iri in used),
            interpreted=interpreted,
        )

    def _interaction(self, graph_id: str) -> bool:
        """Add the claims of one interaction; True when its ends had to be interpreted."""
        interaction = self.pathway.interactions[graph_id]
        start, end, head = orientation(interaction)
        arrow = self.arrows.get(head)
        if arrow is None:
            raise _Unresolved(
                "unknown arrow type", f"arrow type {head!r} is not in the ontology's mapping table"
            )
        if arrow.predicate is None:
            raise _Unresolved(
                "no arrow head" if head == "Line" else "drawing aid",
                "a line without an arrow head: no direction or effect is drawn"
                if head == "Line"
                else f"{head} is a drawing aid, not an interaction",
            )
        if "Line" not in (interaction.start_head, interaction.end_head):
            raise _Unresolved(
                "arrow heads at both ends",
                f"arrow heads at both ends ({interaction.start_head}, {interaction.end_head}): "
                "the direction is not clear",
            )
        if start is not None and start == end:
            raise _Unresolved(
                "both ends on one element", f"both ends are the same element ({start})"
            )
        sources = self._end(start, "start")
        targets = self._end(end, "end")
        pairs = [(s, t) for s in sources.entities for t in targets.entities if s.iri != t.iri]
        if not pairs:
            raise _Unresolved(
                "both ends one entity",
                f"both ends are {sources.entities[0].label} ({_curie(sources.entities[0].iri)}): "
                "a change of state or place, not an effect of one entity on another",
            )
        interpreted = sources.interpreted or targets.interpreted
        evidence = EvidenceRecord(
            iri=str(EVIDENCE[f"{self.name}-{graph_id}"]),
            text=describe(self.pathway, graph_id) or graph_id,
            source=self.source.iri,
            selector=ElementSelector(graph_id, interaction.start, interaction.end),
        )
        for subject, object in pairs:
            self.claims.append(
                ClaimRecord(
                    subject=subject.iri,
                    predicate=arrow.predicate,
                    object=object.iri,
                    evidence=evidence,
                    assertion="external",
                    confidence=INTERPRETED if interpreted else DIRECT,
                    agent=str(IL6V.Importer),
                )
            )
        return interpreted

    def _end(self, ref: str | None, side: str, depth: int = 0) -> _End:
        pathway = self.pathway
        if ref is None:
            raise _Unresolved("attached to nothing", f"its {side} is attached to nothing")
        if ref in pathway.nodes:
            return _End((self._node(pathway.nodes[ref]),), interpreted=depth > 0)
        if ref in pathway.groups:
            group = pathway.groups[ref]
            if group.style == "Complex":
                return _End((self._complex(group),), interpreted=depth > 0)
            members = self._members(group)
            if not members:
                raise _Unresolved(
                    "empty group", f"its {side} is group {ref}, which has no data nodes"
                )
            return _End(tuple(members), interpreted=True)
        if ref in pathway.anchors:
            anchored = pathway.anchors[ref]
            if side == "start":
                raise _Unresolved(
                    "starts on an anchor",
                    f"it starts on an anchor of interaction {anchored}: the pathway does not say "
                    "which entity acts",
                )
            if depth >= 4:
                raise _Unresolved(
                    "anchor chain too deep", f"its {side} is a chain of anchors more than 4 deep"
                )
            _, target, _ = orientation(pathway.interactions[anchored])
            try:
                found = self._end(target, side, depth + 1)
            except _Unresolved as why:
                raise _Unresolved(
                    why.kind,
                    f"its {side} is an anchor of interaction {anchored}, whose end is not resolved "
                    f"({why})",
                ) from None
            return _End(found.entities, interpreted=True)
        if ref in pathway.drawings:
            raise _Unresolved(
                "ends on a drawing",
                f"its {side} is {pathway.drawings[ref]}, a drawing, not a data node",
            )
        raise _Unresolved(
            "unknown GraphRef",
            f"its {side} refers to GraphRef {ref!r}, which the file does not have",
        )

    def _members(self, group: Group) -> list[EntityRecord]:
        found: dict[str, EntityRecord] = {}
        for member in self.pathway.members(group):
            if isinstance(member, DataNode):
                entity = self._node(member)
                found[entity.iri] = entity
            elif member.style == "Complex":
                entity = self._complex(member)
                found[entity.iri] = entity
            else:
                found.update((e.iri, e) for e in self._members(member))
        return list(found.values())

    def _complex(self, group: Group) -> EntityRecord:
        """The complex a group of style Complex is, with a ``part of`` claim per member."""
        if group.graph_id in self.complexes:
            return self.complexes[group.graph_id]
        # A data node of type Complex inside the group names the complex itself.
        named = [
            m
            for m in self.pathway.members(group)
            if isinstance(m, DataNode) and m.type == "Complex"
        ]
        parts: list[EntityRecord] = []
        for member in self.pathway.members(group):
            if isinstance(member, DataNode) and member in named:
                continue  # the node that names the complex itself
            if isinstance(member, DataNode):
                parts.append(self._node(member))
            elif member.style == "Complex":
                parts.append(self._complex(member))
            else:
                parts += self._members(member)
        symbols = sorted({p.label for p in parts})
        if len(named) == 1 and named[0].xref is not None:
            entity = self._node(named[0])
            label = entity.label
            if named[0].xref and label == named[0].xref.id and symbols:
                label = ":".join(symbols) + " complex"  # a node labelled by its id only
            entity = EntityRecord(
                entity.iri, group.label or label, ("MacromolecularComplex",), (), entity.mappings
            )
        else:
            slug = "-".join(_slug(s) for s in symbols) or _slug(group.graph_id)
            entity = EntityRecord(
                iri=str(ENTITY[f"complex-{slug}"]),
                label=group.label
                or (named[0].label if len(named) == 1 and named[0].label else "")
                or (":".join(symbols) + " complex"),
                categories=("MacromolecularComplex",),
            )
        self.entities[entity.iri] = entity
        self.complexes[group.graph_id] = entity
        evidence = EvidenceRecord(
            iri=str(EVIDENCE[f"{self.name}-{group.graph_id}"]),
            text=describe(self.pathway, group.graph_id) or group.graph_id,
            source=self.source.iri,
            selector=ElementSelector(group.graph_id),
        )
        for part in {p.iri: p for p in parts}.values():
            self.claims.append(
                ClaimRecord(
                    subject=part.iri,
                    predicate=str(IL6V.partOf),
                    object=entity.iri,
                    evidence=evidence,
                    assertion="external",
                    confidence=DIRECT,
                    agent=str(IL6V.Importer),
                )
            )
        return entity

    def _node(self, node: DataNode) -> EntityRecord:
        entity, how = _node_entity(self.pathway, node, self.table)
        if entity.iri not in self.entities:
            self.how[entity.iri] = how
            self.entities[entity.iri] = entity
        else:  # the same entity drawn twice (or under two ids): keep every id it was found under
            known = self.entities[entity.iri]
            mappings = tuple(sorted(set(known.mappings) | set(entity.mappings)))
            synonyms = tuple(sorted(set(known.synonyms) | set(entity.synonyms)))
            self.entities[entity.iri] = EntityRecord(
                known.iri, known.label, known.categories, synonyms, mappings
            )
        return self.entities[entity.iri]


def _node_entity(
    pathway: Pathway, node: DataNode, table: HgncTable | None
) -> tuple[EntityRecord, str]:
    """The entity a data node stands for, and how its identifier was found (for the report)."""
    xref = node.xref
    prefix = GPML_DATABASES.get(xref.database) if xref is not None else None
    if xref is not None and prefix is not None:
        human = pathway.organism in ("Homo sapiens", "")
        # Identifiers name one species' gene, so any of them maps; a symbol maps only in human.
        usable = table if (prefix != "HGNC.symbol" or human) else None
        mapped = map_identifier(prefix, xref.id, usable)
        if mapped.hgnc is not None:
            return _gene_entity(mapped.hgnc, node, mapped.source), f"{xref.database} -> HGNC"
        if prefix != "HGNC.symbol":
            iri = from_curie(mapped.curie)
            return (
                EntityRecord(iri, node.label or mapped.curie, _categories(node, prefix)),
                f"{xref.database}: kept as {prefix} (not in the HGNC table)"
                if prefix in ("NCBIGene", "ENSEMBL", "UniProtKB")
                else f"{xref.database}: kept as {prefix}",
            )
    why = f"unknown database {xref.database!r}" if xref is not None else "no identifier"
    local = ENTITY[f"{pathway.identifier.lower()}-{_slug(node.label or node.graph_id)}"]
    return EntityRecord(str(local), node.label or node.graph_id, _categories(node, "")), (
        f"{why}: local entity"
    )


def _gene_entity(entry: HgncEntry, node: DataNode, source: str) -> EntityRecord:
    locus = entry.locus_type
    if locus == "gene with protein product":
        categories: tuple[str, ...] = ("Gene", "Protein")
    elif locus == "RNA, micro":
        categories = ("Gene", "MicroRNA")
    elif locus == "RNA, long non-coding":
        categories = ("Gene", "NoncodingRNAProduct")
    elif locus.startswith("RNA"):
        categories = ("Gene", "RNAProduct")
    else:
        categories = ("Gene",)
    mappings = {from_curie(source)} if source else set()
    if entry.entrez:
        mappings.add(from_curie(f"NCBIGene:{entry.entrez}"))
    mappings.update(from_curie(f"UniProtKB:{a}") for a in entry.uniprot)
    synonyms = {entry.name}
    if node.label and node.label != entry.symbol:
        synonyms.add(node.label)
    return EntityRecord(
        iri=from_curie(entry.curie),
        label=entry.symbol,
        categories=categories,
        synonyms=tuple(sorted(synonyms)),
        mappings=tuple(sorted(mappings)),
    )


_TYPE_CATEGORIES = {
    "GeneProduct": ("Gene", "Protein"),
    "Protein": ("Gene", "Protein"),
    "Rna": ("RNAProduct",),
    "Metabolite": ("SmallMolecule",),
    "Pathway": ("Pathway",),
    "Complex": ("MacromolecularComplex",),
}


def _categories(node: DataNode, prefix: str) -> tuple[str, ...]:
    if prefix == "PFAM":
        return ("GeneFamily",)  # a Pfam entry is a family of proteins, not one gene
    return _TYPE_CATEGORIES.get(node.type, ("NamedThing",))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def _curie(iri: str) -> str:
    from il6graph.vocabulary import to_curie

    return to_curie(iri)
