"""Saved queries: the ``.rq`` files shipped in ``il6graph/queries``, with their headers read.

A saved query's comment header says what it answers (first line), declares its parameters
(``# param NAME (KIND, default VALUE): what it is``) and describes it (the rest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from il6graph.errors import InputError

__all__ = [
    "PARAMETER_KINDS",
    "Parameter",
    "SavedQuery",
    "read_query",
    "saved_queries",
    "saved_query",
]

PARAMETER_KINDS = ("entity", "iri", "string", "integer", "decimal")


@dataclass(frozen=True)
class Parameter:
    """A parameter a query declares in its header: ``# param entity (entity, default IL-6): ...``."""

    name: str
    kind: str  # entity, iri, string, integer or decimal
    default: str | None
    description: str


@dataclass(frozen=True)
class SavedQuery:
    """A query with its header read: what it answers, what it takes."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


_PARAMETER_LINE = re.compile(
    r"#\s*param\s+(\w+)\s*\(\s*(\w+)\s*(?:,\s*default\s+([^)]*?))?\s*\)\s*:\s*(.*)$"
)


def read_query(text: str, *, name: str = "query") -> SavedQuery:
    """Read a query's comment header: the first line says what it answers, ``# param`` lines
    declare its parameters, the rest describes it.

    >>> query = read_query("# Cells that make X.\\n# param x (entity, default IL-6): the product\\nSELECT ...")
    >>> query.title, query.parameters[0].kind, query.parameters[0].default
    ('Cells that make X.', 'entity', 'IL-6')
    """
    title, description, parameters = "", [], []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        declared = _PARAMETER_LINE.match(stripped)
        if declared:
            pname, kind, default, about = declared.groups()
            if kind not in PARAMETER_KINDS:
                raise InputError(
                    f"{name}: parameter {pname} has unknown kind {kind!r} (known: {', '.join(PARAMETER_KINDS)})"
                )
            parameters.append(Parameter(pname, kind, default.strip() if default else None, about))
            continue
        words = stripped.lstrip("#").strip()
        if not title:
            title = words
        elif words:
            description.append(words)
    return SavedQuery(name, title, " ".join(description), tuple(parameters), text)


def _queries_folder() -> Any:
    return files("il6graph").joinpath("queries")


def saved_queries() -> dict[str, SavedQuery]:
    """The queries shipped with il6graph (``il6graph/queries/*.rq``), by name."""
    found = {}
    for entry in _queries_folder().iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = read_query(entry.read_text(encoding="utf-8"), name=name)
    return dict(sorted(found.items()))


def saved_query(name: str) -> SavedQuery:
    """One saved query; an unknown name raises :class:`InputError` listing the names."""
    queries = saved_queries()
    if name not in queries:
        raise InputError(
            f"unknown saved query {name!r}; saved queries: {', '.join(queries)} "
            "(il6graph query --list describes them)"
        )
    return queries[name]
