"""Export graph files that other tools open: Cytoscape, Gephi, Neo4j, D3, Graphviz, KGX, RDF stores.

:func:`export` writes the graph, or the part a :class:`~il6graph.selection.Selection` keeps, in one
of :data:`FORMATS`. Every entity carries its label, CURIE, category and synonyms; every claim its
predicate, sign, assertion kind, hedge, confidence and evidence sentence. Writes are atomic: a
failure leaves the previous file or folder as it was and no temporary files behind.

Each format has its own writer, ``to_graphml(view, stream)`` and so on, usable on any networkx
view of the graph (``il6graph.to_networkx``); two-file formats (``to_csv``, ``to_kgx``,
``to_neo4j``) write into a folder; RDF writers take an rdflib graph.

>>> import tempfile, pathlib
>>> from il6graph import load_graph
>>> from il6graph.exports import export
>>> from il6graph.selection import Selection
>>> with tempfile.TemporaryDirectory() as folder:
...     done = export(load_graph(), "graphml", pathlib.Path(folder) / "stat3.graphml",
...                   selection=Selection(focus="STAT3"))
>>> done.nodes > 1 and done.edges > 1
True
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal
from xml.sax.saxutils import escape, quoteattr

from il6graph.errors import InputError
from il6graph.selection import Selection

if TYPE_CHECKING:
    import networkx
    from rdflib import Dataset, Graph
    from rdflib.term import Node

    from il6graph.predicates import Predicate

__all__ = [
    "FORMATS",
    "ExportFormat",
    "Exported",
    "export",
    "format_named",
    "nanopublications",
    "rdf_selection",
    "to_csv",
    "to_cytoscape",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_jsonld",
    "to_kgx",
    "to_neo4j",
    "to_node_link",
    "to_nquads",
    "to_ntriples",
    "to_rdf_turtle",
    "to_trig",
]

Kind = Literal["file", "folder", "rdf"]


@dataclass(frozen=True)
class ExportFormat:
    """A file format :func:`export` writes, and the tools that open it."""

    name: str
    title: str
    kind: Kind  # "file": one file from the view; "folder": several files; "rdf": one RDF file
    # file name endings that choose this format when --format is not given
    suffixes: tuple[str, ...]
    tools: str
    writer: str  # the name of the writer function in this module
    files: tuple[str, ...] = ()  # the files a folder format writes


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "graphml",
            "GraphML",
            "file",
            (".graphml",),
            "Cytoscape desktop, Gephi, yEd, igraph, networkx",
            "to_graphml",
        ),
        ExportFormat(
            "gexf", "GEXF 1.3", "file", (".gexf",), "Gephi, graphology/sigma.js", "to_gexf"
        ),
        ExportFormat(
            "cytoscape",
            "Cytoscape.js JSON",
            "file",
            (".cyjs",),
            "Cytoscape desktop (File > Import > Network), Cytoscape.js",
            "to_cytoscape",
        ),
        ExportFormat(
            "node-link",
            "node-link JSON",
            "file",
            (".json",),
            "D3 force layouts, networkx.node_link_graph",
            "to_node_link",
        ),
        ExportFormat(
            "dot", "Graphviz DOT", "file", (".dot", ".gv"), "Graphviz (dot, neato), pydot", "to_dot"
        ),
        ExportFormat(
            "csv",
            "CSV nodes + edges",
            "folder",
            (),
            "spreadsheets, pandas, R, Gephi's and Cytoscape's table import",
            "to_csv",
            ("nodes.csv", "edges.csv"),
        ),
        ExportFormat(
            "kgx",
            "KGX TSV nodes + edges",
            "folder",
            (),
            "Biolink / NCATS Translator tools (kgx transform), Monarch",
            "to_kgx",
            ("nodes.tsv", "edges.tsv"),
        ),
        ExportFormat(
            "neo4j",
            "Neo4j bulk-import CSV",
            "folder",
            (),
            "neo4j-admin database import (command in import.sh)",
            "to_neo4j",
            ("nodes.csv", "relationships.csv", "import.sh"),
        ),
        ExportFormat(
            "turtle",
            "RDF Turtle",
            "rdf",
            (".ttl",),
            "RDF stores and tools: Oxigraph, GraphDB, Jena, Protege, rdflib",
            "to_rdf_turtle",
        ),
        ExportFormat(
            "ntriples",
            "RDF N-Triples",
            "rdf",
            (".nt",),
            "RDF stores, line-based tools (grep, sort)",
            "to_ntriples",
        ),
        ExportFormat(
            "jsonld",
            "RDF JSON-LD",
            "rdf",
            (".jsonld",),
            "JSON-LD processors, web apps",
            "to_jsonld",
        ),
        ExportFormat(
            "nquads",
            "RDF N-Quads, one named graph per claim",
            "rdf",
            (".nq",),
            "quad stores (Oxigraph, Jena TDB, GraphDB): claim provenance as nanopublication graphs",
            "to_nquads",
        ),
        ExportFormat(
            "trig",
            "RDF TriG, one named graph per claim",
            "rdf",
            (".trig",),
            "quad stores and nanopublication tools, readable",
            "to_trig",
        ),
    )
}

# Other names people type for the same formats.
_ALIASES = {
    "cyjs": "cytoscape",
    "cytoscape-json": "cytoscape",
    "nodelink": "node-link",
    "json": "node-link",
    "graphviz": "dot",
    "ttl": "turtle",
    "nt": "ntriples",
    "json-ld": "jsonld",
    "nq": "nquads",
    "neo4j-csv": "neo4j",
    "tsv": "kgx",
}


@dataclass(frozen=True)
class Exported:
    """What :func:`export` wrote."""

    path: Path
    format: str
    nodes: int
    edges: int
    triples: int | None  # RDF formats: how many triples (quads for N-Quads/TriG) were written
    files: tuple[str, ...]  # the files inside a folder or zip
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


def format_list() -> str:
    """The formats, one per line with the tools each is for (``il6graph export --list``)."""
    width = max(len(name) for name in FORMATS)
    lines = []
    for f in FORMATS.values():
        where = " ".join(f.suffixes) if f.suffixes else "folder or .zip: " + ", ".join(f.files)
        lines.append(f"{f.name:<{width}}  {f.title} [{where}]  for {f.tools}")
    return "\n".join(lines)


def format_named(name: str | None, path: str | Path | None = None) -> ExportFormat:
    """The format called ``name``, or chosen by the suffix of ``path`` when ``name`` is None.

    An unknown name raises :class:`InputError` listing the formats.
    """
    if name is None:
        suffix = Path(str(path)).suffix.lower() if path is not None else ""
        for f in FORMATS.values():
            if suffix in f.suffixes:
                return f
        raise InputError(
            f"cannot tell the format from {str(path)!r}; give --format, one of: {', '.join(FORMATS)}"
        )
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise InputError(
            f"unknown export format {name!r}; formats: {', '.join(FORMATS)} "
            "(il6graph export --list says what each is for)"
        )
    return FORMATS[key]


def export(
    graph_or_view: Graph | networkx.MultiDiGraph,
    format: str,
    path: str | Path,
    *,
    selection: Selection = Selection(),  # noqa: B008 - frozen, so one shared default is safe
) -> Exported:
    """Write ``graph_or_view`` (an rdflib graph or its networkx view) as ``format`` to ``path``.

    Two-file formats (csv, kgx, neo4j) write a folder, or a zip when ``path`` ends in ``.zip``.
    ``path`` ``-`` writes single-file formats to standard output. RDF formats need the rdflib
    graph: they write the selected claims with their evidence and entities (see
    :func:`rdf_selection`), or the whole graph when nothing is selected.
    """
    chosen = format_named(format)
    writer = getattr(sys.modules[__name__], chosen.writer)
    view, rdf = _prepare(graph_or_view, selection, rdf=chosen.kind == "rdf")
    target = Path(str(path))
    triples: int | None = None
    if chosen.kind == "folder":
        if str(path) == "-":
            raise InputError(f"{chosen.name} writes several files; give -o FOLDER or -o FILE.zip")
        files = _write_folder(target, lambda folder: writer(view, folder))
        return Exported(
            target,
            chosen.name,
            view.number_of_nodes(),
            view.number_of_edges(),
            None,
            files,
            _disk_size(target),
        )

    counter = _CountingStream()

    def write(stream: IO[bytes]) -> None:
        counter.wrap(stream)
        if chosen.kind == "rdf":
            nonlocal triples
            triples = writer(rdf, counter)
        else:
            writer(view, counter)

    from il6graph.output import atomic_write

    atomic_write(path, write)
    return Exported(
        target,
        chosen.name,
        view.number_of_nodes(),
        view.number_of_edges(),
        triples,
        (),
        counter.written,
    )


def _prepare(
    graph_or_view: Graph | networkx.MultiDiGraph, selection: Selection, *, rdf: bool
) -> tuple[networkx.MultiDiGraph, Graph | None]:
    """The selected view, and for RDF formats the selected RDF graph."""
    import networkx

    if isinstance(graph_or_view, networkx.Graph):
        if rdf:
            raise InputError(
                "RDF formats need the RDF graph: pass the rdflib Graph, not its networkx view"
            )
        return _selected(graph_or_view, selection), None

    from il6graph.graph_view import to_networkx

    whole = to_networkx(graph_or_view)
    view = _selected(whole, selection)
    if not rdf:
        return view, None
    return view, rdf_selection(graph_or_view, None if selection.everything else view)


def _selected(view: networkx.MultiDiGraph, selection: Selection) -> networkx.MultiDiGraph:
    """The part of ``view`` that ``selection`` keeps, named after the selection."""
    if selection.everything:
        return view
    from il6graph.entities import EntityIndex
    from il6graph.selection import select

    part = select(view, selection)  # a new graph: naming it leaves ``view`` alone
    part.graph["name"] = selection.title(EntityIndex.from_view(view))
    return part


# --- writing files atomically -------------------------------------------------------------------


class _CountingStream(io.RawIOBase):
    """Passes bytes through to a stream and counts them."""

    def __init__(self) -> None:
        super().__init__()
        self.written = 0
        self._stream: IO[bytes] | None = None

    def wrap(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        assert self._stream is not None
        self._stream.write(data)
        self.written += len(data)
        return len(data)


def _write_folder(target: Path, fill: Callable[[Path], None]) -> tuple[str, ...]:
    """Fill a temporary folder beside ``target``, then move it into place (or zip it there)."""
    from il6graph.output import atomic_write, followed

    target = followed(target)  # a link to a folder: replace the folder, keep the link
    parent = target.parent
    if not parent.is_dir():
        raise InputError(f"{target}: folder {parent} does not exist")
    zipped = target.suffix.lower() == ".zip"
    if target.suffix.lower() in (".csv", ".tsv"):
        raise InputError(
            f"{target}: this format writes several files; give a folder name or a .zip name"
        )
    if not zipped and target.exists():
        _check_replaceable(target)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as error:
        raise InputError(f"{target}: cannot write into {parent}: {error.strerror}") from None
    try:
        fill(staging)
        names = tuple(sorted(p.name for p in staging.iterdir()))
        if zipped:
            atomic_write(target, lambda stream: _zip_folder(staging, names, stream))
            return names
        os.chmod(staging, 0o777 & ~_umask())
        if target.exists():
            # Swap: the old folder steps aside, the new one moves in, then the old one goes.
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.rename(target, old)
            try:
                os.rename(staging, target)
            except BaseException:
                os.rename(old, target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, target)
        return names
    except OSError as error:
        raise InputError(f"{target}: cannot write: {error.strerror or error}") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _check_replaceable(target: Path) -> None:
    """Refuse to replace a folder that holds anything but an earlier export."""
    if not target.is_dir():
        raise InputError(f"{target} is a file; give a folder name or a .zip name for this format")
    ours = {name for f in FORMATS.values() for name in f.files}
    foreign = sorted(p.name for p in target.iterdir() if p.name not in ours)
    if foreign:
        raise InputError(
            f"{target} holds other files ({', '.join(foreign[:3])}); choose a new or empty folder"
        )


def _zip_folder(folder: Path, names: Iterable[str], stream: IO[bytes]) -> None:
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            # A fixed timestamp: the same graph gives the same zip, byte for byte.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with (folder / name).open("rb") as member, archive.open(info, "w") as out:
                shutil.copyfileobj(member, out)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _disk_size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB"


# --- what each entity and claim carries ---------------------------------------------------------

LIST_SEPARATOR = "|"

# (column, type, value from node data); lists stay lists here and are joined where a format needs it.
NodeField = tuple[str, str, Callable[[str, dict[str, Any]], Any]]
NODE_FIELDS: tuple[NodeField, ...] = (
    ("label", "string", lambda n, d: d.get("label", n)),
    ("curie", "string", lambda n, d: d.get("curie", n)),
    ("iri", "string", lambda n, d: d.get("iri", n)),
    ("category", "string", lambda n, d: d.get("category", "Entity")),
    ("categories", "list", lambda n, d: list(d.get("categories", ()))),
    ("synonyms", "list", lambda n, d: list(d.get("synonyms", ()))),
)

EdgeField = tuple[str, str, Callable[[str, dict[str, Any]], Any]]
EDGE_FIELDS: tuple[EdgeField, ...] = (
    ("claim", "string", lambda k, d: d.get("claim", k)),
    ("predicate", "string", lambda k, d: d.get("predicate", "")),
    ("predicate_id", "string", lambda k, d: _curie(d.get("predicate_iri", ""))),
    ("sign", "string", lambda k, d: d.get("sign", "?")),
    ("assertion", "string", lambda k, d: d.get("assertion", "")),
    ("hedge", "string", lambda k, d: d.get("hedge") or ""),
    ("confidence", "double", lambda k, d: float(d.get("confidence", 0.0))),
    ("evidence", "string", lambda k, d: d.get("evidence", "")),
    # "source" would clash with the edge's source node in most graph formats.
    ("document", "string", lambda k, d: d.get("source", "")),
    ("evidence_start", "int", lambda k, d: int(d.get("start", 0))),
    ("evidence_end", "int", lambda k, d: int(d.get("end", 0))),
)


def _curie(iri: str) -> str:
    from il6graph.vocabulary import to_curie

    return to_curie(iri)


def _node_rows(view: networkx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    for node, data in sorted(view.nodes(data=True), key=lambda item: item[0]):
        yield node, {name: get(node, data) for name, _, get in NODE_FIELDS}


def _edge_rows(view: networkx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for u, v, key, data in sorted(
        view.edges(keys=True, data=True), key=lambda e: (str(e[2]), e[0], e[1])
    ):
        yield u, v, str(key), {name: get(str(key), data) for name, _, get in EDGE_FIELDS}


def _joined(value: Any) -> Any:
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else value


def _text(stream: IO[bytes]) -> io.TextIOWrapper:
    """A UTF-8 text layer over a binary stream, detached again by :func:`_done`."""
    return io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)


def _done(text: io.TextIOWrapper) -> None:
    text.flush()
    text.detach()


# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(value: Any) -> str:
    return escape(_NOT_XML.sub("\ufffd", str(value)))


def _xml_attr(value: Any) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", str(value)))


def _number(value: float) -> str:
    return repr(float(value))


def _title(view: networkx.MultiDiGraph) -> str:
    return str(view.graph.get("name") or "il6graph: IL-6 in cancer")


# --- GraphML ------------------------------------------------------------------------------------

_GRAPHML_TYPES = {"string": "string", "list": "string", "double": "double", "int": "int"}


def to_graphml(view: networkx.MultiDiGraph, stream: IO[bytes]) -> None:
    """Write ``view`` as GraphML (Cytoscape, Gephi, yEd, igraph): one ``<data>`` per field.

    Lists (categories, synonyms) are joined with ``|``; node ids are CURIEs, edge ids claim CURIEs.
    """
    out = _text(stream)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for domain, fields in (("node", NODE_FIELDS), ("edge", EDGE_FIELDS)):
        for name, kind, _ in fields:
            out.write(
                f'  <key id="{domain[0]}_{name}" for="{domain}" attr.name="{name}" '
                f'attr.type="{_GRAPHML_TYPES[kind]}"/>\n'
            )
    out.write('  <graph id="il6graph" edgedefault="directed">\n')
    out.write(f"    <desc>{_xml(_title(view))}</desc>\n")
    for node, row in _node_rows(view):
        out.write(f"    <node id={_xml_attr(node)}>\n")
        for name, value in row.items():
            out.write(f'      <data key="n_{name}">{_xml(_joined(value))}</data>\n')
        out.write("    </node>\n")
    for u, v, key, row in _edge_rows(view):
        out.write(f"    <edge id={_xml_attr(key)} source={_xml_attr(u)} target={_xml_attr(v)}>\n")
        for name, value in row.items():
            if value == "":
                continue  # an absent hedge stays absent, as in the graph
            text = _number(value) if isinstance(value, float) else _xml(value)
            out.write(f'      <data key="e_{name}">{text}</data>\n')
        out.write("    </edge>\n")
    out.write("  </graph>\n</graphml>\n")
    _done(out)


# --- GEXF 1.3 -----------------------------------------------------------------------------------

_GEXF_TYPES = {"string": "string", "list": "liststring", "double": "double", "int": "integer"}


def _gexf_list(items: list[str]) -> str:
    """A GEXF 1.3 list value, ``[a, b]``; items with separators or quotes are quoted."""

    def item(text: str) -> str:
        if re.search(r'[,\[\]"\'\\]', text) or text != text.strip():
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return text

    return "[" + ", ".join(item(text) for text in items) + "]"


def to_gexf(view: networkx.MultiDiGraph, stream: IO[bytes]) -> None:
    """Write ``view`` as GEXF 1.3 (Gephi), valid against the official XSD.

    Edge ``label`` and ``kind`` are the predicate (Gephi keeps parallel edges of different
    kinds apart), ``weight`` the confidence; every field is also an attribute value.
    """
    out = _text(stream)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
    )
    out.write("  <meta>\n    <creator>il6graph</creator>\n")
    out.write(f"    <description>{_xml(_title(view))}</description>\n  </meta>\n")
    out.write('  <graph defaultedgetype="directed" mode="static" idtype="string">\n')
    for domain, fields in (("node", NODE_FIELDS), ("edge", EDGE_FIELDS)):
        out.write(f'    <attributes class="{domain}" mode="static">\n')
        for name, kind, _ in fields:
            out.write(f'      <attribute id="{name}" title="{name}" type="{_GEXF_TYPES[kind]}"/>\n')
        out.write("    </attributes>\n")
    out.write(f'    <nodes count="{view.number_of_nodes()}">\n')
    for node, row in _node_rows(view):
        out.write(
            f"      <node id={_xml_attr(node)} label={_xml_attr(row['label'])}>\n        <attvalues>\n"
        )
        for name, value in row.items():
            text = _gexf_list(value) if isinstance(value, list) else value
            out.write(f'          <attvalue for="{name}" value={_xml_attr(text)}/>\n')
        out.write("        </attvalues>\n      </node>\n")
    out.write(f'    </nodes>\n    <edges count="{view.number_of_edges()}">\n')
    for u, v, key, row in _edge_rows(view):
        out.write(
            f"      <edge id={_xml_attr(key)} source={_xml_attr(u)} target={_xml_attr(v)} "
            f"label={_xml_attr(row['predicate'])} kind={_xml_attr(row['predicate'])} "
            f'weight="{_number(row["confidence"])}">\n        <attvalues>\n'
        )
        for name, value in row.items():
            if value == "":
                continue
            text = _number(value) if isinstance(value, float) else value
            out.write(f'          <attvalue for="{name}" value={_xml_attr(text)}/>\n')
        out.write("        </attvalues>\n      </edge>\n")
    out.write("    </edges>\n  </graph>\n</gexf>\n")
    _done(out)


# --- JSON: Cytoscape.js and node-link -----------------------------------------------------------


def to_cytoscape(view: networkx.MultiDiGraph, stream: IO[bytes]) -> None:
    """Write ``view`` as Cytoscape.js JSON (``.cyjs``), the format Cytoscape desktop imports.

    Nodes carry ``name`` (the label, Cytoscape's display column); edges carry ``interaction``
    (the predicate) and ``name`` (``IL-6 (activates) STAT3``), as Cytoscape writes them.
    """
    labels = {node: data.get("label", node) for node, data in view.nodes(data=True)}
    nodes = [{"data": {"id": node, "name": row["label"], **row}} for node, row in _node_rows(view)]
    edges = [
        {
            "data": {
                "id": key,
                "source": u,
                "target": v,
                "interaction": row["predicate"],
                "name": f"{labels[u]} ({row['predicate']}) {labels[v]}",
                **row,
            }
        }
        for u, v, key, row in _edge_rows(view)
    ]
    document = {
        "format_version": "1.0",
        "generated_by": "il6graph",
        "target_cytoscapejs_version": "~3.0",
        "data": {"name": _title(view)},
        "elements": {"nodes": nodes, "edges": edges},
    }
    stream.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))


def to_node_link(view: networkx.MultiDiGraph, stream: IO[bytes]) -> None:
    """Write ``view`` as node-link JSON: ``{"nodes": [...], "edges": [...]}`` for D3 and networkx.

    ``networkx.node_link_graph(json.load(file))`` reads it back (networkx >= 3.4; older versions
    need ``edges="edges"``); each edge has ``key``, the claim CURIE.
    """
    document = {
        "directed": True,
        "multigraph": True,
        "graph": {"name": _title(view)},
        "nodes": [{"id": node, **row} for node, row in _node_rows(view)],
        "edges": [
            {"source": u, "target": v, "key": key, **row} for u, v, key, row in _edge_rows(view)
        ],
    }
    stream.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))


# --- Graphviz DOT -------------------------------------------------------------------------------

_SIGN_COLOURS = {"+": "forestgreen", "-": "firebrick", "?": "goldenrod", "0": "gray50"}


def _dot(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f'"{text}"'


def to_dot(view: networkx.MultiDiGraph, stream: IO[bytes]) -> None:
    """Write ``view`` as a Graphviz digraph: edges coloured by sign, dashed when hedged.

    ``dot -Tsvg file.dot > file.svg`` draws it; every field is also a DOT attribute.
    """
    out = _text(stream)
    out.write(f"digraph il6graph {{\n  label={_dot(_title(view))};\n  rankdir=LR;\n")
    out.write('  node [shape=box, style="rounded"];\n')
    for node, row in _node_rows(view):
        attributes = ", ".join(f"{name}={_dot(_joined(value))}" for name, value in row.items())
        out.write(f"  {_dot(node)} [{attributes}];\n")
    for u, v, key, row in _edge_rows(view):
        style = {
            "color": _SIGN_COLOURS.get(row["sign"], "black"),
            "style": "dashed" if row["hedge"] else "solid",
            "label": row["predicate"],
            "id": key,
            "tooltip": row["evidence"],
        }
        fields = {name: value for name, value in row.items() if value != ""}
        attributes = ", ".join(
            f"{name}={_dot(value)}" for name, value in {**style, **fields}.items()
        )
        out.write(f"  {_dot(u)} -> {_dot(v)} [{attributes}];\n")
    out.write("}\n")
    _done(out)


# --- tables: CSV, KGX, Neo4j --------------------------------------------------------------------


def _write_table(path: Path, header: list[str], rows: Iterable[list[Any]], **dialect: Any) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, **dialect)
        writer.writerow(header)
        writer.writerows(rows)


def to_csv(view: networkx.MultiDiGraph, folder: Path) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder`` (RFC 4180 quoting, UTF-8).

    ``nodes.csv``: id, then the entity fields; ``edges.csv``: id, source, target, then the claim
    fields. Lists are joined with ``|``. Sentences keep their commas, quotes and line breaks.
    """
    node_names = [name for name, _, _ in NODE_FIELDS]
    edge_names = [name for name, _, _ in EDGE_FIELDS if name != "claim"]
    _write_table(
        folder / "nodes.csv",
        ["id", *node_names],
        ([node, *(_joined(row[n]) for n in node_names)] for node, row in _node_rows(view)),
    )
    _write_table(
        folder / "edges.csv",
        ["id", "source", "target", *edge_names],
        ([key, u, v, *(row[n] for n in edge_names)] for u, v, key, row in _edge_rows(view)),
    )


KGX_NODE_COLUMNS = ("id", "category", "name", "synonym", "iri")
KGX_EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "category",
    "knowledge_level",
    "agent_type",
    "original_predicate",
    "qualified_predicate",
    "object_direction_qualifier",
    "supporting_text",
    "sign",
    "assertion",
    "hedge",
    "confidence",
    "document",
    "evidence_start",
    "evidence_end",
)

# Biolink knowledge levels for the assertion kinds: a stated or background claim is asserted;
# an implied one is inferred by the curator from the sentence.
_KNOWLEDGE_LEVEL = {
    "stated": "knowledge_assertion",
    "implied": "logical_entailment",
    "external": "knowledge_assertion",
}


# Biolink agent types for the vocabulary's agents (who or what made a claim).
_AGENT_TYPE = {
    "il6v:Curator": "manual_agent",
    "il6v:Extractor": "text_mining_agent",
    "il6v:Importer": "automated_agent",
}


def _biolink_predicate(predicate: Predicate | None) -> str:
    """The Biolink predicate the ontology maps a predicate to; ``biolink:related_to`` if none."""
    if predicate is not None:
        for mapping in predicate.mappings:
            if mapping.startswith("biolink:"):
                return mapping
    return "biolink:related_to"


def _tsv_cell(value: Any) -> str:
    # KGX reads TSV unquoted (pandas, quoting=QUOTE_NONE): tabs and line breaks cannot be
    # escaped there, so they become spaces; commas and quotes stay as they are.
    return re.sub(r"[\t\r\n]+", " ", str(_joined(value)))


def to_kgx(
    view: networkx.MultiDiGraph,
    folder: Path,
    *,
    predicates: dict[str, Predicate] | None = None,
) -> None:
    """Write KGX TSV ``nodes.tsv`` and ``edges.tsv`` into ``folder``, with Biolink columns.

    Nodes: ``id`` (CURIE), ``category`` (``biolink:Gene|biolink:Protein``), ``name``, ``synonym``.
    Edges: ``subject``, ``predicate`` (the Biolink predicate the ontology maps to; causal
    ``biolink:affects`` edges get ``qualified_predicate`` ``biolink:causes`` and an
    ``object_direction_qualifier``), ``object``, ``original_predicate`` (ours), the claim fields,
    and ``supporting_text``, the evidence sentence. Multivalued cells are joined with ``|``.
    """
    from il6graph.predicates import predicate_table

    table = predicates if predicates is not None else predicate_table()

    def node_row(node: str, row: dict[str, Any]) -> list[Any]:
        categories = row["categories"] or [row["category"]]
        return [
            node,
            [f"biolink:{c}" for c in categories],
            row["label"],
            row["synonyms"],
            row["iri"],
        ]

    def edge_row(u: str, v: str, key: str, data: dict[str, Any], row: dict[str, Any]) -> list[Any]:
        predicate = table.get(data.get("predicate_iri", ""))
        biolink = _biolink_predicate(predicate)
        causal = biolink == "biolink:affects" and row["sign"] in ("+", "-")
        direction = {"+": "increased", "-": "decreased"}.get(row["sign"], "") if causal else ""
        return [
            key,
            u,
            biolink,
            v,
            "biolink:Association",
            _KNOWLEDGE_LEVEL.get(row["assertion"], "not_provided"),
            _AGENT_TYPE.get(data.get("attributed_to", ""), "not_provided"),
            row["predicate_id"],
            "biolink:causes" if causal else "",
            direction,
            row["evidence"],
            row["sign"],
            row["assertion"],
            row["hedge"],
            row["confidence"],
            row["document"],
            row["evidence_start"],
            row["evidence_end"],
        ]

    def lines(header: Iterable[str], rows: Iterable[list[Any]]) -> Iterator[str]:
        yield "\t".join(header) + "\n"
        for values in rows:
            yield "\t".join(_tsv_cell(value) for value in values) + "\n"

    edge_data = {str(key): data for _, _, key, data in view.edges(keys=True, data=True)}
    with (folder / "nodes.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines(KGX_NODE_COLUMNS, (node_row(n, r) for n, r in _node_rows(view))))
    with (folder / "edges.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(
            lines(
                KGX_EDGE_COLUMNS,
                (edge_row(u, v, k, edge_data[k], r) for u, v, k, r in _edge_rows(view)),
            )
        )


NEO4J_ARRAY_DELIMITER = "|"
NEO4J_NODE_HEADER = (
    "id:ID",
    "name",
    "curie",
    "iri",
    "category",
    "categories:string[]",
    "synonyms:string[]",
    ":LABEL",
)
NEO4J_RELATIONSHIP_HEADER = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "claim",
    "predicate",
    "predicate_id",
    "sign",
    "assertion",
    "hedge",
    "confidence:float",
    "evidence",
    "document",
    "evidence_start:int",
    "evidence_end:int",
)
NEO4J_IMPORT = """#!/bin/sh
# Import these files into a new Neo4j 5 database (stop the database first):
#   sh import.sh [DATABASE]   (default: neo4j)
# Evidence sentences may hold line breaks, hence --multiline-fields; lists are separated by "|".
exec neo4j-admin database import full \\
  --nodes=nodes.csv --relationships=relationships.csv \\
  --array-delimiter="|" --multiline-fields=true --overwrite-destination=true \\
  "${1:-neo4j}"
"""


def _relationship_type(label: str) -> str:
    """A Neo4j relationship type from a predicate label: ``contributes to`` -> ``CONTRIBUTES_TO``."""
    return re.sub(r"[^0-9A-Za-z]+", "_", label).strip("_").upper() or "RELATED_TO"


def to_neo4j(view: networkx.MultiDiGraph, folder: Path) -> None:
    """Write Neo4j bulk-import files into ``folder``: ``nodes.csv``, ``relationships.csv``, ``import.sh``.

    Headers follow ``neo4j-admin database import``: ``id:ID``, ``:LABEL`` (the Biolink categories),
    ``:START_ID``, ``:END_ID``, ``:TYPE`` (the predicate, ``ACTIVATES``), typed properties
    (``confidence:float``, ``synonyms:string[]``) with ``|`` as the array delimiter.
    """
    nodes = (
        [
            node,
            row["label"],
            row["curie"],
            row["iri"],
            row["category"],
            NEO4J_ARRAY_DELIMITER.join(row["categories"]),
            NEO4J_ARRAY_DELIMITER.join(row["synonyms"]),
            NEO4J_ARRAY_DELIMITER.join(row["categories"] or [row["category"]]),
        ]
        for node, row in _node_rows(view)
    )
    relationships = (
        [
            u,
            v,
            _relationship_type(row["predicate"]),
            key,
            row["predicate"],
            row["predicate_id"],
            row["sign"],
            row["assertion"],
            row["hedge"],
            row["confidence"],
            row["evidence"],
            row["document"],
            row["evidence_start"],
            row["evidence_end"],
        ]
        for u, v, key, row in _edge_rows(view)
    )
    # neo4j-admin reads RFC 4180 quoting: a quote inside a field is doubled.
    _write_table(folder / "nodes.csv", list(NEO4J_NODE_HEADER), nodes, lineterminator="\n")
    _write_table(
        folder / "relationships.csv",
        list(NEO4J_RELATIONSHIP_HEADER),
        relationships,
        lineterminator="\n",
    )
    script = folder / "import.sh"
    script.write_text(NEO4J_IMPORT, encoding="utf-8")
    script.chmod(0o755 & ~_umask())


# --- RDF ----------------------------------------------------------------------------------------


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
    from il6graph.vocabulary import IL6V, OA

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

    relations = frozenset(predicate_table(graph))
    for _, data in view.nodes(data=True):
        describe(URIRef(data["iri"]), relations)
    sources: set[Node] = set()
    for u, v, key, data in view.edges(keys=True, data=True):
        claim = URIRef(_iri(data.get("claim", key)))
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


def _iri(curie: str) -> str:
    from il6graph.vocabulary import from_curie

    try:
        return from_curie(curie)
    except ValueError:  # not a CURIE: already an IRI
        return curie


NANOPUB = "http://www.nanopub.org/nschema#"


def nanopublications(graph: Graph) -> Dataset:
    """``graph`` as a dataset with one nanopublication per claim, its provenance in its own graph.

    For claim ``C``: graph ``C#assertion`` holds the plain triple it asserts; ``C#provenance``
    holds the claim's own triples (assertion kind, hedge, confidence, attribution), its evidence
    sentence with source and offsets, and ``C#assertion prov:wasDerivedFrom`` the evidence;
    ``C#pubinfo`` a readable label; ``C#head`` ties them together as an ``np:Nanopublication``
    ``C#nanopub``. Everything else (entities, source documents) stays in the default graph.
    """
    from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import PROV

    from il6graph.predicates import predicate_table
    from il6graph.store import new_dataset
    from il6graph.vocabulary import IL6V

    np = Namespace(NANOPUB)
    dataset = new_dataset()
    dataset.bind("np", np)
    labels = {iri: p.label for iri, p in predicate_table(graph).items()}
    # One pass over the graph, then dictionary look-ups: a pattern query per claim part costs
    # tens of microseconds on the store, minutes at 10^5 claims.
    about: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for triple in graph:
        about.setdefault(triple[0], []).append(triple)

    def closure(subject: Node) -> Iterator[tuple[Node, Node, Node]]:
        for triple in about.get(subject, ()):
            yield triple
            if isinstance(triple[2], BNode):
                yield from closure(triple[2])

    def value(subject: Node, predicate: Node) -> Node | None:
        return next((o for _, p, o in about.get(subject, ()) if p == predicate), None)

    def label(node: Node) -> str:
        return str(value(node, RDFS.label) or labels.get(str(node)) or _curie(str(node)))

    claims = sorted({s for s, p, o in graph.triples((None, RDF.type, IL6V.Claim))}, key=str)
    placed: set[tuple[Node, Node, Node]] = set()
    quads: list[tuple[Node, Node, Node, Graph]] = []
    for claim in claims:
        names = {
            part: URIRef(f"{claim}#{part}")
            for part in ("head", "assertion", "provenance", "pubinfo")
        }
        graphs = {part: Graph(store=dataset.store, identifier=name) for part, name in names.items()}
        publication = URIRef(f"{claim}#nanopub")
        s, p, o = (value(claim, term) for term in (RDF.subject, RDF.predicate, RDF.object))
        complete = s is not None and p is not None and o is not None
        if complete and (s, p, o) in about.get(s, ()):  # type: ignore[arg-type]
            quads.append((s, p, o, graphs["assertion"]))  # type: ignore[arg-type]
            placed.add((s, p, o))  # type: ignore[arg-type]
        provenance = list(closure(claim))
        for _, predicate, evidence in list(provenance):
            if predicate == IL6V.evidence:
                provenance.extend(closure(evidence))
                quads.append(
                    (names["assertion"], PROV.wasDerivedFrom, evidence, graphs["provenance"])
                )
        quads.extend((*t, graphs["provenance"]) for t in provenance)
        placed.update(provenance)
        quads.extend(
            (
                (publication, RDF.type, np.Nanopublication, graphs["head"]),
                (publication, np.hasAssertion, names["assertion"], graphs["head"]),
                (publication, np.hasProvenance, names["provenance"], graphs["head"]),
                (publication, np.hasPublicationInfo, names["pubinfo"], graphs["head"]),
            )
        )
        if complete:
            readable = Literal(f"{label(s)} {label(p)} {label(o)}")  # type: ignore[arg-type]
            quads.append((publication, RDFS.label, readable, graphs["pubinfo"]))
    default = dataset.default_graph
    quads.extend((*t, default) for triples in about.values() for t in triples if t not in placed)
    dataset.addN(quads)
    return dataset


def _rdf(graph: Graph | Dataset, format: str) -> bytes:
    """``graph`` written by the store in a stable order, with the prefixes it uses."""
    from il6graph.store import dump
    from il6graph.vocabulary import PREFIXES

    data = dump(graph, format, prefixes={**PREFIXES, "np": NANOPUB})
    return _used_prefixes(data) if format in ("turtle", "trig") else data


_PREFIX_LINE = re.compile(rb"@prefix ([A-Za-z][\w.-]*)?: <[^>]*> \.\n")


def _used_prefixes(data: bytes) -> bytes:
    """Turtle or TriG without the ``@prefix`` lines that nothing uses."""
    header = _PREFIX_LINE.match(data)
    end = 0
    prefixes: list[tuple[bytes, bytes]] = []
    while header:
        prefixes.append((header.group(1) or b"", header.group(0)))
        end = header.end()
        header = _PREFIX_LINE.match(data, end)
    body = data[end:]
    used = set(re.findall(rb"(?<![\w<\"'])([A-Za-z][\w.-]*)?:", body))
    kept = b"".join(line for name, line in sorted(prefixes) if name in used)
    return kept + b"\n" + body.lstrip(b"\n")


def to_rdf_turtle(graph: Graph, stream: IO[bytes]) -> int:
    """Write ``graph`` as Turtle, subjects sorted, with the project's prefixes; return the triple count."""
    stream.write(_rdf(graph, "turtle"))
    return len(graph)


def to_ntriples(graph: Graph, stream: IO[bytes]) -> int:
    """Write ``graph`` as N-Triples, lines sorted; return the triple count."""
    stream.write(_rdf(graph, "nt"))
    return len(graph)


def to_jsonld(graph: Graph, stream: IO[bytes]) -> int:
    """Write ``graph`` as JSON-LD: one object per subject, IRIs compacted with the project's
    prefixes through an ``@context``; return the triple count."""
    from il6graph.vocabulary import PREFIXES

    nodes = json.loads(_rdf(graph, "json-ld"))
    # JSON-LD 1.1 expands a compact IRI only with a prefix whose IRI ends in a gen-delim.
    usable = {p: iri for p, iri in PREFIXES.items() if iri.endswith(("/", "#"))}
    longest_first = sorted(usable.items(), key=lambda item: -len(item[1]))

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

    document = {"@context": usable, "@graph": walk(nodes)}
    stream.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
    return len(graph)


def to_nquads(graph: Graph, stream: IO[bytes]) -> int:
    """Write :func:`nanopublications` of ``graph`` as N-Quads, lines sorted; return the quad count."""
    dataset = nanopublications(graph)
    stream.write(_rdf(dataset, "nquads"))
    return _quads(dataset)


def to_trig(graph: Graph, stream: IO[bytes]) -> int:
    """Write :func:`nanopublications` of ``graph`` as TriG; return the quad count."""
    dataset = nanopublications(graph)
    stream.write(_rdf(dataset, "trig"))
    return _quads(dataset)


def _quads(dataset: Dataset) -> int:
    return sum(len(graph) for graph in dataset.graphs())
