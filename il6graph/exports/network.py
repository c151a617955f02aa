"""Network formats, written row by row: GraphML, GEXF, Cytoscape.js JSON, node-link JSON, DOT.

Each writer takes node rows, edge rows (see :mod:`il6graph.exports.rows`), a binary stream and
the graph's title, and writes as the rows come, holding only the node labels (Cytoscape's edge
names need them). Lists (categories, synonyms, mappings) are lists where the format has them
(JSON, GEXF ``liststring``) and :func:`~il6graph.exports.rows.join_list` values elsewhere.

>>> import io
>>> from il6graph import load_graph, to_networkx
>>> from il6graph.exports.rows import view_rows
>>> out = io.BytesIO()
>>> to_dot(*view_rows(to_networkx(load_graph())), out).edges > 100
True
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from il6graph.exports.rows import (
    EDGE_FIELDS,
    NODE_FIELDS,
    EdgeRow,
    NodeRow,
    Written,
    edge_fields,
    join_list,
    node_fields,
)

__all__ = [
    "DEFAULT_TITLE",
    "dot_string",
    "to_cytoscape",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_node_link",
    "undot_string",
]

DEFAULT_TITLE = "il6graph: IL-6 in cancer"


class _Text:
    """A UTF-8 text layer over a binary stream that leaves the stream open."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._out = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)

    def write(self, text: str) -> None:
        self._out.write(text)

    def close(self) -> None:
        self._out.flush()
        self._out.detach()


def _count(rows: Iterable[Any], counter: list[int]) -> Iterator[Any]:
    for row in rows:
        counter[0] += 1
        yield row


# --- XML: GraphML and GEXF ----------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, even escaped: they become U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(value: Any) -> str:
    # XML parsers turn a carriage return into a line feed unless it is a character reference.
    return escape(_NOT_XML.sub("\ufffd", str(value))).replace("\r", "&#13;")


def _xml_attr(value: Any) -> str:
    # quoteattr keeps tabs and line breaks as characters, which XML parsers normalise to spaces
    # inside attributes; character references keep them.
    text = quoteattr(_NOT_XML.sub("\ufffd", str(value)))
    return text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def _number(value: float) -> str:
    return repr(float(value))


_GRAPHML_TYPES = {"string": "string", "list": "string", "double": "double", "int": "int"}


def to_graphml(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], stream: IO[bytes], *, title: str = ""
) -> Written:
    """Write GraphML (Cytoscape, Gephi, yEd, igraph): one ``<data>`` per field.

    Node ids are CURIEs, edge ids claim CURIEs; lists are :func:`join_list` values (``|`` between
    items, ``\\|`` inside one). Characters XML cannot hold (NUL, most control characters) are
    written as U+FFFD.
    """
    out = _text = _Text(stream)
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
    out.write(f"    <desc>{_xml(title or DEFAULT_TITLE)}</desc>\n")
    counts = [0], [0]
    for node, attrs in _count(nodes, counts[0]):
        out.write(f"    <node id={_xml_attr(node)}>\n")
        for name, value in node_fields(node, attrs).items():
            text = join_list(value) if isinstance(value, list) else value
            out.write(f'      <data key="n_{name}">{_xml(text)}</data>\n')
        out.write("    </node>\n")
    for u, v, key, attrs in _count(edges, counts[1]):
        out.write(f"    <edge id={_xml_attr(key)} source={_xml_attr(u)} target={_xml_attr(v)}>\n")
        for name, value in edge_fields(key, attrs).items():
            if value == "":
                continue  # an absent hedge stays absent, as in the graph
            text = _number(value) if isinstance(value, float) else _xml(value)
            out.write(f'      <data key="e_{name}">{text}</data>\n')
        out.write("    </edge>\n")
    out.write("  </graph>\n</graphml>\n")
    _text.close()
    return Written(counts[0][0], counts[1][0])


_GEXF_TYPES = {"string": "string", "list": "liststring", "double": "double", "int": "integer"}


def _gexf_list(items: list[str]) -> str:
    """A GEXF 1.3 list value, ``[a, b]``; items with separators or quotes are quoted."""

    def item(text: str) -> str:
        if re.search(r'[,\[\]"\'\\]', text) or text != text.strip():
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return text

    return "[" + ", ".join(item(text) for text in items) + "]"


def to_gexf(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], stream: IO[bytes], *, title: str = ""
) -> Written:
    """Write GEXF 1.3 (Gephi), valid against the official XSD.

    Edge ``label`` and ``kind`` are the predicate (Gephi keeps parallel edges of different
    kinds apart), ``weight`` the confidence; every field is also an attribute value, lists as
    ``liststring``.
    """
    out = _Text(stream)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
    )
    out.write("  <meta>\n    <creator>il6graph</creator>\n")
    out.write(f"    <description>{_xml(title or DEFAULT_TITLE)}</description>\n  </meta>\n")
    out.write('  <graph defaultedgetype="directed" mode="static" idtype="string">\n')
    for domain, fields in (("node", NODE_FIELDS), ("edge", EDGE_FIELDS)):
        out.write(f'    <attributes class="{domain}" mode="static">\n')
        for name, kind, _ in fields:
            out.write(f'      <attribute id="{name}" title="{name}" type="{_GEXF_TYPES[kind]}"/>\n')
        out.write("    </attributes>\n")
    counts = [0], [0]
    out.write("    <nodes>\n")
    for node, attrs in _count(nodes, counts[0]):
        row = node_fields(node, attrs)
        out.write(
            f"      <node id={_xml_attr(node)} label={_xml_attr(row['label'])}>\n        <attvalues>\n"
        )
        for name, value in row.items():
            text = _gexf_list(value) if isinstance(value, list) else value
            out.write(f'          <attvalue for="{name}" value={_xml_attr(text)}/>\n')
        out.write("        </attvalues>\n      </node>\n")
    out.write("    </nodes>\n    <edges>\n")
    for u, v, key, attrs in _count(edges, counts[1]):
        row = edge_fields(key, attrs)
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
    out.close()
    return Written(counts[0][0], counts[1][0])


# --- JSON: Cytoscape.js and node-link -----------------------------------------------------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def to_cytoscape(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], stream: IO[bytes], *, title: str = ""
) -> Written:
    """Write Cytoscape.js JSON (``.cyjs``), the format Cytoscape desktop imports.

    Nodes carry ``name`` (the label, Cytoscape's display column); edges carry ``interaction``
    (the predicate) and ``name`` (``IL-6 (activates) STAT3``), as Cytoscape writes them. One
    element per line.
    """
    out = _Text(stream)
    head = {
        "format_version": "1.0",
        "generated_by": "il6graph",
        "target_cytoscapejs_version": "~3.0",
        "data": {"name": title or DEFAULT_TITLE},
    }
    out.write(_json(head)[:-1] + ',\n"elements": {"nodes": [\n')
    labels: dict[str, str] = {}
    counts = [0], [0]
    for node, attrs in _count(nodes, counts[0]):
        row = node_fields(node, attrs)
        labels[node] = row["label"]
        comma = ",\n" if counts[0][0] > 1 else ""
        out.write(comma + _json({"data": {"id": node, "name": row["label"], **row}}))
    out.write('\n], "edges": [\n')
    for u, v, key, attrs in _count(edges, counts[1]):
        row = edge_fields(key, attrs)
        data = {
            "id": key,
            "source": u,
            "target": v,
            "interaction": row["predicate"],
            "name": f"{labels.get(u, u)} ({row['predicate']}) {labels.get(v, v)}",
            **row,
        }
        out.write((",\n" if counts[1][0] > 1 else "") + _json({"data": data}))
    out.write("\n]}}\n")
    out.close()
    return Written(counts[0][0], counts[1][0])


def to_node_link(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], stream: IO[bytes], *, title: str = ""
) -> Written:
    """Write node-link JSON for D3 and networkx: ``nodes``, and the edges under both ``links``
    and ``edges``.

    D3's force layouts and networkx 3.3-3.5 read ``links``; networkx 3.6 and later read
    ``edges`` by default, so ``networkx.node_link_graph(json.load(file))`` works with every
    networkx from 3.3 on. Each edge has ``key``, the claim CURIE. One element per line.
    """
    out = _Text(stream)
    head = {"directed": True, "multigraph": True, "graph": {"name": title or DEFAULT_TITLE}}
    out.write(_json(head)[:-1] + ',\n"nodes": [\n')
    counts = [0], [0]
    for node, attrs in _count(nodes, counts[0]):
        comma = ",\n" if counts[0][0] > 1 else ""
        out.write(comma + _json({"id": node, **node_fields(node, attrs)}))
    out.write('\n],\n"links": [\n')
    # The second copy of the edges goes through a temporary file, so memory stays flat.
    with tempfile.SpooledTemporaryFile(max_size=16 << 20, mode="w+", encoding="utf-8") as copy:
        for u, v, key, attrs in _count(edges, counts[1]):
            line = (",\n" if counts[1][0] > 1 else "") + _json(
                {"source": u, "target": v, "key": key, **edge_fields(key, attrs)}
            )
            out.write(line)
            copy.write(line)
        out.write('\n],\n"edges": [\n')
        copy.seek(0)
        shutil.copyfileobj(copy, out)
    out.write("\n]}\n")
    out.close()
    return Written(counts[0][0], counts[1][0])


# --- Graphviz DOT -------------------------------------------------------------------------------

_SIGN_COLOURS = {"+": "forestgreen", "-": "firebrick", "?": "goldenrod", "0": "gray50"}
# Control characters (NUL included: Graphviz stops reading a file at one) and "&", which
# Graphviz reads as the start of an HTML entity, become numeric entities.
_DOT_ENTITY = re.compile("[&\x00-\x1f\x7f]")


def dot_string(value: Any) -> str:
    """A DOT quoted string that Graphviz and pydot read back as ``value``.

    ``"`` and ``\\`` are backslash-escaped; ``&`` and every control character (line breaks,
    tabs, NUL) are written as HTML numeric entities (``&#38;``, ``&#10;``), which Graphviz decodes
    in labels, so a record stays on one line. :func:`undot_string` reverses it.

    >>> dot_string('a "b"\\nc & d\\\\')
    '"a \\\\"b\\\\"&#10;c &#38; d\\\\\\\\"'
    >>> undot_string(dot_string('a "b"\\nc & d\\\\'))
    'a "b"\\nc & d\\\\'
    """
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _DOT_ENTITY.sub(lambda m: f"&#{ord(m.group(0))};", text) + '"'


def undot_string(text: str) -> str:
    """The value of a :func:`dot_string` as a DOT reader (pydot) returns it, quotes included."""
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    text = re.sub(r"\\([\\\"])", r"\1", text)
    return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text)


def to_dot(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], stream: IO[bytes], *, title: str = ""
) -> Written:
    """Write a Graphviz digraph: edges coloured by sign, dashed when hedged.

    ``dot -Tsvg file.dot > file.svg`` draws it; every field is also a DOT attribute (strings as
    :func:`dot_string`, lists as :func:`join_list` values).
    """
    out = _Text(stream)
    out.write(
        f"digraph il6graph {{\n  label={dot_string(title or DEFAULT_TITLE)};\n  rankdir=LR;\n"
    )
    out.write('  node [shape=box, style="rounded"];\n')
    counts = [0], [0]
    for node, attrs in _count(nodes, counts[0]):
        row = node_fields(node, attrs)
        attributes = ", ".join(
            f"{name}={dot_string(join_list(value) if isinstance(value, list) else value)}"
            for name, value in row.items()
        )
        out.write(f"  {dot_string(node)} [{attributes}];\n")
    for u, v, key, attrs in _count(edges, counts[1]):
        row = edge_fields(key, attrs)
        style = {
            "color": _SIGN_COLOURS.get(row["sign"], "black"),
            "style": "dashed" if row["hedge"] else "solid",
            "label": row["predicate"],
            "id": key,
            "tooltip": row["evidence"],
        }
        fields = {name: value for name, value in row.items() if value != ""}
        attributes = ", ".join(
            f"{name}={dot_string(value)}" for name, value in {**style, **fields}.items()
        )
        out.write(f"  {dot_string(u)} -> {dot_string(v)} [{attributes}];\n")
    out.write("}\n")
    out.close()
    return Written(counts[0][0], counts[1][0])
