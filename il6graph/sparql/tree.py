"""A parsed query as il6graph keeps it: canonical tokens in nested groups, and how it is written.

The parser (:mod:`il6graph.sparql.parser`) writes every term in one canonical spelling: IRIs
absolute (relative ones resolved, prefixed names expanded), strings with only the escapes
``\\t \\b \\n \\r \\f \\" \\\\``, keywords upper case, no comments. :func:`write` joins them
back into the text that runs, and nothing in that text can be read two ways. For people, IRIs
under the project's prefixes are written as prefixed names with plain local names
(``il6v:activates``), declared at the top.

>>> print(write(Group("query", ["SELECT", "*", "WHERE", Group("where", ["{", "?s", "?p", "?o", "}"])])), end="")
SELECT * WHERE {
  ?s ?p ?o
}
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

__all__ = ["Group", "Part", "iri_token", "literal_token", "parenthesised", "write"]


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


def _opens(part: Part) -> bool:
    return isinstance(part, str) and part.endswith("(") and not part.startswith(('"', "<"))


def parenthesised(parts: list[Part]) -> list[Part]:
    """``parts`` inside one pair of parentheses: as they are if they already are."""
    if parts and parts[0] == "(" and parts[-1] == ")":
        depth = 0
        for index, part in enumerate(parts):
            if _opens(part):
                depth += 1
            elif part == ")":
                depth -= 1
                if depth == 0 and index < len(parts) - 1:
                    break
        else:
            return parts
    return ["(", *parts, ")"]


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
    reading (a VALUES block stays on one line). With ``prefixes``, IRIs under them are
    shortened and the prefixes declared."""
    used: dict[str, str] = {}
    namespaces = sorted((prefixes or {}).items(), key=lambda item: -len(item[1]))

    def shorten(token: str) -> str:
        if not namespaces:
            return token
        if token.startswith('"') and token.endswith(">") and '"^^<' in token:
            value, _, datatype = token.rpartition("^^")
            return f"{value}^^{shorten(datatype)}"
        if not token.startswith("<"):
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
    continued = False  # the lines after ";" are indented one more

    def flush() -> None:
        if current:
            lines.append("  " * (depth + continued) + " ".join(current))
            current.clear()

    def emit(group: Group) -> None:
        nonlocal depth, continued
        for part in group.parts:
            if isinstance(part, Group):
                if part.kind == "data":
                    current.extend(shorten(token) for token in part.tokens())
                    flush()
                else:
                    emit(part)
                continue
            if part == "}":
                flush()
                depth, continued = max(0, depth - 1), False
                current.append(part)
                flush()
                continue
            current.append(shorten(part))
            if part == "{":
                flush()
                depth, continued = depth + 1, False
            elif part in _BREAK_AFTER:
                flush()
                continued = part == ";"

    emit(query)
    flush()
    declarations = [f"PREFIX {name}: <{used[name]}>" for name in sorted(used)]
    return "\n".join(declarations + lines) + "\n"
