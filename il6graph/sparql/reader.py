"""The token cursor the parser reads with: terms, IRIs resolved, errors placed.

:class:`TokenReader` holds the tokens of one query, the base IRI and the prefixes in force, and
turns terms into their canonical tokens (:mod:`il6graph.sparql.tree`). The grammar itself is in
:mod:`il6graph.sparql.expressions` and :mod:`il6graph.sparql.parser`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from il6graph.sparql.lexer import QuerySyntaxError, Token, tokenize
from il6graph.sparql.tree import iri_token, literal_token

__all__ = ["QueryRefused", "TokenReader", "resolve_iri"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"


class QueryRefused(QuerySyntaxError):
    """A valid query that does something il6graph never runs (SERVICE, FROM, an update)."""


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_PARTS = re.compile(
    r"(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?\Z", re.DOTALL
)


def _remove_dots(path: str) -> str:
    out: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1 or (out and out[0] != ""):
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    result = "/".join(out)
    if path.startswith("/") and not result.startswith("/"):
        result = "/" + result
    return result


def resolve_iri(base: str, reference: str) -> str:
    """``reference`` resolved against ``base`` (RFC 3986, section 5.2).

    >>> resolve_iri("http://a/b/c/d;p?q", "../g")
    'http://a/b/g'
    >>> resolve_iri("https://w3id.org/il6graph/", "a")
    'https://w3id.org/il6graph/a'
    """
    if _SCHEME.match(reference):
        scheme, authority, path, query, fragment = _PARTS.match(reference).groups()  # type: ignore[union-attr]
        return _join(scheme, authority, _remove_dots(path), query, fragment)
    b_scheme, b_authority, b_path, b_query, _ = _PARTS.match(base).groups()  # type: ignore[union-attr]
    _, authority, path, query, fragment = _PARTS.match(reference).groups()  # type: ignore[union-attr]
    if authority is not None:
        return _join(b_scheme, authority, _remove_dots(path), query, fragment)
    if path == "":
        return _join(
            b_scheme, b_authority, b_path, query if query is not None else b_query, fragment
        )
    if path.startswith("/"):
        merged = path
    elif b_authority is not None and b_path == "":
        merged = "/" + path
    else:
        merged = b_path[: b_path.rfind("/") + 1] + path
    return _join(b_scheme, b_authority, _remove_dots(merged), query, fragment)


def _join(
    scheme: str | None, authority: str | None, path: str, query: str | None, fragment: str | None
) -> str:
    out = f"{scheme}:" if scheme else ""
    if authority is not None:
        out += f"//{authority}"
    out += path
    if query is not None:
        out += f"?{query}"
    if fragment is not None:
        out += f"#{fragment}"
    return out


class TokenReader:
    """A cursor over the tokens of a query, with the prologue's base and prefixes."""

    def __init__(self, text: str, *, base: str, prefixes: Mapping[str, str]) -> None:
        self.tokens = tokenize(text)
        self.at = 0
        self.base = base
        self.prefixes = dict(prefixes)
        self.declared: set[str] = set()

    # -- moving

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.at + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        if token.kind != "end":
            self.at += 1
        return token

    def is_word(self, *words: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == "word" and token.text.upper() in words

    def is_(self, *kinds: str, ahead: int = 0) -> bool:
        return self.peek(ahead).kind in kinds

    def expect(self, kind: str, what: str | None = None) -> Token:
        if self.peek().kind != kind:
            self.fail_expected(what or f"'{kind}'")
        return self.take()

    def expect_word(self, word: str) -> Token:
        if not self.is_word(word):
            self.fail_expected(word)
        return self.take()

    # -- errors

    def fail(self, message: str, token: Token | None = None) -> None:
        token = token or self.peek()
        raise QuerySyntaxError(message, token.line, token.column)

    def fail_expected(self, what: str) -> None:
        token = self.peek()
        found = "the end of the query" if token.kind == "end" else repr(token.text)
        self.fail(f"syntax error, expected {what}, found {found}")

    def refuse(self, message: str, token: Token) -> None:
        raise QueryRefused(message, token.line, token.column)

    # -- terms

    def iri(self) -> str:
        """An IRI (``<...>`` or a prefixed name) as its canonical token."""
        token = self.peek()
        if token.kind == "iri":
            self.take()
            return iri_token(resolve_iri(self.base, token.value))
        if token.kind == "pname":
            self.take()
            if token.prefix not in self.prefixes:
                prefix = token.prefix
                raise QuerySyntaxError(
                    f"unknown prefix {prefix}: (declare it with PREFIX {prefix}: <...>; "
                    "il6graph query --prefixes lists the declared ones)",
                    token.line,
                    token.column,
                )
            return iri_token(self.prefixes[token.prefix] + token.value)
        self.fail_expected("an IRI")
        raise AssertionError  # unreachable: fail_expected raises

    def starts_iri(self) -> bool:
        return self.is_("iri", "pname")

    def literal(self) -> str:
        """A string with its language tag or datatype, a number or a boolean, as a token."""
        token = self.peek()
        if token.kind == "string":
            self.take()
            if self.is_("lang"):
                return literal_token(token.value, language=self.take().text[1:])
            if self.is_("^^"):
                self.take()
                return literal_token(token.value, datatype=self.iri()[1:-1])
            return literal_token(token.value)
        if token.kind == "number":
            self.take()
            return token.text
        if self.is_word("TRUE", "FALSE"):
            return self.take().text.lower()
        self.fail_expected("a literal")
        raise AssertionError

    def starts_literal(self) -> bool:
        return self.is_("string", "number") or self.is_word("TRUE", "FALSE")

    def var(self) -> str:
        token = self.expect("var", "a variable")
        return "?" + token.text[1:]

    # -- prologue

    def prologue(self) -> None:
        """BASE and PREFIX declarations: they change how later IRIs are read, and are not kept
        (every IRI is written absolute)."""
        while True:
            if self.is_word("BASE"):
                self.take()
                token = self.expect("iri", "an IRI in <...>")
                self.base = resolve_iri(self.base, token.value)
            elif self.is_word("PREFIX"):
                self.take()
                name = self.peek()
                if name.kind != "pname" or not name.text.endswith(":") or name.value:
                    self.fail_expected("a prefix name such as ex:")
                self.take()
                token = self.expect("iri", "an IRI in <...>")
                self.prefixes[name.prefix] = resolve_iri(self.base, token.value)
                self.declared.add(name.prefix)
            else:
                return


def number_datatype(token: Token) -> str:
    """The XSD datatype of a numeric token."""
    return XSD + token.prefix
