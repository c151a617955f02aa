"""Entities: every category declared, every entity in some claim, every claim's ends described.

An entity is a node with a Biolink category (``rdf:type biolink:...``, other than
``biolink:Association``), as for :class:`~il6graph.entities.EntityIndex`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from il6graph.curies import BIOLINK
from il6graph.progress import bar
from il6graph.validation.report import Problem
from il6graph.validation.rows import name, select

__all__ = ["KINDS", "entity_problems"]

KINDS = {
    "undeclared-category": "entity's category is not declared in the ontology",
    "entity-in-no-claim": "entity is in no claim",
    "undescribed-entity": "entity used by claims has no label or category",
}

_IS_ENTITY = f"""?entity a ?category
  FILTER (STRSTARTS(STR(?category), "{BIOLINK}") && ?category != biolink:Association)"""
_CATEGORIES = f"SELECT DISTINCT ?category WHERE {{ {_IS_ENTITY} }}"
_DECLARED = """SELECT ?class ?ontology WHERE {
  { ?class a owl:Class } UNION { GRAPH ?ontology { ?class a owl:Class } }
}"""
_OF_CATEGORY = "SELECT ?entity ?category WHERE { ?entity a ?category }"
# MINUS runs as a hash anti-join: one pass over the claims' ends, not one lookup per entity.
_IN_NO_CLAIM = f"""SELECT ?entity (MIN(?label) AS ?name) WHERE {{
  {_IS_ENTITY}
  MINUS {{ ?claim rdf:subject ?entity ; a il6v:Claim }}
  MINUS {{ ?claim rdf:object ?entity ; a il6v:Claim }}
  OPTIONAL {{ ?entity rdfs:label ?label }}
}} GROUP BY ?entity"""
_UNDESCRIBED = f"""SELECT DISTINCT ?end WHERE {{
  ?claim a il6v:Claim .
  {{ ?claim rdf:subject ?end }} UNION {{ ?claim rdf:object ?end }}
  MINUS {{ SELECT (?entity AS ?end) WHERE {{ {_IS_ENTITY} }} }}
}}"""


def entity_problems(store: Any, sources: Path | None) -> Iterator[Problem]:
    """Undeclared categories, entities in no claim, claims' ends that are not described."""
    from il6graph.store import ONTOLOGY_GRAPH

    oxigraph = store.oxigraph
    with bar(total=3, desc="checking entities", unit="steps") as progress:
        yield from _categories(oxigraph, ONTOLOGY_GRAPH)
        progress.update()
        yield from _in_no_claim(oxigraph)
        progress.update()
        yield from _undescribed(oxigraph)
        progress.update()


def _categories(oxigraph: Any, ontology: str) -> Iterator[Problem]:
    declared = {c for c, _ in select(oxigraph, _DECLARED, iris={"ontology": ontology})}
    for (category,) in select(oxigraph, _CATEGORIES):
        assert category is not None
        if category in declared:
            continue
        for entity, _ in select(oxigraph, _OF_CATEGORY, iris={"category": category}):
            yield Problem(
                "error",
                name(entity),
                f"category biolink:{category[len(BIOLINK) :]} is not declared in the ontology",
                "undeclared-category",
            )


def _in_no_claim(oxigraph: Any) -> Iterator[Problem]:
    for entity, label in select(oxigraph, _IN_NO_CLAIM):
        yield Problem(
            "warning",
            name(entity),
            f"entity {label if label is not None else name(entity)!r} is in no claim",
            "entity-in-no-claim",
        )


def _undescribed(oxigraph: Any) -> Iterator[Problem]:
    for (end,) in select(oxigraph, _UNDESCRIBED):
        yield Problem(
            "error",
            name(end),
            "entity is used by claims but not described (no label or category)",
            "undescribed-entity",
        )
