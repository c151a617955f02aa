"""Check a graph: SHACL shapes, then what SHACL cannot check.

Beyond the shapes (``ontology/shapes.ttl``): every evidence text must equal its source document's
characters at its offsets, and every pathway evidence must name an element of its pathway file
with the same end points and text; every claim's predicate and every entity's category must be declared;
every claim's plain triple must be asserted and every plain triple between entities must have a
claim; entities no claim mentions are reported; claims that contradict each other (same subject
and object, opposite sign) are warnings.

>>> from il6graph import load_graph, validate
>>> validate(load_graph()).valid
True
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from il6graph.claims import claim_iri, source_text
from il6graph.entities import EntityIndex
from il6graph.errors import InputError
from il6graph.predicates import predicate_table
from il6graph.vocabulary import BIOLINK, IL6V, OA, to_curie

__all__ = ["Problem", "ValidationReport", "validate"]


@dataclass(frozen=True)
class Problem:
    """One finding: ``error`` makes the graph invalid, ``warning`` does not."""

    severity: str
    focus: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The findings of :func:`validate`, errors first."""

    problems: tuple[Problem, ...] = field(default_factory=tuple)
    claims: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def valid(self) -> bool:
        return not self.errors


def validate(graph: Graph, *, sources: Path | None = None, shacl: bool = True) -> ValidationReport:
    """Validate ``graph``; ``sources`` is the folder of source texts (default: the bundled one)."""
    problems: list[Problem] = []
    if shacl:
        problems += _shacl_problems(graph)
    claims = sorted(set(graph.subjects(RDF.type, IL6V.Claim)), key=str)
    problems += _evidence_problems(graph, sources)
    problems += _pathway_problems(graph, sources)
    problems += _claim_problems(graph, claims)
    problems += _entity_problems(graph, claims)
    problems += _contradictions(graph, claims)
    unique = sorted(set(problems), key=lambda p: (p.severity != "error", p.focus, p.message))
    return ValidationReport(problems=tuple(unique), claims=len(claims))


def _shacl_problems(graph: Graph) -> list[Problem]:
    import pyshacl

    from il6graph.resources import shapes_path

    # pyshacl runs its own SPARQL with bindings, so it gets a plain in-memory copy.
    data = Graph()
    for triple in graph:
        data.add(triple)
    shapes = Graph().parse(shapes_path(), format="turtle")
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    SH = "http://www.w3.org/ns/shacl#"
    problems = []
    for result in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        focus = results.value(result, URIRef(SH + "focusNode"))
        message = results.value(result, URIRef(SH + "resultMessage"))
        severity = results.value(result, URIRef(SH + "resultSeverity"))
        kind = "error" if str(severity).endswith("Violation") else "warning"
        problems.append(Problem(kind, _name(focus), str(message)))
    return problems


def _evidence_problems(graph: Graph, sources: Path | None) -> list[Problem]:
    problems = []
    texts: dict[str, str | None] = {}
    for evidence in sorted(set(graph.subjects(RDF.type, IL6V.Evidence)), key=str):
        source = graph.value(evidence, OA.hasSource)
        selector = graph.value(evidence, OA.hasSelector)
        text = graph.value(evidence, IL6V.text)
        if source is None or selector is None or text is None:
            continue  # the shapes report what is missing
        if str(source) not in texts:
            try:
                texts[str(source)] = source_text(graph, URIRef(str(source)), sources=sources)
            except InputError as error:
                texts[str(source)] = None
                problems.append(Problem("error", _name(source), str(error)))
        document = texts[str(source)]
        if document is None:
            continue
        start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
        if start is None or end is None:
            continue
        try:
            begin, stop = int(str(start)), int(str(end))
        except ValueError:
            continue  # the shapes report a non-integer offset
        if not 0 <= begin < stop <= len(document):
            problems.append(
                Problem(
                    "error",
                    _name(evidence),
                    f"offsets {begin}-{stop} are outside {_name(source)} ({len(document)} characters)",
                )
            )
        elif document[begin:stop] != str(text):
            citing = sorted(_name(c) for c in graph.subjects(IL6V.evidence, evidence))
            problems.append(
                Problem(
                    "error",
                    ", ".join(citing) or _name(evidence),
                    f"evidence {_name(evidence)} differs from {_name(source)}[{begin}:{stop}]: "
                    + _difference(str(text), document[begin:stop]),
                )
            )
    return problems


def _pathway_problems(graph: Graph, sources: Path | None) -> list[Problem]:
    """Pathway evidence (imported GPML) against its pathway file: GraphId, end points, text."""
    from il6graph.importers.evidence import pathway_evidence_problems

    return [Problem(*found) for found in pathway_evidence_problems(graph, sources)]


def _claim_problems(graph: Graph, claims: list[Node]) -> list[Problem]:
    predicates = predicate_table(graph)
    problems = []
    claimed: set[tuple[str, str, str]] = set()
    for claim in claims:
        s, p, o = (graph.value(claim, part) for part in (RDF.subject, RDF.predicate, RDF.object))
        evidence = graph.value(claim, IL6V.evidence)
        if evidence is None:
            problems.append(Problem("error", _name(claim), "claim has no evidence (il6v:evidence)"))
        elif (evidence, RDF.type, IL6V.Evidence) not in graph:
            problems.append(
                Problem(
                    "error",
                    _name(claim),
                    f"evidence {_name(evidence)} is not described (no il6v:Evidence)",
                )
            )
        if s is None or p is None or o is None:
            continue
        claimed.add((str(s), str(p), str(o)))
        if str(p) not in predicates:
            problems.append(
                Problem(
                    "error", _name(claim), f"predicate {_name(p)} is not declared in the ontology"
                )
            )
        if (s, p, o) not in graph:
            problems.append(
                Problem(
                    "error",
                    _name(claim),
                    f"its triple {_name(s)} {_name(p)} {_name(o)} is not asserted",
                )
            )
        if (
            evidence is not None
            and URIRef(claim_iri(str(s), str(p), str(o), str(evidence))) != claim
        ):
            problems.append(
                Problem(
                    "warning", _name(claim), "claim IRI is not the one derived from its content"
                )
            )
    for s, p, o in graph:
        if str(p) in predicates and (str(s), str(p), str(o)) not in claimed:
            problems.append(
                Problem(
                    "error",
                    f"{_name(s)} {_name(p)} {_name(o)}",
                    "triple has no claim with evidence behind it",
                )
            )
    return problems


def _entity_problems(graph: Graph, claims: list[Node]) -> list[Problem]:
    problems = []
    declared = {
        str(c) for c in graph.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
    }
    from il6graph.store import load_ontology

    declared |= {
        str(c)
        for c in load_ontology().subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
    }
    mentioned: set[str] = set()
    for claim in claims:
        for part in (RDF.subject, RDF.object):
            node = graph.value(claim, part)
            if node is not None:
                mentioned.add(str(node))
    index = EntityIndex.from_graph(graph)
    for entity in index.entities.values():
        for category in entity.categories:
            if str(BIOLINK[category]) not in declared:
                problems.append(
                    Problem(
                        "error",
                        entity.curie,
                        f"category biolink:{category} is not declared in the ontology",
                    )
                )
        if entity.iri not in mentioned:
            problems.append(
                Problem("warning", entity.curie, f"entity {entity.label!r} is in no claim")
            )
    for iri in sorted(mentioned - set(index.entities)):
        problems.append(
            Problem(
                "error",
                to_curie(iri),
                "entity is used by claims but not described (no label or category)",
            )
        )
    return problems


def _contradictions(graph: Graph, claims: list[Node]) -> list[Problem]:
    predicates = predicate_table(graph)
    signs: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        s, p, o = (graph.value(claim, part) for part in (RDF.subject, RDF.predicate, RDF.object))
        predicate = predicates.get(str(p))
        if s is None or o is None or predicate is None:
            continue
        signs[(str(s), str(o))][predicate.sign].append(_name(claim))
    problems = []
    for (subject, object), by_sign in sorted(signs.items()):
        if by_sign.get("+") and by_sign.get("-"):
            problems.append(
                Problem(
                    "warning",
                    f"{to_curie(subject)} -> {to_curie(object)}",
                    f"contradicting claims: {', '.join(by_sign['+'])} (+) against {', '.join(by_sign['-'])} (-)",
                )
            )
    return problems


def _name(node: object) -> str:
    return to_curie(str(node)) if node is not None else "(none)"


def _difference(text: str, source: str, context: int = 25) -> str:
    """Where two strings first differ, with a little context around it."""
    at = next(
        (i for i, (a, b) in enumerate(zip(text, source, strict=False)) if a != b),
        min(len(text), len(source)),
    )
    begin = max(0, at - context)

    def around(value: str) -> str:
        return (
            ("…" if begin else "")
            + value[begin : at + context]
            + ("…" if at + context < len(value) else "")
        )

    return f"at character {at}, text {around(text)!r} but source {around(source)!r}"
