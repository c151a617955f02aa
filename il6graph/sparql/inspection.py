"""Inspect a query before any engine sees it: parse it, refuse what it must not do, and keep the
canonical text that runs.

:func:`inspect_query` reads the query with il6graph's SPARQL 1.1 parser
(:mod:`il6graph.sparql.parser`) with the project's prefixes declared and a base IRI
(:data:`DEFAULT_BASE`) for relative IRIs. It fails closed: ``SERVICE`` anywhere (in a subquery,
an EXISTS, a nested group), ``FROM``/``FROM NAMED``, an update, or anything the grammar does not
allow is one :class:`InputError` line with its place, and nothing is evaluated. The query that
runs is not the text the user wrote but the parser's own writing of it
(:attr:`QueryInfo.text`): every IRI in full or as a plain prefixed name, no comments, no escapes
but the plain ones, so the engine cannot read it any other way than the parser did.

>>> inspect_query("SELECT ?x WHERE { ?x a biolink:Cell }").form
'SELECT'
>>> inspect_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
il6graph.errors.InputError: query:1:18: SERVICE is refused: il6graph never lets a query make outbound requests
"""

from __future__ import annotations

from dataclasses import dataclass, field

from il6graph.curies import PREFIXES
from il6graph.errors import InputError
from il6graph.sparql.lexer import QuerySyntaxError
from il6graph.sparql.parser import DEFAULT_BASE, ParsedQuery, parse_query
from il6graph.sparql.tree import write

__all__ = ["DEFAULT_BASE", "QueryInfo", "inspect_query", "parse_checked", "prefix_declarations"]

MAX_QUERY_CHARACTERS = 1 << 20  # a longer query is refused before it is read


@dataclass(frozen=True)
class QueryInfo:
    """What :func:`inspect_query` found: the query form, its variables, its own prefixes, and
    the canonical text that runs."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: frozenset[str]
    declared_prefixes: frozenset[str]
    text: str = field(default="", compare=False)


def parse_checked(text: str, *, where: str = "query") -> ParsedQuery:
    """Parse ``text`` as :func:`inspect_query` does, keeping the tree (for binding parameters)."""
    if len(text) > MAX_QUERY_CHARACTERS:
        raise InputError(f"{where}: the query is longer than {MAX_QUERY_CHARACTERS} characters")
    try:
        parsed = parse_query(text, prefixes=PREFIXES, base=DEFAULT_BASE)
    except QuerySyntaxError as error:
        if error.message.startswith("syntax error, expected SELECT") and not text.strip(" \t\r\n"):
            raise InputError(f"{where}: the query is empty") from None
        if error.message.startswith("syntax error, expected SELECT") and _only_comments(text):
            raise InputError(f"{where}: the query is empty") from None
        raise InputError(f"{where}:{error.line}:{error.column}: {error.message}") from None
    except RecursionError:
        raise InputError(f"{where}: the query nests too deeply to be read") from None
    return parsed


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("#") for line in text.splitlines())


def inspect_query(text: str, *, where: str = "query") -> QueryInfo:
    """Refuse what a query must not do, check its syntax, and say what kind of query it is.

    Raises :class:`InputError` naming ``where`` (a file or saved query name) with line and column.
    """
    parsed = parse_checked(text, where=where)
    return QueryInfo(
        form=parsed.form,
        variables=parsed.variables,
        declared_prefixes=parsed.declared_prefixes,
        text=write(parsed.tree, PREFIXES),
    )


def prefix_declarations(info: QueryInfo | None = None) -> str:
    """``PREFIX`` lines for the project's prefixes that a query does not declare itself."""
    declared = info.declared_prefixes if info else frozenset()
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
