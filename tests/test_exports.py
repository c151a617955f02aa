"""Exports, checked by the tools that read them: igraph, graphology and cytoscape in Node, the
official GEXF 1.3 schema, networkx, pydot, rdflib and pyoxigraph; KGX and Neo4j headers against
their specifications; atomic writes by failing a write on purpose."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import networkx
import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, SKOS

from il6graph import exports as export_module
from il6graph.claims import add_claim, add_source
from il6graph.errors import InputError
from il6graph.exports import FORMATS, export, nanopublications, rdf_selection
from il6graph.graph_view import to_networkx
from il6graph.selection import Selection
from il6graph.store import new_graph
from il6graph.vocabulary import BIOLINK, ENTITY, IL6V

TESTS = Path(__file__).parent
READERS = TESTS / "readers"
NODE_MODULES = TESTS / "node_modules"
IL6, DISSEMINATION = "HGNC:6018", "il6:cancer-cell-dissemination"

# A sentence of the kind that breaks naive CSV and XML writers.
TRICKY = 'IL-6, the "master" cytokine,\nactivates STAT3 (see "A, B") & more.'


def _schema_file() -> Path | None:
    """The official GEXF 1.3 XSD, from shared/ beside the repository (as CI lays it out)."""
    for shared in (TESTS.parent.parent / "shared", Path("/work/shared")):
        xsd = shared / "schemas" / "gexf" / "specs" / "1.3" / "gexf.xsd"
        if xsd.is_file():
            return xsd
    return None


needs_node = pytest.mark.skipif(
    shutil.which("node") is None or not NODE_MODULES.is_dir(),
    reason="Node readers not installed: run `bash tests/setup.sh` (npm ci in tests/)",
)


def node_reader(script: str, *args: str) -> Any:
    done = subprocess.run(
        ["node", str(READERS / script), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def view(graph: Graph) -> networkx.MultiDiGraph:
    return to_networkx(graph)


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """Two proteins, one claim whose evidence has commas, quotes, a line break and an ampersand."""
    folder = tmp_path_factory.mktemp("tricky")
    (folder / "tricky.txt").write_text(f"Preamble. {TRICKY} Coda.", encoding="utf-8")
    graph = new_graph()
    source = add_source(graph, "tricky", label='Notes, "tricky" ones', file_name="tricky.txt")
    il6, stat3 = ENTITY["il6"], ENTITY["stat3"]
    for node, label, synonym in ((il6, "IL-6", 'interleukin 6, "IL6"'), (stat3, "STAT3", "APRF|x")):
        graph.add((node, RDF.type, BIOLINK.Protein))
        graph.add((node, RDFS.label, Literal(label)))
        graph.add((node, SKOS.altLabel, Literal(synonym)))
    add_claim(
        graph,
        subject=il6,
        predicate=IL6V.activates,
        object=stat3,
        source=source,
        sentence=TRICKY,
        hedge="master",
        confidence=0.7,
        sources=folder,
    )
    return graph


def _no_temporary_files(folder: Path) -> None:
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert leftovers == [], f"temporary files left behind: {leftovers}"


# --- the command line ---------------------------------------------------------------------------


def test_list_names_every_format_and_the_tools_it_is_for(cli: Callable[..., Any]) -> None:
    done = cli("export", "--list")
    assert done.exit_code == 0
    for name in FORMATS:
        assert re.search(rf"^{re.escape(name)}\s", done.stdout, re.MULTILINE)
    assert "Gephi" in done.stdout and "neo4j-admin" in done.stdout and "Cytoscape" in done.stdout


def test_unknown_format_lists_the_formats_and_fails(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    done = cli("export", "--format", "xlsx", "-o", str(tmp_path / "graph.xlsx"))
    assert done.exit_code != 0
    assert "unknown export format 'xlsx'" in done.stderr
    assert all(name in done.stderr for name in FORMATS)
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_format_comes_from_the_suffix_and_a_summary_line_is_printed(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    target = tmp_path / "stat3.graphml"
    done = cli("export", "--focus", "STAT3", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith(f"wrote {target}: GraphML, ")
    assert "STAT3" in target.read_text(encoding="utf-8")


def test_unknown_entity_in_the_selection_is_one_line(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    done = cli("export", "--focus", "STAT33", "-o", str(tmp_path / "x.graphml"))
    assert done.exit_code == 2
    assert done.stderr.strip() == "il6graph: error: unknown entity 'STAT33'; did you mean 'STAT3'?"
    assert list(tmp_path.iterdir()) == []


# --- GraphML, GEXF: igraph, graphology, the GEXF schema -----------------------------------------


def test_graphml_loads_in_igraph_with_every_node_edge_and_attribute(
    graph: Graph, view: networkx.MultiDiGraph, tmp_path: Path
) -> None:
    igraph = pytest.importorskip("igraph")
    export(graph, "graphml", tmp_path / "il6.graphml")
    loaded = igraph.Graph.Read_GraphML(str(tmp_path / "il6.graphml"))
    assert loaded.is_directed()
    assert (loaded.vcount(), loaded.ecount()) == (view.number_of_nodes(), view.number_of_edges())
    for vertex in loaded.vs:
        data = view.nodes[vertex["id"]]
        assert vertex["label"] == data["label"]
        assert vertex["category"] == data["category"]
        assert vertex["synonyms"].split("|") == data["synonyms"] or data["synonyms"] == []
    # igraph 1.0 fills the edge "id" attribute with vertex ids, so the claim is read from "claim".
    edges = {(u, v, key): data for u, v, key, data in view.edges(keys=True, data=True)}
    for edge in loaded.es:
        u, v = loaded.vs[edge.source]["id"], loaded.vs[edge.target]["id"]
        data = edges[(u, v, edge["claim"])]
        assert edge["predicate"] == data["predicate"]
        assert edge["sign"] == data["sign"]
        assert edge["confidence"] == pytest.approx(data["confidence"])
        assert edge["evidence"] == data["evidence"]
        assert edge["hedge"] == data["hedge"]
        assert int(edge["evidence_start"]) == data["start"]


@needs_node
@pytest.mark.parametrize("format", ["graphml", "gexf"])
def test_graphology_reads_graphml_and_gexf_with_every_attribute(
    graph: Graph, view: networkx.MultiDiGraph, tmp_path: Path, format: str
) -> None:
    path = tmp_path / f"il6.{format}"
    export(graph, format, path)
    loaded = node_reader("graphology_load.mjs", format, str(path))
    assert loaded["type"] == "directed"
    assert (loaded["order"], loaded["size"]) == (view.number_of_nodes(), view.number_of_edges())
    for node, data in view.nodes(data=True):
        read = loaded["nodes"][node]
        assert read["label"] == data["label"]
        assert read["category"] == data["category"]
        synonyms = read["synonyms"] if format == "gexf" else read["synonyms"].split("|")
        assert [s for s in synonyms if s] == data["synonyms"]
    for u, v, key, data in view.edges(keys=True, data=True):
        read = loaded["edges"][key]
        assert (read["source"], read["target"]) == (u, v)
        attributes = read["attributes"]
        assert attributes["predicate"] == data["predicate"]
        assert attributes["assertion"] == data["assertion"]
        assert attributes["confidence"] == pytest.approx(data["confidence"])
        assert attributes["evidence"] == data["evidence"]
        assert attributes.get("hedge", "") == data["hedge"]


@needs_node
@pytest.mark.parametrize("format", ["graphml", "gexf"])
def test_sentences_with_quotes_commas_and_line_breaks_survive_graphology(
    tricky: Graph, tmp_path: Path, format: str
) -> None:
    path = tmp_path / f"tricky.{format}"
    export(tricky, format, path)
    loaded = node_reader("graphology_load.mjs", format, str(path))
    (edge,) = loaded["edges"].values()
    assert edge["attributes"]["evidence"] == TRICKY
    synonyms = loaded["nodes"]["il6:il6"]["synonyms"]
    assert (synonyms if format == "gexf" else [synonyms]) == ['interleukin 6, "IL6"']


def test_gexf_validates_against_the_official_schema(
    graph: Graph, tricky: Graph, tmp_path: Path
) -> None:
    etree = pytest.importorskip("lxml.etree")
    xsd = _schema_file()
    if xsd is None:
        pytest.skip("the GEXF 1.3 schema (shared/schemas/gexf) is not beside this repository")
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    for name, source, selection in (
        ("whole", graph, Selection()),
        ("focus", graph, Selection(focus="STAT3", depth=2)),
        ("tricky", tricky, Selection()),
    ):
        path = tmp_path / f"{name}.gexf"
        export(source, "gexf", path, selection=selection)
        document = etree.parse(str(path))
        assert schema.validate(document), f"{name}: {schema.error_log.last_error}"


# --- JSON: Cytoscape.js, node-link --------------------------------------------------------------


@needs_node
def test_cytoscape_shortest_path_from_il6_to_dissemination_equals_networkx(
    graph: Graph, view: networkx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "il6.cyjs"
    export(graph, "cytoscape", path)
    found = node_reader("cytoscape_path.mjs", str(path), IL6, DISSEMINATION)
    assert (found["nodes"], found["edges"]) == (view.number_of_nodes(), view.number_of_edges())
    assert found["name"] == "IL-6"
    shortest = list(networkx.all_shortest_paths(view, IL6, DISSEMINATION))
    assert found["distance"] == len(shortest[0]) - 1
    assert found["path"] in shortest
    for (u, v), claim in zip(
        zip(found["path"], found["path"][1:], strict=False), found["edge_ids"], strict=True
    ):
        assert view.has_edge(u, v, key=claim)


def test_node_link_json_reads_back_into_networkx_unchanged(
    graph: Graph, view: networkx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "il6.json"
    export(graph, "node-link", path)
    loaded = networkx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert loaded.is_directed() and loaded.is_multigraph()
    assert set(loaded.nodes) == set(view.nodes)
    assert set(loaded.edges(keys=True)) == set(view.edges(keys=True))
    for u, v, key, data in view.edges(keys=True, data=True):
        read = loaded.edges[u, v, key]
        assert (read["evidence"], read["hedge"], read["confidence"]) == (
            data["evidence"],
            data["hedge"],
            data["confidence"],
        )
    assert loaded.nodes[IL6]["synonyms"] == view.nodes[IL6]["synonyms"]


def test_dot_parses_in_pydot_with_the_claims_as_edges(
    tricky: Graph, graph: Graph, view: networkx.MultiDiGraph, tmp_path: Path
) -> None:
    pydot = pytest.importorskip("pydot")
    export(graph, "dot", tmp_path / "il6.dot")
    (dot,) = pydot.graph_from_dot_file(str(tmp_path / "il6.dot"))
    nodes = [n for n in dot.get_nodes() if n.get_name() not in ("node", "edge", "graph")]
    assert len(nodes) == view.number_of_nodes()
    claims = {e.get_attributes()["claim"].strip('"') for e in dot.get_edges()}
    assert claims == {key for _, _, key in view.edges(keys=True)}
    export(tricky, "dot", tmp_path / "tricky.dot")
    (dot,) = pydot.graph_from_dot_file(str(tmp_path / "tricky.dot"))
    (edge,) = dot.get_edges()
    assert (
        edge.get_attributes()["evidence"]
        == '"' + TRICKY.replace('"', '\\"').replace("\n", "\\n") + '"'
    )


# --- tables: CSV, KGX, Neo4j --------------------------------------------------------------------


def _read_folder_or_zip(path: Path) -> dict[str, str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    return {p.name: p.read_text(encoding="utf-8") for p in path.iterdir()}


@pytest.mark.parametrize("target", ["tables", "tables.zip"])
def test_csv_keeps_sentences_with_commas_quotes_and_line_breaks(
    tricky: Graph, tmp_path: Path, target: str
) -> None:
    done = export(tricky, "csv", tmp_path / target)
    assert done.files == ("edges.csv", "nodes.csv")
    files = _read_folder_or_zip(tmp_path / target)
    (edge,) = csv.DictReader(io.StringIO(files["edges.csv"], newline=""))
    assert edge["evidence"] == TRICKY
    assert (edge["source"], edge["target"], edge["predicate"]) == (
        "il6:il6",
        "il6:stat3",
        "activates",
    )
    nodes = {row["id"]: row for row in csv.DictReader(io.StringIO(files["nodes.csv"], newline=""))}
    assert nodes["il6:il6"]["synonyms"] == 'interleukin 6, "IL6"'


def test_kgx_columns_follow_the_kgx_specification(graph: Graph, tmp_path: Path) -> None:
    export(graph, "kgx", tmp_path / "kgx")
    nodes = list(
        csv.reader(
            (tmp_path / "kgx" / "nodes.tsv").open(encoding="utf-8"),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
    )
    edges = list(
        csv.reader(
            (tmp_path / "kgx" / "edges.tsv").open(encoding="utf-8"),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
    )
    # KGX format: node records need id (a CURIE) and category (Biolink classes, "|"-separated);
    # edge records need subject, predicate (a Biolink predicate), object; name, id, category,
    # knowledge_level and agent_type are the Biolink 4 slots around them.
    assert nodes[0][:3] == ["id", "category", "name"]
    assert edges[0][:5] == ["id", "subject", "predicate", "object", "category"]
    assert {"knowledge_level", "agent_type", "original_predicate", "supporting_text"} <= set(
        edges[0]
    )
    assert all(len(row) == len(nodes[0]) for row in nodes)
    assert all(len(row) == len(edges[0]) for row in edges)
    node_rows = [dict(zip(nodes[0], row, strict=True)) for row in nodes[1:]]
    edge_rows = [dict(zip(edges[0], row, strict=True)) for row in edges[1:]]
    ids = {row["id"] for row in node_rows}
    for row in node_rows:
        assert re.fullmatch(r"[A-Za-z][\w.]*:\S+", row["id"])
        assert all(re.fullmatch(r"biolink:[A-Z][A-Za-z]+", c) for c in row["category"].split("|"))
    for row in edge_rows:
        assert row["subject"] in ids and row["object"] in ids
        assert re.fullmatch(r"biolink:[a-z][a-z_]*", row["predicate"])
        assert row["knowledge_level"] in {"knowledge_assertion", "logical_entailment"}
        assert row["agent_type"] == "manual_agent"  # every bundled claim is a curator's
    il6_stat3 = [
        r
        for r in edge_rows
        if (r["subject"], r["object"], r["original_predicate"])
        == (IL6, "HGNC:11364", "il6v:activates")
    ]
    assert il6_stat3 and il6_stat3[0]["predicate"] == "biolink:affects"
    assert il6_stat3[0]["qualified_predicate"] == "biolink:causes"
    assert il6_stat3[0]["object_direction_qualifier"] == "increased"
    assert {
        r["predicate"] for r in edge_rows if r["original_predicate"] == "il6v:contributesTo"
    } == {"biolink:contributes_to"}


def test_kgx_keeps_commas_and_quotes_and_flattens_line_breaks(
    tricky: Graph, tmp_path: Path
) -> None:
    export(tricky, "kgx", tmp_path / "kgx.zip")
    files = _read_folder_or_zip(tmp_path / "kgx.zip")
    # Read as KGX reads TSV: tab-separated, no quoting, one record per line.
    header, row = csv.reader(
        io.StringIO(files["edges.tsv"]), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    record = dict(zip(header, row, strict=True))
    assert record["supporting_text"] == TRICKY.replace("\n", " ")
    assert record["hedge"] == "master"


NEO4J_FIELD = re.compile(
    r"(?P<name>[^:]*)(:(?P<type>ID|LABEL|START_ID|END_ID|TYPE|IGNORE|"
    r"(int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time|"
    r"localdatetime|datetime|duration)(\[\])?))?"
)


def test_neo4j_headers_follow_neo4j_admin_import_and_quoting_survives(
    tricky: Graph, graph: Graph, tmp_path: Path
) -> None:
    export(graph, "neo4j", tmp_path / "neo4j")
    nodes = list(csv.reader((tmp_path / "neo4j" / "nodes.csv").open(encoding="utf-8", newline="")))
    relationships = list(
        csv.reader((tmp_path / "neo4j" / "relationships.csv").open(encoding="utf-8", newline=""))
    )
    for header in (nodes[0], relationships[0]):
        for field in header:
            match = NEO4J_FIELD.fullmatch(field)
            assert match, f"{field!r} is not a neo4j-admin import header field"
    assert sum(1 for f in nodes[0] if f.endswith(":ID")) == 1 and ":LABEL" in nodes[0]
    assert relationships[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert "confidence:float" in relationships[0]
    ids = {row[0] for row in nodes[1:]}
    assert all(row[0] in ids and row[1] in ids for row in relationships[1:])
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", row[2]) for row in relationships[1:])
    script = (tmp_path / "neo4j" / "import.sh").read_text(encoding="utf-8")
    assert '--array-delimiter="|"' in script and "--multiline-fields=true" in script

    export(tricky, "neo4j", tmp_path / "tricky")
    header, row = csv.reader(
        (tmp_path / "tricky" / "relationships.csv").open(encoding="utf-8", newline="")
    )
    record = dict(zip(header, row, strict=True))
    assert record["evidence"] == TRICKY
    assert record[":TYPE"] == "ACTIVATES"
    header, *rows = csv.reader(
        (tmp_path / "tricky" / "nodes.csv").open(encoding="utf-8", newline="")
    )
    il6 = next(dict(zip(header, r, strict=True)) for r in rows if r[0] == "il6:il6")
    assert il6["synonyms:string[]"].split("|") == ['interleukin 6, "IL6"']
    assert il6[":LABEL"] == "Protein"


# --- RDF ----------------------------------------------------------------------------------------


def _plain(graph: Graph) -> Graph:
    """A copy in rdflib's memory store with ``"x"^^xsd:string`` written ``"x"`` (the same RDF
    literal; Oxigraph hands back the first form, parsers the second)."""
    copy = Graph()
    for s, p, o in graph:
        copy.add(
            (s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o)
        )
    return copy


@pytest.mark.parametrize(
    ("format", "parser"), [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")]
)
def test_rdf_exports_parse_back_isomorphic(
    graph: Graph, tmp_path: Path, format: str, parser: str
) -> None:
    whole = tmp_path / f"whole.{format}"
    export(graph, format, whole)
    assert isomorphic(Graph().parse(whole, format=parser), _plain(graph))
    assert len(Graph().parse(whole, format=parser)) == len(graph)

    part = tmp_path / f"part.{format}"
    selection = Selection(focus="STAT3")
    export(graph, format, part, selection=selection)
    from il6graph.selection import select

    expected = rdf_selection(graph, select(to_networkx(graph), selection))
    assert isomorphic(Graph().parse(part, format=parser), _plain(expected))


def test_rdf_of_a_selection_is_its_claims_with_evidence_and_entities(
    graph: Graph, tmp_path: Path
) -> None:
    path = tmp_path / "stat3.ttl"
    done = export(graph, "turtle", path, selection=Selection(focus="STAT3"))
    part = Graph().parse(path, format="turtle")
    from il6graph.selection import select

    view = select(to_networkx(graph), Selection(focus="STAT3"))
    claims = {str(c) for c in part.subjects(RDF.type, IL6V.Claim)}
    assert len(claims) == done.edges == view.number_of_edges()
    for claim in part.subjects(RDF.type, IL6V.Claim):
        evidence = part.value(claim, IL6V.evidence)
        assert part.value(evidence, IL6V.text) is not None
        s, p, o = (part.value(claim, t) for t in (RDF.subject, RDF.predicate, RDF.object))
        assert (s, p, o) in part
    for node in view.nodes.values():
        assert part.value(URIRef(node["iri"]), RDFS.label) == Literal(node["label"])
    # Relations between entities come only with selected claims.
    relations = [
        (s, p, o)
        for s, p, o in part
        if str(p).startswith(str(IL6V))
        and (None, RDF.subject, s) not in part
        and p
        not in (IL6V.text, IL6V.evidence, IL6V.assertion, IL6V.confidence, IL6V.hedge, IL6V.path)
    ]
    for s, p, o in relations:
        assert any(
            part.value(c, RDF.subject) == s
            and part.value(c, RDF.predicate) == p
            and part.value(c, RDF.object) == o
            for c in part.subjects(RDF.type, IL6V.Claim)
        )


def test_nquads_keep_each_claims_provenance_in_its_own_graph(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "il6.nq"
    done = export(graph, "nquads", path)
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    claims = set(graph.subjects(RDF.type, IL6V.Claim))
    assert len(claims) == done.edges
    np = "http://www.nanopub.org/nschema#"
    for claim in claims:
        assertion = dataset.graph(URIRef(f"{claim}#assertion"))
        provenance = dataset.graph(URIRef(f"{claim}#provenance"))
        head = dataset.graph(URIRef(f"{claim}#head"))
        s, p, o = (graph.value(claim, t) for t in (RDF.subject, RDF.predicate, RDF.object))
        assert set(assertion) == {(s, p, o)}
        evidence = graph.value(claim, IL6V.evidence)
        assert (evidence, IL6V.text, Literal(str(graph.value(evidence, IL6V.text)))) in provenance
        assert (claim, IL6V.confidence, None) in provenance
        assert (URIRef(f"{claim}#assertion"), PROV.wasDerivedFrom, evidence) in provenance
        assert (URIRef(f"{claim}#nanopub"), RDF.type, URIRef(np + "Nanopublication")) in head
    # Take away the nanopublication structure and the source graph is back, triple for triple.
    structure = {URIRef(f"{c}#{part}") for c in claims for part in ("assertion", "nanopub")}
    union = Graph()
    for named in dataset.graphs():
        if str(named.identifier).endswith(("#head", "#pubinfo")):
            continue
        for triple in named:
            if triple[0] not in structure:
                union.add(triple)
    assert isomorphic(union, _plain(graph))

    # A second, independent reader agrees on the count.
    pyoxigraph = pytest.importorskip("pyoxigraph")
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS))
    assert len(quads) == done.triples


def test_trig_holds_the_same_named_graphs_as_nquads(
    tricky: Graph, graph: Graph, tmp_path: Path
) -> None:
    for source in (graph, tricky):
        export(source, "trig", tmp_path / "x.trig")
        read = Dataset()
        read.parse(tmp_path / "x.trig", format="trig")
        expected = nanopublications(rdf_selection(source))
        names = {str(g.identifier) for g in expected.graphs() if len(g)}
        assert {str(g.identifier) for g in read.graphs() if len(g)} == names
        for named in expected.graphs():
            assert isomorphic(_plain(read.graph(named.identifier)), _plain(named)), named.identifier
    texts = {str(q[2]) for q in read.quads((None, IL6V.text, None, None))}
    assert TRICKY in texts


def test_rdf_formats_refuse_a_networkx_view(view: networkx.MultiDiGraph, tmp_path: Path) -> None:
    from il6graph.errors import InputError

    with pytest.raises(InputError, match="RDF formats need the RDF graph"):
        export(view, "turtle", tmp_path / "x.ttl")
    done = export(view, "graphml", tmp_path / "x.graphml", selection=Selection(focus="IL-6"))
    assert done.nodes > 1


# --- selections ---------------------------------------------------------------------------------


def test_selection_options_choose_what_is_exported(
    graph: Graph, view: networkx.MultiDiGraph, tmp_path: Path
) -> None:
    done = export(graph, "node-link", tmp_path / "x.json", selection=Selection(exclude_hedged=True))
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert done.edges == sum(1 for *_, d in view.edges(keys=True, data=True) if not d["hedge"])
    assert all(edge["hedge"] == "" for edge in data["edges"])
    done = export(
        graph, "node-link", tmp_path / "x.json", selection=Selection(predicates=("activates",))
    )
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert {edge["predicate"] for edge in data["edges"]} == {"activates"}
    assert data["graph"]["name"] == "The IL-6 in cancer knowledge graph"


def test_paths_selection_exports_the_routes(
    graph: Graph, tmp_path: Path, cli: Callable[..., Any]
) -> None:
    target = tmp_path / "routes.graphml"
    done = cli("export", "--paths", "IL-6", "cancer cell dissemination", "-o", str(target))
    assert done.exit_code == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert IL6 in text and DISSEMINATION in text


# --- atomic writes ------------------------------------------------------------------------------


def _failing_midway(*_: Any) -> None:
    raise AssertionError("unused")


def test_a_failing_file_write_keeps_the_previous_file_and_leaves_nothing(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "il6.graphml"
    export(graph, "graphml", target)
    before = target.read_bytes()

    def broken(view: networkx.MultiDiGraph, stream: IO[bytes]) -> None:
        stream.write(b"<?xml version='1.0'?><graphml>half a file")
        raise OSError("disk full (injected)")

    monkeypatch.setattr(export_module, "to_graphml", broken)
    with pytest.raises(InputError, match="cannot write: disk full \\(injected\\)"):
        export(graph, "graphml", target, selection=Selection(focus="STAT3"))
    assert target.read_bytes() == before
    _no_temporary_files(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["il6.graphml"]


@pytest.mark.parametrize("target", ["tables", "tables.zip"])
def test_a_failing_folder_or_zip_write_keeps_the_previous_export_and_leaves_nothing(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    path = tmp_path / target
    export(graph, "csv", path)
    before = _read_folder_or_zip(path)

    def broken(view: networkx.MultiDiGraph, folder: Path) -> None:
        (folder / "nodes.csv").write_text("id,label\nhalf,", encoding="utf-8")
        raise OSError("disk full (injected)")

    monkeypatch.setattr(export_module, "to_csv", broken)
    with pytest.raises(InputError, match=r"cannot write: .*injected"):
        export(graph, "csv", path, selection=Selection(focus="STAT3"))
    assert _read_folder_or_zip(path) == before
    _no_temporary_files(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [target]


def test_a_folder_export_replaces_an_earlier_export_but_not_other_files(
    graph: Graph, tmp_path: Path
) -> None:
    from il6graph.errors import InputError

    folder = tmp_path / "out"
    export(graph, "csv", folder)
    done = export(graph, "csv", folder, selection=Selection(focus="STAT3"))
    assert sum(1 for _ in (folder / "edges.csv").open(encoding="utf-8")) > done.edges
    with pytest.raises(InputError, match="several files"):
        export(graph, "csv", tmp_path / "edges.csv")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="holds other files"):
        export(graph, "csv", folder)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    _no_temporary_files(tmp_path)


def test_overview_out_also_writes_graphml_and_cytoscape_json(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    done = cli("overview", "--out", str(tmp_path / "out"))
    assert done.exit_code == 0, done.stderr
    for name in ("il6graph.graphml", "il6graph.cyjs"):
        assert f"wrote {tmp_path / 'out' / name}" in done.stdout
    cyjs = json.loads((tmp_path / "out" / "il6graph.cyjs").read_text(encoding="utf-8"))
    assert any(node["data"]["name"] == "IL-6" for node in cyjs["elements"]["nodes"])


def test_export_help_names_the_selection_options(cli: Callable[..., Any]) -> None:
    done = cli("export", "--help")
    assert done.exit_code == 0
    for option in ("--format", "--output", "--list", "--focus", "--paths", "--exclude-hedged"):
        assert option in done.stdout
