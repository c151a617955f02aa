"""RDF exports streamed from a pyoxigraph store: Turtle, N-Triples, JSON-LD.

The writers read the store's default graph and hand its triples to Oxigraph's own serializer
(``pyoxigraph.serialize``) as they come, so nothing holds a copy of the graph. Subjects come in
sorted order, each with its triples sorted and the triples of the blank nodes under it right
after, and blank nodes are named after the IRI they hang off, so the same data gives the same
bytes on every run; only the sorted list of subject IRIs is held, never the triples.

>>> import io
>>> from il6graph import load_graph
>>> store = store_of(load_graph())
>>> out = io.BytesIO()
>>> to_ntriples(store, out) == len(load_graph())
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "jsonld_context",
    "named_subjects",
    "ordered_triples",
    "rdf_selection",
    "store_of",
    "subject_groups",
    "to_jsonld",
    "to_ntriples",
    "to_rdf_turtle",
]


def store_of(graph: Graph) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store with ``graph``'s triples in its default graph."""
    import pyoxigraph

    from il6graph.store import on_store

    store = pyoxigraph.Store()
    data = on_store(graph).serialize(format="ox-ntriples", encoding="utf-8")
    store.load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _label(*parts: str) -> str:
    return "b" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _sort_key(triple: pyoxigraph.Triple) -> tuple[str, str]:
    return (triple.predicate.value, str(triple.object))


def named_subjects(store: pyoxigraph.Store) -> list[str]:
    """The IRIs that are subjects in the store's default graph, sorted."""
    rows = store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")
    return sorted(row[0].value for row in rows)  # type: ignore[union-attr]


def subject_groups(
    store: pyoxigraph.Store, *, skip: frozenset[str] | set[str] = frozenset()
) -> Iterator[list[pyoxigraph.Triple]]:
    """The default graph's triples, one sorted list per subject (IRIs in sorted order), with
    blank nodes renamed after the path that leads to them and placed right after it; subjects
    whose IRI is in ``skip`` are left out with the blank nodes under them.

    Holds the sorted subject IRIs (tens of MB at 10^5 claims), never the triples.
    """
    import pyoxigraph

    default = pyoxigraph.DefaultGraph()
    named: dict[Any, pyoxigraph.BlankNode] = {}

    def rename(term: Any, parent: str, predicate: str) -> Any:
        if not isinstance(term, pyoxigraph.BlankNode):
            return term
        if term not in named:
            # Two blank nodes under one subject and predicate are told apart by their content.
            content = sorted(
                f"{q.predicate} {q.object}"
                for q in store.quads_for_pattern(term, None, None, default)
                if not isinstance(q.object, pyoxigraph.BlankNode)
            )
            named[term] = pyoxigraph.BlankNode(_label(parent, predicate, *content))
        return named[term]

    def group(subject: Any, name: str) -> Iterator[list[pyoxigraph.Triple]]:
        triples = []
        children = []
        for quad in store.quads_for_pattern(subject, None, None, default):
            original = quad.object
            obj = rename(original, name, quad.predicate.value)
            if isinstance(original, pyoxigraph.BlankNode) and original not in children:
                children.append(original)
            triples.append(pyoxigraph.Triple(named.get(subject, subject), quad.predicate, obj))
        yield sorted(triples, key=_sort_key)
        for child in sorted(children, key=lambda c: named[c].value):
            yield from group(child, named[child].value)

    for iri in named_subjects(store):
        if iri not in skip:
            yield from group(pyoxigraph.NamedNode(iri), iri)
    # Blank nodes no IRI points at (none in the project's data) come last, named by content.
    orphans = store.query(
        "SELECT DISTINCT ?b WHERE { ?b ?p ?o FILTER(isBlank(?b)) "
        "FILTER NOT EXISTS { ?x ?y ?b } }"
    )
    for blank in sorted((row[0] for row in orphans), key=str):  # type: ignore[union-attr]
        if blank not in named:
            rename(blank, "", "")
            yield from group(blank, named[blank].value)


def ordered_triples(
    store: pyoxigraph.Store, *, skip: frozenset[str] | set[str] = frozenset()
) -> Iterator[pyoxigraph.Triple]:
    """The triples of :func:`subject_groups`, one after another."""
    for triples in subject_groups(store, skip=skip):
        yield from triples


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def each(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            self.count += 1
            yield item


def _prefixes() -> dict[str, str]:
    from il6graph.vocabulary import PREFIXES

    return dict(PREFIXES)


def to_ntriples(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write the store's default graph as N-Triples; return the triple count."""
    import pyoxigraph

    counter = _Counter()
    pyoxigraph.serialize(
        counter.each(ordered_triples(store)), stream, format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    return counter.count


def to_rdf_turtle(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write the store's default graph as Turtle with the project's prefixes; return the count."""
    import pyoxigraph

    counter = _Counter()
    pyoxigraph.serialize(
        counter.each(ordered_triples(store)),
        stream,
        format=pyoxigraph.RdfFormat.TURTLE,
        prefixes=_prefixes(),
    )
    return counter.count


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD ``@context`` of :func:`to_jsonld`: every project prefix.

    A prefix whose IRI does not end in ``/`` or ``#`` (``efo``: ``…/EFO_``) is declared with
    ``"@prefix": true``, which JSON-LD 1.1 needs before it compacts an IRI with it.
    """
    return {
        prefix: iri if iri.endswith(("/", "#")) else {"@id": iri, "@prefix": True}
        for prefix, iri in _prefixes().items()
    }


def to_jsonld(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write the store's default graph as JSON-LD: one object per subject (one per line), IRIs
    compacted with :func:`jsonld_context`; return the triple count."""
    import pyoxigraph

    longest_first = sorted(_prefixes().items(), key=lambda item: -len(item[1]))

    def compact(iri: str) -> str:
        for prefix, namespace in longest_first:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                local = iri[len(namespace) :]
                if not local.startswith("//"):
                    return f"{prefix}:{local}"
        return iri

    def walk(value: Any) -> Any:
        if isinstance(value, list):
            return [walk(item) for item in value]
        if not isinstance(value, dict):
            return value
        compacted: dict[str, Any] = {}
        for key, item in value.items():
            if key in ("@id", "@type"):
                compacted[key] = (
                    [compact(i) for i in item] if isinstance(item, list) else compact(item)
                )
            elif key.startswith("@"):
                compacted[key] = walk(item)
            else:
                compacted[compact(key)] = walk(item)
        return compacted

    count = 0
    separator = b"\n"
    stream.write(b'{"@context": ' + json.dumps(jsonld_context()).encode() + b',\n"@graph": [')
    for triples in subject_groups(store):
        count += len(triples)
        written = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.JSON_LD)
        assert written is not None
        for node in json.loads(written):
            stream.write(separator + json.dumps(walk(node), ensure_ascii=False).encode("utf-8"))
            separator = b",\n"
    stream.write(b"\n]}\n")
    return count


def rdf_selection(graph: Graph, view: networkx.MultiDiGraph | None = None) -> Graph:
    """The RDF behind a selected view: its claims with their evidence, and its entities.

    With ``view`` None, the whole of ``graph`` (``graph`` itself). Otherwise a new graph with, for
    every claim (edge) of ``view``: the claim's own triples, its plain ``subject predicate
    object`` triple, its evidence (text, source document, position selector) and the source
    document's description; for every entity (node): its description (types, label, synonyms,
    definition, mappings), but not its relations to other entities, which come in only through
    selected claims.
    """
    from rdflib import BNode, URIRef

    from il6graph.predicates import predicate_table
    from il6graph.store import new_graph
    from il6graph.vocabulary import IL6V, OA, from_curie

    if view is None:
        return graph
    part = new_graph()
    triples: set[tuple[Node, Node, Node]] = set()

    def describe(subject: Node, skip: frozenset[str] = frozenset()) -> None:
        for triple in graph.triples((subject, None, None)):
            if str(triple[1]) in skip or triple in triples:
                continue
            triples.add(triple)
            if isinstance(triple[2], BNode):
                describe(triple[2])

    def iri(curie: str) -> str:
        try:
            return from_curie(curie)
        except ValueError:  # not a CURIE: already an IRI
            return curie

    relations = frozenset(predicate_table(graph))
    for _, data in view.nodes(data=True):
        describe(URIRef(data["iri"]), relations)
    sources: set[Node] = set()
    for u, v, key, data in view.edges(keys=True, data=True):
        claim = URIRef(iri(data.get("claim", key)))
        describe(claim)
        asserted = (
            URIRef(view.nodes[u]["iri"]),
            URIRef(data["predicate_iri"]),
            URIRef(view.nodes[v]["iri"]),
        )
        if asserted in graph:
            triples.add(asserted)
        for evidence in graph.objects(claim, IL6V.evidence):
            describe(evidence)
            sources.update(graph.objects(evidence, OA.hasSource))
    for source in sources:
        describe(source)
    part.addN((s, p, o, part) for s, p, o in triples)
    return part
