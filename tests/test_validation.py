"""Validation: the bundled graph passes; each kind of curation mistake is caught and named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from il6graph.curies import to_curie
from il6graph.store import load_graph
from il6graph.validation import Problem, find_problems, validate

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


# -- every kind of problem, on the bundled graph with planted errors ---------------------------

PLANTED = Path(__file__).parent / "resources" / "planted-errors.ttl"
BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def planted_problems() -> list[Problem]:
    from il6graph.resources import graph_path
    from il6graph.store import open_store

    store = open_store([graph_path(), PLANTED])
    return list(find_problems(store))


# (kind, severity, focus, a part of the message): one line of each kind validate reports.
EVERY_KIND = [
    ("shape:ClaimShape/rdf:subject", "error", "claim:planted-two-subjects", "exactly one subject"),
    ("shape:ClaimShape/rdf:object", "error", "claim:planted-literal-object", "one object (an IRI)"),
    (
        "shape:ClaimShape/il6v:evidence",
        "error",
        "claim:planted-no-evidence",
        "exactly one evidence",
    ),
    (
        "shape:ClaimShape/il6v:evidence",
        "error",
        "claim:planted-undescribed-evidence",
        "of class il6v:Evidence",
    ),
    ("shape:ClaimShape/il6v:assertion", "error", "claim:planted-assertion", "one assertion kind"),
    (
        "shape:ClaimShape/il6v:confidence",
        "error",
        "claim:planted-confidence",
        "a decimal in [0, 1]",
    ),
    (
        "shape:ClaimShape/il6v:confidence",
        "error",
        "claim:planted-string-confidence",
        "a decimal in [0, 1]",
    ),
    ("shape:ClaimShape/il6v:hedge", "error", "claim:planted-assertion", "a non-empty string"),
    ("shape:ClaimShape/prov:wasAttributedTo", "error", "claim:planted-no-evidence", "an author"),
    (
        "shape:EvidenceShape/il6v:text",
        "error",
        "ev:planted-two-texts",
        "exactly one non-empty text",
    ),
    ("shape:EvidenceShape/oa:hasSource", "error", "ev:planted-not-a-source", "one source document"),
    (
        "shape:EvidenceShape/oa:hasSelector",
        "error",
        "ev:planted-no-selector",
        "a text position with start and end",
    ),
    (
        "shape:EvidenceShape/oa:hasSelector",
        "error",
        "ev:planted-bad-selector",
        "a text position with start and end",
    ),
    (
        "shape:SourceShape/rdfs:label",
        "error",
        "src:planted-unfiled",
        "a source document needs a label",
    ),
    ("shape:EntityShape/rdfs:label", "error", "il6:planted-nameless", "an entity needs a label"),
    ("shape:EntityShape/rdf:type", "error", "il6:planted-untyped", "an entity needs a category"),
    ("shape:EntityShape/rdf:type", "error", "STAT3", "an entity needs a category"),
    (
        "evidence-text",
        "error",
        "claim:planted-string-confidence",
        "evidence ev:planted-altered differs from src:il6-cancer-overview[8:12]: at character 3",
    ),
    (
        "evidence-offsets",
        "error",
        "ev:planted-outside",
        "offsets 99999990-99999994 are outside src:il6-cancer-overview",
    ),
    (
        "source-file",
        "error",
        "src:planted-unfiled",
        "no-such-file.txt: source file of src:planted-unfiled not found",
    ),
    (
        "source-file",
        "error",
        "il6:planted-a",
        "source il6:planted-a has no il6v:path naming its file",
    ),
    (
        "claim-evidence",
        "error",
        "claim:planted-no-evidence",
        "claim has no evidence (il6v:evidence)",
    ),
    (
        "claim-evidence",
        "error",
        "claim:planted-undescribed-evidence",
        "evidence ev:planted-missing is not described",
    ),
    (
        "undeclared-predicate",
        "error",
        "claim:planted-undeclared",
        "predicate il6v:enhances is not declared",
    ),
    (
        "unasserted-triple",
        "error",
        "claim:planted-unasserted",
        "its triple il6:planted-b il6v:inhibits il6:planted-a is not asserted",
    ),
    (
        "claim-iri",
        "warning",
        "claim:planted-confidence",
        "claim IRI is not the one derived from its content",
    ),
    (
        "unclaimed-triple",
        "error",
        "il6:planted-b il6v:promotes il6:planted-a",
        "triple has no claim",
    ),
    ("undeclared-category", "error", "il6:planted-gizmo", "category biolink:Gizmo is not declared"),
    ("entity-in-no-claim", "warning", "il6:planted-gizmo", "entity 'planted gizmo' is in no claim"),
    ("undescribed-entity", "error", "il6:planted-ghost", "used by claims but not described"),
    (
        "contradiction",
        "warning",
        "il6:planted-a -> il6:planted-b",
        "(+) against claim:planted-contradiction (-)",
    ),
]


@pytest.mark.parametrize(("kind", "severity", "focus", "message"), EVERY_KIND)
def test_every_kind_of_problem_is_found(planted_problems, kind, severity, focus, message):
    assert any(
        p.kind == kind
        and p.severity == severity
        and (focus is None or p.focus == focus)
        and message in p.message
        for p in planted_problems
    ), [str(p) for p in planted_problems if p.kind == kind]


def test_each_problem_is_found_once(planted_problems):
    assert len(planted_problems) == len(set(planted_problems))
    kinds = {kind for kind, *_ in EVERY_KIND}
    assert {p.kind for p in planted_problems} <= kinds  # no kind this test does not know


def test_the_cap_prints_how_many_more_of_each_kind(cli):
    from il6graph.resources import graph_path

    outcome = cli("validate", str(graph_path()), str(PLANTED), "--max-problems", "1")
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    verdict = lines[-1]
    assert verdict == "INVALID: 132 claims, 36 errors, 12 warnings"
    shown = [line for line in lines if "more" not in line and line != verdict]
    claim_iri = [line for line in shown if "claim IRI is not the one derived" in line]
    assert len(claim_iri) == 1  # 10 were found, one is printed
    assert (
        "warning: ... 9 more claim-iri problems not shown "
        "(claim IRI is not the one derived from its content)"
    ) in lines
    hidden = sum(int(line.split()[2]) for line in lines if " more " in line)
    assert len(shown) + hidden == 36 + 12
    full = cli("validate", str(graph_path()), str(PLANTED), "--max-problems", "0")
    assert len(full.stdout.splitlines()) == 36 + 12 + 1


def test_json_lists_every_problem_with_its_kind(cli):
    import json

    from il6graph.resources import graph_path

    outcome = cli("validate", str(graph_path()), str(PLANTED), "--format", "json")
    assert outcome.exit_code == 1
    answer = json.loads(outcome.stdout)
    assert answer["valid"] is False and answer["claims"] == 132
    assert len(answer["problems"]) == 36 + 12
    assert sum(p["kind"] == "claim-iri" for p in answer["problems"]) == 10
    errors_first = [p["severity"] for p in answer["problems"]]
    assert errors_first == sorted(errors_first)  # "error" sorts before "warning"


# -- at a few thousand claims: the store, the rdflib graph and pyshacl agree --------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    """The bundled graph, 3,000 synthetic claims and the planted errors, with their sources."""
    import importlib.util
    import shutil

    from il6graph.resources import graph_path, sources_dir

    spec = importlib.util.spec_from_file_location("synthetic", BENCH / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("synthetic")
    turtle = module.write_synthetic(folder, claims=3000)
    for source in sources_dir().iterdir():
        shutil.copy(source, folder / "sources" / source.name)
    return [turtle, graph_path(), PLANTED], folder / "sources"


def _normal(problems) -> set[tuple[str, str, str]]:
    """Problems with blank node labels (new on every load, hex of varying length) blanked out."""
    return {
        (p.severity, re.sub(r"^n?[0-9a-f]{16,32}(b\d+)?$", "_:", p.focus), p.message)
        for p in problems
    }


def test_store_and_rdflib_graph_give_the_same_findings(synthetic):
    from il6graph.store import open_store

    files, sources = synthetic
    on_store = validate(open_store(files), sources=sources)
    on_graph = validate(load_graph(*files), sources=sources)
    assert on_store.claims == on_graph.claims == 3000 + 132
    assert _normal(on_store.problems) == _normal(on_graph.problems)
    assert len(on_store.warnings) > 3000  # every synthetic claim IRI is a counter, not a digest
    assert len(on_store.errors) == 36


def test_sliced_shapes_find_what_pyshacl_finds_on_the_whole_graph(synthetic):
    """The shapes run a slice at a time (validation/shacl.py); pyshacl, which validate used
    before, runs them on the whole graph in memory: the same results, blank nodes aside."""
    import pyshacl
    from rdflib import RDF, Graph, URIRef

    from il6graph.resources import shapes_path
    from il6graph.store import open_store
    from il6graph.validation.shacl import shacl_problems

    files, sources = synthetic
    sliced = _normal(shacl_problems(open_store(files), sources))
    data = Graph()
    for path in files:
        data.parse(path, format="turtle")
    _, results, _ = pyshacl.validate(
        data, shacl_graph=Graph().parse(shapes_path()), inference="none", allow_warnings=True
    )
    sh = "http://www.w3.org/ns/shacl#"
    whole = set()
    for result in results.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        focus = results.value(result, URIRef(sh + "focusNode"))
        severity = results.value(result, URIRef(sh + "resultSeverity"))
        whole.add(
            Problem(
                "error" if str(severity).endswith("Violation") else "warning",
                to_curie(str(focus)),
                str(results.value(result, URIRef(sh + "resultMessage"))),
            )
        )
    assert sliced == _normal(whole)
    assert len(sliced) == 20


def test_progress_is_silent_when_piped(synthetic, store_cache):
    import os
    import subprocess
    import sys

    files, sources = synthetic
    result = subprocess.run(
        [sys.executable, "-m", "il6graph", "validate", *map(str, files), "--sources", str(sources)],
        capture_output=True,
        text=True,
        env={**os.environ, "IL6GRAPH_STORE": str(store_cache)},
        timeout=300,
    )
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1].startswith("INVALID: 3132 claims, 36 errors, ")


def test_a_shape_that_cannot_be_sliced_runs_on_the_whole_graph(tmp_path: Path):
    """An inverse path reads triples a slice would not hold: that shape sees the whole graph."""
    from il6graph.resources import graph_path
    from il6graph.store import open_store
    from il6graph.validation.shacl import shacl_problems
    from il6graph.validation.shapes import read_shapes

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix il6v: <https://w3id.org/il6graph/vocab/> .
<urn:x:CitedShape> a sh:NodeShape ; sh:targetClass il6v:Evidence ;
    sh:property [ sh:path [ sh:inversePath il6v:evidence ] ; sh:minCount 1 ;
                  sh:message "no claim cites this evidence" ] .
<urn:x:ClaimShape> a sh:NodeShape ; sh:targetClass il6v:Claim ;
    sh:property [ sh:path il6v:hedge ; sh:maxCount 0 ; sh:message "hedged" ] .
""",
        encoding="utf-8",
    )
    uncited = tmp_path / "uncited.ttl"
    uncited.write_text(
        "<https://w3id.org/il6graph/evidence/uncited> a <https://w3id.org/il6graph/vocab/Evidence> .\n",
        encoding="utf-8",
    )
    plans = {shape.name: shape.plan for shape in read_shapes(shapes)}
    assert plans["CitedShape"] is None and plans["ClaimShape"] is not None
    store = open_store([graph_path(), PLANTED, uncited])
    found = list(shacl_problems(store, None, shapes_file=shapes))
    cited = {p.focus for p in found if p.message == "no claim cites this evidence"}
    assert cited == {"ev:uncited"}  # a slice of the evidence alone would miss every citation
    hedged = [p for p in found if p.message == "hedged"]
    assert len(hedged) == 44 + 1  # the bundled graph's hedged claims and claim:planted-assertion


def test_checks_side_by_side_find_what_they_find_one_after_the_other(synthetic, monkeypatch):
    """On a large store the shapes run here and the other checks in a second process."""
    import il6graph.validation.parallel as parallel
    from il6graph.store import open_store

    files, sources = synthetic
    store = open_store(files)
    one_after_the_other = list(find_problems(store, sources=sources))
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1000)
    side_by_side = list(find_problems(store, sources=sources))
    assert len(side_by_side) == len(one_after_the_other) > 3000
    assert _normal(side_by_side) == _normal(one_after_the_other)
