"""Nanopublications: one per claim, built claim by claim from a pyoxigraph store, written as
N-Quads or TriG with each nanopublication's four graphs together.

For claim ``C`` the nanopublication is ``C/np``, and its graphs are fragments of that IRI, as the
nanopublication guidelines ask (the nanopublication IRI is a prefix of its graphs):

- ``C/np#head``: ``C/np a np:Nanopublication`` with its assertion, provenance and pubinfo graphs;
- ``C/np#assertion``: the plain triple the claim asserts (``IL-6 activates STAT3``);
- ``C/np#provenance``: ``C/np#assertion prov:wasDerivedFrom`` the evidence, the claim's own
  triples (assertion kind, hedge, confidence, attribution) and the evidence sentence with its
  source and offsets;
- ``C/np#pubinfo``: a readable label of the nanopublication.

Everything else (entities, source documents, claims missing a part) follows in the default
graph. Each nanopublication is self-contained, so a file can be split into nanopublications by
taking the runs of consecutive graphs; blank nodes are named per nanopublication.

>>> import io
>>> from il6graph import load_graph
>>> from il6graph.exports.rdf import store_of
>>> out = io.BytesIO()
>>> to_trig(store_of(load_graph()), out) > 1000
True
>>> b"/np#assertion>" in out.getvalue()
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from il6graph.exports.rdf import _Counter, _label, _prefixes, subject_groups

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["NANOPUB", "PARTS", "nanopublications", "to_nquads", "to_trig"]

NANOPUB = "http://www.nanopub.org/nschema#"
PARTS = ("head", "assertion", "provenance", "pubinfo")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


def nanopublications(store: pyoxigraph.Store) -> Iterator[pyoxigraph.Quad]:
    """The store's default graph as nanopublications, claim by claim, then the rest.

    Quads come out grouped: each nanopublication's head, assertion, provenance and pubinfo
    graphs one after the other; then the default graph without the parts the nanopublications
    hold.
    """
    import pyoxigraph

    from il6graph.predicates import predicate_table
    from il6graph.vocabulary import IL6V

    default = pyoxigraph.DefaultGraph()
    node = pyoxigraph.NamedNode
    np = {name: node(NANOPUB + name) for name in ("Nanopublication", "hasAssertion")}
    np["hasProvenance"] = node(NANOPUB + "hasProvenance")
    np["hasPublicationInfo"] = node(NANOPUB + "hasPublicationInfo")
    rdf_type, label_of, derived = node(_RDF + "type"), node(_RDFS_LABEL), node(_PROV_DERIVED)
    parts = {name: node(_RDF + name) for name in ("subject", "predicate", "object")}
    evidence_of = node(str(IL6V.evidence))
    predicate_labels = {iri: p.label for iri, p in predicate_table().items()}

    def label(term: Any) -> str:
        for quad in store.quads_for_pattern(term, label_of, None, default):
            found: Any = quad.object
            return str(found.value)
        return str(predicate_labels.get(term.value) or term.value)

    def closure(subject: Any, graph: Any, publication: str) -> Iterator[pyoxigraph.Quad]:
        """``subject``'s triples with the blank nodes under it, named for this nanopublication."""
        for triple in _closure(store, subject, publication, default):
            yield pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, graph)

    placed: set[str] = set()  # claims and evidence held by a nanopublication
    asserted: set[tuple[str, str, str]] = set()  # plain triples held by assertion graphs
    claims = sorted(
        quad.subject.value
        for quad in store.quads_for_pattern(None, rdf_type, node(str(IL6V.Claim)), default)
        if isinstance(quad.subject, pyoxigraph.NamedNode)
    )
    for iri in claims:
        claim = node(iri)
        own = list(store.quads_for_pattern(claim, None, None, default))
        spo: dict[str, Any] = {
            name: next((q.object for q in own if q.predicate == term), None)
            for name, term in parts.items()
        }
        s, p, o = spo["subject"], spo["predicate"], spo["object"]
        if s is None or not isinstance(p, pyoxigraph.NamedNode) or o is None:
            continue  # an incomplete claim stays in the default graph, where validate finds it
        publication = claim.value + "/np"
        graphs = {name: node(f"{publication}#{name}") for name in PARTS}
        this = node(publication)
        yield pyoxigraph.Quad(this, rdf_type, np["Nanopublication"], graphs["head"])
        yield pyoxigraph.Quad(this, np["hasAssertion"], graphs["assertion"], graphs["head"])
        yield pyoxigraph.Quad(this, np["hasProvenance"], graphs["provenance"], graphs["head"])
        yield pyoxigraph.Quad(this, np["hasPublicationInfo"], graphs["pubinfo"], graphs["head"])
        yield pyoxigraph.Quad(s, p, o, graphs["assertion"])
        evidence: list[Any] = [q.object for q in own if q.predicate == evidence_of]
        for item in evidence:
            yield pyoxigraph.Quad(graphs["assertion"], derived, item, graphs["provenance"])
        yield from closure(claim, graphs["provenance"], publication)
        for item in evidence:
            yield from closure(item, graphs["provenance"], publication)
            placed.add(item.value)
        readable = pyoxigraph.Literal(f"{label(s)} {label(p)} {label(o)}")
        yield pyoxigraph.Quad(this, label_of, readable, graphs["pubinfo"])
        placed.add(claim.value)
        asserted.add((s.value, p.value, o.value))

    for triples in subject_groups(store, skip=placed):
        for triple in triples:
            key = (str(triple.subject), str(triple.predicate), str(triple.object))
            if key in asserted and isinstance(triple.object, pyoxigraph.NamedNode):
                continue
            yield pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, default)


def _closure(
    store: pyoxigraph.Store, subject: Any, publication: str, default: Any
) -> Iterator[pyoxigraph.Triple]:
    import pyoxigraph

    renamed: dict[Any, Any] = {}
    pending = [subject]
    while pending:
        current = pending.pop(0)
        triples = []
        for quad in store.quads_for_pattern(current, None, None, default):
            obj = quad.object
            if isinstance(obj, pyoxigraph.BlankNode):
                if obj not in renamed:
                    parent = renamed.get(current, current).value
                    # Two blank nodes under one subject and predicate differ by their content.
                    content = sorted(
                        f"{q.predicate} {q.object}"
                        for q in store.quads_for_pattern(obj, None, None, default)
                        if not isinstance(q.object, pyoxigraph.BlankNode)
                    )
                    renamed[obj] = pyoxigraph.BlankNode(
                        _label(publication, parent, quad.predicate.value, *content)
                    )
                    pending.append(obj)
                obj = renamed[obj]
            triples.append(pyoxigraph.Triple(renamed.get(current, current), quad.predicate, obj))
        yield from sorted(triples, key=lambda t: (t.predicate.value, str(t.object)))


def _write(quads: Iterable[pyoxigraph.Quad], stream: IO[bytes], format: Any) -> int:
    import pyoxigraph

    counter = _Counter()
    prefixes = {**_prefixes(), "np": NANOPUB}
    pyoxigraph.serialize(counter.each(quads), stream, format=format, prefixes=prefixes)
    return counter.count


def to_nquads(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write :func:`nanopublications` of the store as N-Quads; return the quad count."""
    import pyoxigraph

    return _write(nanopublications(store), stream, pyoxigraph.RdfFormat.N_QUADS)


def to_trig(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write :func:`nanopublications` of the store as TriG; return the quad count."""
    import pyoxigraph

    return _write(nanopublications(store), stream, pyoxigraph.RdfFormat.TRIG)
