"""The export entry point, registry and command (il6graph/exports/api.py, formats.py,
bundle.py; the export command): formats by name and suffix, selections, atomic writes into
files, folders and bundles, shell completion of --format, and the typed package. Each format's
contents are checked by its readers in tests/test_exports_*.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import networkx
import pytest
from rdflib import Graph

from il6graph.errors import InputError
from il6graph.exports import FORMATS, export, format_named, network, tables
from il6graph.graph_view import to_networkx
from il6graph.selection import Selection

REPO = Path(__file__).resolve().parent.parent
IL6, DISSEMINATION = "HGNC:6018", "il6:cancer-cell-dissemination"


@pytest.fixture(scope="module")
def view(graph: Graph) -> networkx.MultiDiGraph:
    return to_networkx(graph)


def _no_temporary_files(folder: Path) -> None:
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert leftovers == [], f"temporary files left behind: {leftovers}"


def _read_folder_or_bundle(path: Path) -> dict[str, bytes]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    if path.name.endswith(".tar.gz"):
        with tarfile.open(path) as archive:
            return {m.name: archive.extractfile(m).read() for m in archive.getmembers()}  # type: ignore[union-attr]
    return {p.name: p.read_bytes() for p in path.iterdir()}


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

    def broken(nodes: Any, edges: Any, stream: IO[bytes], **options: Any) -> None:
        stream.write(b"<?xml version='1.0'?><graphml>half a file")
        raise OSError("disk full (injected)")

    monkeypatch.setattr(network, "to_graphml", broken)
    with pytest.raises(InputError, match="cannot write: disk full \\(injected\\)"):
        export(graph, "graphml", target, selection=Selection(focus="STAT3"))
    assert target.read_bytes() == before
    _no_temporary_files(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["il6.graphml"]


@pytest.mark.parametrize("target", ["tables", "tables.zip", "tables.tar.gz"])
def test_a_failing_folder_or_zip_write_keeps_the_previous_export_and_leaves_nothing(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    path = tmp_path / target
    export(graph, "csv", path)
    before = _read_folder_or_bundle(path)

    def broken(nodes: Any, edges: Any, folder: Path, **options: Any) -> None:
        (folder / "nodes.csv").write_text("id,label\nhalf,", encoding="utf-8")
        raise OSError("disk full (injected)")

    monkeypatch.setattr(tables, "to_csv", broken)
    with pytest.raises(InputError, match=r"cannot write: .*injected"):
        export(graph, "csv", path, selection=Selection(focus="STAT3"))
    assert _read_folder_or_bundle(path) == before
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


def test_every_format_writes_and_names_its_counts(graph: Graph, tmp_path: Path) -> None:
    view = to_networkx(graph)
    for name, chosen in FORMATS.items():
        target = tmp_path / (name + (chosen.suffixes[0] if chosen.suffixes else ""))
        done = export(graph, name, target)
        assert (done.nodes, done.edges) == (view.number_of_nodes(), view.number_of_edges()), name
        assert done.size > 1000 and done.describe().startswith(f"wrote {target}")


def test_rdf_formats_refuse_a_networkx_view(view: networkx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="RDF formats need the RDF graph"):
        export(view, "turtle", tmp_path / "x.ttl")
    done = export(view, "graphml", tmp_path / "x.graphml", selection=Selection(focus="IL-6"))
    assert done.nodes > 1


def test_aliases_and_suffixes_choose_formats() -> None:
    assert format_named("ttl").name == "turtle"
    assert format_named("jsonl").name == "kgx-jsonl"
    assert format_named(None, "x.gv").name == "dot"
    with pytest.raises(InputError, match="cannot tell the format"):
        format_named(None, "x.xlsx")


def test_shell_completion_offers_the_format_names(tmp_path: Path) -> None:
    """What bash completion shows after `il6graph export --format k<TAB>`."""
    environment = {
        **os.environ,
        "_IL6GRAPH_COMPLETE": "bash_complete",
        "COMP_WORDS": "il6graph export --format k",
        "COMP_CWORD": "3",
    }
    done = subprocess.run(
        [sys.executable, "-m", "il6graph"], env=environment, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    offered = [line.split(",", 1)[1] for line in done.stdout.splitlines()]
    assert offered == ["kgx", "kgx-jsonl"]
    environment["COMP_WORDS"] = "il6graph export --format "
    done = subprocess.run(
        [sys.executable, "-m", "il6graph"], env=environment, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert [line.split(",", 1)[1] for line in done.stdout.splitlines()] == list(FORMATS)


def test_mypy_reads_the_package_types_without_stubs(tmp_path: Path) -> None:
    """py.typed: a user's type checker uses the package's annotations."""
    assert (REPO / "il6graph" / "py.typed").is_file()
    user = tmp_path / "user.py"
    user.write_text(
        "from il6graph.exports import format_named\nname: int = format_named('ttl').name\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", str(user)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    # The one error is the deliberate one: mypy knows .name is a str, so it read the package.
    assert 'Incompatible types in assignment (expression has type "str"' in done.stdout
    assert "missing library stubs" not in done.stdout and "py.typed" not in done.stdout


def test_the_wheel_carries_py_typed_and_the_exports_subpackage(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if done.returncode != 0 and "hatchling" in done.stderr:
        pytest.skip(f"pip could not fetch hatchling to build the wheel: {done.stderr[-200:]}")
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("il6graph-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "il6graph/py.typed" in names
    assert {"il6graph/exports/__init__.py", "il6graph/exports/nanopubs.py"} <= names
    assert "Classifier: Typing :: Typed" in metadata and "Keywords:" in metadata
    assert re.search(r"^Project-URL: ", metadata, re.MULTILINE)


def test_the_persistent_store_exports_what_the_rdflib_graph_does(
    graph: Graph, tmp_path: Path
) -> None:
    """A store (il6graph.store.open_store) streams its rows and its RDF; the files hold the same
    entities, claims and triples as those written from the rdflib graph."""
    from rdflib.compare import isomorphic

    from il6graph.store import open_store

    store = open_store()
    for source, name in ((graph, "graph"), (store, "store")):
        export(source, "node-link", tmp_path / f"{name}.json")
        export(source, "ntriples", tmp_path / f"{name}.nt")
        export(
            source, "ntriples", tmp_path / f"{name}-stat3.nt", selection=Selection(focus="STAT3")
        )
    read = {
        name: json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("graph", "store")
    }
    for key in ("nodes", "links"):
        assert sorted(map(json.dumps, read["graph"][key])) == sorted(
            map(json.dumps, read["store"][key])
        )
    for suffix in (".nt", "-stat3.nt"):
        assert isomorphic(
            Graph().parse(tmp_path / f"graph{suffix}", format="nt"),
            Graph().parse(tmp_path / f"store{suffix}", format="nt"),
        )
