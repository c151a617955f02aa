"""A synthetic claim graph in the il6graph model, for benchmarks.

``write_synthetic(folder, claims=N)`` writes ``folder/synthetic.ttl`` and the source text its
evidence offsets point into, ``folder/sources/synthetic.txt``. Entities attach by preferential
attachment, so degrees are scale-free like a real interaction graph: a few hubs, many leaves.
About 17 triples per claim (claim, evidence, selector, plain triple) plus 4 per entity;
``claims=6_000`` gives ~10^5 triples, ``claims=100_000`` ~1.7 million.

    python bench/synthetic.py OUT_FOLDER [CLAIMS]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

PREDICATES = ("activates", "promotes", "inhibits", "regulates", "contributesTo", "binds", "partOf")
CATEGORIES = ("Protein", "BiologicalProcess", "Cell", "Disease", "PhenotypicFeature", "Drug")
HEADER = """@prefix il6v: <https://w3id.org/il6graph/vocab/> .
@prefix il6: <https://w3id.org/il6graph/entity/> .
@prefix claim: <https://w3id.org/il6graph/claim/> .
@prefix ev: <https://w3id.org/il6graph/evidence/> .
@prefix src: <https://w3id.org/il6graph/source/> .
@prefix biolink: <https://w3id.org/biolink/vocab/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

src:synthetic a il6v:SourceDocument ; rdfs:label "synthetic benchmark text" ; il6v:path "synthetic.txt" .
"""


def synthetic_turtle(claims: int, *, seed: int = 7, entities: int | None = None) -> tuple[str, str]:
    """Return (Turtle, source text) for a graph of ``claims`` claims."""
    rng = random.Random(seed)
    n_entities = entities or max(10, claims // 5)
    targets: list[int] = [0, 1]  # preferential attachment: a node appears once per edge end
    lines = [HEADER]
    for e in range(n_entities):
        category = CATEGORIES[e % len(CATEGORIES)]
        lines.append(
            f'il6:e{e} a biolink:{category} ; rdfs:label "entity {e}" ; skos:altLabel "E{e}" .'
        )
    text_parts: list[str] = []
    offset = 0
    for c in range(claims):
        if c < n_entities - 1:
            subject, obj = c + 1, rng.choice(targets)  # grow: each new entity joins the graph
        else:
            subject, obj = rng.choice(targets), rng.choice(targets)
            if subject == obj:
                obj = rng.randrange(n_entities)
        targets += [subject, obj]
        predicate = PREDICATES[rng.randrange(len(PREDICATES))]
        sentence = f"Entity {subject} {predicate} entity {obj} (claim {c})."
        start, end = offset, offset + len(sentence)
        text_parts.append(sentence + " ")
        offset = end + 1
        hedge = ' ; il6v:hedge "can"' if c % 4 == 0 else ""
        lines.append(
            f"il6:e{subject} il6v:{predicate} il6:e{obj} .\n"
            f"claim:s{c} a il6v:Claim ; rdf:subject il6:e{subject} ; rdf:predicate il6v:{predicate} ; "
            f"rdf:object il6:e{obj} ; il6v:assertion il6v:Stated ; il6v:confidence 0.9 ; "
            f"prov:wasAttributedTo il6v:Curator ; il6v:evidence ev:s{c}{hedge} .\n"
            f'ev:s{c} a il6v:Evidence ; il6v:text "{sentence}" ; oa:hasSource src:synthetic ; '
            f"oa:hasSelector [ a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} ] ."
        )
    return "\n".join(lines) + "\n", "".join(text_parts)


def write_synthetic(folder: Path, *, claims: int, seed: int = 7) -> Path:
    """Write the synthetic graph and its source text under ``folder``; return the .ttl path."""
    turtle, text = synthetic_turtle(claims, seed=seed)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "synthetic.txt").write_text(text, encoding="utf-8")
    path = folder / "synthetic.ttl"
    path.write_text(turtle, encoding="utf-8")
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1])
    path = write_synthetic(out, claims=int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
    print(path)
