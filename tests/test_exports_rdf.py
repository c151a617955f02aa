"""RDF exports (il6graph/exports/rdf.py): Turtle, N-Triples and JSON-LD read back by rdflib and
pyoxigraph as the same graph, streamed from a pyoxigraph store, the same bytes on every run."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
from hostile import hostile_graph
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from il6graph.exports import export, rdf_selection
from il6graph.exports.rdf import jsonld_context, store_of, to_jsonld, to_ntriples
from il6graph.graph_view import to_networkx
from il6graph.selection import Selection, select
from il6graph.store import load_graph
from il6graph.vocabulary import IL6V

PARSERS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return hostile_graph(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module", params=["bundled", "hostile"])
def source(request: pytest.FixtureRequest, graph: Graph, hostile: Graph) -> Graph:
    return graph if request.param == "bundled" else hostile


def _plain(graph: Graph) -> Graph:
    """A copy in rdflib's memory store with ``"x"^^xsd:string`` written ``"x"`` (the same RDF
    literal; Oxigraph hands back the first form, parsers the second)."""
    copy = Graph()
    for s, p, o in graph:
        copy.add(
            (s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o)
        )
    return copy


@pytest.mark.parametrize("format", list(PARSERS))
def test_rdf_exports_parse_back_as_the_same_graph(
    source: Graph, tmp_path: Path, format: str
) -> None:
    path = tmp_path / f"whole.{format}"
    done = export(source, format, path)
    read = Graph().parse(path, format=PARSERS[format])
    assert isomorphic(read, _plain(source))
    assert done.triples == len(source)
    # A second, independent reader agrees triple for triple.
    formats = {
        "turtle": pyoxigraph.RdfFormat.TURTLE,
        "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
        "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    }
    assert len(list(pyoxigraph.parse(path=str(path), format=formats[format]))) == len(source)


@pytest.mark.parametrize("format", list(PARSERS))
def test_rdf_of_a_selection_is_its_claims_with_evidence_and_entities(
    graph: Graph, tmp_path: Path, format: str
) -> None:
    selection = Selection(focus="STAT3")
    path = tmp_path / f"part.{format}"
    done = export(graph, format, path, selection=selection)
    part = Graph().parse(path, format=PARSERS[format])
    view = select(to_networkx(graph), selection)
    assert isomorphic(part, _plain(rdf_selection(graph, view)))
    claims = set(part.subjects(RDF.type, IL6V.Claim))
    assert len(claims) == done.edges == view.number_of_edges()
    for claim in claims:
        assert part.value(part.value(claim, IL6V.evidence), IL6V.text) is not None
        s, p, o = (part.value(claim, t) for t in (RDF.subject, RDF.predicate, RDF.object))
        assert (s, p, o) in part
    for node in view.nodes.values():
        assert part.value(URIRef(node["iri"]), RDFS.label) == Literal(node["label"])


def test_jsonld_context_declares_every_prefix_and_compacts_efo(
    graph: Graph, tmp_path: Path
) -> None:
    export(graph, "jsonld", tmp_path / "g.jsonld")
    document = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["efo"] == {"@id": "http://www.ebi.ac.uk/efo/EFO_", "@prefix": True}
    text = json.dumps(document["@graph"])
    assert "efo:0009708" in text and "http://www.ebi.ac.uk/efo/" not in text
    # Every namespace an IRI in the file uses has its prefix in the context.
    iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    namespaces = [value if isinstance(value, str) else value["@id"] for value in context.values()]
    assert all(any(iri.startswith(ns) for ns in namespaces) for iri in iris), sorted(
        iri for iri in iris if not any(iri.startswith(ns) for ns in namespaces)
    )
    assert jsonld_context() == context


def test_the_same_data_gives_the_same_bytes_on_every_load(tmp_path: Path) -> None:
    """Blank nodes get new labels on every load; the files do not change."""
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        graph = load_graph()
        export(graph, "ntriples", folder / "g.nt")
        export(graph, "turtle", folder / "g.ttl")
        export(graph, "jsonld", folder / "g.jsonld")
    for name in ("g.nt", "g.ttl", "g.jsonld"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_writers_stream_from_a_pyoxigraph_store(graph: Graph, tmp_path: Path) -> None:
    """The RDF writers take a store (data in its default graph), as the persistent store gives."""
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in store_of(graph))
    with (tmp_path / "g.nt").open("wb") as stream:
        count = to_ntriples(store, stream)
    with (tmp_path / "g.jsonld").open("wb") as stream:
        to_jsonld(store, stream)
    assert count == len(graph)
    assert isomorphic(Graph().parse(tmp_path / "g.nt", format="nt"), _plain(graph))
    assert isomorphic(Graph().parse(tmp_path / "g.jsonld", format="json-ld"), _plain(graph))
