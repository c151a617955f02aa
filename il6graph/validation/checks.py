"""The checks ``validate`` runs, in order, and how to add one.

A check is a function ``run(store, sources)`` that takes the :class:`~il6graph.store.GraphStore`
and the folder of source texts (None: the bundled ``data/sources``) and yields each
:class:`~il6graph.validation.report.Problem` as soon as it finds it, naming its ``kind``. To add
one, write it in a module of this package and append a :class:`Check` to :data:`CHECKS`::

    def pathway_evidence(store: GraphStore, sources: Path | None) -> Iterator[Problem]:
        for row in select(store.oxigraph, "SELECT ..."):
            ...
            yield Problem("error", name(evidence), "...", "pathway-evidence")

    CHECKS = (..., Check("pathway evidence", pathway_evidence, {"pathway-evidence": "..."}))

A check reads the store (SPARQL on ``store.oxigraph``, the claim index on ``store.index``), yields
each problem once, and shows a progress bar (:func:`il6graph.progress.counted`) over anything that
grows with the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from il6graph.validation import claims, contradictions, entities, evidence, pathways
from il6graph.validation.report import Problem
from il6graph.validation.shacl import shacl_problems

__all__ = ["CHECKS", "Check"]


@dataclass(frozen=True)
class Check:
    """One check: a name (for progress), the function, and what each kind it yields means."""

    name: str
    run: Callable[[Any, Path | None], Iterable[Problem]]
    kinds: Mapping[str, str] = field(default_factory=dict)
    shacl: bool = False  # True for the shapes: `validate(..., shacl=False)` skips it


CHECKS: tuple[Check, ...] = (
    Check("shapes", shacl_problems, shacl=True),
    Check("evidence", evidence.evidence_problems, evidence.KINDS),
    Check("pathway evidence", pathways.pathway_problems, pathways.KINDS),
    Check("claims", claims.claim_problems, claims.KINDS),
    Check("edges", claims.unclaimed_triples, claims.KINDS),
    Check("entities", entities.entity_problems, entities.KINDS),
    Check("contradictions", contradictions.contradictions, contradictions.KINDS),
)
