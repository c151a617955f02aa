"""Name resolution: labels, synonyms and identifiers, case- and punctuation-insensitive."""

from __future__ import annotations

import pytest

from il6graph.entities import Entity, EntityIndex, normalize_name
from il6graph.errors import InputError


@pytest.fixture(scope="module")
def index(graph):
    return EntityIndex.from_graph(graph)


@pytest.mark.parametrize(
    "name",
    ["IL-6", "il6", "Interleukin 6", "interleukin-6", "HGNC:6018", "NCBIGene:3569", "hgnc:6018"],
)
def test_names_of_il6(index, name):
    assert index.resolve(name).curie == "HGNC:6018"


@pytest.mark.parametrize(
    ("name", "curie"),
    [
        ("EMT", "GO:0001837"),
        ("MDSC", "CL:0000889"),
        ("Treg", "CL:0000815"),
        ("CAF", "il6:cancer-associated-fibroblast"),
        ("gp130", "HGNC:6021"),
        ("stat3", "HGNC:11364"),
        ("STAT3 pathway", "il6:stat3-signaling-pathway"),
        ("hematopoiesis", "GO:0030097"),
        ("tocilizumab", "DRUGBANK:DB06273"),
    ],
)
def test_synonyms_people_type(index, name, curie):
    assert index.resolve(name).curie == curie


def test_unknown_name_suggests_close_ones(index):
    with pytest.raises(InputError) as caught:
        index.resolve("metastatis")
    message = str(caught.value)
    assert "unknown entity 'metastatis'" in message
    assert "did you mean" in message and "'metastasis'" in message


def test_ambiguous_name_lists_the_candidates():
    index = EntityIndex(
        [
            Entity("http://x/a", "x:a", "IL-6 receptor alpha", ("Protein",), ("IL6R",), ()),
            Entity("http://x/b", "x:b", "IL-6 receptor complex", ("Protein",), ("IL6R",), ()),
        ]
    )
    with pytest.raises(
        InputError,
        match=r"ambiguous entity name 'il6r': it names IL-6 receptor alpha .*; IL-6 receptor complex",
    ):
        index.resolve("il6r")


def test_a_label_beats_a_synonym_of_another_entity():
    index = EntityIndex(
        [
            Entity("http://x/a", "x:a", "STAT3", ("Protein",), (), ()),
            Entity("http://x/b", "x:b", "STAT3 pathway", ("Pathway",), ("stat-3",), ()),
        ]
    )
    assert index.resolve("STAT-3").curie == "x:a"


def test_normalize_name():
    assert normalize_name("IL-6") == normalize_name("il 6") == "il6"
    assert normalize_name("Interleukin_6") == "interleukin6"
