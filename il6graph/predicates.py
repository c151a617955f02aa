"""Predicates and their causal signs, as the ontology declares them.

Signs compose along a route: ``+`` times ``-`` is ``-``; any ``?`` makes the route's sign unknown;
``0`` marks a relation that is not causal (produced by, part of, biomarker for, ...).

>>> from il6graph import load_graph
>>> from il6graph.predicates import predicate_table
>>> table = predicate_table(load_graph())
>>> table["https://w3id.org/il6graph/vocab/inhibits"].sign
'-'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from il6graph.curies import to_curie

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["SIGNS", "Predicate", "combine_signs", "predicate_table"]

SIGNS = ("+", "-", "?", "0")


@dataclass(frozen=True)
class Predicate:
    """A declared predicate: its label, definition, causal sign and standard mappings."""

    iri: str
    curie: str
    label: str
    definition: str
    sign: str
    mappings: tuple[str, ...]

    @property
    def causal(self) -> bool:
        """True for predicates with a sign other than ``0``."""
        return self.sign != "0"


def _declared(graph: Graph) -> dict[str, Predicate]:
    from rdflib import RDF, RDFS
    from rdflib.namespace import OWL, SKOS

    from il6graph.vocabulary import IL6V

    table: dict[str, Predicate] = {}
    for iri in set(graph.subjects(IL6V.sign, None)):
        if (iri, RDF.type, OWL.ObjectProperty) not in graph:
            continue
        mappings = sorted(
            to_curie(str(m))
            for relation in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
            for m in graph.objects(iri, relation)
        )
        table[str(iri)] = Predicate(
            iri=str(iri),
            curie=to_curie(str(iri)),
            label=str(graph.value(iri, RDFS.label) or to_curie(str(iri))),
            definition=str(graph.value(iri, SKOS.definition) or ""),
            sign=str(graph.value(iri, IL6V.sign)),
            mappings=tuple(mappings),
        )
    return table


@cache
def _bundled() -> dict[str, Predicate]:
    from il6graph.store import load_ontology

    return _declared(load_ontology())


def predicate_table(graph: Graph | None = None) -> dict[str, Predicate]:
    """Predicates declared by the bundled ontology, plus any that ``graph`` declares itself."""
    table = dict(_bundled())
    if graph is not None:
        table.update(_declared(graph))
    return table


def combine_signs(signs: list[str] | tuple[str, ...]) -> str:
    """The net sign of a route: the product of its signs, ``?`` if any step is unknown.

    >>> combine_signs(["+", "-", "-"])
    '+'
    >>> combine_signs(["+", "?"])
    '?'
    """
    if "?" in signs:
        return "?"
    if "0" in signs:
        return "0"
    return "-" if signs.count("-") % 2 else "+"
