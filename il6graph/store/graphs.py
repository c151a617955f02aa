"""Open graphs: the one place that knows which rdflib store backs them.

The store is Oxigraph through ``oxrdflib`` (rdflib's API on pyoxigraph's store and Turtle parser),
chosen by ``bench/bench_load.py``: on a synthetic 10^5-triple graph it loads several times faster
than rdflib's default memory store, and answers SPARQL faster as graphs grow. Nothing outside this
module names the store.

>>> from il6graph import load_graph
>>> graph = load_graph()
>>> len(graph) > 1000
True
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from il6graph.errors import InputError, place
from il6graph.resources import graph_path
from il6graph.vocabulary import PREFIXES

__all__ = [
    "DUMP_FORMATS",
    "PARSER_FORMATS",
    "dump",
    "load_graph",
    "load_ontology",
    "new_dataset",
    "new_graph",
    "on_store",
    "parse_into",
    "rdf_file_format",
]

STORE = "Oxigraph"

# File suffix -> oxrdflib parser. Oxigraph's parsers keep plain literals plain, so
# `rdfs:label "IL-6"` matches in SPARQL (rdflib's own Graph fed by them would not).
PARSER_FORMATS: dict[str, str] = {
    ".ttl": "ox-turtle",
    ".nt": "ox-ntriples",
    ".rdf": "ox-xml",
    ".owl": "ox-xml",
}


def new_graph() -> Graph:
    """An empty graph on the project's store, with the project's prefixes bound."""
    graph = Graph(store=STORE)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def new_dataset() -> Dataset:
    """An empty dataset (named graphs) on the project's store, with the project's prefixes bound."""
    dataset = Dataset(store=STORE)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    return dataset


def on_store(graph: Graph) -> Graph:
    """``graph`` itself if it is on the project's store, else a copy of it there."""
    from oxrdflib.store import OxigraphStore

    if isinstance(graph.store, OxigraphStore):
        return graph
    copy = new_graph()
    copy.addN((s, p, o, copy) for s, p, o in graph)
    return copy


DUMP_FORMATS = ("turtle", "nt", "json-ld", "nquads", "trig")


def dump(graph: Graph | Dataset, format: str, *, prefixes: dict[str, str] | None = None) -> bytes:
    """``graph`` (or a dataset) as ``format``, one of :data:`DUMP_FORMATS`, in a stable order.

    Oxigraph writes it: statements sorted (the same graph gives the same bytes), grouped by
    subject, and by named graph for datasets; plain literals stay plain. On a 1.7M-triple graph
    this takes seconds where rdflib's own serializers take minutes (bench/bench_export.py).
    """
    import pyoxigraph

    formats = {
        "turtle": pyoxigraph.RdfFormat.TURTLE,
        "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        "json-ld": pyoxigraph.RdfFormat.JSON_LD,
        "nquads": pyoxigraph.RdfFormat.N_QUADS,
        "trig": pyoxigraph.RdfFormat.TRIG,
    }
    quads = isinstance(graph, Dataset)
    if not quads:
        graph = on_store(graph)
    lines = graph.serialize(format="ox-nquads" if quads else "ox-ntriples", encoding="utf-8")
    ordered = b"".join(_stable_blank_nodes(sorted(lines.splitlines(keepends=True))))
    if format in ("nt", "nquads"):
        return ordered
    statements: Any = pyoxigraph.parse(
        ordered, format=pyoxigraph.RdfFormat.N_QUADS if quads else pyoxigraph.RdfFormat.N_TRIPLES
    )
    if quads:  # one block per named graph; the sort is stable, so subjects stay grouped
        statements = sorted(
            statements,
            key=lambda q: (
                not isinstance(q.graph_name, pyoxigraph.DefaultGraph),
                str(q.graph_name),
            ),
        )
    written = pyoxigraph.serialize(statements, format=formats[format], prefixes=prefixes or {})
    assert written is not None
    return written


def _stable_blank_nodes(lines: list[bytes]) -> list[bytes]:
    """Sorted N-Triples/N-Quads lines with blank nodes renamed ``_:b1``, ``_:b2``... in order.

    Blank node labels are new on every load; numbering them by where they first appear once the
    lines are sorted (IRIs sort before blank nodes) makes the output the same on every run for
    blank nodes that hang off IRIs, as the evidence selectors do.
    """
    if not any(b"_:" in line for line in lines):
        return lines
    names: dict[bytes, bytes] = {}

    def rename(label: bytes) -> bytes:
        return names.setdefault(label, b"_:b%d" % (len(names) + 1))

    def masked(line: bytes) -> bytes:
        subject, predicate, rest = line.split(b" ", 2)
        if subject.startswith(b"_:"):
            subject = b"_:"
        if rest.startswith(b"_:"):
            rest = b"_: " + rest.split(b" ", 1)[1]
        return b" ".join((subject, predicate, rest))

    renamed = []
    for line in sorted(lines, key=masked):
        subject, predicate, rest = line.split(b" ", 2)
        if subject.startswith(b"_:"):
            subject = rename(subject)
        if rest.startswith(b"_:"):  # the object; a literal starts with a quote
            term, tail = rest.split(b" ", 1)
            rest = rename(term) + b" " + tail
        renamed.append(b" ".join((subject, predicate, rest)))
    return sorted(renamed)


def rdf_file_format(path: Path, formats: Mapping[str, str]) -> str:
    """The entry of ``formats`` (keyed by file suffix) for an existing RDF file; an unknown
    suffix or a missing file raises a one-line :class:`InputError`."""
    chosen = formats.get(path.suffix.lower())
    if chosen is None:
        known = ", ".join(sorted(formats))
        raise InputError(
            f"{path}: unknown RDF format {path.suffix or '(no suffix)'!r} (known: {known})"
        )
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    return chosen


def parse_into(graph: Graph, path: str | Path) -> None:
    """Parse one RDF file into ``graph``; bad input raises a one-line :class:`InputError`."""
    path = Path(path)
    parser = rdf_file_format(path, PARSER_FORMATS)
    try:
        graph.parse(path, format=parser)
    except SyntaxError as error:
        # pyoxigraph reports "Parser error between line L column C and ...: reason".
        reason = str(error.msg).split(": ", 1)[-1]
        raise InputError(f"{place(path, error.lineno, error.offset)}: {reason}") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(f"{path}: cannot be read as RDF: {error}") from None


def load_graph(*paths: str | Path) -> Graph:
    """Load the bundled IL-6 graph, or the given RDF files merged, into one rdflib Graph.

    >>> graph = load_graph()
    >>> from il6graph.vocabulary import IL6V
    >>> from rdflib import RDF
    >>> len(set(graph.subjects(RDF.type, IL6V.Claim))) >= 80
    True
    """
    graph = new_graph()
    for path in paths or (graph_path(),):
        parse_into(graph, path)
    return graph


def load_ontology() -> Graph:
    """The bundled OWL vocabulary (classes and signed predicates) as a graph of its own."""
    from il6graph.resources import ontology_path

    graph = new_graph()
    parse_into(graph, ontology_path())
    return graph
