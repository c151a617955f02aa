"""RDF exports streamed from a pyoxigraph store: Turtle, N-Triples, JSON-LD.

The writers hand the store's default graph to Oxigraph's own serializer (``Store.dump``), which
writes it as it reads it, so nothing holds a copy of the graph in Python. The order is the
store's: each subject's triples together, in the order of Oxigraph's indexes, which depends only
on the data (and the pyoxigraph version), so the same store always gives the same bytes. Blank
node labels are the store's own: :func:`store_of` names them after the IRI they hang off, so an
rdflib graph exported twice gives the same file twice.

>>> import io
>>> from il6graph import load_graph
>>> store = store_of(load_graph())
>>> to_ntriples(store, io.BytesIO()) == len(load_graph())
True
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "count_triples",
    "jsonld_context",
    "project_prefixes",
    "rdf_selection",
    "store_of",
    "to_jsonld",
    "to_ntriples",
    "to_rdf_turtle",
]


def blank_label(*parts: str) -> str:
    """A blank node label made from ``parts`` (the IRI and predicate that lead to the node)."""
    return "b" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def store_of(graph: Graph) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store with ``graph``'s triples (sorted) in its default graph.

    Blank nodes are named after the subject and predicate that point at them (and their own
    triples, to tell apart two under one subject and predicate), so the same graph loaded twice
    gives the same store and the same files.
    """
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    def content(node: Node) -> list[str]:
        return sorted(
            f"{p} {o}" for p, o in graph.predicate_objects(node) if not isinstance(o, BNode)
        )

    names: dict[Node, str] = {}

    def name(node: Node) -> str:
        if node not in names:
            parent = next(iter(graph.subject_predicates(node)), None)
            if parent is None:
                names[node] = blank_label("", "", *content(node))
            else:
                above = name(parent[0]) if isinstance(parent[0], BNode) else str(parent[0])
                names[node] = blank_label(above, str(parent[1]), *content(node))
        return names[node]

    def term(node: Node) -> Any:
        if isinstance(node, URIRef):
            return pyoxigraph.NamedNode(str(node))
        if isinstance(node, BNode):
            return pyoxigraph.BlankNode(name(node))
        assert isinstance(node, Literal)
        if node.language:
            return pyoxigraph.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(str(node.datatype)))
        return pyoxigraph.Literal(str(node))

    # An in-memory store keeps insertion order, so the triples go in sorted.
    quads = sorted((pyoxigraph.Quad(term(s), term(p), term(o)) for s, p, o in graph), key=str)
    store = pyoxigraph.Store()
    store.bulk_extend(quads)
    return store


def count_triples(store: pyoxigraph.Store) -> int:
    """How many triples the store's default graph holds (counted by the store)."""
    rows: Any = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(rows))[0].value)


def project_prefixes() -> dict[str, str]:
    """The project's CURIE prefixes and the namespaces they stand for."""
    from il6graph.vocabulary import PREFIXES

    return dict(PREFIXES)


def to_ntriples(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write the store's default graph as N-Triples; return the triple count."""
    import pyoxigraph

    store.dump(stream, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return count_triples(store)


def to_rdf_turtle(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write the store's default graph as Turtle with the project's prefixes; return the count."""
    import pyoxigraph

    store.dump(
        stream,
        format=pyoxigraph.RdfFormat.TURTLE,
        from_graph=pyoxigraph.DefaultGraph(),
        prefixes=project_prefixes(),
    )
    return count_triples(store)


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD ``@context`` of :func:`to_jsonld`: every project prefix.

    A prefix whose IRI does not end in ``/`` or ``#`` (``efo``: ``…/EFO_``) is declared with
    ``"@prefix": true``, which JSON-LD 1.1 needs before it compacts an IRI with it.
    """
    return {
        prefix: iri if iri.endswith(("/", "#")) else {"@id": iri, "@prefix": True}
        for prefix, iri in project_prefixes().items()
    }


# Oxigraph writes JSON-LD as one array of node objects, IRIs in full: "@id" values, "@type"
# values and property keys (always after a comma). A quote inside a string is escaped, so these
# byte patterns only ever match the JSON structure, never text inside a literal.
_BETWEEN_NODES = b'},{"@id":'


def _compactions() -> list[tuple[bytes, bytes]]:
    longest_first = sorted(project_prefixes().items(), key=lambda item: -len(item[1]))
    pairs = []
    for prefix, iri in longest_first:
        namespace = json.dumps(iri)[1:-1].encode("utf-8")
        for lead in (b'"@id":"', b'"@type":"', b',"'):
            pairs.append((lead + namespace, lead + prefix.encode("utf-8") + b":"))
    return pairs


def to_jsonld(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write the store's default graph as JSON-LD: one node object per subject (one per line),
    IRIs compacted with :func:`jsonld_context`; return the triple count.

    Oxigraph writes the JSON-LD (into a temporary file); the compaction rewrites it as it is
    copied, a few megabytes at a time.
    """
    import pyoxigraph

    pairs = _compactions()

    def compact(chunk: bytes) -> bytes:
        for full, short in pairs:
            chunk = chunk.replace(full, short)
        return chunk.replace(_BETWEEN_NODES, b'},\n{"@id":')

    with tempfile.TemporaryFile() as expanded:
        store.dump(
            expanded, format=pyoxigraph.RdfFormat.JSON_LD, from_graph=pyoxigraph.DefaultGraph()
        )
        expanded.seek(0)
        stream.write(b'{"@context": ' + json.dumps(jsonld_context()).encode() + b',\n"@graph": ')
        carry = b""
        while block := expanded.read(1 << 22):
            carry += block
            cut = carry.rfind(_BETWEEN_NODES)
            if cut > 0:
                stream.write(compact(carry[: cut + 2]))
                carry = carry[cut + 2 :]
        stream.write(compact(carry) + b"}\n")
    return count_triples(store)


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
