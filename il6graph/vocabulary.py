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

BASE = "https://w3id.org/il6graph/"


class IL6V(DefinedNamespace):
    """Classes, predicates and individuals of the il6graph vocabulary."""

    _NS = Namespace(BASE + "vocab/")
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


ENTITY = Namespace(BASE + "entity/")
CLAIM = Namespace(BASE + "claim/")
EVIDENCE = Namespace(BASE + "evidence/")
SOURCE = Namespace(BASE + "source/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
OA = Namespace("http://www.w3.org/ns/oa#")

# Turtle / SPARQL prefixes: the project's own, then standard identifiers as in the Biolink Model's
# prefix map (identifiers.org for HGNC, NCBIGene, DrugBank; OBO PURLs for GO, CL, HP, MONDO, RO).
PREFIXES: dict[str, str] = {
    "il6v": str(IL6V._NS),
    "il6": str(ENTITY),
    "claim": str(CLAIM),
    "ev": str(EVIDENCE),
    "src": str(SOURCE),
    "biolink": str(BIOLINK),
    "oa": str(OA),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "obo": "http://purl.obolibrary.org/obo/",
    "hgnc": "http://identifiers.org/hgnc/",
    "ncbigene": "http://identifiers.org/ncbigene/",
    "uniprot": "http://purl.uniprot.org/uniprot/",
    "drugbank": "http://identifiers.org/drugbank/",
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "efo": "http://www.ebi.ac.uk/efo/EFO_",
    "wikipathways": "http://identifiers.org/wikipathways/",
}

# CURIE prefix -> IRI prefix, for identifiers written as CURIEs (HGNC:6018, GO:0001837).
_CURIE_PREFIXES: dict[str, str] = {
    "HGNC": "http://identifiers.org/hgnc/",
    "NCBIGene": "http://identifiers.org/ncbigene/",
    "UniProtKB": "http://purl.uniprot.org/uniprot/",
    "DRUGBANK": "http://identifiers.org/drugbank/",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "EFO": "http://www.ebi.ac.uk/efo/EFO_",
    "WIKIPATHWAYS": "http://identifiers.org/wikipathways/",
    # identifiers that imported pathways bring (Bioregistry prefixes, identifiers.org IRIs)
    "ENSEMBL": "http://identifiers.org/ensembl/",
    "PFAM": "http://identifiers.org/pfam/",
    "ComplexPortal": "http://identifiers.org/complexportal/",
    "mirbase.mature": "http://identifiers.org/mirbase.mature/",
    "mirbase": "http://identifiers.org/mirbase/",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "GO": "http://purl.obolibrary.org/obo/GO_",
    "CL": "http://purl.obolibrary.org/obo/CL_",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "UBERON": "http://purl.obolibrary.org/obo/UBERON_",
    "RO": "http://purl.obolibrary.org/obo/RO_",
    "BFO": "http://purl.obolibrary.org/obo/BFO_",
    "biolink": str(BIOLINK),
    "il6": str(ENTITY),
    "il6v": str(IL6V._NS),
    "claim": str(CLAIM),
    "ev": str(EVIDENCE),
    "src": str(SOURCE),
}
# Longest IRI prefix first, so "…/obo/GO_" wins over a shorter match.
_IRI_PREFIXES = sorted(((iri, curie) for curie, iri in _CURIE_PREFIXES.items()), reverse=True)


def from_curie(curie: str) -> str:
    """Expand a CURIE such as ``HGNC:6018`` to its IRI; raise ``ValueError`` if its prefix is unknown."""
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in _CURIE_PREFIXES:
        known = ", ".join(sorted(_CURIE_PREFIXES))
        raise ValueError(f"unknown CURIE prefix in {curie!r} (known: {known})")
    return _CURIE_PREFIXES[prefix] + local


def to_curie(iri: str) -> str:
    """Compact an IRI to a CURIE; an IRI under no known prefix is returned unchanged."""
    for prefix_iri, prefix in _IRI_PREFIXES:
        if iri.startswith(prefix_iri) and len(iri) > len(prefix_iri):
            return f"{prefix}:{iri[len(prefix_iri) :]}"
    return iri
