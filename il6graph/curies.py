"""CURIEs: the prefix map of standard identifiers and the project's own namespaces, as strings.

Plain string work with no rdflib, so that the store and the fast read commands can name things
without importing an RDF library. :mod:`il6graph.vocabulary` builds its rdflib namespaces from
these.

>>> to_curie("http://identifiers.org/hgnc/6018")
'HGNC:6018'
>>> from_curie("GO:0001837")
'http://purl.obolibrary.org/obo/GO_0001837'
"""

from __future__ import annotations

__all__ = ["BASE", "PREFIXES", "from_curie", "to_curie"]

BASE = "https://w3id.org/il6graph/"
VOCAB = BASE + "vocab/"
ENTITY = BASE + "entity/"
CLAIM = BASE + "claim/"
EVIDENCE = BASE + "evidence/"
SOURCE = BASE + "source/"
BIOLINK = "https://w3id.org/biolink/vocab/"
OA = "http://www.w3.org/ns/oa#"

# Turtle / SPARQL prefixes: the project's own, then standard identifiers as in the Biolink Model's
# prefix map (identifiers.org for HGNC, NCBIGene, DrugBank; OBO PURLs for GO, CL, HP, MONDO, RO).
PREFIXES: dict[str, str] = {
    "il6v": VOCAB,
    "il6": ENTITY,
    "claim": CLAIM,
    "ev": EVIDENCE,
    "src": SOURCE,
    "biolink": BIOLINK,
    "oa": OA,
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
    "biolink": BIOLINK,
    "il6": ENTITY,
    "il6v": VOCAB,
    "claim": CLAIM,
    "ev": EVIDENCE,
    "src": SOURCE,
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
