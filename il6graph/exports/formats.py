"""The export formats: names, file suffixes, the tools each is for, and the function that writes it.

>>> format_named(None, "stat3.graphml").name
'graphml'
>>> format_named("ttl").title
'RDF Turtle'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, Literal

from il6graph.errors import InputError

__all__ = ["FORMATS", "ExportFormat", "format_list", "format_named"]

# "file": one file from node and edge rows; "folder": several files from rows, written into a
# folder or a bundle; "rdf": one RDF file from the store.
Kind = Literal["file", "folder", "rdf"]


@dataclass(frozen=True)
class ExportFormat:
    """A file format :func:`~il6graph.exports.export` writes, and the tools that open it."""

    name: str
    title: str
    kind: Kind
    suffixes: tuple[str, ...]  # file name endings that choose this format without --format
    tools: str
    writer: str  # "module:function" inside il6graph.exports
    files: tuple[str, ...] = ()  # the files a folder format writes
    bundles: tuple[str, ...] = ()  # the archive endings a folder format can be bundled as

    def write_function(self) -> Callable[..., Any]:
        """The function that writes this format (looked up when called, so it can be patched)."""
        module, function = self.writer.split(":")
        return getattr(import_module(f"il6graph.exports.{module}"), function)


# kgx reads tar archives (plain, gzip, bzip2), one member per nodes/edges file, and not zip.
_TAR = (".tar.gz", ".tgz", ".tar")
_ZIP = (".zip", *_TAR)

FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "graphml",
            "GraphML",
            "file",
            (".graphml",),
            "Cytoscape desktop, Gephi, yEd, igraph, networkx",
            "network:to_graphml",
        ),
        ExportFormat(
            "gexf",
            "GEXF 1.3",
            "file",
            (".gexf",),
            "Gephi, graphology/sigma.js",
            "network:to_gexf",
        ),
        ExportFormat(
            "cytoscape",
            "Cytoscape.js JSON",
            "file",
            (".cyjs",),
            "Cytoscape desktop (File > Import > Network), Cytoscape.js",
            "network:to_cytoscape",
        ),
        ExportFormat(
            "node-link",
            "node-link JSON",
            "file",
            (".json",),
            "D3 force layouts, networkx.node_link_graph",
            "network:to_node_link",
        ),
        ExportFormat(
            "dot",
            "Graphviz DOT",
            "file",
            (".dot", ".gv"),
            "Graphviz (dot, neato), pydot",
            "network:to_dot",
        ),
        ExportFormat(
            "csv",
            "CSV nodes + edges",
            "folder",
            (),
            "spreadsheets, pandas, R, Gephi's and Cytoscape's table import",
            "tables:to_csv",
            ("nodes.csv", "edges.csv"),
            _ZIP,
        ),
        ExportFormat(
            "kgx",
            "KGX TSV nodes + edges",
            "folder",
            (),
            "Biolink / NCATS Translator tools (kgx validate, kgx transform), Monarch",
            "tables:to_kgx",
            ("nodes.tsv", "edges.tsv"),
            _TAR,
        ),
        ExportFormat(
            "kgx-jsonl",
            "KGX JSON Lines nodes + edges",
            "folder",
            (),
            "kgx (-i jsonl), Biolink JSON Schema validators; keeps every character",
            "tables:to_kgx_jsonl",
            ("nodes.jsonl", "edges.jsonl"),
            _TAR,
        ),
        ExportFormat(
            "neo4j",
            "Neo4j bulk-import CSV",
            "folder",
            (),
            "neo4j-admin database import (command in import.sh)",
            "tables:to_neo4j",
            ("nodes.csv", "relationships.csv", "import.sh"),
            _ZIP,
        ),
        ExportFormat(
            "turtle",
            "RDF Turtle",
            "rdf",
            (".ttl",),
            "RDF stores and tools: Oxigraph, GraphDB, Jena, Protege, rdflib",
            "rdf:to_rdf_turtle",
        ),
        ExportFormat(
            "ntriples",
            "RDF N-Triples",
            "rdf",
            (".nt",),
            "RDF stores, line-based tools (grep, sort)",
            "rdf:to_ntriples",
        ),
        ExportFormat(
            "jsonld",
            "RDF JSON-LD",
            "rdf",
            (".jsonld",),
            "JSON-LD processors, web apps",
            "rdf:to_jsonld",
        ),
        ExportFormat(
            "nquads",
            "RDF N-Quads, one nanopublication per claim",
            "rdf",
            (".nq",),
            "quad stores (Oxigraph, Jena TDB, GraphDB), nanopub tools: each claim's four graphs together",
            "nanopubs:to_nquads",
        ),
        ExportFormat(
            "trig",
            "RDF TriG, one nanopublication per claim",
            "rdf",
            (".trig",),
            "nanopublication tools (nanopub-rs, nanopub), quad stores; readable",
            "nanopubs:to_trig",
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
    "kgx-tsv": "kgx",
    "jsonl": "kgx-jsonl",
}


def format_list() -> str:
    """The formats, one per line with the tools each is for (``il6graph export --list``)."""
    width = max(len(name) for name in FORMATS)
    lines = []
    for f in FORMATS.values():
        if f.suffixes:
            where = " ".join(f.suffixes)
        else:
            where = f"folder or {f.bundles[0]}: {', '.join(f.files)}"
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
