"""Bind parameters to a query: values become RDF terms, joined as VALUES blocks in the parsed
query, never pasted into its text.

:func:`prepare_query` inspects a query (:func:`~il6graph.sparql.inspection.parse_checked`),
turns each parameter value into an RDF term by its declared kind, and adds
``VALUES ?name { term ... }`` at the start of the WHERE group and of every group inside it that
uses ``?name`` (not inside subqueries): Oxigraph does not push a binding from outside a UNION
into its branches, so a property path inside a branch would otherwise run from every node of
the graph. The result is written once more by the parser's writer: what runs is what was
inspected, with the terms in their canonical spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import product
from typing import TYPE_CHECKING

from il6graph.curies import PREFIXES
from il6graph.errors import InputError
from il6graph.sparql.inspection import QueryInfo, parse_checked
from il6graph.sparql.saved import Parameter, SavedQuery, read_query
from il6graph.sparql.tree import Group, Part, write

if TYPE_CHECKING:
    from rdflib.term import Node

    from il6graph.entities import EntityIndex

__all__ = ["Entities", "PreparedQuery", "prepare_query", "sparql_term"]


# IRIREF of the SPARQL grammar, minus escapes: nothing that could end the IRI or start an escape.
_IRI = re.compile(r"[^<>\"{}|^`\\\x00-\x20]+\Z")
_LANGUAGE = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*\Z")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def sparql_term(node: Node) -> str:
    """An RDF term written as SPARQL, quoted so that nothing in it can end it early.

    >>> from rdflib import Literal
    >>> print(sparql_term(Literal('can" ) } UNION { ?s ?p ?o } #')))
    "can\\" ) } UNION { ?s ?p ?o } #"
    """
    from rdflib import XSD, Literal, URIRef

    if isinstance(node, URIRef):
        if not _IRI.match(str(node)):
            raise InputError(f"not a usable IRI: {str(node)!r}")
        return f"<{node}>"
    if isinstance(node, Literal):
        quoted = '"' + "".join(_ESCAPES.get(c, c) for c in str(node)) + '"'
        if node.language:
            if not _LANGUAGE.match(node.language):
                raise InputError(f"not a language tag: {node.language!r}")
            return f"{quoted}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{quoted}^^{sparql_term(URIRef(str(node.datatype)))}"
        return quoted
    raise InputError(f"a parameter must be an IRI or a literal, not {node!r}")


Entities = Callable[[], "EntityIndex"]  # builds the index only when a name must be resolved


def _parameter_terms(
    name: str, values: Sequence[str], declared: Parameter | None, entities: Entities | None
) -> list[Node]:
    from rdflib import XSD, Literal, URIRef

    from il6graph.vocabulary import from_curie

    kind = declared.kind if declared else None
    terms: list[Node] = []
    for value in values:
        if kind == "entity":
            if entities is None:
                raise InputError(
                    f"parameter {name}={value} names an entity, but there is no graph to find it in"
                )
            terms.append(URIRef(entities().resolve(value).iri))  # unknown names: "did you mean"
        elif kind is None:  # undeclared: an entity if the value names exactly one, else text
            matches = entities().candidates(value) if entities is not None else []
            terms.append(URIRef(matches[0].iri) if len(matches) == 1 else Literal(value))
        elif kind == "iri":
            if value.startswith("<") and value.endswith(">"):
                iri = value[1:-1]
            elif re.match(r"[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
                iri = value
            else:
                try:
                    iri = from_curie(value)
                except ValueError as error:
                    raise InputError(f"parameter {name}={value}: {error}") from None
            terms.append(URIRef(iri))
        elif kind == "integer":
            if not re.fullmatch(r"[+-]?\d+", value.strip()):
                raise InputError(f"parameter {name}={value} is not an integer")
            terms.append(Literal(int(value), datatype=XSD.integer))
        elif kind == "decimal":
            try:
                terms.append(Literal(Decimal(value), datatype=XSD.decimal))
            except InvalidOperation:
                raise InputError(f"parameter {name}={value} is not a decimal number") from None
        else:
            terms.append(Literal(value))
    return terms


@dataclass(frozen=True)
class PreparedQuery:
    """A checked query with its parameters bound, ready for any engine."""

    text: str  # the query as it runs: the parser's writing of it, parameters bound
    form: str
    info: QueryInfo
    where: str  # where it came from, for messages: a file, a saved query name, "query"

    @property
    def full_text(self) -> str:
        """The text as sent to an engine: :attr:`text` declares the prefixes it uses itself."""
        return self.text


def prepare_query(
    query: str | SavedQuery,
    parameters: Mapping[str, Sequence[str]] | None = None,
    *,
    entities: Entities | None = None,
    where: str | None = None,
) -> PreparedQuery:
    """Check a query and bind its parameters.

    ``parameters`` maps a variable name to one or more values (several values give several rows
    of the ``VALUES`` block). A value becomes an RDF term by the parameter's declared kind:
    ``entity`` (a name: label, synonym or identifier), ``iri``,
    ``string``, ``integer`` or ``decimal``; ``entities`` gives the :class:`EntityIndex` that
    resolves names, and is called only if a name must be resolved. An undeclared parameter is an
    entity if its value names exactly one, else a plain literal. Declared parameters left out
    take their default.

    >>> from il6graph.sparql import query_dataset, saved_query
    >>> store = query_dataset()
    >>> prepared = prepare_query(
    ...     saved_query("claims-about"), {"entity": ["STAT3"]}, entities=lambda: store.entities)
    >>> "VALUES ?entity { hgnc:11364 }" in prepared.text
    True
    """
    saved = query if isinstance(query, SavedQuery) else read_query(query)
    where = where or (saved.name if isinstance(query, SavedQuery) else "query")
    parsed = parse_checked(saved.text, where=where)
    info = QueryInfo(
        form=parsed.form,
        variables=parsed.variables,
        declared_prefixes=parsed.declared_prefixes,
        text=write(parsed.tree, PREFIXES),
    )
    given = {name: list(values) for name, values in (parameters or {}).items() if values}
    for parameter in saved.parameters:
        if parameter.name not in given:
            if parameter.default is None:
                raise InputError(
                    f"{where} needs --param {parameter.name}=VALUE ({parameter.description})"
                )
            given[parameter.name] = [parameter.default]
    if not given:
        return PreparedQuery(text=info.text, form=info.form, info=info, where=where)
    bound: dict[str, list[str]] = {}
    for name, values in given.items():
        if name not in info.variables:
            known = ", ".join(f"?{v}" for v in sorted(info.variables)) or "none"
            raise InputError(f"{where} has no variable ?{name} to bind (its variables: {known})")
        terms = _parameter_terms(name, values, saved.parameter(name), entities)
        bound[name] = [sparql_term(term) for term in terms]
    _bind(parsed.tree, bound, where)
    text = write(parsed.tree, PREFIXES)
    return PreparedQuery(text=text, form=info.form, info=info, where=where)


def _mentions(group: Group) -> set[str]:
    """Variables used in ``group`` and the groups inside it, subqueries left out."""
    names: set[str] = set()
    for part in group.parts:
        if isinstance(part, Group):
            if part.kind != "subquery":
                names |= _mentions(part)
        elif part.startswith("?"):
            names.add(part[1:])
    return names


def _inner_groups(group: Group) -> list[Group]:
    """The group graph patterns inside ``group`` (nested ones too), subqueries left out."""
    found: list[Group] = []
    for part in group.parts:
        if isinstance(part, Group) and part.kind == "group":
            found.append(part)
            found += _inner_groups(part)
    return found


def _bind(tree: Group, bound: Mapping[str, Sequence[str]], where: str) -> None:
    """Join ``VALUES ?name { term ... }`` at the start of the WHERE group and of every group
    inside it that uses ``?name``. A query with no WHERE group (``CONSTRUCT WHERE``,
    ``DESCRIBE <iri>``) gets a trailing VALUES clause instead."""
    top = next((p for p in tree.parts if isinstance(p, Group) and p.kind == "where"), None)
    if top is None:
        if any(isinstance(p, Group) and p.kind == "values" for p in tree.parts):
            raise InputError(f"{where}: cannot bind parameters into a query with a trailing VALUES")
        names = list(bound)
        rows: list[Part] = ["{"]
        for row in product(*(bound[name] for name in names)):
            rows += ["(", *row, ")"]
        header: list[Part] = ["VALUES", "(", *(f"?{name}" for name in names), ")"]
        tree.parts.append(Group("values", [*header, Group("data", [*rows, "}"])]))
        return
    inner = _inner_groups(top)
    targets = {name: [top, *(g for g in inner if name in _mentions(g))] for name in bound}
    for name, groups in targets.items():
        for group in groups:
            block: list[Part] = ["VALUES", f"?{name}", Group("data", ["{", *bound[name], "}"])]
            group.parts[1:1] = block
