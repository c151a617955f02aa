"""What an import adds to a graph: entities, source documents, evidence and claims, as records.

Readers of each kind of source (pathways, claim sheets) produce these records; :func:`add_records`
turns them into the project's model (``il6v:Claim`` with subject, predicate, object, evidence,
assertion kind, hedge, confidence and ``prov:wasAttributedTo``, the plain triple beside it) and
adds only what the graph does not already hold, so importing twice changes nothing. An entity the
graph already describes keeps its label and category; the import adds only the identifiers it
was found under.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from il6graph.claims import ASSERTION_KINDS, claim_iri
from il6graph.progress import bar
from il6graph.vocabulary import BIOLINK, IL6V, OA

__all__ = [
    "Added",
    "ClaimRecord",
    "ElementSelector",
    "EntityRecord",
    "EvidenceRecord",
    "PathwayInfo",
    "SheetRecord",
    "SourceRecord",
    "TextSpan",
    "add_records",
]


@dataclass(frozen=True)
class EntityRecord:
    """An entity as a source describes it; ``categories`` are Biolink class names (``Protein``),
    ``mappings`` IRIs of the same thing in other resources (written as ``skos:exactMatch``)."""

    iri: str
    label: str
    categories: tuple[str, ...]
    synonyms: tuple[str, ...] = ()
    mappings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathwayInfo:
    """What a pathway evidence cites: the pathway's id, revision, title, licence and page."""

    identifier: str
    revision: str
    title: str
    license: str  # an IRI, or "" when the file does not say and the importer cannot know
    page: str  # where a person reads the pathway


@dataclass(frozen=True)
class SourceRecord:
    """A source document: a text (sentences with offsets) or a pathway file (GraphIds)."""

    iri: str
    label: str
    file_name: str
    pathway: PathwayInfo | None = None


@dataclass(frozen=True)
class SheetRecord:
    """A claim sheet that new claims were imported from (``prov:wasDerivedFrom``)."""

    iri: str
    label: str


@dataclass(frozen=True)
class TextSpan:
    """Character offsets ``[start, end)`` into a text."""

    start: int
    end: int


@dataclass(frozen=True)
class ElementSelector:
    """An element of a pathway file by GraphId; for an interaction, the GraphRefs of its ends."""

    graph_id: str
    source_ref: str | None = None
    target_ref: str | None = None


@dataclass(frozen=True)
class EvidenceRecord:
    iri: str
    text: str
    source: str
    selector: TextSpan | ElementSelector


@dataclass(frozen=True)
class ClaimRecord:
    subject: str
    predicate: str
    object: str
    evidence: EvidenceRecord
    assertion: str
    confidence: float
    agent: str
    hedge: str | None = None
    sheet: str | None = None  # the claim sheet's IRI, for claims read from one

    @property
    def iri(self) -> str:
        return str(claim_iri(self.subject, self.predicate, self.object, self.evidence.iri))


@dataclass(frozen=True)
class Added:
    """How much of an import was new to the graph."""

    claims: int
    entities: int


def add_records(
    graph: Graph,
    *,
    entities: Iterable[EntityRecord] = (),
    sources: Iterable[SourceRecord] = (),
    sheets: Iterable[SheetRecord] = (),
    claims: Iterable[ClaimRecord] = (),
) -> Added:
    """Add what ``graph`` does not hold yet; return how many claims and entities were new."""
    triples: list[tuple[Node, Node, Node]] = []
    labelled = {str(s) for s in graph.subjects(RDFS.label, None)}
    new_entities = 0
    for entity in entities:
        node = URIRef(entity.iri)
        if entity.iri not in labelled:
            new_entities += 1
            labelled.add(entity.iri)
            triples.append((node, RDFS.label, Literal(entity.label)))
            triples += [(node, RDF.type, BIOLINK[c]) for c in entity.categories]
            triples += [(node, SKOS.altLabel, Literal(s)) for s in entity.synonyms]
        triples += [(node, SKOS.exactMatch, URIRef(m)) for m in entity.mappings if m != entity.iri]
    for source in sources:
        triples += _source_triples(source, labelled)
    for sheet in sheets:
        node = URIRef(sheet.iri)
        triples += [(node, RDF.type, IL6V.ClaimSheet), (node, RDFS.label, Literal(sheet.label))]
    known_claims = {str(c) for c in graph.subjects(RDF.type, IL6V.Claim)}
    known_evidence = {str(e) for e in graph.subjects(RDF.type, IL6V.Evidence)}
    new_claims = 0
    for claim in claims:
        iri = claim.iri
        if claim.evidence.iri not in known_evidence:
            known_evidence.add(claim.evidence.iri)
            triples += _evidence_triples(claim.evidence)
        if iri in known_claims:
            continue  # an agreeing claim from the same evidence: nothing to add
        known_claims.add(iri)
        new_claims += 1
        triples += _claim_triples(URIRef(iri), claim)
    with bar(total=len(triples), desc="adding to the graph", unit="triple") as progress:
        for start in range(0, len(triples), 50_000):
            chunk = triples[start : start + 50_000]
            graph.addN((s, p, o, graph) for s, p, o in chunk)
            progress.update(len(chunk))
    return Added(claims=new_claims, entities=new_entities)


def _source_triples(source: SourceRecord, labelled: set[str]) -> list[tuple[Node, Node, Node]]:
    node = URIRef(source.iri)
    triples: list[tuple[Node, Node, Node]] = [(node, RDF.type, IL6V.SourceDocument)]
    if source.iri not in labelled:  # a source the graph declares keeps its label and file
        labelled.add(source.iri)
        triples += [
            (node, RDFS.label, Literal(source.label)),
            (node, IL6V.path, Literal(source.file_name)),
        ]
    info = source.pathway
    if info is not None:
        triples += [
            (node, RDF.type, IL6V.PathwayDocument),
            (node, DCTERMS.identifier, Literal(info.identifier)),
            (node, IL6V.revision, Literal(info.revision)),
            (node, DCTERMS.title, Literal(info.title)),
        ]
        if info.license:
            triples.append((node, DCTERMS.license, URIRef(info.license)))
        if info.page:
            triples.append((node, RDFS.seeAlso, URIRef(info.page)))
    return triples


def _evidence_triples(evidence: EvidenceRecord) -> list[tuple[Node, Node, Node]]:
    node, selector = URIRef(evidence.iri), BNode()
    triples: list[tuple[Node, Node, Node]] = [
        (node, RDF.type, IL6V.Evidence),
        (node, IL6V.text, Literal(evidence.text)),
        (node, OA.hasSource, URIRef(evidence.source)),
        (node, OA.hasSelector, selector),
    ]
    chosen = evidence.selector
    if isinstance(chosen, TextSpan):
        triples += [
            (selector, RDF.type, OA.TextPositionSelector),
            (selector, OA.start, Literal(chosen.start, datatype=XSD.integer)),
            (selector, OA.end, Literal(chosen.end, datatype=XSD.integer)),
        ]
    else:
        triples += [
            (selector, RDF.type, IL6V.InteractionSelector),
            (selector, IL6V.graphId, Literal(chosen.graph_id)),
        ]
        if chosen.source_ref:
            triples.append((selector, IL6V.sourceRef, Literal(chosen.source_ref)))
        if chosen.target_ref:
            triples.append((selector, IL6V.targetRef, Literal(chosen.target_ref)))
    return triples


def _claim_triples(node: URIRef, claim: ClaimRecord) -> list[tuple[Node, Node, Node]]:
    subject, predicate, object = (
        URIRef(claim.subject),
        URIRef(claim.predicate),
        URIRef(claim.object),
    )
    triples: list[tuple[Node, Node, Node]] = [
        (subject, predicate, object),
        (node, RDF.type, IL6V.Claim),
        (node, RDF.subject, subject),
        (node, RDF.predicate, predicate),
        (node, RDF.object, object),
        (node, IL6V.evidence, URIRef(claim.evidence.iri)),
        (node, IL6V.assertion, URIRef(ASSERTION_KINDS[claim.assertion])),
        (node, IL6V.confidence, Literal(Decimal(str(claim.confidence)), datatype=XSD.decimal)),
        (node, PROV.wasAttributedTo, URIRef(claim.agent)),
    ]
    if claim.hedge:
        triples.append((node, IL6V.hedge, Literal(claim.hedge)))
    if claim.sheet:
        triples.append((node, PROV.wasDerivedFrom, URIRef(claim.sheet)))
    return triples
