"""Build a store: Oxigraph loads the input files, and the claim graph is collected from them.

Oxigraph's parser reads each file; every statement goes to Oxigraph's bulk loader
(:func:`load_inputs`), and the few that describe claims, evidence and entities are collected in
Python (:func:`collect_inputs`), in the same pass or, for a store on disk, in a second process
that reads the same files meanwhile (:mod:`il6graph.store.indexer`). The collection becomes the
claim index (:mod:`il6graph.store.index`): entities, names, claims, evidence and the adjacency
that path questions walk. ``bench/bench_scale.py`` compares a build with Oxigraph's own bulk
load of the same files.

Input is bounded: RDF/XML that declares XML entities is refused (they expand without limit: a
file of under 1 KB can ask for gigabytes), and a literal or IRI over Oxigraph's 16 MiB buffer is
reported with its file and line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from il6graph.curies import BIOLINK, OA, VOCAB
from il6graph.errors import InputError
from il6graph.progress import bar

__all__ = [
    "FORMATS",
    "ONTOLOGY_GRAPH",
    "Collected",
    "collect_inputs",
    "load_inputs",
    "rdf_format",
]

ONTOLOGY_GRAPH = "https://w3id.org/il6graph/ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"

# File suffix -> Oxigraph format name (pyoxigraph.RdfFormat attribute).
FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".rdf": "RDF_XML", ".owl": "RDF_XML"}

# The predicates the claim index needs, each with a small code for the loop below.
(
    _TYPE,
    _SUBJECT,
    _PREDICATE,
    _OBJECT,
    _ASSERTION,
    _CONFIDENCE,
    _HEDGE,
    _EVIDENCE,
    _AGENT,
    _TEXT,
    _SOURCE,
    _SELECTOR,
    _START,
    _END,
    _LABEL,
    _ALT_LABEL,
    _MATCH,
    _SIGN,
    _DEFINITION,
    _PREDICATE_MAPPING,
    _GRAPH_ID,
    _DERIVED_FROM,
) = range(22)
_CODES = {
    RDF + "type": _TYPE,
    RDF + "subject": _SUBJECT,
    RDF + "predicate": _PREDICATE,
    RDF + "object": _OBJECT,
    VOCAB + "assertion": _ASSERTION,
    VOCAB + "confidence": _CONFIDENCE,
    VOCAB + "hedge": _HEDGE,
    VOCAB + "evidence": _EVIDENCE,
    PROV + "wasAttributedTo": _AGENT,
    VOCAB + "text": _TEXT,
    OA + "hasSource": _SOURCE,
    OA + "hasSelector": _SELECTOR,
    OA + "start": _START,
    OA + "end": _END,
    RDFS + "label": _LABEL,
    SKOS + "altLabel": _ALT_LABEL,
    SKOS + "exactMatch": _MATCH,
    SKOS + "closeMatch": _MATCH,
    SKOS + "broadMatch": _PREDICATE_MAPPING,
    SKOS + "narrowMatch": _PREDICATE_MAPPING,
    VOCAB + "sign": _SIGN,
    SKOS + "definition": _DEFINITION,
    VOCAB + "graphId": _GRAPH_ID,  # a pathway evidence's selector (il6graph import)
    PROV + "wasDerivedFrom": _DERIVED_FROM,  # the claim sheet an imported claim came from
}
# Where the collector files single-valued parts, by code.
_PARTS = {
    _SUBJECT: "subject",
    _PREDICATE: "predicate",
    _OBJECT: "object",
    _ASSERTION: "assertion",
    _CONFIDENCE: "confidence",
    _HEDGE: "hedge",
    _EVIDENCE: "evidence",
    _AGENT: "agent",
    _TEXT: "text",
    _SOURCE: "source",
    _SELECTOR: "selector",
    _START: "start",
    _END: "end",
    _GRAPH_ID: "graph_id",
    _DERIVED_FROM: "derived_from",
}
_CLAIM_TYPE = VOCAB + "Claim"
_ASSOCIATION = BIOLINK + "Association"
_OBJECT_PROPERTY = OWL + "ObjectProperty"


def _smaller(table: dict[str, Any], key: str, value: Any) -> None:
    """Keep the smaller of two values, so a doubled property never depends on file order."""
    kept = table.get(key)
    if kept is None or value < kept:
        table[key] = value


@dataclass
class Collected:
    """What the pass over the files collected: the raw material of the claim index."""

    claims: set[str] = field(default_factory=set)
    categories: dict[str, set[str]] = field(default_factory=dict)
    parts: dict[str, dict[str, str]] = field(
        default_factory=lambda: {name: {} for name in _PARTS.values()}
    )
    labels: dict[str, str] = field(default_factory=dict)  # from the data
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    matches: dict[str, list[str]] = field(default_factory=dict)
    # Predicate declarations: the ontology's, then the data's own (which win).
    object_properties: set[str] = field(default_factory=set)
    predicate_labels: dict[str, str] = field(default_factory=dict)
    signs: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    predicate_mappings: dict[str, list[str]] = field(default_factory=dict)
    shared: dict[str, str] = field(default_factory=dict)
    statements: int = 0
    data_statements: int = 0


def _handlers(found: Collected, ontology: bool) -> dict[str, Callable[[str, str], None]]:
    """For each predicate the claim index needs, a function that files one statement of the
    ontology or of the data (its subject's and object's values) into ``found``."""
    labels = found.predicate_labels if ontology else found.labels
    matches = found.predicate_mappings if ontology else found.matches
    # Entities, predicates, kinds, agents, sources and confidences repeat across claims: keep
    # one string of each (at 10^6 claims the copies would cost gigabytes).
    share = found.shared.setdefault
    repeating = {_SUBJECT, _PREDICATE, _OBJECT, _ASSERTION, _CONFIDENCE, _AGENT, _SOURCE, _HEDGE}

    def part_keeper(part: dict[str, str], shared: bool) -> Callable[[str, str], None]:
        # A doubled part keeps the smaller value, so the index never depends on file order.
        def keep(subject: str, value: str) -> None:
            kept = part.setdefault(subject, value)
            if value < kept:
                part[subject] = value

        def keep_shared(subject: str, value: str) -> None:
            value = share(value, value)
            kept = part.setdefault(subject, value)
            if value < kept:
                part[subject] = value

        return keep_shared if shared else keep

    def typed(subject: str, value: str) -> None:
        if value == _CLAIM_TYPE:
            found.claims.add(subject)
        elif value == _OBJECT_PROPERTY:
            found.object_properties.add(subject)
        elif value.startswith(BIOLINK) and value != _ASSOCIATION and not ontology:
            found.categories.setdefault(subject, set()).add(value[len(BIOLINK) :])

    def listed(table: dict[str, list[str]]) -> Callable[[str, str], None]:
        def add(subject: str, value: str) -> None:
            table.setdefault(subject, []).append(value)

        return add

    def single(table: dict[str, str]) -> Callable[[str, str], None]:
        def put(subject: str, value: str) -> None:
            table[subject] = value

        return put

    by_code: dict[int, Callable[[str, str], None]] = {
        code: part_keeper(found.parts[name], code in repeating) for code, name in _PARTS.items()
    }
    by_code.update(
        {
            _TYPE: typed,
            _LABEL: lambda subject, value: _smaller(labels, subject, value),
            _ALT_LABEL: listed(found.synonyms),
            _MATCH: listed(matches),
            _PREDICATE_MAPPING: listed(found.predicate_mappings),
            _SIGN: single(found.signs),
            _DEFINITION: single(found.definitions),
        }
    )
    return {iri: by_code[code] for iri, code in _CODES.items()}


class _Counting(io.RawIOBase):
    """A file reader that moves a progress bar by the bytes read."""

    def __init__(self, stream: Any, progress: Any) -> None:
        self.stream, self.progress, self.read_bytes = stream, progress, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.stream.readinto(buffer)
        self.read_bytes += count or 0
        self.progress.update(count or 0)
        return count or 0


def rdf_format(path: Path) -> Any:
    """The Oxigraph format of an input file, by suffix; a bad suffix or a missing file is an
    :class:`InputError` of one line."""
    import pyoxigraph

    name = FORMATS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(
            f"{path}: unknown RDF format {path.suffix or '(no suffix)'!r} (known: {known})"
        )
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an RDF file")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    return getattr(pyoxigraph.RdfFormat, name)


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _check_xml_prolog(path: Path) -> None:
    """Refuse RDF/XML that declares entities: expanding them is unbounded ("billion laughs")."""
    with path.open("rb") as stream:
        head = stream.read(1 << 20)
    doctype = head.find(b"<!DOCTYPE")
    if doctype < 0:
        return
    if _ENTITY_DECLARATION.search(head, doctype):
        line = head.count(b"\n", 0, _ENTITY_DECLARATION.search(head, doctype).start()) + 1  # type: ignore[union-attr]
        raise InputError(
            f"{path}:{line}: XML entity declarations are refused (they can expand without bound)"
        )


def _oversize_line(path: Path, limit: int = 16 << 20) -> int | None:
    """The first line of ``path`` longer than ``limit`` bytes, if any."""
    line, length = 1, 0
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            start = 0
            while True:
                newline = chunk.find(b"\n", start)
                if newline < 0:
                    length += len(chunk) - start
                    if length > limit:
                        return line
                    break
                length += newline - start
                if length > limit:
                    return line
                line, length, start = line + 1, 0, newline + 1
    return None


def _parse_error(path: Path, error: Exception) -> InputError:
    if isinstance(error, SyntaxError):
        reason = str(error.msg).split(": ", 1)[-1]
        if error.lineno is None:
            return InputError(f"{path}: {reason}")
        return InputError(f"{path}:{error.lineno}:{error.offset}: {reason}")
    if isinstance(error, MemoryError):
        line = _oversize_line(path)
        where = f"{path}:{line}" if line else str(path)
        return InputError(f"{where}: a literal or IRI is longer than 16 MiB (Oxigraph's limit)")
    if isinstance(error, UnicodeDecodeError):
        return InputError(f"{path}: not UTF-8 text: {error.reason} at byte {error.start}")
    return InputError(f"{path}: cannot be read as RDF: {error}")


def load_inputs(
    store: Any, inputs: list[Path], ontology: Path, *, collect: bool = True
) -> Collected:
    """Load the ontology (into :data:`ONTOLOGY_GRAPH`) and the inputs (into the default graph)
    into ``store``, collecting the claim graph on the way unless ``collect`` is false (a build
    on disk collects it in a second process, :mod:`il6graph.store.indexer`).

    One pass: Oxigraph's parser reads each file, every statement goes to Oxigraph's bulk loader,
    and the few that describe claims, evidence and entities are filed for the claim index.
    Blank nodes get labels from their order in the files (``b1_1``, ``b1_2``, ... for the first
    input), not Oxigraph's random ones, so the same files always give the same store and the
    same RDF output, byte for byte. Bad input raises :class:`InputError` naming the file and
    line; the caller throws the half-built store away.
    """
    import pyoxigraph

    files, formats = _checked(inputs, ontology)
    found = Collected()
    total = sum(path.stat().st_size for path, _ in files)
    with bar(total=total, desc="loading", bytes=True) as progress:
        store.bulk_extend(
            _statements(pyoxigraph, found, files, formats, progress, collect=collect, emit=True)
        )
    return found


def collect_inputs(inputs: list[Path], ontology: Path) -> Collected:
    """The claim graph of the files, collected as :func:`load_inputs` does, without a store."""
    import pyoxigraph

    files, formats = _checked(inputs, ontology)
    found = Collected()
    total = sum(path.stat().st_size for path, _ in files)
    with bar(total=total, desc="collecting", bytes=True) as progress:
        for _ in _statements(pyoxigraph, found, files, formats, progress, collect=True, emit=False):
            pass
    return found


def _checked(inputs: list[Path], ontology: Path) -> tuple[list[tuple[Path, bool]], list[Any]]:
    """The files to read (the ontology first) and their formats, RDF/XML prologs checked."""
    import pyoxigraph

    files = [(ontology, True), *((path, False) for path in inputs)]
    formats = [rdf_format(path) for path, _ in files]
    for (path, _), file_format in zip(files, formats, strict=True):
        if file_format == pyoxigraph.RdfFormat.RDF_XML:
            _check_xml_prolog(path)
    return files, formats


def _statements(
    pyoxigraph: Any,
    found: Collected,
    files: list[tuple[Path, bool]],
    formats: list[Any],
    progress: Any,
    *,
    collect: bool,
    emit: bool,
) -> Iterator[Any]:
    """Every statement of the files, as quads for the store (when ``emit``), filing the claim
    graph's parts into ``found`` (when ``collect``)."""
    blank, quad_type = pyoxigraph.BlankNode, pyoxigraph.Quad
    ontology_graph = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    for number, ((path, is_ontology), file_format) in enumerate(zip(files, formats, strict=True)):
        handlers = _handlers(found, is_ontology)
        names: dict[str, Any] = {}

        def named(node: Any, names: dict[str, Any] = names, number: int = number) -> Any:
            """The blank node's label from its place in the files (``b1_1``, ``b1_2``, ...)."""
            kept = names.get(node.value)
            if kept is None:
                kept = names[node.value] = blank(f"b{number}_{len(names) + 1}")
            return kept

        count = 0
        with path.open("rb") as raw:
            reader = io.BufferedReader(_Counting(raw, progress), 1 << 16)
            try:
                for quad in pyoxigraph.parse(
                    input=reader, format=file_format, without_named_graphs=True
                ):
                    count += 1
                    subject, predicate, obj, _ = quad
                    relabel = is_ontology
                    if type(subject) is blank:
                        subject, relabel = named(subject), True
                    if type(obj) is blank:
                        obj, relabel = named(obj), True
                    if collect:
                        handle = handlers.get(predicate.value)
                        if handle is not None:
                            handle(subject.value, obj.value)
                    if not emit:
                        continue
                    if not relabel:
                        yield quad
                    elif is_ontology:
                        yield quad_type(subject, predicate, obj, ontology_graph)
                    else:
                        yield quad_type(subject, predicate, obj)
            except (SyntaxError, MemoryError, UnicodeDecodeError, ValueError) as error:
                raise _parse_error(path, error) from None
        found.statements += count
        if not is_ontology:
            found.data_statements += count
