"""Planted errors for the validate benchmarks: one or more of every kind validate reports.

``write_planted(folder)`` writes ``folder/planted.ttl``, a small Turtle file to merge with the
bundled graph and a synthetic graph (``bench/synthetic.py``). Its claims cite the bundled
overview (``src:il6-cancer-overview``), so the sources folder given to validate must hold
``data/sources/*`` as well as ``synthetic.txt``. Every SHACL shape and every check beyond the
shapes has something to find here, so two engines that find the same problems on the merged
graph agree on each kind.

    python bench/planted.py OUT_FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

PLANTED = """@prefix il6v: <https://w3id.org/il6graph/vocab/> .
@prefix il6: <https://w3id.org/il6graph/entity/> .
@prefix claim: <https://w3id.org/il6graph/claim/> .
@prefix ev: <https://w3id.org/il6graph/evidence/> .
@prefix src: <https://w3id.org/il6graph/source/> .
@prefix biolink: <https://w3id.org/biolink/vocab/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

il6:planted-a a biolink:Protein ; rdfs:label "planted A" .
il6:planted-b a biolink:BiologicalProcess ; rdfs:label "planted B" .
il6:planted-lonely a biolink:Protein ; rdfs:label "planted lonely" .
il6:planted-gizmo a biolink:Gizmo ; rdfs:label "planted gizmo" .
il6:planted-nameless a biolink:Cell .
il6:planted-untyped rdfs:label "planted untyped" .

ev:planted-good a il6v:Evidence ; il6v:text "IL-6" ; oa:hasSource src:il6-cancer-overview ;
    oa:hasSelector [ a oa:TextPositionSelector ; oa:start 8 ; oa:end 12 ] .
ev:planted-altered a il6v:Evidence ; il6v:text "IL-7" ; oa:hasSource src:il6-cancer-overview ;
    oa:hasSelector [ a oa:TextPositionSelector ; oa:start 8 ; oa:end 12 ] .
ev:planted-outside a il6v:Evidence ; il6v:text "IL-6" ; oa:hasSource src:il6-cancer-overview ;
    oa:hasSelector [ a oa:TextPositionSelector ; oa:start 99999990 ; oa:end 99999994 ] .
ev:planted-no-selector a il6v:Evidence ; il6v:text "IL-6" ; oa:hasSource src:il6-cancer-overview .
ev:planted-bad-selector a il6v:Evidence ; il6v:text "IL-6" ; oa:hasSource src:il6-cancer-overview ;
    oa:hasSelector [ oa:start -1 ] .
ev:planted-two-texts a il6v:Evidence ; il6v:text "IL-6", "" ; oa:hasSource src:il6-cancer-overview ;
    oa:hasSelector [ a oa:TextPositionSelector ; oa:start 8 ; oa:end 12 ] .
ev:planted-not-a-source a il6v:Evidence ; il6v:text "IL-6" ; oa:hasSource il6:planted-a ;
    oa:hasSelector [ a oa:TextPositionSelector ; oa:start 8 ; oa:end 12 ] .
ev:planted-unfiled a il6v:Evidence ; il6v:text "IL-6" ; oa:hasSource src:planted-unfiled ;
    oa:hasSelector [ a oa:TextPositionSelector ; oa:start 8 ; oa:end 12 ] .
src:planted-unfiled a il6v:SourceDocument ; il6v:path "no-such-file.txt" .

il6:planted-a il6v:activates il6:planted-b .
claim:planted-confidence a il6v:Claim ; rdf:subject il6:planted-a ; rdf:predicate il6v:activates ;
    rdf:object il6:planted-b ; il6v:assertion il6v:Stated ; il6v:confidence 1.9 ;
    prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-good .
claim:planted-string-confidence a il6v:Claim ; rdf:subject il6:planted-a ;
    rdf:predicate il6v:activates ; rdf:object il6:planted-b ; il6v:assertion il6v:Implied ;
    il6v:confidence "high" ; prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-altered .
claim:planted-no-evidence a il6v:Claim ; rdf:subject il6:planted-a ; rdf:predicate il6v:activates ;
    rdf:object il6:planted-b ; il6v:assertion il6v:Stated ; il6v:confidence 0.5 .
claim:planted-two-subjects a il6v:Claim ; rdf:subject il6:planted-a, il6:planted-lonely ;
    rdf:predicate il6v:activates ; rdf:object il6:planted-b ; il6v:assertion il6v:Stated ;
    il6v:confidence 0.5 ; prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-outside .
claim:planted-assertion a il6v:Claim ; rdf:subject il6:planted-a ; rdf:predicate il6v:activates ;
    rdf:object il6:planted-b ; il6v:assertion il6v:Rumoured ; il6v:confidence 0.5 ; il6v:hedge "" ;
    prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-no-selector .
claim:planted-literal-object a il6v:Claim ; rdf:subject il6:planted-a ;
    rdf:predicate il6v:activates ; rdf:object "STAT3" ; il6v:assertion il6v:Stated ;
    il6v:confidence 0.5 ; prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-bad-selector .
claim:planted-undeclared a il6v:Claim ; rdf:subject il6:planted-a ; rdf:predicate il6v:enhances ;
    rdf:object il6:planted-b ; il6v:assertion il6v:Stated ; il6v:confidence 0.5 ;
    prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-two-texts .
il6:planted-a il6v:enhances il6:planted-b .
claim:planted-unasserted a il6v:Claim ; rdf:subject il6:planted-b ; rdf:predicate il6v:inhibits ;
    rdf:object il6:planted-a ; il6v:assertion il6v:Stated ; il6v:confidence 0.5 ;
    prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-not-a-source .
claim:planted-ghost a il6v:Claim ; rdf:subject il6:planted-ghost ; rdf:predicate il6v:activates ;
    rdf:object il6:planted-nameless ; il6v:assertion il6v:Stated ; il6v:confidence 0.5 ;
    prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-unfiled .
il6:planted-ghost il6v:activates il6:planted-nameless .
claim:planted-undescribed-evidence a il6v:Claim ; rdf:subject il6:planted-untyped ;
    rdf:predicate il6v:inhibits ; rdf:object il6:planted-b ; il6v:assertion il6v:Stated ;
    il6v:confidence 0.5 ; prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-missing .
il6:planted-untyped il6v:inhibits il6:planted-b .
il6:planted-b il6v:promotes il6:planted-a .
il6:planted-a il6v:inhibits il6:planted-b .
claim:planted-contradiction a il6v:Claim ; rdf:subject il6:planted-a ; rdf:predicate il6v:inhibits ;
    rdf:object il6:planted-b ; il6v:assertion il6v:Stated ; il6v:confidence 0.5 ;
    prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:planted-good .
"""


def write_planted(folder: Path) -> Path:
    """Write ``folder/planted.ttl`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "planted.ttl"
    path.write_text(PLANTED, encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_planted(Path(sys.argv[1])))
