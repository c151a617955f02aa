"""The :func:`export` entry point: a graph (or part of it) to a file in one of the formats.

It accepts the rdflib graph, its networkx view, or a store (an object with ``nodes()``,
``edges()`` and ``oxigraph``, as ``il6graph.store`` opens), and hands the writers node and edge
rows (network and table formats) or a pyoxigraph store (RDF formats).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, runtime_checkable

from il6graph.errors import InputError
from il6graph.exports.bundle import disk_size, write_files
from il6graph.exports.formats import FORMATS, format_named
from il6graph.exports.rows import EdgeRow, NodeRow, view_rows
from il6graph.selection import Selection

if TYPE_CHECKING:
    import networkx
    import pyoxigraph
    from rdflib import Graph

__all__ = ["Exported", "RowSource", "export"]


@runtime_checkable
class RowSource(Protocol):
    """A graph that yields its node and edge rows and holds its RDF in a pyoxigraph store."""

    @property
    def oxigraph(self) -> pyoxigraph.Store: ...

    def nodes(self) -> Iterable[NodeRow]: ...

    def edges(self) -> Iterable[EdgeRow]: ...


@dataclass(frozen=True)
class Exported:
    """What :func:`export` wrote."""

    path: Path
    format: str
    nodes: int
    edges: int
    triples: int | None  # RDF formats: how many triples (quads for N-Quads/TriG) were written
    files: tuple[str, ...]  # the files inside a folder or bundle
    size: int  # bytes written

    def describe(self) -> str:
        """One line for the command line: what, where, how much."""
        title = FORMATS[self.format].title
        counted = f"{self.nodes} entities, {self.edges} claims"
        if self.triples is not None:
            counted += (
                f", {self.triples} {'quads' if self.format in ('nquads', 'trig') else 'triples'}"
            )
        inside = f" ({', '.join(self.files)})" if self.files else ""
        return f"wrote {self.path}{inside}: {title}, {counted}, {_size(self.size)}"


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB"


class _CountingStream(io.RawIOBase):
    """Passes bytes through to a stream, counts them and moves a progress bar."""

    def __init__(self, stream: IO[bytes], progress: Any = None) -> None:
        super().__init__()
        self.written = 0
        self._stream = stream
        self._progress = progress

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._stream.write(data)
        self.written += len(data)
        if self._progress is not None:
            self._progress.update(len(data))
        return len(data)


@dataclass(frozen=True)
class _Prepared:
    nodes: Iterable[NodeRow]
    edges: Iterable[EdgeRow]
    title: str
    store: pyoxigraph.Store | None
    counts: tuple[int, int] | None  # entities and claims, when known before writing


def export(
    graph: Graph | networkx.MultiDiGraph | RowSource,
    format: str,
    path: str | Path,
    *,
    selection: Selection = Selection(),  # noqa: B008 - frozen, so one shared default is safe
    raw_cells: bool = False,
) -> Exported:
    """Write ``graph`` (an rdflib graph, its networkx view, or a store) as ``format`` to ``path``.

    Two-file formats (csv, kgx, kgx-jsonl, neo4j) write a folder, or a bundle when ``path`` ends
    in ``.tar.gz`` (every one of them) or ``.zip`` (csv, neo4j). ``path`` ``-`` writes single-file
    formats to standard output. RDF formats need the RDF (an rdflib graph or a store): they write
    the selected claims with their evidence and entities (see
    :func:`~il6graph.exports.rdf.rdf_selection`), or the whole graph when nothing is selected.
    ``raw_cells`` keeps CSV cells that a spreadsheet would run as formulas as they are.

    >>> import tempfile, pathlib
    >>> from il6graph import load_graph
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     done = export(load_graph(), "graphml", pathlib.Path(folder) / "stat3.graphml",
    ...                   selection=Selection(focus="STAT3"))
    >>> done.nodes > 1 and done.edges > 1
    True
    """
    chosen = format_named(format)
    write = chosen.write_function()
    prepared = _prepare(graph, selection, rdf=chosen.kind == "rdf")
    target = Path(str(path))
    options: dict[str, Any] = {"raw_cells": raw_cells} if chosen.name == "csv" else {}
    if chosen.kind == "folder":
        if str(path) == "-":
            raise InputError(
                f"{chosen.name} writes several files; give -o FOLDER or -o FILE{chosen.bundles[0]}"
            )
        from il6graph.progress import counted

        claims = prepared.counts[1] if prepared.counts else None
        claim_rows = counted(
            prepared.edges, desc=f"writing {chosen.name}", total=claims, unit="claims"
        )
        written, files = write_files(
            target,
            lambda folder: write(
                prepared.nodes, claim_rows, folder, title=prepared.title, **options
            ),
            ours=frozenset(name for f in FORMATS.values() for name in f.files),
            bundles=chosen.bundles,
        )
        return Exported(
            target, chosen.name, written.nodes, written.edges, None, files, disk_size(target)
        )

    outcome: dict[str, Any] = {}

    def fill(stream: IO[bytes]) -> None:
        from il6graph.progress import bar

        with bar(desc=f"writing {chosen.name}", bytes=True) as progress:
            counting = _CountingStream(stream, progress)
            buffered = io.BufferedWriter(counting, buffer_size=1 << 16)
            if chosen.kind == "rdf":
                assert prepared.store is not None
                outcome["triples"] = write(prepared.store, buffered)
            else:
                outcome["written"] = write(
                    prepared.nodes, prepared.edges, buffered, title=prepared.title
                )
            buffered.flush()
            buffered.detach()
        outcome["size"] = counting.written

    from il6graph.output import atomic_write

    atomic_write(path, fill)
    if chosen.kind == "rdf":
        nodes, edges = prepared.counts or _rdf_counts(prepared.store)
        return Exported(target, chosen.name, nodes, edges, outcome["triples"], (), outcome["size"])
    written = outcome["written"]
    return Exported(target, chosen.name, written.nodes, written.edges, None, (), outcome["size"])


def _prepare(
    graph: Graph | networkx.MultiDiGraph | RowSource, selection: Selection, *, rdf: bool
) -> _Prepared:
    """Rows (and for RDF formats a store) for what ``selection`` keeps of ``graph``."""
    import networkx

    if isinstance(graph, networkx.Graph):
        if rdf:
            raise InputError(
                "RDF formats need the RDF graph: pass the rdflib Graph, not its networkx view"
            )
        view = _selected(graph, selection)
        return _Prepared(*view_rows(view), _title(view), None, None)

    if isinstance(graph, RowSource) and selection.everything:
        return _Prepared(graph.nodes(), graph.edges(), "", graph.oxigraph, None)

    from il6graph.graph_view import to_networkx

    if isinstance(graph, RowSource):
        rdf_graph = None
        if hasattr(graph, "index") and hasattr(graph, "entities"):
            # il6graph's store reads only the part the selection can keep.
            from il6graph.selection import select_from

            view = select_from(graph, selection)
            view.graph["name"] = selection.title(graph.entities)
        else:
            view = _selected(_view_of_rows(graph.nodes(), graph.edges()), selection)
    else:
        rdf_graph = graph
        view = _selected(to_networkx(graph), selection)
    store = None
    if rdf:
        from il6graph.exports.rdf import rdf_selection, store_of

        if rdf_graph is None:  # a store with a selection: the selected part of its RDF
            rdf_graph = _rdflib_view(graph.oxigraph)  # type: ignore[union-attr]
        store = store_of(rdf_selection(rdf_graph, None if selection.everything else view))
    counts = (view.number_of_nodes(), view.number_of_edges())
    return _Prepared(*view_rows(view), _title(view), store, counts)


def _view_of_rows(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow]) -> networkx.MultiDiGraph:
    import networkx

    view = networkx.MultiDiGraph()
    view.add_nodes_from((node, dict(attrs)) for node, attrs in nodes)
    view.add_edges_from((u, v, key, dict(attrs)) for u, v, key, attrs in edges)
    return view


def _rdflib_view(store: pyoxigraph.Store) -> Graph:
    """The store's default graph through rdflib's API, without a copy: a selection reads the
    claims, evidence and entities it keeps, not the whole graph."""
    from oxrdflib.store import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


def _rdf_counts(store: pyoxigraph.Store | None) -> tuple[int, int]:
    """Entities (typed resources that are not claims, evidence or sources) and claims."""
    from il6graph.vocabulary import IL6V

    assert store is not None
    query = f"""
        SELECT (COUNT(DISTINCT ?claim) AS ?claims) WHERE {{ ?claim a <{IL6V.Claim}> }}"""
    claims = int(next(iter(store.query(query)))[0].value)  # type: ignore[arg-type]
    query = f"""
        SELECT (COUNT(DISTINCT ?entity) AS ?entities) WHERE {{
            ?entity a ?type FILTER(STRSTARTS(STR(?type), "https://w3id.org/biolink/vocab/"))
            FILTER NOT EXISTS {{ ?entity a <{IL6V.Claim}> }} }}"""
    entities = int(next(iter(store.query(query)))[0].value)  # type: ignore[arg-type]
    return entities, claims


def _selected(view: networkx.MultiDiGraph, selection: Selection) -> networkx.MultiDiGraph:
    """The part of ``view`` that ``selection`` keeps, named after the selection."""
    if selection.everything:
        return view
    from il6graph.entities import EntityIndex
    from il6graph.selection import select

    part = select(view, selection)  # a new graph: naming it leaves ``view`` alone
    part.graph["name"] = selection.title(EntityIndex.from_view(view))
    return part


def _title(view: networkx.MultiDiGraph) -> str:
    return str(view.graph.get("name") or "")
