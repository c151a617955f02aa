"""Claims that contradict each other: the same subject and object, opposite signs (warnings).

Oxigraph groups the claims with a signed predicate (``+`` or ``-``) by subject and object and
hands over only the pairs that have both signs, with their claims: the claims themselves never
reach Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from il6graph.progress import bar
from il6graph.validation.report import Problem
from il6graph.validation.rows import name, select

__all__ = ["KINDS", "contradictions"]

KINDS = {"contradiction": "claims with the same subject and object have opposite signs"}

_PAIRS = """SELECT ?s ?o (GROUP_CONCAT(?plus) AS ?pro) (GROUP_CONCAT(?minus) AS ?con) WHERE {
  VALUES (?p ?sign) { %s }
  ?claim rdf:predicate ?p ; a il6v:Claim ; rdf:subject ?s ; rdf:object ?o .
  BIND (IF(?sign = "+", STR(?claim), "") AS ?plus)
  BIND (IF(?sign = "-", STR(?claim), "") AS ?minus)
} GROUP BY ?s ?o HAVING (MAX(?sign = "+") && MAX(?sign = "-"))"""


def contradictions(store: Any, sources: Path | None) -> Iterator[Problem]:
    """Pairs of subject and object with claims of sign ``+`` and of sign ``-``."""
    import pyoxigraph

    signs = sorted((iri, p.sign) for iri, p in store.predicates.items() if p.sign in ("+", "-"))
    if not signs:
        return
    values = " ".join(f'({pyoxigraph.NamedNode(iri)} "{sign}")' for iri, sign in signs)
    with bar(total=1, desc="checking signs", unit="steps") as progress:
        found = []
        for subject, obj, pro, con in select(store.oxigraph, _PAIRS % values):
            assert subject is not None and obj is not None and pro and con
            found.append((subject, obj, sorted(set(pro.split())), sorted(set(con.split()))))
        progress.update()
    for subject, obj, plus, minus in sorted(found):
        yield Problem(
            "warning",
            f"{name(subject)} -> {name(obj)}",
            f"contradicting claims: {', '.join(map(name, plus))} (+) against "
            f"{', '.join(map(name, minus))} (-)",
            "contradiction",
        )
