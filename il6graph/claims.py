"""Claims: one subject-predicate-object statement with the sentence that supports it.

A claim is a resource of its own (``il6v:Claim``, an ``rdf:Statement``) whose IRI is derived from
its content, so inserting a claim never renames another; the plain triple is asserted beside it
so simple SPARQL and graph views see the edge.

>>> from il6graph import load_graph, read_claims
>>> claims = read_claims(load_graph())
>>> any(c.predicate_label == "activates" and c.object_label == "STAT3" for c in claims)
True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from il6graph.curies import CLAIM, EVIDENCE, SOURCE, VOCAB, to_curie
from il6graph.errors import InputError
from il6graph.resources import sources_dir

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from il6graph.store.graphstore import GraphStore

__all__ = [
    "ASSERTION_KINDS",
    "Claim",
    "Evidence",
    "add_claim",
    "add_source",
    "claim_iri",
    "evidence_iri",
    "read_claims",
]

# rdflib is imported by the functions that build rdflib graphs, not by this module: the store's
# readers use the Claim and Evidence classes without an RDF library.
ASSERTION_KINDS: dict[str, str] = {
    "stated": VOCAB + "Stated",
    "implied": VOCAB + "Implied",
    "external": VOCAB + "External",
}
CURATOR = VOCAB + "Curator"


@dataclass(frozen=True)
class Evidence:
    """A sentence of a source document, located by character offsets; or an element of a
    pathway file, located by its ``graph_id`` (then ``start`` and ``end`` are 0)."""

    iri: str
    text: str
    source: str
    source_label: str
    start: int
    end: int
    graph_id: str = ""


@dataclass(frozen=True)
class Claim:
    """A statement of the graph with its evidence, assertion kind, hedge and confidence."""

    iri: str
    subject: str
    predicate: str
    object: str
    subject_label: str
    predicate_label: str
    object_label: str
    assertion: str  # "stated", "implied" or "external"
    hedge: str | None
    confidence: float
    evidence: Evidence
    attributed_to: str = ""  # who or what made the claim: il6v:Curator, il6v:Extractor, ...
    source_kind: str = "text"  # "text", "pathway" (a GraphId) or "sheet" (a curator's claim sheet)

    @property
    def curie(self) -> str:
        """The claim's short name, e.g. ``claim:c-3f9a2e41b0``."""
        return to_curie(self.iri)


def evidence_iri(source: str, start: int, end: int) -> URIRef:
    """The IRI of the evidence spanning ``[start, end)`` of a source, e.g. ``ev:il6-cancer-overview-1473-1624``."""
    from rdflib import URIRef

    name = source[len(SOURCE) :] if source.startswith(SOURCE) else _digest(source)
    return URIRef(f"{EVIDENCE}{name}-{start}-{end}")


def claim_iri(subject: str, predicate: str, object: str, evidence: str) -> URIRef:
    """The IRI of a claim, derived from its subject, predicate, object and evidence."""
    from rdflib import URIRef

    return URIRef(CLAIM + "c-" + _digest("\n".join((subject, predicate, object, evidence))))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


# Three narrow queries rather than one wide one: converting result rows into rdflib terms is
# most of the cost, and evidence sentences and labels repeat across many claims.
_PREFIXES = """
PREFIX il6v: <https://w3id.org/il6graph/vocab/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_CLAIMS_QUERY = (
    _PREFIXES
    + """
SELECT ?claim ?s ?p ?o ?assertion ?hedge ?confidence ?ev ?agent ?sheet WHERE {
  ?claim a il6v:Claim ;
         rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
         il6v:assertion ?assertion ; il6v:confidence ?confidence ; il6v:evidence ?ev .
  OPTIONAL { ?claim il6v:hedge ?hedge }
  OPTIONAL { ?claim <http://www.w3.org/ns/prov#wasAttributedTo> ?agent }
  OPTIONAL { ?claim <http://www.w3.org/ns/prov#wasDerivedFrom> ?sheet }
}
"""
)
_EVIDENCE_QUERY = (
    _PREFIXES
    + """
SELECT ?ev ?text ?source ?start ?end ?graph_id WHERE {
  ?ev il6v:text ?text ; oa:hasSource ?source ; oa:hasSelector ?selector .
  OPTIONAL { ?selector oa:start ?start ; oa:end ?end }
  OPTIONAL { ?selector il6v:graphId ?graph_id }
  FILTER (BOUND(?start) || BOUND(?graph_id))
}
"""
)
_LABELS_QUERY = _PREFIXES + "SELECT ?node ?label WHERE { ?node rdfs:label ?label }"

_KIND_NAMES = {str(iri): name for name, iri in ASSERTION_KINDS.items()}


def read_claims(
    graph: Graph | GraphStore, *, predicate_labels: dict[str, str] | None = None
) -> list[Claim]:
    """Every complete claim of ``graph`` (an rdflib Graph or a store), sorted by subject label,
    predicate, object label.

    Claims missing a required part are left out here; ``validate`` names them.
    ``predicate_labels`` fills in labels for predicates the graph itself does not label
    (the bundled graph's predicates are labelled in the ontology, not in the data).
    """
    from il6graph.store.graphstore import GraphStore

    if isinstance(graph, GraphStore):
        return graph.claims()
    if predicate_labels is None:
        from il6graph.predicates import predicate_table

        predicate_labels = {iri: p.label for iri, p in predicate_table(graph).items()}
    labels: dict[str, str] = {}
    for node, label in graph.query(_LABELS_QUERY):  # type: ignore[misc]
        key = str(node)  # with two labels, the smaller one, so the choice never depends on order
        labels[key] = min(labels.get(key, str(label)), str(label))
    evidence: dict[str, Evidence] = {}
    for ev, text, source, start, end, graph_id in graph.query(_EVIDENCE_QUERY):  # type: ignore[misc]
        if str(ev) not in evidence:  # an evidence with two selectors is for validate to name
            evidence[str(ev)] = Evidence(
                iri=str(ev),
                text=str(text),
                source=str(source),
                source_label=labels.get(str(source), to_curie(str(source))),
                start=int(start) if start is not None else 0,
                end=int(end) if end is not None else 0,
                graph_id=str(graph_id) if graph_id is not None else "",
            )
    seen: dict[str, Claim] = {}
    rows = graph.query(_CLAIMS_QUERY)
    for claim, s, p, o, assertion, hedge, confidence, ev, agent, sheet in rows:  # type: ignore[misc]
        found = evidence.get(str(ev))
        if found is None or str(claim) in seen:
            continue
        predicate = str(p)
        seen[str(claim)] = Claim(
            iri=str(claim),
            subject=str(s),
            predicate=predicate,
            object=str(o),
            subject_label=labels.get(str(s), to_curie(str(s))),
            predicate_label=labels.get(predicate)
            or predicate_labels.get(predicate, to_curie(predicate)),
            object_label=labels.get(str(o), to_curie(str(o))),
            assertion=_KIND_NAMES.get(str(assertion), to_curie(str(assertion))),
            hedge=str(hedge) if hedge is not None else None,
            confidence=float(str(confidence)),
            evidence=found,
            attributed_to=to_curie(str(agent)) if agent is not None else "",
            source_kind="pathway" if found.graph_id else "sheet" if sheet is not None else "text",
        )
    return sorted(
        seen.values(),
        key=lambda c: (
            c.subject_label.casefold(),
            c.predicate_label,
            c.object_label.casefold(),
            c.evidence.start,
            c.iri,
        ),
    )


def add_source(graph: Graph, name: str, *, label: str, file_name: str | None = None) -> URIRef:
    """Declare a source document ``src:NAME`` whose text is ``data/sources/FILE_NAME``."""
    from rdflib import RDF, RDFS, Literal, URIRef

    from il6graph.vocabulary import IL6V

    iri = URIRef(SOURCE + name)
    graph.add((iri, RDF.type, IL6V.SourceDocument))
    graph.set((iri, RDFS.label, Literal(label)))
    graph.set((iri, IL6V.path, Literal(file_name or f"{name}.txt")))
    return iri


def add_claim(
    graph: Graph,
    *,
    subject: URIRef,
    predicate: URIRef,
    object: URIRef,
    source: URIRef,
    sentence: str,
    assertion: str = "stated",
    hedge: str | None = None,
    confidence: float = 0.9,
    attributed_to: str = CURATOR,
    occurrence: int = 1,
    sources: Path | None = None,
) -> URIRef:
    """Add one claim, its evidence sentence with offsets, and its plain triple to ``graph``.

    The sentence is looked up in the source document's text (``data/sources/``), so the offsets
    are always right; a sentence that is not there, or a hedge cue that is not in the sentence,
    raises :class:`InputError`. ``occurrence`` picks the n-th place when a sentence occurs twice.
    Returns the claim's IRI, which depends only on its content.
    """
    from rdflib import RDF, XSD, BNode, Literal, URIRef
    from rdflib.namespace import PROV

    from il6graph.vocabulary import IL6V, OA

    if assertion not in ASSERTION_KINDS:
        raise InputError(
            f"unknown assertion kind {assertion!r} (known: {', '.join(ASSERTION_KINDS)})"
        )
    if not 0.0 <= confidence <= 1.0:
        raise InputError(f"confidence {confidence} is outside [0, 1]")
    if not sentence.strip():
        raise InputError("the evidence sentence is empty")
    if hedge is not None and hedge not in sentence:
        raise InputError(f"hedge cue {hedge!r} does not occur in the sentence {sentence!r}")
    text = source_text(graph, source, sources=sources)
    start = -1
    for _ in range(occurrence):
        start = text.find(sentence, start + 1)
        if start < 0:
            raise InputError(f"sentence not found in {to_curie(str(source))}: {sentence!r}")
    end = start + len(sentence)

    evidence = evidence_iri(str(source), start, end)
    if (evidence, RDF.type, IL6V.Evidence) not in graph:
        selector = BNode()
        graph.add((evidence, RDF.type, IL6V.Evidence))
        graph.add((evidence, IL6V.text, Literal(sentence)))
        graph.add((evidence, OA.hasSource, source))
        graph.add((evidence, OA.hasSelector, selector))
        graph.add((selector, RDF.type, OA.TextPositionSelector))
        graph.add((selector, OA.start, Literal(start, datatype=XSD.integer)))
        graph.add((selector, OA.end, Literal(end, datatype=XSD.integer)))

    claim = claim_iri(str(subject), str(predicate), str(object), str(evidence))
    graph.add((subject, predicate, object))
    graph.add((claim, RDF.type, IL6V.Claim))
    graph.add((claim, RDF.subject, subject))
    graph.add((claim, RDF.predicate, predicate))
    graph.add((claim, RDF.object, object))
    graph.add((claim, IL6V.evidence, evidence))
    graph.add((claim, IL6V.assertion, URIRef(ASSERTION_KINDS[assertion])))
    graph.add((claim, IL6V.confidence, Literal(Decimal(str(confidence)), datatype=XSD.decimal)))
    graph.add((claim, PROV.wasAttributedTo, URIRef(str(attributed_to))))
    if hedge:
        graph.add((claim, IL6V.hedge, Literal(hedge)))
    return claim


def source_text(graph: Graph, source: URIRef, *, sources: Path | None = None) -> str:
    """The text of a source document, read from its file under ``data/sources/``."""
    from il6graph.vocabulary import IL6V

    file_name = graph.value(source, IL6V.path)
    if file_name is None:
        raise InputError(f"source {to_curie(str(source))} has no il6v:path naming its file")
    path = (sources or sources_dir()) / str(file_name)
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: source file of {to_curie(str(source))} not found") from None
