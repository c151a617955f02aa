"""Claims that contradict each other: the same subject and object, opposite signs (warnings).

One pass over the claims with a signed predicate (``+`` or ``-``) keeps three small integers per
claim; numpy groups them by subject and object, so 10^6 claims take a few hundred MB at most.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from il6graph.progress import counted
from il6graph.validation.report import Problem
from il6graph.validation.rows import name, select

__all__ = ["KINDS", "contradictions"]

KINDS = {"contradiction": "claims with the same subject and object have opposite signs"}

_SIGNED = """SELECT ?claim ?s ?p ?o WHERE {
  VALUES ?p { %s }
  ?claim rdf:predicate ?p ; a il6v:Claim ; rdf:subject ?s ; rdf:object ?o .
}"""


def contradictions(store: Any, sources: Path | None) -> Iterator[Problem]:
    """Pairs of subject and object with claims of sign ``+`` and of sign ``-``."""
    import numpy
    import pyoxigraph

    signs = {iri: p.sign for iri, p in store.predicates.items() if p.sign in ("+", "-")}
    if not signs:
        return
    values = " ".join(str(pyoxigraph.NamedNode(iri)) for iri in sorted(signs))
    ends: dict[str, int] = {}
    claims: list[str] = []
    subjects, objects, positive = array("q"), array("q"), array("b")
    rows = counted(select(store.oxigraph, _SIGNED % values), desc="checking signs", unit="claims")
    for claim, s, p, o in rows:
        assert claim is not None and s is not None and p is not None and o is not None
        claims.append(claim)
        subjects.append(ends.setdefault(s, len(ends)))
        objects.append(ends.setdefault(o, len(ends)))
        positive.append(signs[p] == "+")
    if not claims:
        return
    pair = numpy.frombuffer(subjects, numpy.int64) * len(ends) + numpy.frombuffer(
        objects, numpy.int64
    )
    plus = numpy.frombuffer(positive, numpy.int8).astype(bool)
    order = numpy.argsort(pair, kind="stable")
    starts = numpy.flatnonzero(numpy.diff(pair[order], prepend=-1))
    stops = numpy.append(starts[1:], len(order))
    names = list(ends)
    found = []
    for start, stop in zip(starts.tolist(), stops.tolist(), strict=True):
        members = order[start:stop]
        kinds = plus[members]
        if kinds.all() or not kinds.any():
            continue
        first = int(members[0])
        subject, obj = names[subjects[first]], names[objects[first]]
        pro = sorted({claims[i] for i in members[kinds].tolist()})
        con = sorted({claims[i] for i in members[~kinds].tolist()})
        found.append((subject, obj, pro, con))
    for subject, obj, pro, con in sorted(found):
        yield Problem(
            "warning",
            f"{name(subject)} -> {name(obj)}",
            f"contradicting claims: {', '.join(map(name, pro))} (+) against "
            f"{', '.join(map(name, con))} (-)",
            "contradiction",
        )
