"""Curators' claim sheets (il6graph.importers.sheets): good rows become claims with offsets found
in the text; every kind of bad row is named with what is wrong; nothing is added unless every
row is good; the CSV export comes back in unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from il6graph.claims import read_claims
from il6graph.errors import InputError
from il6graph.importers.merge import import_files
from il6graph.importers.sheets import SHEET_COLUMNS, SheetError, read_sheet
from il6graph.output import to_turtle
from il6graph.resources import graph_path, sources_dir
from il6graph.store import load_graph
from il6graph.vocabulary import to_curie

OVERVIEW = "IL-6 and cancer: an overview"
ANGIOGENESIS = (
    "It promotes tumor growth by supporting the survival of cancer cells, enhancing metastasis, "
    "and inducing angiogenesis."
)
SOCS3_NOTE = "In our hands SOCS3 might activate JAK1 in hepatocytes, a made-up note for the test."


def write_sheet(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    columns = list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, columns, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(**values: str) -> dict[str, str]:
    base = {
        "subject": "IL-6",
        "predicate": "promotes",
        "object": "angiogenesis",
        "sentence": ANGIOGENESIS,
        "document": OVERVIEW,
        "hedge": "",
        "assertion": "stated",
        "confidence": "",
    }
    return {**base, **values}


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "lab-notes.txt").write_text(
        f"Lab notes.\n{SOCS3_NOTE}\nIL-6 twice. IL-6 twice.\n", encoding="utf-8"
    )
    return folder


def read(path: Path, sources: Path):
    return read_sheet(path, load_graph(), sources=sources, fallback=sources_dir())


def test_good_rows_become_claims_with_offsets_found_in_the_text(tmp_path, sources):
    sheet = write_sheet(
        tmp_path / "good.csv",
        [
            row(),
            row(
                subject="SOCS3",
                predicate="activates",
                object="jak1",
                sentence=SOCS3_NOTE,
                document="lab-notes.txt",
                hedge="might",
                assertion="implied",
            ),
        ],
    )
    found = read(sheet, sources)
    first, second = found.claims
    text = (sources_dir() / "il6-cancer-overview.txt").read_text(encoding="utf-8")
    assert text[first.evidence.selector.start : first.evidence.selector.end] == ANGIOGENESIS
    assert (to_curie(first.subject), to_curie(first.object)) == ("HGNC:6018", "GO:0001525")
    assert first.confidence == 0.9 and first.assertion == "stated"
    notes = (sources / "lab-notes.txt").read_text(encoding="utf-8")
    assert notes[second.evidence.selector.start : second.evidence.selector.end] == SOCS3_NOTE
    assert (second.hedge, second.confidence, second.assertion) == ("might", 0.5, "implied")
    assert [d.file_name for d in found.documents] == ["lab-notes.txt"]  # a new source document


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row(subject="STAT-33"), "row 2: source: unknown entity 'STAT-33'; did you mean 'STAT3'?"),
        (row(subject="Twin"), "row 2: source: ambiguous entity name 'Twin'"),
        (row(predicate="activatez"), "row 2: unknown predicate 'activatez' (known: activates,"),
        (row(sentence="IL-6 does everything."), f"row 2: the sentence is not in '{OVERVIEW}'"),
        (row(sentence="IL-6 twice.", document="lab-notes"), "occurs more than once in 'lab-notes'"),
        (row(hedge="might"), "row 2: hedge 'might' does not occur in the sentence"),
        (row(confidence="1.5"), "row 2: confidence 1.5 is outside [0, 1]"),
        (row(assertion="claimed"), "row 2: unknown assertion 'claimed'"),
        (row(document="smith2024.txt"), "row 2: unknown document 'smith2024.txt'"),
        ({**row(), "sign": "-"}, "row 2: sign '-' does not match predicate 'promotes' (+)"),
        (
            {**row(), "evidence_start": "10", "evidence_end": "20"},
            "row 2: the sentence is not at 10-20 of 'IL-6 and cancer: an overview'; it is at 495-612",
        ),
    ],
)
def test_each_kind_of_bad_row_is_named(tmp_path, sources, bad, message):
    graph = load_graph()
    twin = "https://w3id.org/il6graph/entity/twin-"
    graph.parse(
        data=f'<{twin}a> a <https://w3id.org/biolink/vocab/Cell> ; <http://www.w3.org/2000/01/rdf-schema#label> "Twin" .'
        f'<{twin}b> a <https://w3id.org/biolink/vocab/Cell> ; <http://www.w3.org/2000/01/rdf-schema#label> "Twin" .',
        format="turtle",
    )
    sheet = write_sheet(tmp_path / "bad.csv", [bad])
    with pytest.raises(SheetError) as caught:
        read_sheet(sheet, graph, sources=sources, fallback=sources_dir())
    assert message in str(caught.value), str(caught.value)
    assert str(caught.value).startswith("bad.csv, row 2:")


def test_every_bad_row_is_listed_and_nothing_is_added(tmp_path, sources):
    sheet = write_sheet(
        tmp_path / "mixed.csv", [row(), row(subject="STAT-33"), row(), row(predicate="nope")]
    )
    graph = load_graph()
    before = to_turtle(graph)
    with pytest.raises(SheetError) as caught:
        import_files(graph, [sheet], sources=sources, fallback=sources_dir())
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "mixed.csv, row 3",
        "mixed.csv, row 5",
    ]
    assert to_turtle(graph) == before


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("subject,predicate,object,sentence,document,colour\n", "unknown column 'colour'"),
        ("subject,predicate,object,sentence\n", "missing column document"),
        ("subject,predicate,object,sentence,document\n", "has a header"),
        (
            'subject,predicate,object,sentence,document\n"IL-6,x"y,a,b,c\n',
            "row 2: not a valid table row",
        ),
    ],
)
def test_bad_headers_are_named(tmp_path, sources, header, message):
    sheet = tmp_path / "header.csv"
    sheet.write_text(header, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(sheet, sources)
    assert message in str(caught.value)


def test_tsv_and_a_spreadsheets_byte_order_mark_are_read(tmp_path, sources):
    sheet = write_sheet(tmp_path / "claims.tsv", [row()], delimiter="\t")
    sheet.write_bytes(b"\xef\xbb\xbf" + sheet.read_bytes())
    (claim,) = read(sheet, sources).claims
    assert to_curie(claim.object) == "GO:0001525"


def test_the_csv_export_round_trips_through_a_sheet(tmp_path, cli):
    """Export the claims as CSV, import the edges file: the graph is the bundled one exactly."""
    assert cli("export", "--format", "csv", "-o", str(tmp_path / "csv")).exit_code == 0
    edges = tmp_path / "csv" / "edges.csv"
    with edges.open(encoding="utf-8") as stream:
        assert tuple(next(csv.reader(stream))) == SHEET_COLUMNS
    graph = load_graph()
    result = import_files(graph, [edges], sources=tmp_path / "none", fallback=sources_dir())
    assert (result.files[0].claims, result.files[0].added) == (121, 0)
    assert to_turtle(graph) == graph_path().read_text(encoding="utf-8")


def test_an_edited_row_of_the_export_adds_its_claim_from_the_sheet(tmp_path, cli):
    cli("export", "--format", "csv", "-o", str(tmp_path / "csv"))
    edges = tmp_path / "csv" / "edges.csv"
    rows = list(csv.DictReader(edges.open(encoding="utf-8")))
    edited = next(r for r in rows if r["source"] == "HGNC:6018" and r["predicate"] == "promotes")
    edited.update(predicate="regulates", predicate_id="", sign="?")  # the stale id is ignored
    write_sheet(edges, [edited])
    graph = load_graph()
    import_files(graph, [edges], sources=tmp_path, fallback=sources_dir())
    new = [c for c in read_claims(graph) if c.predicate_label == "regulates"]
    assert any(c.evidence.text == edited["evidence"] for c in new)
    derived = graph.query(
        "SELECT ?c WHERE { ?c <http://www.w3.org/ns/prov#wasDerivedFrom> ?sheet }"
    )
    assert len(list(derived)) == 1  # only the new claim names the sheet it came from
