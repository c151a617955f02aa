"""What every exported entity and claim carries, and the rows the writers consume.

Writers read two iterables: node rows ``(node_id, attrs)`` and edge rows
``(subject_id, object_id, claim_id, attrs)``, with the attributes ``il6graph.to_networkx`` puts
on its view (and the store's ``nodes()``/``edges()`` yield). :func:`node_fields` and
:func:`edge_fields` turn those into the columns every format writes, so each format names the
same fields the same way. :func:`view_rows` adapts a networkx view.

>>> from il6graph import load_graph, to_networkx
>>> nodes, edges = view_rows(to_networkx(load_graph()))
>>> node, fields = next(iter(nodes))
>>> sorted(fields)[:4]
['categories', 'category', 'curie', 'iri']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx

__all__ = [
    "EDGE_FIELDS",
    "LIST_SEPARATOR",
    "NODE_FIELDS",
    "EdgeRow",
    "NodeRow",
    "Written",
    "edge_fields",
    "join_list",
    "node_fields",
    "split_list",
    "view_rows",
]

NodeRow = tuple[str, Mapping[str, Any]]
EdgeRow = tuple[str, str, str, Mapping[str, Any]]


@dataclass(frozen=True)
class Written:
    """How many entities and claims a writer wrote."""

    nodes: int
    edges: int


# (column, type, value from the row's attributes); lists stay lists here and are joined where a
# format has no list type of its own.
Field = tuple[str, str, Callable[[str, Mapping[str, Any]], Any]]
NODE_FIELDS: tuple[Field, ...] = (
    ("label", "string", lambda n, d: d.get("label") or n),
    ("curie", "string", lambda n, d: d.get("curie") or n),
    ("iri", "string", lambda n, d: d.get("iri") or n),
    ("category", "string", lambda n, d: d.get("category") or "Entity"),
    ("categories", "list", lambda n, d: list(d.get("categories") or ())),
    ("synonyms", "list", lambda n, d: list(d.get("synonyms") or ())),
    ("mappings", "list", lambda n, d: list(d.get("mappings") or ())),
)

EDGE_FIELDS: tuple[Field, ...] = (
    ("claim", "string", lambda k, d: d.get("claim") or k),
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
    ("attributed_to", "string", lambda k, d: d.get("attributed_to") or ""),
)


def _curie(iri: str) -> str:
    from il6graph.vocabulary import to_curie

    return to_curie(iri)


def node_fields(node: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The exported fields of one entity, in :data:`NODE_FIELDS` order."""
    return {name: get(node, attrs) for name, _, get in NODE_FIELDS}


def edge_fields(claim: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The exported fields of one claim, in :data:`EDGE_FIELDS` order."""
    return {name: get(claim, attrs) for name, _, get in EDGE_FIELDS}


def view_rows(view: networkx.MultiDiGraph) -> tuple[Iterable[NodeRow], Iterable[EdgeRow]]:
    """The node and edge rows of a networkx view, sorted (node id; claim id) for stable files."""

    def nodes() -> Iterator[NodeRow]:
        yield from sorted(view.nodes(data=True), key=lambda item: item[0])

    def edges() -> Iterator[EdgeRow]:
        for u, v, key, data in sorted(
            view.edges(keys=True, data=True), key=lambda e: (str(e[2]), e[0], e[1])
        ):
            yield u, v, str(key), data

    return nodes(), edges()


# --- lists in formats without a list type -------------------------------------------------------

LIST_SEPARATOR = "|"
_NEEDS_ESCAPE = re.compile(r"[\\|]")
_ESCAPED_ITEM = re.compile(r"((?:[^\\|]|\\.)*)(\||$)", re.DOTALL)


def join_list(items: Iterable[str]) -> str:
    """Items joined with ``|``; a ``|`` or ``\\`` inside an item is written ``\\|`` or ``\\\\``.

    >>> join_list(["IL-6", "a|b", "c\\\\d"])
    'IL-6|a\\\\|b|c\\\\\\\\d'
    >>> split_list(join_list(["IL-6", "a|b", "c\\\\d"]))
    ['IL-6', 'a|b', 'c\\\\d']
    """
    return LIST_SEPARATOR.join(_NEEDS_ESCAPE.sub(lambda m: "\\" + m.group(0), i) for i in items)


def split_list(text: str) -> list[str]:
    """The items of a :func:`join_list` value (the reader side, for tests and users)."""
    if text == "":
        return []
    items = []
    for match in _ESCAPED_ITEM.finditer(text):
        items.append(re.sub(r"\\(.)", r"\1", match.group(1), flags=re.DOTALL))
        if match.group(2) == "":
            break
    return items
