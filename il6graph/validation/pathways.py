"""Pathway evidence (imported GPML) against the pathway file it cites.

The check itself is :func:`il6graph.importers.evidence.pathway_evidence_problems`, which reads an
rdflib graph: this module hands it the part of the store it reads (pathway evidence, their
selectors, their sources and the claims citing them), and nothing when the store has no pathway
evidence, so a graph of sentences pays one ASK.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from il6graph.validation.report import Problem
from il6graph.validation.rows import PREFIXES

__all__ = ["KINDS", "pathway_problems"]

KINDS = {"pathway-evidence": "pathway evidence that its pathway file does not bear out"}

_ANY = "ASK { ?selector il6v:graphId ?id }"
_PART = """CONSTRUCT {
  ?evidence ?p ?o . ?selector ?sp ?so . ?source ?dp ?do . ?claim il6v:evidence ?evidence .
} WHERE {
  ?evidence oa:hasSelector ?selector . ?selector il6v:graphId ?id .
  { ?evidence ?p ?o } UNION { ?selector ?sp ?so }
  UNION { ?evidence oa:hasSource ?source . ?source ?dp ?do }
  UNION { ?claim il6v:evidence ?evidence }
}"""


def pathway_problems(store: Any, sources: Path | None) -> Iterator[Problem]:
    """Each pathway evidence whose GraphId, end points or text its file does not bear out."""
    oxigraph = store.oxigraph
    if not oxigraph.query(PREFIXES + _ANY):
        return
    import pyoxigraph
    from rdflib import Graph

    from il6graph.importers.evidence import pathway_evidence_problems

    part = oxigraph.query(PREFIXES + _PART).serialize(format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=part.decode("utf-8"), format="nt")
    for severity, focus, message in pathway_evidence_problems(graph, sources):
        yield Problem(severity, focus, message, "pathway-evidence")
