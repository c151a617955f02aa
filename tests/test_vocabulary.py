"""The Python vocabulary constants against the ontology file, their one source of truth."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import OWL, SKOS

from il6graph.predicates import SIGNS, combine_signs, predicate_table
from il6graph.store import load_ontology
from il6graph.vocabulary import IL6V, from_curie, to_curie

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "identifiers.tsv"


def python_terms() -> set[str]:
    return {str(IL6V[name]) for name in IL6V.__annotations__}


def test_every_python_term_is_declared_in_the_ontology():
    ontology = load_ontology()
    declared = {str(s) for s in ontology.subjects(RDF.type, None)}
    assert python_terms() - declared == set()


def test_every_ontology_term_has_a_python_constant():
    ontology = load_ontology()
    ours = {
        str(s)
        for s in ontology.subjects(RDF.type, None)
        if str(s).startswith(str(IL6V._NS)) and str(s) != str(IL6V._NS)
    }
    assert ours - python_terms() == set()


def test_misspelt_term_raises_instead_of_minting_an_iri():
    with pytest.raises(AttributeError):
        _ = IL6V.activate  # the predicate is "activates"


def test_every_predicate_has_label_definition_sign_and_mapping():
    table = predicate_table()
    assert len(table) >= 10
    for predicate in table.values():
        assert predicate.label and predicate.definition, predicate.iri
        assert predicate.sign in SIGNS, predicate.iri
        assert predicate.mappings, f"{predicate.curie} maps to no RO or Biolink term"


def test_signs_of_the_core_predicates():
    table = {p.label: p.sign for p in predicate_table().values()}
    assert table["activates"] == "+"
    assert table["inhibits"] == "-"
    assert table["regulates"] == "?"
    assert table["produced by"] == "0"


def test_object_properties_in_the_ontology_all_carry_a_sign():
    ontology = load_ontology()
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if (prop, RDFS.domain, IL6V.Claim) in ontology:
            continue  # properties of claims (evidence, assertion) are not edges between entities
        assert ontology.value(prop, IL6V.sign) is not None, prop
        assert ontology.value(prop, SKOS.definition) is not None, prop


@pytest.mark.parametrize(
    ("signs", "net"),
    [(["+"], "+"), (["+", "-"], "-"), (["-", "-"], "+"), (["+", "?", "-"], "?"), (["+", "0"], "0")],
)
def test_combine_signs(signs, net):
    assert combine_signs(signs) == net


@pytest.mark.skipif(
    not REFERENCE.is_file(),
    reason="../shared/reference/identifiers.tsv is not beside this checkout",
)
def test_curies_of_the_reference_round_trip():
    with REFERENCE.open() as stream:
        curies = [row["curie"] for row in csv.DictReader(stream, delimiter="\t")]
    assert len(curies) > 50
    for curie in curies:
        assert to_curie(from_curie(curie)) == curie


def test_standard_iris_follow_the_biolink_prefix_map():
    assert from_curie("HGNC:6018") == "http://identifiers.org/hgnc/6018"
    assert from_curie("GO:0001837") == "http://purl.obolibrary.org/obo/GO_0001837"
    assert from_curie("EFO:0009708") == "http://www.ebi.ac.uk/efo/EFO_0009708"
    assert to_curie(str(URIRef("https://example.org/x"))) == "https://example.org/x"
    with pytest.raises(ValueError, match="unknown CURIE prefix"):
        from_curie("NOPE:1")
