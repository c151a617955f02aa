"""What each SHACL shape targets and which triples its checks read: the plan for slicing.

A shape's verdict on a focus node depends only on the triples its paths reach from that node (and,
for ``sh:class``, on the types of the values reached). :func:`read_shapes` works that out for every
shape with a target, as a tree of predicates (:data:`Plan`), so the graph can be validated a slice
at a time: a few hundred focus nodes with the triples their shapes read, instead of the whole
graph at once. A shape whose checks this module cannot bound (SPARQL constraints, paths other
than a single predicate, recursive shapes, SHACL-AF targets) is marked ``plan=None`` and runs on
the whole graph.

>>> from il6graph.resources import shapes_path
>>> shapes = {s.name: s for s in read_shapes(shapes_path())}
>>> [t.kind for t in shapes["EntityShape"].targets]
['objects', 'objects']
>>> sorted(describe(shapes["EvidenceShape"].plan))
['il6v:text', 'oa:hasSelector', 'oa:hasSource']
>>> sorted(describe(shapes["EvidenceShape"].plan["http://www.w3.org/ns/oa#hasSelector"]))
['il6v:graphId', 'il6v:sourceRef', 'il6v:targetRef', 'oa:end', 'oa:start', 'rdf:type']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ALL", "Plan", "Shape", "Target", "describe", "read_shapes", "short_name"]

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = RDF + "type"

ALL = "*"  # in a plan: every predicate of the node (sh:closed)

# A plan: predicate IRI (or ALL) -> the plan for each value reached through it.
Plan = dict[str, "Plan"]

# Constraint parameters that look at a value node itself and nothing beyond it, and shape
# properties that constrain nothing.
_LOCAL = {
    SH + name
    for name in [
        "datatype",
        "nodeKind",
        "minInclusive",
        "maxInclusive",
        "minExclusive",
        "maxExclusive",
        "minLength",
        "maxLength",
        "pattern",
        "flags",
        "languageIn",
        "uniqueLang",
        "in",
        "hasValue",
        "minCount",
        "maxCount",
        "message",
        "severity",
        "name",
        "description",
        "order",
        "group",
        "defaultValue",
        "deactivated",
        "path",
        "ignoredProperties",
        "qualifiedMinCount",
        "qualifiedMaxCount",
    ]
}
_TARGETS = {
    SH + "targetClass": "class",
    SH + "targetNode": "node",
    SH + "targetSubjectsOf": "subjects",
    SH + "targetObjectsOf": "objects",
}
# Parameters that compare the values of a path with the values of another predicate of the
# focus node.
_COMPARISONS = {SH + name for name in ("equals", "disjoint", "lessThan", "lessThanOrEquals")}
_NESTED = {SH + "node", SH + "not", SH + "qualifiedValueShape"}
_LISTS = {SH + "and", SH + "or", SH + "xone"}


class Unbounded(Exception):
    """A shape reads more than a plan can say: it runs on the whole graph."""


@dataclass(frozen=True)
class Target:
    """One target declaration: ``kind`` is class, node, subjects or objects; ``term`` the
    pyoxigraph term it names."""

    kind: str
    term: Any


@dataclass(frozen=True)
class Shape:
    """A shape with targets: its IRI, the targets, and the plan of what it reads (None: it
    cannot be sliced)."""

    iri: str
    targets: tuple[Target, ...]
    plan: Plan | None

    @property
    def name(self) -> str:
        return short_name(self.iri)


class _Graph:
    def __init__(self, path: Path) -> None:
        import pyoxigraph

        self.properties: dict[Any, list[tuple[str, Any]]] = {}
        for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            self.properties.setdefault(triple.subject, []).append(
                (triple.predicate.value, triple.object)
            )

    def of(self, node: Any) -> list[tuple[str, Any]]:
        return self.properties.get(node, [])

    def values(self, node: Any, predicate: str) -> list[Any]:
        return [o for p, o in self.of(node) if p == predicate]

    def members(self, node: Any) -> list[Any]:
        """The items of an RDF list."""
        found = []
        while node.value != RDF + "nil":
            first = self.values(node, RDF + "first")
            if len(first) != 1:
                raise Unbounded("a malformed RDF list")
            found.append(first[0])
            (node,) = self.values(node, RDF + "rest") or [None]
            if node is None:
                raise Unbounded("a malformed RDF list")
        return found


def _merge(into: Plan, other: Plan) -> Plan:
    for predicate, plan in other.items():
        _merge(into.setdefault(predicate, {}), plan)
    return into


def _node_plan(graph: _Graph, shape: Any, seen: tuple[Any, ...]) -> Plan:
    """What checking ``shape`` on a focus node reads from that node on."""
    if shape in seen:
        raise Unbounded("a recursive shape")
    seen = (*seen, shape)
    plan: Plan = {}
    if graph.values(shape, SH + "path"):
        return _property_plan(graph, shape, seen)
    for predicate, value in graph.of(shape):
        if predicate == SH + "property":
            _merge(plan, _property_plan(graph, value, seen))
        elif predicate == SH + "class":
            _merge(plan, {TYPE: {}})
        elif predicate in _NESTED:
            _merge(plan, _node_plan(graph, value, seen))
        elif predicate in _LISTS:
            for member in graph.members(value):
                _merge(plan, _node_plan(graph, member, seen))
        elif predicate == SH + "closed":
            _merge(plan, {ALL: {}})
        elif predicate in _COMPARISONS:
            _merge(plan, {value.value: {}})
        elif predicate in _TARGETS or predicate in _LOCAL or not predicate.startswith(SH):
            continue
        else:
            raise Unbounded(f"sh:{predicate[len(SH) :]}")
    return plan


def _property_plan(graph: _Graph, shape: Any, seen: tuple[Any, ...]) -> Plan:
    """What checking a property shape on a focus node reads: its path, and from each value what
    the value's own constraints read."""
    import pyoxigraph

    paths = graph.values(shape, SH + "path")
    if len(paths) != 1 or not isinstance(paths[0], pyoxigraph.NamedNode):
        raise Unbounded("a path other than one predicate")
    values: Plan = {}
    focus: Plan = {}
    for predicate, value in graph.of(shape):
        if predicate == SH + "class":
            _merge(values, {TYPE: {}})
        elif predicate in _NESTED:
            _merge(values, _node_plan(graph, value, seen))
        elif predicate in _LISTS:
            for member in graph.members(value):
                _merge(values, _node_plan(graph, member, seen))
        elif predicate == SH + "property":
            _merge(values, _property_plan(graph, value, seen))
        elif predicate == SH + "closed":
            _merge(values, {ALL: {}})
        elif predicate in _COMPARISONS:
            _merge(focus, {value.value: {}})
        elif predicate in _TARGETS or predicate in _LOCAL or not predicate.startswith(SH):
            continue
        else:  # sh:sparql, sh:qualifiedValueShapesDisjoint (reads sibling shapes), ...
            raise Unbounded(f"sh:{predicate[len(SH) :]}")
    return _merge({paths[0].value: values}, focus)


def read_shapes(path: Path) -> list[Shape]:
    """Every active shape of the shapes file that has a target, sorted by IRI."""
    import pyoxigraph

    graph = _Graph(path)
    shapes = []
    for node, properties in graph.properties.items():
        targets = [Target(_TARGETS[p], value) for p, value in properties if p in _TARGETS]
        if (TYPE, pyoxigraph.NamedNode(RDFS + "Class")) in properties:
            targets.append(Target("class", node))  # an implicit class target
        advanced = any(p == SH + "target" for p, _ in properties)
        if not targets and not advanced:
            continue
        if any(
            p == SH + "deactivated" and str(v.value).lower() in ("true", "1") for p, v in properties
        ):
            continue
        if not isinstance(node, pyoxigraph.NamedNode):
            raise Unbounded("a shape with a target must be an IRI to be run by itself")
        plan: Plan | None
        try:
            if advanced:
                raise Unbounded("sh:target")
            plan = _node_plan(graph, node, ())
        except Unbounded:
            plan = None
        shapes.append(Shape(node.value, tuple(targets), plan))
    return sorted(shapes, key=lambda shape: shape.iri)


def short_name(iri: str) -> str:
    """A predicate or shape IRI as a CURIE (``rdfs:label``) where a prefix is known, else its
    last segment (``EntityShape``)."""
    from il6graph.curies import PREFIXES

    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return re.split(r"[/#:]", iri.rstrip("/#:"))[-1]


def describe(plan: Plan | None) -> Iterator[str]:
    """The predicates of a plan's first level as CURIEs, for messages and tests."""
    for predicate in plan or {}:
        yield predicate if predicate == ALL else short_name(predicate)
