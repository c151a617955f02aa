"""The SHACL shapes (``ontology/shapes.ttl``), run by pyshacl-turbo on slices of the store.

pyshacl-turbo (a SHACL engine in Rust with pyshacl's API) was measured against pyshacl on the
same shapes by ``bench/bench_shacl.py``: it reports the same results, but on a whole graph its
time grows faster than the graph (about 4 s at 1.7·10^5 triples, 90 s at 1.7·10^6). So the
graph is fed to it in slices: for each shape, a few hundred of its focus nodes with the triples
the shape reads from them (:mod:`~il6graph.validation.shapes`), in a small in-memory store. Each
slice is validated on its own, results are kept only for the slice's own focus nodes, and they
are yielded as each slice is done, under a progress bar. The cost is then linear in the graph and
memory stays flat. A shape that cannot be sliced runs on a copy of the whole graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

from il6graph.progress import bar
from il6graph.validation.report import Problem
from il6graph.validation.rows import name
from il6graph.validation.shapes import (
    ALL,
    TYPE,
    Plan,
    Shape,
    Unbounded,
    read_shapes,
    short_name,
)

__all__ = ["SLICE", "shacl_problems"]

SLICE = 1000  # focus nodes per slice: small enough that the engine's cost stays linear
_SCAN = 3  # a node's triples of this many predicates or more are read in one scan

SH = "http://www.w3.org/ns/shacl#"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_COUNT_CLASS = "SELECT ?class (COUNT(*) AS ?n) WHERE { ?x a ?class } GROUP BY ?class"
_COUNT_SUBJECTS = "SELECT ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x ?p ?o } GROUP BY ?p"
_COUNT_OBJECTS = "SELECT ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { ?o ?p ?x } GROUP BY ?p"

# A plan with pyoxigraph terms for keys (None: every predicate), ready to walk.
_Walk = tuple[tuple[Any, "_Walk"], ...]


def shacl_problems(
    store: Any, sources: Path | None, *, shapes_file: Path | None = None
) -> Iterator[Problem]:
    """Validate the store's data against the bundled shapes (or ``shapes_file``)."""
    import pyshacl_turbo

    from il6graph.resources import shapes_path

    path = shapes_file or shapes_path()
    program = pyshacl_turbo.compile_shapes(str(path))
    data = _Data(store.oxigraph)
    try:
        shapes = read_shapes(path)
    except Unbounded:
        yield from _whole(program, data, None)
        return
    sliced = [shape for shape in shapes if shape.plan is not None]
    whole = [shape for shape in shapes if shape.plan is None]
    total = sum(data.count_targets(shape) for shape in sliced)
    # The engine releases the GIL: it validates one slice on a thread of its own while this
    # thread reads the next one from the store.
    pending: deque[tuple[Future[Any], set[Any], Shape, int]] = deque()
    with (
        bar(total=total, desc="checking shapes", unit="nodes") as progress,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="il6graph-shacl") as engine,
    ):
        for shape in sliced:
            assert shape.plan is not None
            reader = _Reader(data, shape.plan)
            nodes = data.focus_nodes(shape)
            while chunk := list(islice(nodes, SLICE)):
                piece = _piece(reader, chunk)
                run = engine.submit(_validate, program, piece, shape)
                pending.append((run, {_key(node) for node, _ in chunk}, shape, len(chunk)))
                if len(pending) > 1:
                    yield from _finish(pending.popleft(), progress)
        while pending:
            yield from _finish(pending.popleft(), progress)
    if whole:
        yield from _whole(program, data, whole)


class _Data:
    """The store's data graph, read the way slices need it."""

    def __init__(self, oxigraph: Any) -> None:
        import pyoxigraph

        self.ox = pyoxigraph
        self.store = oxigraph
        self.default = pyoxigraph.DefaultGraph()
        self.type = pyoxigraph.NamedNode(TYPE)
        # sh:class and class targets follow rdfs:subClassOf: every slice carries these triples.
        self.subclass = list(self.quads(None, pyoxigraph.NamedNode(SUBCLASS), None))

    def quads(self, subject: Any, predicate: Any, obj: Any) -> Iterator[Any]:
        return self.store.quads_for_pattern(subject, predicate, obj, self.default)

    def classes(self, root: Any) -> list[Any]:
        """``root`` and its subclasses in the data."""
        below: dict[Any, list[Any]] = {}
        for quad in self.subclass:
            below.setdefault(quad.object, []).append(quad.subject)
        found, todo = [root], [root]
        while todo:
            for child in below.get(todo.pop(), []):
                if child not in found:
                    found.append(child)
                    todo.append(child)
        return found

    def count_targets(self, shape: Shape) -> int:
        """How many focus nodes ``shape`` has, about (for the progress bar)."""
        total = 0
        for target in shape.targets:
            if target.kind == "class":
                for cls in self.classes(target.term):
                    total += self._count(_COUNT_CLASS, "class", cls)
            elif target.kind == "node":
                total += 1
            else:
                query = _COUNT_SUBJECTS if target.kind == "subjects" else _COUNT_OBJECTS
                total += self._count(query, "p", target.term)
        return total

    def _count(self, query: str, variable: str, term: Any) -> int:
        rows = self.store.query(query, substitutions={self.ox.Variable(variable): term})
        for row in rows:
            return int(row[1].value)
        return 0

    def focus_nodes(self, shape: Shape) -> Iterator[tuple[Any, Any]]:
        """Each focus node of ``shape`` once, with a triple that makes it one (None for
        sh:targetNode)."""
        unique = len(shape.targets) == 1 and shape.targets[0].kind == "class"
        seen: set[Any] = set()
        for target in shape.targets:
            if target.kind == "class":
                classes = self.classes(target.term)
                unique = unique and len(classes) == 1
                found: Iterable[tuple[Any, Any]] = (
                    (quad.subject, quad)
                    for cls in classes
                    for quad in self.quads(None, self.type, cls)
                )
            elif target.kind == "node":
                found = [(target.term, None)]
            elif target.kind == "subjects":
                found = ((quad.subject, quad) for quad in self.quads(None, target.term, None))
            else:
                found = ((quad.object, quad) for quad in self.quads(None, target.term, None))
            for node, witness in found:
                if not unique:
                    if node in seen:
                        continue
                    seen.add(node)
                yield node, witness


class _Reader:
    """Reads the triples a plan needs from a slice's focus nodes: one SPARQL CONSTRUCT for the
    nodes with IRIs (Oxigraph gathers and serializes them natively), pattern lookups for blank
    nodes (which a query cannot name)."""

    def __init__(self, data: _Data, plan: Plan) -> None:
        self.data = data
        self.walk = _walk_of(plan)
        branches = " UNION ".join(_branches(plan, "?f", 0))
        self.query = "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?f { %s } " + branches + " }"

    def read(self, nodes: list[Any]) -> tuple[bytes, list[Any]]:
        """N-Triples of what the plan reads from the named ``nodes``, and the quads it reads
        from the blank ones."""
        ox = self.data.ox
        named = [node for node in nodes if not isinstance(node, ox.BlankNode)]
        text = b""
        if named:
            found = self.data.store.query(self.query % " ".join(map(str, named)))
            text = found.serialize(format=ox.RdfFormat.N_TRIPLES)
        quads: list[Any] = []
        for node in nodes:
            if isinstance(node, ox.BlankNode):
                self.gather(node, self.walk, quads)
        return text, quads

    def gather(self, node: Any, walk: _Walk, into: list[Any]) -> None:
        """Append the triples ``walk`` reads from ``node`` to ``into``."""
        if isinstance(node, self.data.ox.Literal):
            return
        for predicate, below in walk:
            for quad in self.data.quads(node, predicate, None):
                into.append(quad)
                if below:
                    self.gather(quad.object, below, into)


def _branches(plan: Plan, node: str, depth: int) -> Iterator[str]:
    """Group patterns that bind each triple ``plan`` reads below ``node`` to ``?s ?p ?o``.

    A node's triples of several predicates are read in one scan of its triples (a filter on
    the predicate) rather than one lookup per predicate; each predicate with a plan below it
    adds a pattern that walks on to its values.
    """
    here = sorted(plan)
    if ALL in plan or len(here) >= _SCAN:
        wanted = "" if ALL in plan else f"FILTER (?p IN ({', '.join(_iri(p) for p in here)}))"
        yield f"{{ {node} ?p ?o {wanted} BIND ({node} AS ?s) }}"
    else:
        for predicate in here:
            yield f"{{ {node} {_iri(predicate)} ?o BIND ({node} AS ?s) BIND ({_iri(predicate)} AS ?p) }}"
    for n, predicate in enumerate(here):
        below = plan[predicate]
        if not below:
            continue
        value = f"?v{depth}_{n}"
        step = (
            f"{node} ?any{depth} {value} ."
            if predicate == ALL
            else f"{node} {_iri(predicate)} {value} ."
        )
        for inner in _branches(below, value, depth + 1):
            yield f"{{ {step} {inner} }}"


def _iri(iri: str) -> str:
    import pyoxigraph

    return str(pyoxigraph.NamedNode(iri))  # checked and escaped by Oxigraph


def _walk_of(plan: Plan) -> _Walk:
    import pyoxigraph

    if ALL in plan:  # every predicate; what lies below a named one is read as well
        rest = {p: below for p, below in plan.items() if p != ALL}
        return (
            ((None, _walk_of(plan[ALL])), *_walk_of(rest))
            if rest
            else ((None, _walk_of(plan[ALL])),)
        )
    return tuple((pyoxigraph.NamedNode(p), _walk_of(below)) for p, below in plan.items())


def _piece(reader: _Reader, chunk: list[tuple[Any, Any]]) -> Any:
    """An in-memory store of a slice: what the plan reads from its focus nodes, the triples that
    make them focus nodes, and the data's subclass triples."""
    import pyoxigraph

    text, quads = reader.read([node for node, _ in chunk])
    quads += reader.data.subclass
    quads += [witness for _, witness in chunk if witness is not None]
    piece = pyoxigraph.Store()
    if text:
        piece.load(text, format=pyoxigraph.RdfFormat.N_TRIPLES)
    piece.extend(quads)
    return piece


def _validate(program: Any, piece: Any, shape: Shape) -> Any:
    _, report, _ = program.validate(piece, allow_warnings=True, use_shapes=[shape.iri])
    return report


def _finish(done: tuple[Future[Any], set[Any], Shape, int], progress: Any) -> Iterator[Problem]:
    run, owned, shape, size = done
    yield from _problems(run.result(), owned, shape)
    progress.update(size)


def _whole(program: Any, data: _Data, shapes: list[Shape] | None) -> Iterator[Problem]:
    """Run ``shapes`` (None: all) on a copy of the whole data graph."""
    import pyoxigraph

    copy = pyoxigraph.Store()
    copy.extend(data.quads(None, None, None))
    options = {} if shapes is None else {"use_shapes": [shape.iri for shape in shapes]}
    _, report, _ = program.validate(copy, allow_warnings=True, **options)
    yield from _problems(report, None, None)


def _problems(report: Any, owned: set[Any] | None, shape: Shape | None) -> Iterator[Problem]:
    """The results of a report graph (those on ``owned`` focus nodes, with their details)."""
    from rdflib import RDF, URIRef

    result_type, detail = URIRef(SH + "ValidationResult"), URIRef(SH + "detail")
    nested = set(report.objects(None, detail))
    found: set[Problem] = set()

    def problems_of(result: Any) -> Iterator[Problem]:
        yield _problem(report, result, shape)
        for inner in report.objects(result, detail):
            yield from problems_of(inner)

    for result in report.subjects(RDF.type, result_type):
        if result in nested:
            continue
        focus = report.value(result, URIRef(SH + "focusNode"))
        if owned is not None and _rdflib_key(focus) not in owned:
            continue  # a node of the slice that belongs to another slice
        for problem in problems_of(result):
            if problem not in found:
                found.add(problem)
                yield problem


def _problem(report: Any, result: Any, shape: Shape | None) -> Problem:
    from rdflib import URIRef

    def get(term: str) -> Any:
        return report.value(result, URIRef(SH + term))

    severity = "error" if str(get("resultSeverity")).endswith("Violation") else "warning"
    path = get("resultPath")
    if shape is not None:
        kind = f"shape:{shape.name}" + (f"/{short_name(str(path))}" if path is not None else "")
    else:
        source = str(get("sourceShape"))
        kind = (
            f"shape:{short_name(str(path))}" if path is not None else f"shape:{short_name(source)}"
        )
    return Problem(severity, name(str(get("focusNode"))), str(get("resultMessage")), kind)


def _key(term: Any) -> tuple[str, ...]:
    """A pyoxigraph term as a key that :func:`_rdflib_key` gives for the same rdflib term."""
    import pyoxigraph
    from rdflib import Literal

    if isinstance(term, pyoxigraph.Literal):  # compare literals as rdflib reads them
        literal = Literal(
            term.value, lang=term.language, datatype=None if term.language else term.datatype.value
        )
        return _rdflib_key(literal)
    kind = "blank" if isinstance(term, pyoxigraph.BlankNode) else "iri"
    return (kind, str(term.value))


def _rdflib_key(term: Any) -> tuple[str, ...]:
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        datatype = (
            str(term.datatype) if term.datatype else (LANG_STRING if term.language else XSD_STRING)
        )
        return ("literal", str(term), term.language or "", datatype)
    return ("blank" if isinstance(term, BNode) else "iri", str(term))
