"""The curated claims: evidence offsets, stable IRIs, hedges, assertion kinds, coverage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from il6graph.claims import add_claim, add_source, claim_iri, read_claims
from il6graph.errors import InputError
from il6graph.resources import sources_dir
from il6graph.store import new_graph
from il6graph.vocabulary import ENTITY, IL6V, from_curie

SHARED_SOURCE = (
    Path(__file__).resolve().parents[2] / "shared" / "source" / "il6-cancer-overview.txt"
)


@pytest.fixture(scope="module")
def claims(graph):
    return read_claims(graph)


def find(claims, subject: str, predicate: str, object: str):
    return [
        c
        for c in claims
        if c.subject_label == subject
        and c.predicate_label == predicate
        and c.object_label == object
    ]


@pytest.mark.skipif(
    not SHARED_SOURCE.is_file(), reason="../shared/source is not beside this checkout"
)
def test_source_text_is_the_shared_one_byte_for_byte():
    assert (sources_dir() / "il6-cancer-overview.txt").read_bytes() == SHARED_SOURCE.read_bytes()


def test_every_evidence_text_equals_the_source_at_its_offsets(claims):
    texts = {p.name: p.read_text(encoding="utf-8") for p in sources_dir().iterdir()}
    assert len(claims) >= 80
    for claim in claims:
        evidence = claim.evidence
        document = texts[
            "il6-cancer-overview.txt"
            if evidence.source.endswith("il6-cancer-overview")
            else "curator-background.txt"
        ]
        assert document[evidence.start : evidence.end] == evidence.text, claim.curie


def test_claim_iris_are_derived_from_content(claims):
    for claim in claims:
        assert claim.iri == str(
            claim_iri(claim.subject, claim.predicate, claim.object, claim.evidence.iri)
        )


def test_one_claim_per_edge_and_sentence(claims):
    keys = [(c.subject, c.predicate, c.object, c.evidence.iri) for c in claims]
    assert len(keys) == len(set(keys))


def test_every_claim_sentence_of_all_nine_paragraphs_is_used(claims):
    text = (sources_dir() / "il6-cancer-overview.txt").read_text()
    used = {c.evidence.start for c in claims if c.evidence.source.endswith("il6-cancer-overview")}
    # Sentences end in a full stop (headings end in "?" or are the glued "Conclusion"); a
    # sentence starts at the first capital after the previous sentence or heading.
    starts = []
    for match in re.finditer(r"(?<=[.?!\n])\s*[A-Z][^.?!]*?[.](?=\s|$|[A-Z])", text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        if text.startswith("Conclusion", start):
            start += len("Conclusion\n")
        starts.append(start)
    assert len(starts) >= 25
    assert set(starts) <= used, sorted(set(starts) - used)


def test_the_hedges_the_text_uses_are_kept(claims):
    expected = [
        ("IL-6", "activates", "STAT3 signaling pathway", "can"),
        ("IL-6", "contributes to", "cancer cachexia", "implicated"),
        ("IL-6", "positively correlated with", "poor prognosis", "often"),
        ("IL-6", "inhibits", "immune response to tumor cell", "can"),
    ]
    for subject, predicate, object, hedge in expected:
        found = find(claims, subject, predicate, object)
        assert found, (subject, predicate, object)
        assert any(c.hedge == hedge for c in found), [c.hedge for c in found]
    for claim in claims:
        if claim.hedge:
            assert claim.hedge in claim.evidence.text, claim.curie
    cues = {c.hedge for c in claims if c.hedge}
    assert {"can", "implicated", "might", "often", "aim to"} <= cues


def test_hedged_claims_have_lower_confidence_than_plain_stated_ones(claims):
    for claim in claims:
        if claim.assertion == "stated" and claim.hedge:
            assert claim.confidence < 0.9, claim.curie


def test_external_claims_cite_named_background_sources_never_the_text(claims):
    external = [c for c in claims if c.assertion == "external"]
    assert 3 <= len(external) <= 20
    for claim in external:
        assert claim.evidence.source.endswith("curator-background"), claim.curie
        assert re.search(r"WikiPathways WP\d+|DrugBank DB\d+", claim.evidence.text), (
            claim.evidence.text
        )
    for claim in claims:
        if claim.evidence.source.endswith("curator-background"):
            assert claim.assertion == "external", claim.curie


def test_flagship_claims_of_the_text(claims):
    assert find(claims, "IL-6", "promotes", "epithelial-mesenchymal transition")
    assert find(claims, "STAT3 signaling pathway", "contributes to", "cancer cell dissemination")
    assert find(claims, "IL-6", "produced by", "macrophage")
    stat3 = find(claims, "IL-6", "activates", "STAT3")
    assert stat3 and stat3[0].assertion == "implied"


def test_plain_triple_is_asserted_for_every_claim(graph, claims):
    for claim in claims:
        assert (URIRef(claim.subject), URIRef(claim.predicate), URIRef(claim.object)) in graph


def tiny_graph():
    graph = new_graph()
    source = add_source(
        graph, "il6-cancer-overview", label="overview", file_name="il6-cancer-overview.txt"
    )
    return graph, source


def test_add_claim_finds_the_offsets_itself():
    graph, source = tiny_graph()
    sentence = "It enhances the epithelial-mesenchymal transition (EMT), a process by which cancer cells gain migratory and invasive properties."
    arguments = {
        "subject": URIRef(from_curie("HGNC:6018")),
        "predicate": IL6V.promotes,
        "object": URIRef(from_curie("GO:0001837")),
        "source": source,
        "sentence": sentence,
    }
    claim = add_claim(graph, **arguments)
    (added,) = [c for c in read_claims(graph) if c.iri == str(claim)]
    text = (sources_dir() / "il6-cancer-overview.txt").read_text()
    assert text[added.evidence.start : added.evidence.end] == sentence
    # Adding it again changes nothing: the IRI comes from the content.
    before = len(graph)
    assert add_claim(graph, **arguments) == claim
    assert len(graph) == before
    assert (claim, RDF.type, IL6V.Claim) in graph


def test_add_claim_refuses_a_sentence_not_in_the_source_or_a_hedge_not_in_it():
    graph, source = tiny_graph()
    common = {
        "subject": ENTITY["a"],
        "predicate": IL6V.promotes,
        "object": ENTITY["b"],
        "source": source,
    }
    with pytest.raises(InputError, match="sentence not found"):
        add_claim(graph, sentence="IL-6 cures cancer.", **common)
    with pytest.raises(InputError, match="hedge cue 'might'"):
        add_claim(graph, sentence="It promotes tumor growth", hedge="might", **common)
    with pytest.raises(InputError, match="the evidence sentence is empty"):
        add_claim(graph, sentence="  ", **common)
    with pytest.raises(InputError, match="outside"):
        add_claim(graph, sentence="It promotes tumor growth", confidence=1.5, **common)
