"""Writing query results: an aligned table for people; CSV, TSV, SPARQL JSON and Markdown for
scripts and notes; Turtle, N-Triples and JSON-LD for the triples of CONSTRUCT and DESCRIBE.

CSV, TSV and JSON follow the W3C SPARQL 1.1 Query Results formats, so any SPARQL tool reads them.

>>> from rdflib import Literal, URIRef
>>> from il6graph.sparql import SelectResult
>>> result = SelectResult(("entity", "label"), ((URIRef("http://identifiers.org/hgnc/6018"), Literal("IL-6")),))
>>> print(to_table(result))
entity     label
---------  -----
HGNC:6018  IL-6
1 row
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from il6graph.errors import InputError
from il6graph.sparql import AskResult, GraphResult, Result, SelectResult
from il6graph.vocabulary import PREFIXES, to_curie

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = [
    "GRAPH_FORMATS",
    "ROW_FORMATS",
    "format_result",
    "to_csv",
    "to_json",
    "to_markdown",
    "to_table",
    "to_tsv",
]

ROW_FORMATS = ("table", "csv", "tsv", "json", "md")  # for SELECT (and ASK: table, json)
GRAPH_FORMATS = ("turtle", "nt", "jsonld")  # for CONSTRUCT and DESCRIBE

MAX_CELL = 60  # characters; longer cells are cut and end with "…"
MIN_CELL = 8


def _display(node: Node | None) -> str:
    """A cell as people read it: CURIEs for IRIs, the text of literals."""
    from rdflib import BNode, URIRef

    if node is None:
        return ""
    if isinstance(node, URIRef):
        return to_curie(str(node))
    if isinstance(node, BNode):
        return f"_:{node}"
    return " ".join(str(node).split())  # newlines and tabs would break the columns


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def to_table(result: SelectResult, *, width: int | None = None) -> str:
    """An aligned table; cells longer than their column end with "…". ``width`` is the line
    width to fit (a terminal's), narrowing the widest columns first; ``None`` fits no width."""
    cells = [[_display(term) for term in row] for row in result.rows]
    headers = list(result.variables)
    widths = [
        min(MAX_CELL, max([len(h)] + [len(row[i]) for row in cells])) for i, h in enumerate(headers)
    ]
    if width:
        while sum(widths) + 2 * (len(widths) - 1) > width and max(widths, default=0) > MIN_CELL:
            widths[widths.index(max(widths))] -= 1
    lines = [
        "  ".join(_cut(h, w).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in cells:
        lines.append(
            "  ".join(_cut(c, w).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        )
    count = len(result.rows)
    footer = f"{count} row" + ("" if count == 1 else "s")
    if result.truncated:
        footer += f" shown; more were cut off by the row cap (--limit {count}; 0 for all)"
    lines.append(footer)
    return "\n".join(lines)


def to_markdown(result: SelectResult) -> str:
    """A Markdown table (CURIEs for IRIs, whole cells)."""

    def cell(node: Node | None) -> str:
        return _display(node).replace("\\", "\\\\").replace("|", "\\|")

    lines = [
        "| " + " | ".join(result.variables) + " |",
        "| " + " | ".join("---" for _ in result.variables) + " |",
    ]
    lines += ["| " + " | ".join(cell(term) for term in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def to_csv(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results CSV: full IRIs, literal text, CRLF line ends."""
    from rdflib import BNode

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row]
        )
    return out.getvalue()


def _ntriples_term(node: Node) -> str:
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    assert isinstance(node, Literal)
    return node.n3()  # rdflib escapes quotes, backslashes and line breaks


def to_tsv(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results TSV: ``?name`` headers, terms in N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else _ntriples_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _json_term(node: Node) -> dict[str, str]:
    from rdflib import XSD, BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    assert isinstance(node, Literal)
    term = {"type": "literal", "value": str(node)}
    if node.language:
        term["xml:lang"] = node.language
    elif node.datatype is not None and node.datatype != XSD.string:
        term["datatype"] = str(node.datatype)
    return term


def to_json(result: SelectResult | AskResult) -> str:
    """SPARQL 1.1 Query Results JSON (``application/sparql-results+json``)."""
    if isinstance(result, AskResult):
        return json.dumps({"head": {}, "boolean": result.answer}, indent=2) + "\n"
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    data = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _graph_text(result: GraphResult, output_format: str) -> str:
    from il6graph.output import to_turtle

    if output_format == "turtle":
        return to_turtle(result.graph)
    if output_format == "nt":
        text = result.graph.serialize(format="nt")
        return "".join(sorted(text.splitlines(keepends=True)))
    context = {prefix: iri for prefix, iri in PREFIXES.items()}
    return result.graph.serialize(format="json-ld", context=context, indent=2) + "\n"


def format_result(
    result: Result, output_format: str | None = None, *, width: int | None = None
) -> str:
    """``result`` as text in ``output_format`` (default: table for rows, Turtle for triples,
    ``true``/``false`` for ASK). A format that does not fit the result raises :class:`InputError`."""
    if isinstance(result, GraphResult):
        output_format = output_format or "turtle"
        if output_format not in GRAPH_FORMATS:
            raise InputError(
                f"--format {output_format} is for rows; CONSTRUCT and DESCRIBE give triples: "
                f"use {', '.join(GRAPH_FORMATS)}"
            )
        return _graph_text(result, output_format)
    if output_format in GRAPH_FORMATS:
        raise InputError(
            f"--format {output_format} is for triples (CONSTRUCT, DESCRIBE); "
            f"this query gives rows: use {', '.join(ROW_FORMATS)}"
        )
    if isinstance(result, AskResult):
        if output_format == "json":
            return to_json(result)
        if output_format in (None, "table"):
            return "true\n" if result.answer else "false\n"
        raise InputError(f"--format {output_format} does not fit an ASK answer: use table or json")
    writers = {"csv": to_csv, "tsv": to_tsv, "json": to_json, "md": to_markdown}
    if output_format in (None, "table"):
        return to_table(result, width=width) + "\n"
    return writers[output_format](result)
