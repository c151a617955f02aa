"""Validation: the bundled graph passes; each kind of curation mistake is caught and named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from il6graph.store import load_graph
from il6graph.validation import validate

STAT3_SENTENCE = "Furthermore, IL-6 can activate signaling pathways, such as the STAT3 pathway"


def check(path: Path):
    return validate(load_graph(path), sources=path.parent / "sources")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def claims_citing(path: Path, evidence: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return sorted(
        set(
            re.findall(
                r"(claim:c-[0-9a-f]+) a il6v:Claim ;(?:\n    [^\n]*)*?il6v:evidence "
                + re.escape(evidence),
                text,
            )
        )
    )


def test_bundled_graph_is_valid(graph):
    report = validate(graph)
    assert report.valid, [str(p) for p in report.errors]
    assert report.claims >= 80
    assert not report.warnings, [str(p) for p in report.warnings]


def test_altered_evidence_sentence_names_the_claims_citing_it(data_copy: Path):
    triples = data_copy / "triples.ttl"
    edit(triples, STAT3_SENTENCE, STAT3_SENTENCE.replace("can activate", "activates"))
    report = check(triples)
    assert not report.valid
    (problem,) = [p for p in report.errors if "differs from" in p.message]
    assert "ev:il6-cancer-overview-1473-1624" in problem.message
    citing = claims_citing(triples, "ev:il6-cancer-overview-1473-1624")
    assert citing and all(claim in problem.focus for claim in citing)


def test_wrong_offsets_are_caught(data_copy: Path):
    triples = data_copy / "triples.ttl"
    edit(triples, "oa:end 1624 ;", "oa:end 1625 ;")
    report = check(triples)
    assert any(
        "differs from src:il6-cancer-overview[1473:1625]" in p.message for p in report.errors
    )


def test_claim_without_evidence_is_named(data_copy: Path):
    triples = data_copy / "triples.ttl"
    text = triples.read_text()
    block = next(b for b in text.split("\n\n") if " a il6v:Claim ;" in b and "il6v:evidence" in b)
    claim = block.split()[0]
    stripped = re.sub(r" ;\n    il6v:evidence ev:[\w-]+ \.$", " .", block)
    assert stripped != block
    triples.write_text(text.replace(block, stripped))
    report = check(triples)
    assert not report.valid
    assert any(p.focus == claim and "evidence" in p.message for p in report.errors)


def test_undeclared_predicate_is_named(data_copy: Path):
    triples = data_copy / "triples.ttl"
    edit(triples, "rdf:predicate il6v:promotes ;", "rdf:predicate il6v:enhances ;")
    report = check(triples)
    assert any("predicate il6v:enhances is not declared" in p.message for p in report.errors)


def test_edge_without_a_claim_is_an_error(data_copy: Path):
    triples = data_copy / "triples.ttl"
    with triples.open("a") as stream:
        stream.write("\nhgnc:6018 il6v:inhibits efo:0009708 .\n")
    report = check(triples)
    assert any(p.focus == "HGNC:6018 il6v:inhibits EFO:0009708" for p in report.errors)


def test_confidence_outside_0_1_is_a_shape_violation(data_copy: Path):
    triples = data_copy / "triples.ttl"
    edit(triples, "il6v:confidence 0.9 ;", "il6v:confidence 1.9 ;")
    report = check(triples)
    assert any("confidence" in p.message for p in report.errors)


def test_contradicting_claims_are_warnings(data_copy: Path):
    triples = data_copy / "triples.ttl"
    text = triples.read_text()
    match = re.search(
        r"\n(claim:c-[0-9a-f]+) a il6v:Claim ;\n    rdf:object il6:tumor-growth ;\n    rdf:predicate il6v:promotes ;\n    rdf:subject hgnc:6018 ;",
        text,
    )
    assert match
    triples.write_text(
        text.replace(match.group(0), match.group(0).replace("il6v:promotes", "il6v:inhibits"))
        + "\nhgnc:6018 il6v:inhibits il6:tumor-growth .\n"
    )
    report = check(triples)
    assert any(
        "contradicting claims" in p.message and p.focus == "HGNC:6018 -> il6:tumor-growth"
        for p in report.warnings
    )


def test_missing_source_file_is_reported(data_copy: Path):
    (data_copy / "sources" / "il6-cancer-overview.txt").unlink()
    report = check(data_copy / "triples.ttl")
    assert any(
        "source file of src:il6-cancer-overview not found" in p.message for p in report.errors
    )


@pytest.mark.parametrize("shacl", [True, False])
def test_validation_without_shacl_still_checks_offsets(data_copy: Path, shacl: bool):
    triples = data_copy / "triples.ttl"
    edit(triples, STAT3_SENTENCE, STAT3_SENTENCE.upper())
    report = validate(load_graph(triples), sources=data_copy / "sources", shacl=shacl)
    assert not report.valid
