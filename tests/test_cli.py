"""The command line as users run it: output, exit codes, one-line errors."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import il6graph
from il6graph.cli import main


def test_overview_validates_summarises_and_shows_il6_to_stat3(cli, tmp_path):
    result = cli("overview", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Validation: valid")
    assert "claims about" in result.stdout
    assert "Claims behind IL-6 -> STAT3" in result.stdout
    assert "Furthermore, IL-6 can activate signaling pathways" in result.stdout


def test_claims_lists_every_claim_about_stat3_with_its_sentence(cli):
    result = cli("claims", "STAT3")
    assert result.exit_code == 0
    assert result.stdout.startswith("STAT3 (HGNC:11364, Protein):")
    assert 'IL-6 --activates--> STAT3  [implied, hedge "can"' in result.stdout
    assert "JAK1 --activates--> STAT3  [external" in result.stdout


def test_claims_json_for_scripts(cli):
    result = cli("claims", "interleukin 6", "--format", "json")
    data = json.loads(result.stdout)
    assert data["entity"] == {"id": "HGNC:6018", "label": "IL-6"}
    assert len(data["claims"]) >= 40
    first = data["claims"][0]
    assert set(first) == {
        "id",
        "subject",
        "predicate",
        "object",
        "assertion",
        "hedge",
        "confidence",
        "evidence",
    }
    assert set(first["evidence"]) == {"text", "source", "start", "end"}


def test_unknown_entity_exits_2_with_suggestions_and_no_traceback(cli):
    result = cli("claims", "STAT-33")
    assert result.exit_code == 2
    assert result.stderr.startswith("il6graph: error: unknown entity 'STAT-33'; did you mean")
    assert "STAT3" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_malformed_turtle_given_with_data_is_one_line(cli, tmp_path: Path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    result = cli("--data", str(bad), "stats")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"il6graph: error: {bad}:2:")
    assert result.stderr.count("\n") == 1


def test_stats_text_and_json(cli):
    text = cli("stats")
    assert text.exit_code == 0
    assert "hedged:" in text.stdout and "most connected: IL-6" in text.stdout
    data = json.loads(cli("stats", "--format", "json").stdout)
    assert data["claims"] >= 80
    assert set(data["by_assertion"]) == {"stated", "implied", "external"}
    assert 0 < data["hedged_share"] < 1
    assert data["most_connected"][0]["label"] == "IL-6"


def test_validate_exit_codes(cli, data_copy: Path):
    assert cli("validate").exit_code == 0
    triples = data_copy / "triples.ttl"
    triples.write_text(
        triples.read_text().replace("such as the STAT3 pathway", "such as the JAK pathway")
    )
    result = cli("validate", str(triples), "--sources", str(data_copy / "sources"))
    assert result.exit_code == 1
    assert "differs from src:il6-cancer-overview[1473:1624]" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("INVALID:")


def test_data_option_reads_the_given_files_instead(cli, data_copy: Path):
    extra = data_copy / "extra.ttl"
    extra.write_text(
        "@prefix il6: <https://w3id.org/il6graph/entity/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix biolink: <https://w3id.org/biolink/vocab/> .\n"
        'il6:lonely a biolink:Cell ; rdfs:label "lonely cell" .\n'
    )
    result = cli(
        "--data", str(data_copy / "triples.ttl"), "--data", str(extra), "stats", "--format", "json"
    )
    assert (
        json.loads(result.stdout)["entities"]
        == json.loads(cli("stats", "--format", "json").stdout)["entities"] + 1
    )


def test_every_command_has_help(cli):
    assert cli("--help").exit_code == 0
    for name in main.commands:
        result = cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Usage: " in result.stdout


def test_every_module_imports():
    # Commands import their backends lazily, so an import error would hide until first use.
    for module in pkgutil.iter_modules(il6graph.__path__):
        if module.name == "__main__":
            continue
        importlib.import_module(f"il6graph.{module.name}")


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from il6graph.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('rdflib', 'networkx', 'pyvis', 'pyshacl', 'pyshacl_turbo', 'pyoxigraph') if m in sys.modules]\n"
        "print('heavy:' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "heavy:"


@pytest.mark.parametrize("attribute", il6graph.__all__)
def test_public_names_resolve(attribute):
    assert getattr(il6graph, attribute) is not None


def test_bundled_graph_is_in_canonical_form(cli):
    from il6graph.resources import graph_path

    assert cli("format", "--check", str(graph_path())).exit_code == 0


def test_format_rewrites_a_hand_edited_file_without_changing_its_triples(cli, data_copy: Path):
    from rdflib.compare import isomorphic

    from il6graph.store import load_graph

    triples = data_copy / "triples.ttl"
    original = triples.read_text()
    shuffled = "\n\n".join(
        reversed(original.split("\n\n")[1:])
    )  # blocks out of order, prefixes last
    triples.write_text(original.split("\n\n")[0] + "\n\n" + shuffled)
    before = load_graph(triples)
    assert cli("format", "--check", str(triples)).exit_code == 1
    result = cli("format", str(triples))
    assert result.exit_code == 0 and "formatted" in result.stdout
    assert triples.read_text() == original
    assert isomorphic(load_graph(triples), before)
