"""Export graph files that other tools open: Cytoscape, Gephi, Neo4j, D3, Graphviz, KGX, RDF stores.

:func:`export` writes the graph, or the part a :class:`~il6graph.selection.Selection` keeps, in one
of :data:`FORMATS`. Every entity carries its label, CURIE, category, synonyms and mappings; every
claim its predicate, sign, assertion kind, hedge, confidence and evidence sentence. Writes are
atomic: a failure leaves the previous file or folder as it was and no temporary files behind.

One module per part: :mod:`~il6graph.exports.formats` (the registry), :mod:`~il6graph.exports.api`
(:func:`export`), :mod:`~il6graph.exports.network` (GraphML, GEXF, Cytoscape.js, node-link, DOT),
:mod:`~il6graph.exports.tables` (CSV, KGX, Neo4j), :mod:`~il6graph.exports.rdf` (Turtle,
N-Triples, JSON-LD) and :mod:`~il6graph.exports.nanopubs` (N-Quads, TriG). Network and table
writers take node and edge rows (:func:`~il6graph.exports.rows.view_rows` makes them from a
networkx view) and write them as they come; RDF writers stream a pyoxigraph store.

>>> import tempfile, pathlib
>>> from il6graph import load_graph
>>> from il6graph.exports import export
>>> with tempfile.TemporaryDirectory() as folder:
...     done = export(load_graph(), "graphml", pathlib.Path(folder) / "stat3.graphml",
...                   selection=Selection(focus="STAT3"))
>>> done.nodes > 1 and done.edges > 1
True
"""

from il6graph.exports.api import Exported, RowSource, export
from il6graph.exports.formats import FORMATS, ExportFormat, format_list, format_named
from il6graph.exports.nanopubs import nanopublication_graphs, to_nquads, to_trig
from il6graph.exports.network import to_cytoscape, to_dot, to_gexf, to_graphml, to_node_link
from il6graph.exports.rdf import rdf_selection, store_of, to_jsonld, to_ntriples, to_rdf_turtle
from il6graph.exports.rows import Written, view_rows
from il6graph.exports.tables import to_csv, to_kgx, to_kgx_jsonl, to_neo4j
from il6graph.selection import Selection

__all__ = [
    "FORMATS",
    "ExportFormat",
    "Exported",
    "RowSource",
    "Selection",
    "Written",
    "export",
    "format_list",
    "format_named",
    "nanopublication_graphs",
    "rdf_selection",
    "store_of",
    "to_csv",
    "to_cytoscape",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_jsonld",
    "to_kgx",
    "to_kgx_jsonl",
    "to_neo4j",
    "to_node_link",
    "to_nquads",
    "to_ntriples",
    "to_rdf_turtle",
    "to_trig",
    "view_rows",
]
