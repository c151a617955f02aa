"""Table formats, written row by row into a folder: CSV, KGX (TSV and JSON Lines), Neo4j CSV.

Each writer takes node rows, edge rows (see :mod:`il6graph.exports.rows`) and a folder, and
writes its files there as the rows come.

>>> import tempfile, pathlib
>>> from il6graph import load_graph, to_networkx
>>> from il6graph.exports.rows import view_rows
>>> with tempfile.TemporaryDirectory() as folder:
...     written = to_kgx(*view_rows(to_networkx(load_graph())), pathlib.Path(folder))
>>> written.edges > 100
True
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from il6graph.predicates import Predicate

__all__ = [
    "KGX_EDGE_COLUMNS",
    "KGX_NODE_COLUMNS",
    "NEO4J_ARRAY_DELIMITER",
    "kgx_tsv_value",
    "spreadsheet_cell",
    "to_csv",
    "to_kgx",
    "to_kgx_jsonl",
    "to_neo4j",
]


class _Counted:
    def __init__(self) -> None:
        self.nodes = 0
        self.edges = 0

    def each_node(self, rows: Iterable[NodeRow]) -> Iterator[NodeRow]:
        for row in rows:
            self.nodes += 1
            yield row

    def each_edge(self, rows: Iterable[EdgeRow]) -> Iterator[EdgeRow]:
        for row in rows:
            self.edges += 1
            yield row

    def written(self) -> Written:
        return Written(self.nodes, self.edges)


def _write_table(path: Path, header: list[str], rows: Iterable[list[Any]], **dialect: Any) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, **dialect)
        writer.writerow(header)
        writer.writerows(rows)


# --- CSV for spreadsheets -----------------------------------------------------------------------

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (tab and carriage return hide one); a lone "+" or "-" (a claim's sign) is not.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula.

    >>> spreadsheet_cell('=HYPERLINK("http://x")'), spreadsheet_cell("-"), spreadsheet_cell(-0.5)
    ('\\'=HYPERLINK("http://x")', '-', -0.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and value not in ("+", "-"):
        return "'" + value
    return value


def to_csv(
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    folder: Path,
    *,
    title: str = "",
    raw_cells: bool = False,
) -> Written:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder`` (RFC 4180 quoting, UTF-8).

    ``nodes.csv``: id, then the entity fields; ``edges.csv``: id, source, target, then the claim
    fields, the columns a claim sheet has (``il6graph import`` reads it back). Lists are :func:`join_list` values. Sentences keep their commas, quotes and line
    breaks. A text cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return) gets a leading ``'``, unless ``raw_cells``.
    """
    cell = (lambda value: value) if raw_cells else spreadsheet_cell
    node_names = [name for name, _, _ in NODE_FIELDS]
    # The edge columns are the claim sheets' (il6graph.importers.sheets), so an exported
    # edges.csv imports back unchanged.
    edge_names = [name for name, _, _ in EDGE_FIELDS if name not in ("claim", "attributed_to")]
    counted = _Counted()

    def node_rows() -> Iterator[list[Any]]:
        for node, attrs in counted.each_node(nodes):
            row = node_fields(node, attrs)
            values = [join_list(row[n]) if isinstance(row[n], list) else row[n] for n in node_names]
            yield [cell(value) for value in (node, *values)]

    def edge_rows() -> Iterator[list[Any]]:
        for u, v, key, attrs in counted.each_edge(edges):
            row = edge_fields(key, attrs)
            yield [cell(value) for value in (key, u, v, *(row[n] for n in edge_names))]

    _write_table(folder / "nodes.csv", ["id", *node_names], node_rows())
    _write_table(folder / "edges.csv", ["id", "source", "target", *edge_names], edge_rows())
    return counted.written()


# --- KGX ----------------------------------------------------------------------------------------

KGX_NODE_COLUMNS = ("id", "category", "name", "synonym", "xref", "iri")
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
# Biolink slots that hold lists (KGX TSV joins them with "|").
_KGX_LISTS = frozenset({"category", "synonym", "xref", "supporting_text"})

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


def _kgx_records(
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    predicates: Mapping[str, Predicate] | None,
    counted: _Counted,
) -> tuple[Iterator[dict[str, Any]], Iterator[dict[str, Any]]]:
    """KGX node and edge records (lists as lists, absent values left out)."""
    from il6graph.predicates import predicate_table

    table = predicates if predicates is not None else predicate_table()

    def node_records() -> Iterator[dict[str, Any]]:
        for node, attrs in counted.each_node(nodes):
            row = node_fields(node, attrs)
            yield {
                "id": node,
                "category": [f"biolink:{c}" for c in row["categories"] or [row["category"]]],
                "name": row["label"],
                "synonym": row["synonyms"],
                "xref": row["mappings"],
                "iri": row["iri"],
            }

    def edge_records() -> Iterator[dict[str, Any]]:
        for u, v, key, attrs in counted.each_edge(edges):
            row = edge_fields(key, attrs)
            biolink = _biolink_predicate(table.get(attrs.get("predicate_iri", "")))
            causal = biolink == "biolink:affects" and row["sign"] in ("+", "-")
            yield {
                "id": key,
                "subject": u,
                "predicate": biolink,
                "object": v,
                "category": ["biolink:Association"],
                "knowledge_level": _KNOWLEDGE_LEVEL.get(row["assertion"], "not_provided"),
                "agent_type": _AGENT_TYPE.get(row["attributed_to"], "not_provided"),
                "original_predicate": row["predicate_id"],
                "qualified_predicate": "biolink:causes" if causal else "",
                "object_direction_qualifier": (
                    {"+": "increased", "-": "decreased"}[row["sign"]] if causal else ""
                ),
                "supporting_text": [row["evidence"]] if row["evidence"] else [],
                "sign": row["sign"],
                "assertion": row["assertion"],
                "hedge": row["hedge"],
                "confidence": row["confidence"],
                "document": row["document"],
                "evidence_start": row["evidence_start"],
                "evidence_end": row["evidence_end"],
            }

    return node_records(), edge_records()


# kgx reads TSV unquoted and splits every value at "|": a "|" inside a value is written as "¦",
# tabs and line breaks as spaces (as kgx itself writes them), and other control characters as
# U+FFFD (pandas, under kgx, ends a value at a NUL). kgx-jsonl keeps every character.
_TSV_BREAKS = re.compile(r"[\t\r\n]")
_TSV_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def kgx_tsv_value(value: str) -> str:
    r"""``value`` as a KGX TSV cell holds it.

    >>> kgx_tsv_value("a|b\tc\x00") == "a\N{BROKEN BAR}b c\ufffd"
    True
    """
    text = _TSV_BREAKS.sub(" ", value.replace("|", "\N{BROKEN BAR}"))
    return _TSV_CONTROL.sub("\ufffd", text)


def _kgx_tsv_cell(name: str, value: Any) -> str:
    if isinstance(value, list):
        return "|".join(kgx_tsv_value(item) for item in value)
    if isinstance(value, float):
        return repr(value)
    return kgx_tsv_value(str(value))


def to_kgx(
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    folder: Path,
    *,
    title: str = "",
    predicates: Mapping[str, Predicate] | None = None,
) -> Written:
    """Write KGX TSV ``nodes.tsv`` and ``edges.tsv`` into ``folder``, with Biolink columns.

    Nodes: ``id`` (CURIE), ``category`` (``biolink:Gene|biolink:Protein``), ``name``,
    ``synonym``, ``xref`` (mappings), ``iri``. Edges, one per claim with the claim CURIE as
    ``id``: ``subject``, ``predicate`` (the Biolink predicate the ontology maps to; causal
    ``biolink:affects`` edges get ``qualified_predicate`` ``biolink:causes`` and an
    ``object_direction_qualifier``), ``object``, ``knowledge_level``, ``agent_type``,
    ``original_predicate`` (ours), ``supporting_text`` (the sentence) and the claim fields.
    kgx reads TSV unquoted and splits any value at ``|``: a ``|`` inside a value is written
    ``¦``, tabs and line breaks as spaces, other control characters as U+FFFD
    (:func:`kgx_tsv_value`). :func:`to_kgx_jsonl` keeps every character.
    """
    counted = _Counted()
    node_records, edge_records = _kgx_records(nodes, edges, predicates, counted)
    for name, columns, records in (
        ("nodes.tsv", KGX_NODE_COLUMNS, node_records),
        ("edges.tsv", KGX_EDGE_COLUMNS, edge_records),
    ):
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            handle.write("\t".join(columns) + "\n")
            for record in records:
                handle.write("\t".join(_kgx_tsv_cell(c, record[c]) for c in columns) + "\n")
    return counted.written()


def to_kgx_jsonl(
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    folder: Path,
    *,
    title: str = "",
    predicates: Mapping[str, Predicate] | None = None,
) -> Written:
    """Write KGX JSON Lines ``nodes.jsonl`` and ``edges.jsonl``: the records of :func:`to_kgx`,
    one JSON object per line, lists as JSON arrays, every character kept; empty values left out.
    """
    counted = _Counted()
    node_records, edge_records = _kgx_records(nodes, edges, predicates, counted)
    for name, records in (("nodes.jsonl", node_records), ("edges.jsonl", edge_records)):
        with (folder / name).open("w", encoding="utf-8", newline="\n") as handle:
            for record in records:
                kept = {k: v for k, v in record.items() if v not in ("", [])}
                handle.write(json.dumps(kept, ensure_ascii=False) + "\n")
    return counted.written()


# --- Neo4j --------------------------------------------------------------------------------------

# neo4j-admin splits arrays at one character and has no escape for it: the unit separator
# (U+001F) is one no label or sentence uses; one found inside a value becomes U+FFFD.
NEO4J_ARRAY_DELIMITER = "\x1f"
NEO4J_NODE_HEADER = (
    "id:ID",
    "name",
    "curie",
    "iri",
    "category",
    "categories:string[]",
    "synonyms:string[]",
    "mappings:string[]",
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
    "attributed_to",
)
NEO4J_IMPORT = """#!/bin/sh
# Import these files into a new Neo4j 5 database (stop the database first):
#   sh import.sh [DATABASE]   (default: neo4j)
# Evidence sentences may hold line breaks, hence --multiline-fields; list items are separated by
# the unit separator character U+001F, which no label or sentence uses.
exec neo4j-admin database import full \\
  --nodes=nodes.csv --relationships=relationships.csv \\
  --array-delimiter="U+001F" --multiline-fields=true --overwrite-destination=true \\
  "${1:-neo4j}"
"""


def _relationship_type(label: str) -> str:
    """A Neo4j relationship type from a predicate label: ``contributes to`` -> ``CONTRIBUTES_TO``."""
    return re.sub(r"[^0-9A-Za-z]+", "_", label).strip("_").upper() or "RELATED_TO"


def _neo4j_array(items: list[str]) -> str:
    return NEO4J_ARRAY_DELIMITER.join(i.replace(NEO4J_ARRAY_DELIMITER, "\ufffd") for i in items)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def to_neo4j(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], folder: Path, *, title: str = ""
) -> Written:
    """Write Neo4j bulk-import files into ``folder``: ``nodes.csv``, ``relationships.csv``, ``import.sh``.

    Headers follow ``neo4j-admin database import``: ``id:ID``, ``:LABEL`` (the Biolink categories),
    ``:START_ID``, ``:END_ID``, ``:TYPE`` (the predicate, ``ACTIVATES``), typed properties
    (``confidence:float``, ``synonyms:string[]``) with U+001F as the array delimiter.
    """
    counted = _Counted()

    def node_rows() -> Iterator[list[Any]]:
        for node, attrs in counted.each_node(nodes):
            row = node_fields(node, attrs)
            yield [
                node,
                row["label"],
                row["curie"],
                row["iri"],
                row["category"],
                _neo4j_array(row["categories"]),
                _neo4j_array(row["synonyms"]),
                _neo4j_array(row["mappings"]),
                _neo4j_array(row["categories"] or [row["category"]]),
            ]

    def relationship_rows() -> Iterator[list[Any]]:
        for u, v, key, attrs in counted.each_edge(edges):
            row = edge_fields(key, attrs)
            yield [
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
                row["attributed_to"],
            ]

    # neo4j-admin reads RFC 4180 quoting: a quote inside a field is doubled.
    _write_table(folder / "nodes.csv", list(NEO4J_NODE_HEADER), node_rows(), lineterminator="\n")
    _write_table(
        folder / "relationships.csv",
        list(NEO4J_RELATIONSHIP_HEADER),
        relationship_rows(),
        lineterminator="\n",
    )
    script = folder / "import.sh"
    script.write_text(NEO4J_IMPORT, encoding="utf-8")
    script.chmod(0o755 & ~_umask())
    return counted.written()
