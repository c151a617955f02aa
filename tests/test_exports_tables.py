"""Table exports (il6graph/exports/tables.py): CSV read by Python's csv module as a spreadsheet
import would, KGX checked by kgx itself (validate, transform; tests/.venv/kgx with the
biolink-model package, run offline by tests/readers/kgx_offline.py), Neo4j headers against
neo4j-admin's import syntax. Bundled graph and hostile values, compared claim by claim."""

from __future__ import annotations

import csv
import io
import json
import re
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import networkx
import pytest
from hostile import hostile_graph, run_tool, tool_python
from rdflib import Graph

from il6graph.exports import export
from il6graph.exports.rows import edge_fields, node_fields, split_list
from il6graph.exports.tables import NEO4J_ARRAY_DELIMITER, kgx_tsv_value, spreadsheet_cell
from il6graph.graph_view import to_networkx

TESTS = Path(__file__).parent
KGX = str(TESTS / "readers" / "kgx_offline.py")
LOCAL = "il6=https://w3id.org/il6graph/entity/"

needs_kgx = pytest.mark.skipif(
    tool_python("kgx") is None, reason="kgx venv not installed: run `bash tests/setup.sh`"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return hostile_graph(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module", params=["bundled", "hostile"])
def source(request: pytest.FixtureRequest, graph: Graph, hostile: Graph) -> Graph:
    return graph if request.param == "bundled" else hostile


def _files(path: Path) -> dict[str, str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    if path.name.endswith((".tar.gz", ".tar")):
        with tarfile.open(path) as archive:
            return {
                m.name: archive.extractfile(m).read().decode("utf-8")  # type: ignore[union-attr]
                for m in archive.getmembers()
            }
    return {p.name: p.read_bytes().decode("utf-8") for p in path.iterdir()}


def _rows(text: str, **dialect: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline=""), **dialect))


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["tables", "tables.zip", "tables.tar.gz"])
def test_csv_reads_back_claim_by_claim_with_formulas_defused(
    source: Graph, tmp_path: Path, target: str
) -> None:
    view = to_networkx(source)
    done = export(source, "csv", tmp_path / target)
    assert done.files == ("edges.csv", "nodes.csv")
    files = _files(tmp_path / target)
    edges = {row["id"]: row for row in _rows(files["edges.csv"])}
    assert len(edges) == view.number_of_edges()
    for u, v, key, data in view.edges(keys=True, data=True):
        read = edges[spreadsheet_cell(key)]
        assert (read["source"], read["target"]) == (spreadsheet_cell(u), spreadsheet_cell(v))
        for name, value in edge_fields(key, data).items():
            if name not in ("claim", "attributed_to"):  # the claim sheet's columns
                assert read[name] == str(spreadsheet_cell(value)), name
    nodes = {row["id"]: row for row in _rows(files["nodes.csv"])}
    for node, data in view.nodes(data=True):
        read = nodes[node]
        fields = node_fields(node, data)
        assert read["label"] == spreadsheet_cell(fields["label"])
        assert split_list(read["synonyms"].removeprefix("'")) == fields["synonyms"]


def test_csv_never_starts_a_cell_with_a_formula_unless_asked(
    hostile: Graph, tmp_path: Path, cli: Any
) -> None:
    export(hostile, "csv", tmp_path / "safe")
    for name in ("nodes.csv", "edges.csv"):
        with (tmp_path / "safe" / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert cell in ("+", "-") or not cell.startswith(
                        ("=", "+", "-", "@", "\t", "\r")
                    ), cell
    export(hostile, "csv", tmp_path / "raw", raw_cells=True)
    nodes = _rows((tmp_path / "raw" / "nodes.csv").read_bytes().decode("utf-8"))
    assert {row["label"] for row in nodes} >= {"=STAT3+1\r\n@cmd"}


# --- KGX ----------------------------------------------------------------------------------------


def _kgx_report(done: Any) -> dict[str, Any]:
    """The JSON validation report kgx prints (on standard error when it is not a terminal),
    between its log lines; {} when it printed none."""
    for text in (done.stderr, done.stdout):
        start = text.find("{")
        if start >= 0:
            report: dict[str, Any] = json.loads(text[start : text.rindex("}") + 1])
            return report
    return {}


@needs_kgx
@pytest.mark.parametrize(("format", "name"), [("kgx", "kgx.tar.gz"), ("kgx-jsonl", "kgx")])
def test_kgx_validate_finds_no_error_but_the_local_prefix(
    source: Graph, tmp_path: Path, format: str, name: str
) -> None:
    view = to_networkx(source)
    export(source, format, tmp_path / name)
    if format == "kgx":
        inputs = ["-i", "tsv", "-c", "tar.gz", str(tmp_path / name)]
    else:
        inputs = ["-i", "jsonl", str(tmp_path / name / "nodes.jsonl")]
        inputs.append(str(tmp_path / name / "edges.jsonl"))
    # With the Biolink Model's own prefixes, the only complaint is the project's prefix "il6"
    # for its local entities (the Biolink context has no prefix for them), one per local id.
    done = run_tool("kgx", KGX, "validate", *inputs)
    assert done.returncode == 1
    report = _kgx_report(done)
    kinds = {kind for level in report.values() for kind in level}
    assert kinds <= {"INVALID_NODE_PROPERTY_VALUE", "INVALID_EDGE_PROPERTY_VALUE"}, report
    messages = [m for level in report.values() for kind in level.values() for m in kind]
    assert all("CURIE prefix 'il6'" in m for m in messages), messages
    local = {n for n in view.nodes if n.startswith("il6:")}
    named = {m.split("'")[3] for m in messages if m.startswith("Node property 'id'")}
    assert named == local
    # With that prefix declared in the context kgx reads its prefixes from: no error at all.
    done = run_tool("kgx", KGX, "--declare", LOCAL, "validate", *inputs)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert _kgx_report(done) == {}


def _kgx_tsv(path: Path) -> list[dict[str, str]]:
    return _rows(path.read_bytes().decode("utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE)


def _expected_kgx_edges(view: networkx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    return {
        str(key): {"subject": u, "object": v, **edge_fields(str(key), data)}
        for u, v, key, data in view.edges(keys=True, data=True)
    }


@needs_kgx
def test_kgx_transform_streamed_keeps_every_claim_and_value(source: Graph, tmp_path: Path) -> None:
    """kgx reads the TSV bundle and writes every claim, with every column, as JSON Lines (its
    streamed TSV writer keeps only the core columns, so JSON Lines is the output read here)."""
    view = to_networkx(source)
    export(source, "kgx", tmp_path / "kgx.tar.gz")
    done = run_tool(
        "kgx", KGX, "transform", "--stream", "-i", "tsv", "-c", "tar.gz", "-f", "jsonl",
        "-o", str(tmp_path / "out"), str(tmp_path / "kgx.tar.gz"),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = (tmp_path / "out_edges.jsonl").read_text(encoding="utf-8").splitlines()
    edges = {record["id"]: record for record in map(json.loads, lines)}
    expected = _expected_kgx_edges(view)
    assert set(edges) == set(expected)
    for key, claim in expected.items():
        read = edges[key]
        assert (read["subject"], read["object"]) == (claim["subject"], claim["object"])
        assert read["supporting_text"] == [kgx_tsv_value(claim["evidence"])]
        assert read["original_predicate"] == claim["predicate_id"]
        assert read.get("hedge", "") == kgx_tsv_value(claim["hedge"])
        assert float(read["confidence"]) == claim["confidence"]
        assert (read["evidence_start"], read["evidence_end"]) == (
            str(claim["evidence_start"]),
            str(claim["evidence_end"]),
        )
    lines = (tmp_path / "out_nodes.jsonl").read_text(encoding="utf-8").splitlines()
    nodes = {record["id"]: record for record in map(json.loads, lines)}
    for node, data in view.nodes(data=True):
        fields = node_fields(node, data)
        assert nodes[node]["name"] == kgx_tsv_value(fields["label"])
        assert sorted(nodes[node].get("synonym", [])) == sorted(
            {kgx_tsv_value(s) for s in fields["synonyms"]}
        )


@needs_kgx
def test_kgx_transform_default_mode_keeps_one_edge_per_subject_predicate_object(
    source: Graph, tmp_path: Path
) -> None:
    """kgx's default (in-memory) transform keys edges by subject, predicate and object and
    ignores ``id`` (a ``key`` column crashes kgx 2.6): claims that share all three, such as two
    sentences stating one edge, come out as one edge. Every other claim comes out whole."""
    view = to_networkx(source)
    export(source, "kgx", tmp_path / "kgx.tar.gz")
    done = run_tool(
        "kgx", KGX, "transform", "-i", "tsv", "-c", "tar.gz", "-f", "tsv",
        "-o", str(tmp_path / "out"), str(tmp_path / "kgx.tar.gz"),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    edges = {row["id"]: row for row in _kgx_tsv(tmp_path / "out_edges.tsv")}
    written = {row["id"]: row for row in _kgx_tsv_in(tmp_path / "kgx.tar.gz")}
    triples: dict[tuple[str, str, str], list[str]] = {}
    for key, row in written.items():
        triples.setdefault((row["subject"], row["predicate"], row["object"]), []).append(key)
    assert len(edges) == len(triples)
    for (s, p, o), keys in triples.items():
        (kept,) = [key for key in keys if key in edges]
        assert (edges[kept]["subject"], edges[kept]["predicate"], edges[kept]["object"]) == (
            s,
            p,
            o,
        )
        if len(keys) == 1:
            assert edges[kept]["supporting_text"] == written[kept]["supporting_text"]
    assert sum(len(k) for k in triples.values()) == view.number_of_edges()


def _kgx_tsv_in(bundle: Path) -> list[dict[str, str]]:
    return _rows(_files(bundle)["edges.tsv"], delimiter="\t", quoting=csv.QUOTE_NONE)


@needs_kgx
def test_kgx_jsonl_reads_back_in_kgx_claim_by_claim(source: Graph, tmp_path: Path) -> None:
    view = to_networkx(source)
    export(source, "kgx-jsonl", tmp_path / "kgx")
    done = run_tool(
        "kgx", KGX, "transform", "--stream", "-i", "jsonl", "-f", "jsonl",
        "-o", str(tmp_path / "out"),
        str(tmp_path / "kgx" / "nodes.jsonl"), str(tmp_path / "kgx" / "edges.jsonl"),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    def kgx_read(text: str) -> str:  # kgx turns line breaks and tabs into spaces as it reads
        return text.replace("\n", " ").replace("\t", " ")

    lines = (tmp_path / "out_edges.jsonl").read_text(encoding="utf-8").splitlines()
    edges = {record["id"]: record for record in map(json.loads, lines)}
    expected = _expected_kgx_edges(view)
    assert set(edges) == set(expected)
    for key, claim in expected.items():
        read = edges[key]
        assert read["supporting_text"] == [kgx_read(claim["evidence"])]
        assert read.get("hedge", "") == kgx_read(claim["hedge"])
        assert read["confidence"] == claim["confidence"]
    lines = (tmp_path / "out_nodes.jsonl").read_text(encoding="utf-8").splitlines()
    nodes = {record["id"]: record for record in map(json.loads, lines)}
    for node, data in view.nodes(data=True):
        fields = node_fields(node, data)
        assert nodes[node]["name"] == kgx_read(fields["label"])
        assert sorted(nodes[node].get("synonym", [])) == sorted(
            {kgx_read(s) for s in fields["synonyms"]}
        )


def test_kgx_jsonl_keeps_every_character_in_the_file(hostile: Graph, tmp_path: Path) -> None:
    view = to_networkx(hostile)
    export(hostile, "kgx-jsonl", tmp_path / "kgx.tar.gz")
    files = _files(tmp_path / "kgx.tar.gz")
    edges = {r["id"]: r for r in map(json.loads, files["edges.jsonl"].splitlines())}
    for key, claim in _expected_kgx_edges(view).items():
        assert edges[key]["supporting_text"] == [claim["evidence"]]
    nodes = {r["id"]: r for r in map(json.loads, files["nodes.jsonl"].splitlines())}
    for node, data in view.nodes(data=True):
        assert nodes[node]["synonym"] == node_fields(node, data)["synonyms"]


def test_kgx_is_bundled_as_tar_not_zip(graph: Graph, tmp_path: Path) -> None:
    from il6graph.errors import InputError

    with pytest.raises(InputError, match=r"bundled as \.tar\.gz or \.tgz or \.tar, not \.zip"):
        export(graph, "kgx", tmp_path / "kgx.zip")
    first = export(graph, "kgx", tmp_path / "a.tar.gz")
    export(graph, "kgx", tmp_path / "b.tar.gz")
    assert first.files == ("edges.tsv", "nodes.tsv")
    # The same graph gives the same bundle, byte for byte.
    assert (tmp_path / "a.tar.gz").read_bytes() == (tmp_path / "b.tar.gz").read_bytes()


def test_kgx_columns_follow_the_kgx_specification(graph: Graph, tmp_path: Path) -> None:
    export(graph, "kgx", tmp_path / "kgx")
    nodes = _kgx_tsv(tmp_path / "kgx" / "nodes.tsv")
    edges = _kgx_tsv(tmp_path / "kgx" / "edges.tsv")
    ids = {row["id"] for row in nodes}
    for row in nodes:
        assert re.fullmatch(r"[A-Za-z][\w.]*:\S+", row["id"])
        assert all(re.fullmatch(r"biolink:[A-Z][A-Za-z]+", c) for c in row["category"].split("|"))
    for row in edges:
        assert row["subject"] in ids and row["object"] in ids
        assert re.fullmatch(r"biolink:[a-z][a-z_]*", row["predicate"])
        assert row["knowledge_level"] in {"knowledge_assertion", "logical_entailment"}
        assert row["agent_type"] == "manual_agent"  # every bundled claim is a curator's
    il6_stat3 = [
        r
        for r in edges
        if (r["subject"], r["object"], r["original_predicate"])
        == ("HGNC:6018", "HGNC:11364", "il6v:activates")
    ]
    assert il6_stat3 and il6_stat3[0]["predicate"] == "biolink:affects"
    assert il6_stat3[0]["qualified_predicate"] == "biolink:causes"
    assert il6_stat3[0]["object_direction_qualifier"] == "increased"


# --- Neo4j --------------------------------------------------------------------------------------

NEO4J_FIELD = re.compile(
    r"(?P<name>[^:]*)(:(?P<type>ID|LABEL|START_ID|END_ID|TYPE|IGNORE|"
    r"(int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time|"
    r"localdatetime|datetime|duration)(\[\])?))?"
)


def test_neo4j_files_follow_neo4j_admin_import_and_keep_values(
    source: Graph, tmp_path: Path
) -> None:
    view = to_networkx(source)
    export(source, "neo4j", tmp_path / "neo4j")
    nodes = list(csv.reader((tmp_path / "neo4j" / "nodes.csv").open(encoding="utf-8", newline="")))
    relationships = list(
        csv.reader((tmp_path / "neo4j" / "relationships.csv").open(encoding="utf-8", newline=""))
    )
    for header in (nodes[0], relationships[0]):
        for field in header:
            assert NEO4J_FIELD.fullmatch(field), f"{field!r} is not a neo4j-admin header field"
    assert relationships[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    script = (tmp_path / "neo4j" / "import.sh").read_text(encoding="utf-8")
    assert '--array-delimiter="U+001F"' in script and "--multiline-fields=true" in script
    read = {row[3]: dict(zip(relationships[0], row, strict=True)) for row in relationships[1:]}
    for u, v, key, data in view.edges(keys=True, data=True):
        fields = edge_fields(key, data)
        row = read[key]
        assert (row[":START_ID"], row[":END_ID"]) == (u, v)
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", row[":TYPE"])
        assert row["evidence"] == fields["evidence"]
        assert float(row["confidence:float"]) == fields["confidence"]
    entities = {row[0]: dict(zip(nodes[0], row, strict=True)) for row in nodes[1:]}
    for node, data in view.nodes(data=True):
        fields = node_fields(node, data)
        synonyms = entities[node]["synonyms:string[]"]
        assert (synonyms.split(NEO4J_ARRAY_DELIMITER) if synonyms else []) == fields["synonyms"]
        assert entities[node]["name"] == fields["label"]
