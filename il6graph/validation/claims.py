"""Claims and the plain triples beside them.

Every claim cites an evidence that is described, uses a predicate the ontology declares, has its
plain triple asserted and carries the IRI derived from its content; every plain triple whose
predicate is declared has a claim behind it. Missing parts are left to the shapes to name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from il6graph.progress import bar, counted
from il6graph.validation.report import Problem
from il6graph.validation.rows import name, select

__all__ = ["KINDS", "claim_problems", "unclaimed_triples"]

KINDS = {
    "claim-evidence": "claim has no evidence, or its evidence is not described",
    "undeclared-predicate": "claim's predicate is not declared in the ontology",
    "unasserted-triple": "claim's plain triple is not asserted",
    "claim-iri": "claim IRI is not the one derived from its content",
    "unclaimed-triple": "plain triple has no claim behind it",
}

_NO_EVIDENCE = (
    "SELECT ?claim WHERE { ?claim a il6v:Claim FILTER NOT EXISTS { ?claim il6v:evidence ?e } }"
)
_UNDESCRIBED_EVIDENCE = """SELECT ?claim ?evidence WHERE {
  ?claim a il6v:Claim ; il6v:evidence ?evidence FILTER NOT EXISTS { ?evidence a il6v:Evidence }
}"""
# Only the claims with something wrong come out: the checks run inside Oxigraph (an IRI derived
# as il6graph.claims.claim_iri derives it: the first 10 hex digits of the SHA-256 of subject,
# predicate, object and evidence, one per line). A claim with a part given twice has a row per
# combination.
_CLAIMS = """SELECT ?claim ?s ?p ?o ?asserted ?declared ?derived WHERE {
  ?claim a il6v:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  BIND (EXISTS { ?s ?p ?o } AS ?asserted)
  BIND (?p IN (%s) AS ?declared)
  BIND (NOT EXISTS { ?claim il6v:evidence ?any } || EXISTS {
    ?claim il6v:evidence ?evidence
    FILTER (STR(?claim) = CONCAT("%s", SUBSTR(SHA256(CONCAT(
      STR(?s), "\\n", STR(?p), "\\n", STR(?o), "\\n", STR(?evidence))), 1, 10)))
  } AS ?derived)
  FILTER (!?asserted || !?declared || !?derived)
}"""
# MINUS runs as a hash anti-join: the claims are read once for every predicate, not looked up
# once per triple.
_UNCLAIMED = """SELECT ?s ?p ?o WHERE {
  VALUES ?p { %s }
  ?s ?p ?o MINUS { ?claim rdf:predicate ?p ; rdf:subject ?s ; rdf:object ?o ; a il6v:Claim }
}"""


def claim_problems(store: Any, sources: Path | None) -> Iterator[Problem]:
    """Evidence cited and described, predicate declared, triple asserted, IRI derived."""
    oxigraph = store.oxigraph
    for (claim,) in select(oxigraph, _NO_EVIDENCE):
        yield Problem(
            "error", name(claim), "claim has no evidence (il6v:evidence)", "claim-evidence"
        )
    for claim, evidence in select(oxigraph, _UNDESCRIBED_EVIDENCE):
        yield Problem(
            "error",
            name(claim),
            f"evidence {name(evidence)} is not described (no il6v:Evidence)",
            "claim-evidence",
        )
    yield from _claim_rows(store, oxigraph)


def _claim_rows(store: Any, oxigraph: Any) -> Iterator[Problem]:
    import pyoxigraph

    from il6graph.curies import CLAIM

    declared = ", ".join(str(pyoxigraph.NamedNode(iri)) for iri in sorted(store.predicates))
    query = _CLAIMS % (declared or "<urn:none>", CLAIM + "c-")
    with bar(total=1, desc="checking claims", unit="steps") as progress:
        # Rows of one claim come together; a claim given twice gets each problem once.
        current: str | None = None
        told: set[tuple[str, str]] = set()
        for claim, s, p, o, asserted, known, derived in select(oxigraph, query):
            assert claim is not None and p is not None
            if claim != current:
                current, told = claim, set()
            if known != "true" and ("predicate", p) not in told:
                told.add(("predicate", p))
                yield Problem(
                    "error",
                    name(claim),
                    f"predicate {name(p)} is not declared in the ontology",
                    "undeclared-predicate",
                )
            if asserted != "true":
                yield Problem(
                    "error",
                    name(claim),
                    f"its triple {name(s)} {name(p)} {name(o)} is not asserted",
                    "unasserted-triple",
                )
            if derived != "true" and ("iri", "") not in told:
                told.add(("iri", ""))
                yield _iri_warning(claim)
        progress.update()


def _iri_warning(claim: str) -> Problem:
    return Problem(
        "warning", name(claim), "claim IRI is not the one derived from its content", "claim-iri"
    )


def unclaimed_triples(store: Any, sources: Path | None) -> Iterator[Problem]:
    """Plain triples with a declared predicate and no claim behind them."""
    import pyoxigraph

    declared = " ".join(str(pyoxigraph.NamedNode(iri)) for iri in sorted(store.predicates))
    if not declared:
        return
    for s, p, o in counted(
        select(store.oxigraph, _UNCLAIMED % declared), desc="checking edges", unit="edges"
    ):
        yield Problem(
            "error",
            f"{name(s)} {name(p)} {name(o)}",
            "triple has no claim with evidence behind it",
            "unclaimed-triple",
        )
