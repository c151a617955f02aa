"""Nanopublication exports (il6graph/exports/nanopubs.py): every nanopublication of the N-Quads
and TriG files is checked by nanopub-rs (``nanopub-sign``) and read by the ``nanopub`` Python
library one at a time, taking each run of consecutive graphs as one nanopublication, and
compared with its claim; the files, stripped of the nanopublication structure, give back the
graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from hostile import hostile_graph
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV

from il6graph.exports import export
from il6graph.vocabulary import IL6V

nanopub_sign = pytest.importorskip("nanopub_sign", reason="nanopub-sign is in the test extra")
nanopub = pytest.importorskip("nanopub", reason="nanopub is in the test extra")

FORMATS = {"nquads": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG}
PARTS = ("head", "assertion", "provenance", "pubinfo")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return hostile_graph(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module", params=["bundled", "hostile"])
def source(request: pytest.FixtureRequest, graph: Graph, hostile: Graph) -> Graph:
    return graph if request.param == "bundled" else hostile


def _runs(path: Path, format: str) -> tuple[list[tuple[str, list[Any]]], list[Any]]:
    """The file's nanopublications as runs of consecutive graphs, and its default graph."""
    runs: list[tuple[str, list[Any]]] = []
    default = []
    for quad in pyoxigraph.parse(path=str(path), format=FORMATS[format]):
        name = quad.graph_name
        if isinstance(name, pyoxigraph.DefaultGraph):
            default.append(quad)
            continue
        publication, _, part = name.value.rpartition("#")
        assert part in PARTS, name
        if not runs or runs[-1][0] != publication:
            runs.append((publication, []))
        runs[-1][1].append(quad)
    return runs, default


@pytest.mark.parametrize("format", list(FORMATS))
def test_every_nanopublication_checks_in_nanopub_rs_and_reads_in_nanopub(
    source: Graph, tmp_path: Path, format: str
) -> None:
    path = tmp_path / f"g.{format}"
    done = export(source, format, path)
    runs, _ = _runs(path, format)
    claims = set(source.subjects(RDF.type, IL6V.Claim))
    # One run per claim: no nanopublication's graphs are split up.
    assert sorted(publication for publication, _ in runs) == sorted(f"{c}/np" for c in claims)
    assert done.edges == len(claims)
    for publication, quads in runs:
        claim = URIRef(publication.removesuffix("/np"))
        trig = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG).decode("utf-8")
        nanopub_sign.Nanopub(trig).check()  # raises unless valid
        dataset = Dataset()
        dataset.parse(data=trig, format="trig")
        read = nanopub.Nanopub(rdf=dataset)
        assert str(read.metadata.np_uri) == publication
        # The assertion is the claim's triple; the provenance its qualifiers and evidence.
        s, p, o = (source.value(claim, t) for t in (RDF.subject, RDF.predicate, RDF.object))
        assert set(read.assertion) == {(s, p, o)}
        evidence = source.value(claim, IL6V.evidence)
        text = source.value(evidence, IL6V.text)
        assert (evidence, IL6V.text, Literal(str(text))) in read.provenance
        assert (URIRef(f"{publication}#assertion"), PROV.wasDerivedFrom, evidence) in (
            read.provenance
        )
        for predicate in (IL6V.confidence, IL6V.assertion, PROV.wasAttributedTo, IL6V.hedge):
            assert _value(read.provenance, claim, predicate) == _value(source, claim, predicate)


def _value(graph: Any, subject: URIRef, predicate: URIRef) -> str | None:
    value = graph.value(subject, predicate)
    return None if value is None else str(value)


def _blanks_named(graph: Graph) -> set[tuple[Any, Any, Any]]:
    """The triples with each blank node replaced by an IRI naming the subject and predicate
    that lead to it (a nanopublication repeats a shared evidence's selector under its own blank
    node; this counts the repeats once)."""
    from rdflib import BNode

    names = {o: URIRef(f"{s}#via-{p}") for s, p, o in graph if isinstance(o, BNode)}
    plain = _strings(graph)
    return {(names.get(s, s), p, names.get(o, o)) for s, p, o in plain}


@pytest.mark.parametrize("format", list(FORMATS))
def test_without_the_nanopublication_structure_the_graph_is_back(
    source: Graph, tmp_path: Path, format: str
) -> None:
    path = tmp_path / f"g.{format}"
    export(source, format, path)
    dataset = Dataset()
    dataset.parse(path, format=format)
    union = Graph()
    for named in dataset.graphs():
        if str(named.identifier).endswith(("#head", "#pubinfo")):
            continue
        for s, p, o in named:
            if not str(s).endswith("/np#assertion"):
                union.add((s, p, o))
    assert _blanks_named(union) == _blanks_named(source)


def _strings(graph: Graph) -> Graph:
    from rdflib import XSD

    copy = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        copy.add((s, p, o))
    return copy


def test_nquads_and_trig_hold_the_same_quads_and_the_same_bytes_every_run(
    graph: Graph, tmp_path: Path
) -> None:
    from il6graph.store import load_graph

    export(graph, "nquads", tmp_path / "a.nq")
    export(load_graph(), "nquads", tmp_path / "b.nq")
    export(graph, "trig", tmp_path / "a.trig")
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()
    quads = set(map(str, pyoxigraph.parse(path=str(tmp_path / "a.nq"), format=FORMATS["nquads"])))
    trig = set(map(str, pyoxigraph.parse(path=str(tmp_path / "a.trig"), format=FORMATS["trig"])))
    assert quads == trig


def test_bucket_files_give_the_same_file_as_grouping_in_memory(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above CLAIMS_IN_MEMORY claims the lines go through bucket files; the file is the same."""
    from il6graph.exports import nanopubs

    export(graph, "nquads", tmp_path / "memory.nq")
    monkeypatch.setattr(nanopubs, "CLAIMS_IN_MEMORY", 10)
    monkeypatch.setattr(nanopubs, "CLAIMS_PER_BUCKET", 7)
    export(graph, "nquads", tmp_path / "buckets.nq")
    assert (tmp_path / "memory.nq").read_bytes() == (tmp_path / "buckets.nq").read_bytes()
