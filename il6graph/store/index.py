"""The claim index kept beside the Oxigraph database: what commands read instead of the triples.

SQLite holds the tables that are looked up by name or number (entities and their names, claims,
evidence sentences, predicates); numpy arrays hold the claim graph's adjacency (each entity's
outgoing and incoming claims, and each claim's subject, object, sign, assertion kind, hedge flag
and confidence), memory-mapped when a store is opened, so a path question on 10^6 claims starts
in milliseconds. The index is built once, from what :mod:`il6graph.store.build` collected, and
never changes: a store is read-only once it is published.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from il6graph.curies import to_curie
from il6graph.entities import CATEGORY_ORDER, normalize_name
from il6graph.progress import bar
from il6graph.store.build import Collected

__all__ = ["ARRAYS", "ASSERTION_NAMES", "SIGNS", "SOURCE_KINDS", "Index", "build_index"]

SIGNS = "+-?0"  # sign codes 0..3 in the arrays
ASSERTION_NAMES = {
    "https://w3id.org/il6graph/vocab/Stated": "stated",
    "https://w3id.org/il6graph/vocab/Implied": "implied",
    "https://w3id.org/il6graph/vocab/External": "external",
}
ARRAYS = (
    "claim_subject",
    "claim_object",
    "claim_predicate",
    "claim_sign",
    "claim_assertion",
    "claim_hedged",
    "claim_confidence",
    "claim_evidence",
    "out_ptr",
    "out_claims",
    "in_ptr",
    "in_claims",
    "claim_source",
    "claim_kind",
)
# What kind of source a claim comes from, by its code in ``claim_kind``: a sentence of a text, an
# interaction of a pathway (evidence located by GraphId), or a row of a curator's claim sheet.
SOURCE_KINDS = ("text", "pathway", "sheet")

_SCHEMA = """
CREATE TABLE nodes (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, curie TEXT NOT NULL,
    label TEXT NOT NULL, category TEXT NOT NULL, categories TEXT NOT NULL, synonyms TEXT NOT NULL,
    mappings TEXT NOT NULL, described INTEGER NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, node INTEGER NOT NULL, rank INTEGER NOT NULL);
CREATE TABLE predicates (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, curie TEXT NOT NULL,
    label TEXT NOT NULL, definition TEXT NOT NULL, sign TEXT, mappings TEXT NOT NULL);
CREATE TABLE assertions (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE claims (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, hedge TEXT, agent TEXT NOT NULL);
CREATE TABLE evidence (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, text TEXT NOT NULL,
    source TEXT NOT NULL, source_label TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    graph_id TEXT NOT NULL);
CREATE TABLE sources (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, curie TEXT NOT NULL,
    label TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX names_by_key ON names (key);
CREATE UNIQUE INDEX nodes_by_iri ON nodes (iri);
CREATE UNIQUE INDEX claims_by_iri ON claims (iri);
"""


@dataclass
class Index:
    """An open claim index: the SQLite tables, the arrays and the counts taken when it was built."""

    db: sqlite3.Connection
    arrays: dict[str, Any]
    meta: dict[str, Any]

    @property
    def nodes(self) -> int:
        return int(self.meta["counts"]["nodes"])

    @property
    def claims(self) -> int:
        return int(self.meta["counts"]["claims"])

    def save_arrays(self, folder: Path) -> None:
        import numpy

        (folder / "arrays").mkdir(exist_ok=True)
        for name in ARRAYS:
            numpy.save(folder / "arrays" / f"{name}.npy", self.arrays[name])

    @classmethod
    def open(cls, folder: Path, meta: dict[str, Any]) -> Index:
        """Open the index of a published store: SQLite read-only, arrays memory-mapped."""
        import numpy

        uri = (folder / "index.sqlite").resolve().as_uri() + "?mode=ro&immutable=1"
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        arrays = {
            name: numpy.load(folder / "arrays" / f"{name}.npy", mmap_mode="r") for name in ARRAYS
        }
        return cls(db, arrays, meta)


def _label(found: Collected, iri: str) -> str:
    return found.labels.get(iri) or to_curie(iri)


def _display_category(categories: tuple[str, ...]) -> str:
    for name in CATEGORY_ORDER:
        if name in categories:
            return name
    return categories[0] if categories else "Entity"


def _complete_claims(found: Collected) -> list[tuple[Any, ...]]:
    """The claims with every required part, as (claim, s, p, o, assertion, confidence, evidence,
    text, source, start, end, graph_id); claims missing a part are left to validate to name. A
    pathway evidence is located by a GraphId instead of offsets (start and end are then 0)."""
    parts = found.parts
    subject, predicate, obj = parts["subject"], parts["predicate"], parts["object"]
    assertion, confidence = parts["assertion"], parts["confidence"]
    evidence, text = parts["evidence"], parts["text"]
    source, selector = parts["source"], parts["selector"]
    start, end, graph_id = parts["start"], parts["end"], parts["graph_id"]
    complete: list[tuple[Any, ...]] = []
    for claim in found.claims:
        try:
            ev = evidence[claim]
            sel = selector[ev]
            element = graph_id.get(sel, "") if sel not in start else ""
            row = (
                claim,
                subject[claim],
                predicate[claim],
                obj[claim],
                assertion[claim],
                float(confidence[claim]),
                ev,
                text[ev],
                source[ev],
                int(start[sel]) if not element else 0,
                int(end[sel]) if not element else 0,
                element,
            )
        except (KeyError, ValueError):
            continue
        complete.append(row)
    return complete


def build_index(found: Collected, db_path: Path | None) -> Index:
    """Turn what the load collected into the index; ``db_path`` None keeps it in memory."""
    import numpy

    with bar(total=6, desc="indexing", unit="step", position=1) as progress:
        claims = _complete_claims(found)
        progress.update()

        # Nodes: every described entity and every end of a claim, ordered by CURIE.
        node_iris = set(found.categories) | {row[1] for row in claims} | {row[3] for row in claims}
        curies = {iri: to_curie(iri) for iri in node_iris}
        ordered_nodes = sorted(node_iris, key=lambda iri: (curies[iri], iri))
        node_id = {iri: n for n, iri in enumerate(ordered_nodes)}

        # Predicates: declared ones (ontology, then data) and any other a claim uses.
        declared = sorted(found.object_properties & set(found.signs))
        used = sorted({row[2] for row in claims} - set(declared))
        predicate_iris = declared + used
        predicate_id = {iri: n for n, iri in enumerate(predicate_iris)}
        predicate_label = {
            iri: found.labels.get(iri) or found.predicate_labels.get(iri) or to_curie(iri)
            for iri in predicate_iris
        }
        assertion_iris = sorted({row[4] for row in claims})
        assertion_id = {iri: n for n, iri in enumerate(assertion_iris)}
        progress.update()

        # Claims in the order users read them: subject, predicate, object, place in the source.
        labels = {iri: _label(found, iri) for iri in node_iris}
        claims.sort(
            key=lambda r: (
                labels[r[1]].casefold(),
                predicate_label[r[2]],
                labels[r[3]].casefold(),
                r[9],
                r[0],
            )
        )
        evidence_iris = sorted({row[6] for row in claims})
        evidence_id = {iri: n for n, iri in enumerate(evidence_iris)}
        hedges = found.parts["hedge"]
        agents = found.parts["agent"]
        count = len(claims)
        arrays: dict[str, Any] = {
            "claim_subject": numpy.fromiter((node_id[r[1]] for r in claims), numpy.int32, count),
            "claim_object": numpy.fromiter((node_id[r[3]] for r in claims), numpy.int32, count),
            "claim_predicate": numpy.fromiter(
                (predicate_id[r[2]] for r in claims), numpy.int32, count
            ),
            "claim_assertion": numpy.fromiter(
                (assertion_id[r[4]] for r in claims), numpy.int8, count
            ),
            "claim_hedged": numpy.fromiter((r[0] in hedges for r in claims), numpy.bool_, count),
            "claim_confidence": numpy.fromiter((r[5] for r in claims), numpy.float64, count),
            "claim_evidence": numpy.fromiter(
                (evidence_id[r[6]] for r in claims), numpy.int32, count
            ),
        }
        sign_of = numpy.array(
            [
                SIGNS.index(found.signs[p])
                if found.signs.get(p, "") in tuple(SIGNS) and p in declared
                else 2
                for p in predicate_iris
            ]
            or [2],
            dtype=numpy.int8,
        )
        arrays["claim_sign"] = (
            sign_of[arrays["claim_predicate"]] if count else numpy.zeros(0, numpy.int8)
        )
        source_iris = sorted({row[8] for row in claims})
        source_id = {iri: n for n, iri in enumerate(source_iris)}
        derived = found.parts["derived_from"]
        arrays["claim_source"] = numpy.fromiter(
            (source_id[r[8]] for r in claims), numpy.int32, count
        )
        arrays["claim_kind"] = numpy.fromiter(
            (1 if r[11] else 2 if r[0] in derived else 0 for r in claims), numpy.int8, count
        )
        for side, column in (("out", "claim_subject"), ("in", "claim_object")):
            order = numpy.argsort(arrays[column], kind="stable").astype(numpy.int32)
            counts = numpy.bincount(arrays[column], minlength=len(ordered_nodes))
            pointer = numpy.zeros(len(ordered_nodes) + 1, dtype=numpy.int64)
            numpy.cumsum(counts, out=pointer[1:])
            arrays[f"{side}_ptr"], arrays[f"{side}_claims"] = pointer, order
        progress.update()

        db = sqlite3.connect(str(db_path) if db_path else ":memory:", check_same_thread=False)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        node_rows = []
        name_rows: list[tuple[str, int, int]] = []
        described_categories: Counter[str] = Counter()
        for n, iri in enumerate(ordered_nodes):
            categories = tuple(sorted(found.categories.get(iri, ())))
            synonyms = sorted(found.synonyms.get(iri, ()))
            mappings = sorted({to_curie(m) for m in found.matches.get(iri, ())})
            category = _display_category(categories)
            described = iri in found.categories
            if described:
                described_categories[category] += 1
            node_rows.append(
                (
                    n,
                    iri,
                    curies[iri],
                    labels[iri],
                    category,
                    json.dumps(list(categories)),
                    json.dumps(synonyms),
                    json.dumps(mappings),
                    int(described),
                )
            )
            ranks: dict[str, int] = {}
            for rank, names in ((0, (labels[iri], curies[iri], iri)), (1, synonyms), (2, mappings)):
                for name in names:
                    key = normalize_name(name)
                    ranks[key] = min(rank, ranks.get(key, rank))
            name_rows.extend((key, n, rank) for key, rank in ranks.items())
        db.executemany("INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?,?)", node_rows)
        db.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
        progress.update()

        db.executemany(
            "INSERT INTO predicates VALUES (?,?,?,?,?,?,?)",
            (
                (
                    n,
                    iri,
                    to_curie(iri),
                    predicate_label[iri],
                    found.definitions.get(iri, ""),
                    found.signs.get(iri) if iri in declared else None,
                    json.dumps(
                        sorted({to_curie(m) for m in found.predicate_mappings.get(iri, ())})
                    ),
                )
                for n, iri in enumerate(predicate_iris)
            ),
        )
        db.executemany(
            "INSERT INTO assertions VALUES (?,?,?)",
            (
                (n, iri, ASSERTION_NAMES.get(iri, to_curie(iri)))
                for n, iri in enumerate(assertion_iris)
            ),
        )
        db.executemany(
            "INSERT INTO claims VALUES (?,?,?,?)",
            (
                (n, r[0], hedges.get(r[0]), to_curie(agents[r[0]]) if r[0] in agents else "")
                for n, r in enumerate(claims)
            ),
        )
        evidence_rows: dict[str, tuple[Any, ...]] = {}
        for r in claims:
            evidence_rows.setdefault(r[6], (r[7], r[8], r[9], r[10], r[11]))
        db.executemany(
            "INSERT INTO evidence VALUES (?,?,?,?,?,?,?,?)",
            (
                (n, iri, row[0], row[1], _label(found, row[1]), row[2], row[3], row[4])
                for n, iri in enumerate(evidence_iris)
                for row in (evidence_rows[iri],)
            ),
        )
        db.executemany(
            "INSERT INTO sources VALUES (?,?,?,?)",
            ((n, iri, to_curie(iri), _label(found, iri)) for n, iri in enumerate(source_iris)),
        )
        progress.update()
        db.executescript(_INDEXES)
        db.commit()
        progress.update()

    assertion_names = [ASSERTION_NAMES.get(iri, to_curie(iri)) for iri in assertion_iris]
    meta = {
        "counts": {
            "triples": 0,  # counted in the database once it is loaded
            "claims": count,
            "nodes": len(ordered_nodes),
            "entities": sum(described_categories.values()),
            "evidence_sentences": len(evidence_iris),
            "hedged": int(arrays["claim_hedged"].sum()),
        },
        "by_category": dict(described_categories),
        "by_predicate": dict(
            Counter(predicate_label[predicate_iris[i]] for i in arrays["claim_predicate"].tolist())
        ),
        "by_assertion": dict(
            Counter(assertion_names[i] for i in arrays["claim_assertion"].tolist())
        ),
        "by_source_kind": dict(Counter(SOURCE_KINDS[i] for i in arrays["claim_kind"].tolist())),
    }
    return Index(db, arrays, meta)
