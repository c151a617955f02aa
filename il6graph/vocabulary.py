"""The project's namespaces, vocabulary terms and CURIE prefix map.

The vocabulary is declared once, in ``ontology/il6graph.ttl``; the :class:`IL6V` namespace below
lists the same terms so that a misspelt term raises instead of minting a new IRI, and
``tests/test_vocabulary.py`` checks the two against each other.

>>> from il6graph.vocabulary import IL6V, to_curie, from_curie
>>> str(IL6V.activates)
'https://w3id.org/il6graph/vocab/activates'
>>> to_curie("http://identifiers.org/hgnc/6018")
'HGNC:6018'
>>> from_curie("GO:0001837")
'http://purl.obolibrary.org/obo/GO_0001837'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from il6graph import curies
from il6graph.curies import BASE, PREFIXES, from_curie, to_curie

__all__ = [
    "BASE",
    "BIOLINK",
    "CLAIM",
    "ENTITY",
    "EVIDENCE",
    "IL6V",
    "OA",
    "PREFIXES",
    "SOURCE",
    "from_curie",
    "to_curie",
]


class IL6V(DefinedNamespace):
    """Classes, predicates and individuals of the il6graph vocabulary."""

    _NS = Namespace(curies.VOCAB)
    _fail = True

    # classes
    Claim: URIRef
    Evidence: URIRef
    SourceDocument: URIRef
    AssertionKind: URIRef
    PathwayDocument: URIRef
    ClaimSheet: URIRef
    InteractionSelector: URIRef
    ArrowTypeMapping: URIRef
    # assertion kinds and agents
    Stated: URIRef
    Implied: URIRef
    External: URIRef
    Curator: URIRef
    Extractor: URIRef
    Importer: URIRef
    # properties of claims, evidence and sources
    sign: URIRef
    assertion: URIRef
    evidence: URIRef
    hedge: URIRef
    confidence: URIRef
    text: URIRef
    path: URIRef
    revision: URIRef
    graphId: URIRef
    sourceRef: URIRef
    targetRef: URIRef
    arrowHead: URIRef
    mapsTo: URIRef
    # predicates between entities
    activates: URIRef
    promotes: URIRef
    contributesTo: URIRef
    inhibits: URIRef
    regulates: URIRef
    involvedIn: URIRef
    producedBy: URIRef
    binds: URIRef
    partOf: URIRef
    memberOf: URIRef
    locatedIn: URIRef
    hasPhenotype: URIRef
    biomarkerFor: URIRef
    positivelyCorrelatedWith: URIRef
    negativelyCorrelatedWith: URIRef
    targetFor: URIRef
    inClinicalTrialsFor: URIRef
    leadsTo: URIRef
    increasesExpressionOf: URIRef


ENTITY = Namespace(curies.ENTITY)
CLAIM = Namespace(curies.CLAIM)
EVIDENCE = Namespace(curies.EVIDENCE)
SOURCE = Namespace(curies.SOURCE)
BIOLINK = Namespace(curies.BIOLINK)
OA = Namespace(curies.OA)
