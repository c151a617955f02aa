"""A parsed query as il6graph keeps it: canonical tokens in nested groups, and how it is written.

The parser (:mod:`il6graph.sparql.parser`) writes every term in one canonical spelling: IRIs
absolute (relative ones resolved, prefixed names expanded), strings with only the escapes
``\\t \\b \\n \\r \\f \\" \\\\``, keywords upper case, no comments. :func:`write` joins them
back into the text that runs, and nothing in that text can be read two ways. For people, IRIs
under the project's prefixes are written as prefixed names with plain local names
(``il6v:activates``), declared at the top.

>>> write(Group("query", ["SELECT", "*", "WHERE", Group("where", ["?s", "?p", "?o"])]))
'SELECT * WHERE {\\n  ?s ?p ?o\\n}\\n'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

__all__ = ["Group", "Part", "iri_token", "literal_token", "write"]


@dataclass
class Group:
    """A ``{ ... }`` block or the whole query. ``kind`` is ``query``, ``where`` (the WHERE
    clause), ``group`` (any other group graph pattern), ``subquery``, ``data`` (a VALUES block),
    ``template`` (CONSTRUCT's) or ``values`` (a trailing VALUES clause, without braces of its
    own)."""

    kind: str
    parts: list[Part] = field(default_factory=list)

    def tokens(self) -> Iterator[str]:
        for part in self.parts:
            if isinstance(part, Group):
                yield from part.tokens()
            else:
                yield part

    def groups(self) -> Iterator[Group]:
        """This group and every group inside it, depth first."""
        yield self
        for part in self.parts:
            if isinstance(part, Group):
                yield from part.groups()


Part = str | Group

_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
_STRING_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def iri_token(iri: str) -> str:
    """An absolute IRI as a token. The lexer has already refused characters an IRI cannot hold."""
    return f"<{iri}>"


def literal_token(value: str, *, language: str = "", datatype: str = "") -> str:
    """A literal as a token: a double-quoted string with its language tag or datatype."""
    quoted = '"' + "".join(_STRING_ESCAPES.get(c, c) for c in value) + '"'
    if language:
        return f"{quoted}@{language}"
    if datatype:
        return f"{quoted}^^<{datatype}>"
    return quoted


_BREAK_AFTER = {".", "{", ";"}


def write(query: Group, prefixes: Mapping[str, str] | None = None) -> str:
    """The text of ``query``: one token after another, with line breaks and indentation for
    reading. With ``prefixes``, IRIs under them are shortened and the prefixes declared."""
    used: dict[str, str] = {}
    namespaces = sorted((prefixes or {}).items(), key=lambda item: -len(item[1]))

    def shorten(token: str) -> str:
        if not namespaces or not token.startswith("<"):
            return token
        iri = token[1:-1]
        for name, namespace in namespaces:
            if iri.startswith(namespace) and _PLAIN_LOCAL.match(iri[len(namespace) :]):
                used[name] = namespace
                return f"{name}:{iri[len(namespace) :]}"
        return token

    lines: list[str] = []
    current: list[str] = []
    depth = 0

    def flush() -> None:
        if current:
            lines.append("  " * depth + " ".join(current))
            current.clear()

    for token in query.tokens():
        if token == "}":
            flush()
            depth = max(0, depth - 1)
            current.append(token)
            flush()
            continue
        current.append(
            shorten(token) if token.startswith("<") else _shorten_datatype(token, shorten)
        )
        if token == "{":
            flush()
            depth += 1
        elif token in _BREAK_AFTER:
            flush()
    flush()
    declarations = [f"PREFIX {name}: <{used[name]}>" for name in sorted(used)]
    return "\n".join(declarations + lines) + "\n"


def _shorten_datatype(token: str, shorten: object) -> str:
    if token.startswith('"') and token.endswith(">") and '"^^<' in token:
        value, _, datatype = token.rpartition("^^")
        assert callable(shorten)
        return f"{value}^^{shorten(datatype)}"
    return token
