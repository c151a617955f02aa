"""Network exports (il6graph/exports/network.py), read back by the tools people open them with:
igraph and graphology (GraphML), graphology and the official XSD (GEXF), cytoscape.js and JSON
(Cytoscape), networkx 3.3 and the installed networkx with default arguments and d3-force
(node-link), pydot and Graphviz (DOT). Every check runs on the bundled graph and on a graph with
hostile values, and compares what the tool read with the graph, claim by claim."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx
import pytest
from hostile import SENTENCES, have_graphviz, hostile_graph, run_tool, tool_python
from rdflib import Graph

from il6graph.exports import export
from il6graph.exports.network import undot_string
from il6graph.exports.rows import edge_fields, node_fields, split_list
from il6graph.graph_view import to_networkx
from il6graph.selection import Selection

TESTS = Path(__file__).parent
READERS = TESTS / "readers"
NODE_MODULES = TESTS / "node_modules"
IL6, DISSEMINATION = "HGNC:6018", "il6:cancer-cell-dissemination"

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
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return hostile_graph(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module", params=["bundled", "hostile"])
def source(request: pytest.FixtureRequest, graph: Graph, hostile: Graph) -> Graph:
    return graph if request.param == "bundled" else hostile


def _xml_text(value: str) -> str:
    """What an XML file can hold of ``value``: characters XML 1.0 forbids become U+FFFD."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", value)


def _claims(view: networkx.MultiDiGraph) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        str(key): (u, v, edge_fields(str(key), data))
        for u, v, key, data in view.edges(keys=True, data=True)
    }


def _entities(view: networkx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    return {node: node_fields(node, data) for node, data in view.nodes(data=True)}


# --- GraphML ------------------------------------------------------------------------------------


def test_graphml_reads_back_in_igraph_claim_by_claim(source: Graph, tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    view = to_networkx(source)
    export(source, "graphml", tmp_path / "g.graphml")
    loaded = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert loaded.is_directed()
    entities = _entities(view)
    assert {v["id"] for v in loaded.vs} == set(entities)
    for vertex in loaded.vs:
        expected = entities[vertex["id"]]
        assert vertex["label"] == _xml_text(expected["label"])
        assert split_list(vertex["synonyms"]) == [_xml_text(s) for s in expected["synonyms"]]
        assert split_list(vertex["mappings"]) == expected["mappings"]
    claims = _claims(view)
    # igraph 1.0 fills the edge "id" attribute with vertex ids, so the claim is read from "claim".
    assert sorted(e["claim"] for e in loaded.es) == sorted(claims)
    for edge in loaded.es:
        u, v, expected = claims[edge["claim"]]
        assert (loaded.vs[edge.source]["id"], loaded.vs[edge.target]["id"]) == (u, v)
        assert edge["evidence"] == _xml_text(expected["evidence"])
        assert edge["predicate"] == expected["predicate"]
        assert edge["confidence"] == pytest.approx(expected["confidence"])
        assert edge["hedge"] == expected["hedge"]
        assert int(edge["evidence_start"]) == expected["evidence_start"]


@needs_node
@pytest.mark.parametrize("format", ["graphml", "gexf"])
def test_graphology_reads_graphml_and_gexf_claim_by_claim(
    source: Graph, tmp_path: Path, format: str
) -> None:
    view = to_networkx(source)
    path = tmp_path / f"g.{format}"
    export(source, format, path)
    loaded = node_reader("graphology_load.mjs", format, str(path))
    assert loaded["type"] == "directed"
    for node, expected in _entities(view).items():
        read = loaded["nodes"][node]
        assert read["label"] == _xml_text(expected["label"])
        synonyms = read["synonyms"] if format == "gexf" else split_list(read["synonyms"])
        assert synonyms == [_xml_text(s) for s in expected["synonyms"]]
    claims = _claims(view)
    assert set(loaded["edges"]) == set(claims)
    for key, (u, v, expected) in claims.items():
        read = loaded["edges"][key]
        assert (read["source"], read["target"]) == (u, v)
        attributes = read["attributes"]
        assert attributes["evidence"] == _xml_text(expected["evidence"])
        assert attributes["assertion"] == expected["assertion"]
        assert attributes["confidence"] == pytest.approx(expected["confidence"])
        assert attributes.get("hedge", "") == expected["hedge"]


def _gexf_schema() -> Path | None:
    """The official GEXF 1.3 XSD, from shared/ beside the repository (as CI lays it out)."""
    for shared in (TESTS.parent.parent / "shared", Path("/work/shared")):
        xsd = shared / "schemas" / "gexf" / "specs" / "1.3" / "gexf.xsd"
        if xsd.is_file():
            return xsd
    return None


def test_gexf_validates_against_the_official_schema(source: Graph, tmp_path: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    xsd = _gexf_schema()
    if xsd is None:
        pytest.skip("the GEXF 1.3 schema (shared/schemas/gexf) is not beside this repository")
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    focus = "il6:il6" if "il6:il6" in to_networkx(source) else "STAT3"
    for name, selection in (("whole", Selection()), ("focus", Selection(focus=focus, depth=2))):
        path = tmp_path / f"{name}.gexf"
        export(source, "gexf", path, selection=selection)
        assert schema.validate(etree.parse(str(path))), f"{name}: {schema.error_log.last_error}"


# --- JSON: Cytoscape.js, node-link ---------------------------------------------------------------


@needs_node
def test_cytoscape_shortest_path_from_il6_to_dissemination_equals_networkx(
    graph: Graph, tmp_path: Path
) -> None:
    view = to_networkx(graph)
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


def test_cytoscape_json_keeps_every_claim_and_value(source: Graph, tmp_path: Path) -> None:
    view = to_networkx(source)
    export(source, "cytoscape", tmp_path / "g.cyjs")
    document = json.loads((tmp_path / "g.cyjs").read_text(encoding="utf-8"))
    read = {e["data"]["id"]: e["data"] for e in document["elements"]["edges"]}
    for key, (u, v, expected) in _claims(view).items():
        assert (read[key]["source"], read[key]["target"]) == (u, v)
        assert {name: read[key][name] for name in expected} == expected
    nodes = {n["data"]["id"]: n["data"] for n in document["elements"]["nodes"]}
    for node, expected in _entities(view).items():
        assert {name: nodes[node][name] for name in expected} == expected


def _check_networkx_read(
    loaded: dict[str, Any], view: networkx.MultiDiGraph, title: str = ""
) -> None:
    """``loaded``: nodes, edges (u, v, key, data) and attributes as a networkx read them."""
    assert loaded["directed"] and loaded["multigraph"]
    assert set(loaded["nodes"]) == set(view.nodes)
    for node, expected in _entities(view).items():
        assert {k: loaded["nodes"][node][k] for k in expected} == expected
    claims = _claims(view)
    read = {key: (u, v, data) for u, v, key, data in loaded["edges"]}
    assert set(read) == set(claims)
    for key, (u, v, expected) in claims.items():
        assert read[key][:2] == (u, v)
        assert {k: read[key][2][k] for k in expected} == expected


def test_node_link_reads_into_this_networkx_with_default_arguments(
    source: Graph, tmp_path: Path
) -> None:
    view = to_networkx(source)
    export(source, "node-link", tmp_path / "g.json")
    loaded = networkx.node_link_graph(json.loads((tmp_path / "g.json").read_text("utf-8")))
    _check_networkx_read(
        {
            "directed": loaded.is_directed(),
            "multigraph": loaded.is_multigraph(),
            "nodes": dict(loaded.nodes(data=True)),
            "edges": [(u, v, k, d) for u, v, k, d in loaded.edges(keys=True, data=True)],
        },
        view,
    )


READ_WITH_NETWORKX = """
import json, sys, warnings
warnings.simplefilter("error")  # a FutureWarning about the "links" key would fail the read
import networkx
g = networkx.node_link_graph(json.load(open(sys.argv[1], encoding="utf-8")))
print(json.dumps({"version": networkx.__version__, "directed": g.is_directed(),
    "multigraph": g.is_multigraph(), "nodes": dict(g.nodes(data=True)),
    "edges": [list(e) for e in g.edges(keys=True, data=True)]}))
"""


@pytest.mark.skipif(
    tool_python("networkx33") is None,
    reason="networkx 3.3 venv not installed: run `bash tests/setup.sh`",
)
def test_node_link_reads_into_networkx_3_3_with_default_arguments(
    source: Graph, tmp_path: Path
) -> None:
    view = to_networkx(source)
    export(source, "node-link", tmp_path / "g.json")
    done = run_tool("networkx33", "-c", READ_WITH_NETWORKX, str(tmp_path / "g.json"))
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert loaded["version"] == "3.3"
    loaded["edges"] = [tuple(edge) for edge in loaded["edges"]]
    _check_networkx_read(loaded, view)


@needs_node
def test_d3_force_lays_out_node_link_with_every_claim(source: Graph, tmp_path: Path) -> None:
    view = to_networkx(source)
    export(source, "node-link", tmp_path / "g.json")
    laid = node_reader("d3_force.mjs", str(tmp_path / "g.json"))
    assert laid["moved"]
    assert sorted(laid["nodes"]) == sorted(view.nodes)
    links = {link["key"]: (link["source"], link["target"]) for link in laid["links"]}
    assert links == {key: (u, v) for key, (u, v, _) in _claims(view).items()}


# --- Graphviz DOT -------------------------------------------------------------------------------


def test_dot_values_read_back_through_pydot_claim_by_claim(source: Graph, tmp_path: Path) -> None:
    pydot = pytest.importorskip("pydot")
    view = to_networkx(source)
    export(source, "dot", tmp_path / "g.dot")
    (dot,) = pydot.graph_from_dot_file(str(tmp_path / "g.dot"))
    nodes = {
        undot_string(n.get_name()): n.get_attributes()
        for n in dot.get_nodes()
        if n.get_name() not in ("node", "edge", "graph")
    }
    for node, expected in _entities(view).items():
        read = nodes[node]
        assert undot_string(read["label"]) == expected["label"]
        assert split_list(undot_string(read["synonyms"])) == expected["synonyms"]
        assert split_list(undot_string(read["categories"])) == expected["categories"]
    claims = _claims(view)
    edges = {undot_string(e.get_attributes()["claim"]): e for e in dot.get_edges()}
    assert set(edges) == set(claims)
    for key, (u, v, expected) in claims.items():
        edge = edges[key]
        assert (undot_string(edge.get_source()), undot_string(edge.get_destination())) == (u, v)
        read = {k: undot_string(value) for k, value in edge.get_attributes().items()}
        for name, value in expected.items():
            if value != "":
                assert read[name] == str(value), name


@pytest.mark.skipif(not have_graphviz(), reason="Graphviz not installed: run tests/setup.sh")
def test_graphviz_draws_the_dot_file_with_hostile_text(hostile: Graph, tmp_path: Path) -> None:
    export(hostile, "dot", tmp_path / "g.dot")
    assert "\x00" not in (tmp_path / "g.dot").read_text(encoding="utf-8")
    done = subprocess.run(
        ["dot", "-Tsvg", str(tmp_path / "g.dot")], capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    svg = done.stdout.decode("utf-8")
    # Graphviz decodes the entities: the tooltip shows the sentence's own text.
    assert "(see &quot;A, B&quot;) &amp; more." in svg
    assert SENTENCES[0].split("\n")[1][:20].replace('"', "&quot;") in svg
