"""The SPARQL 1.1 terminals (section 19.8 of the specification), read by the longest match.

:func:`tokenize` turns a query into tokens with their decoded values and their line and column,
or raises :class:`QuerySyntaxError` at the first character that starts no terminal. Comments and
white space are dropped. Codepoint escapes (``\\u0041``, ``\\U0001F46A``) are decoded inside IRIs
and strings only, as Oxigraph does; elsewhere a backslash is an error, except for the escapes the
grammar allows in local names (``ex:a\\.b``).

>>> [t.kind for t in tokenize("SELECT ?x { ?x a <y> }")]
['word', 'var', '{', 'var', 'a', 'iri', '}', 'end']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuerySyntaxError", "Token", "tokenize"]


class QuerySyntaxError(Exception):
    """A query the grammar does not allow, with the 1-based line and column where it goes wrong."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True)
class Token:
    """One terminal: ``kind`` (``iri``, ``pname``, ``var``, ``string``, ``number``, ``word``,
    ``bnode``, ``lang``, ``end`` or the punctuation itself), its ``text`` as written and its
    decoded ``value``."""

    kind: str
    text: str
    value: str
    line: int
    column: int
    offset: int
    prefix: str = ""  # a prefixed name's prefix; a number's datatype


_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_ECHAR = r"\\[tbnrf\\\"']"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_EXPONENT = r"[eE][+-]?[0-9]+"

_TERMINALS = re.compile(
    rf"""
      (?P<ws>[\x20\t\r\n]+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
    | (?P<long>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
              |\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*\"\"\")
    | (?P<string>'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'|"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*")
    | (?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)
    | (?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
    | (?P<pname>(?P<prefix>{_PREFIX})?:(?P<local>{_LOCAL})?)
    | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
    | (?P<double>[+-]?(?:[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}))
    | (?P<decimal>[+-]?[0-9]*\.[0-9]+)
    | (?P<integer>[+-]?[0-9]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{{}}()\[\].,;*/|^?+\-!=<>])
    """,
    re.VERBOSE,
)
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_CODEPOINT = re.compile(rf"{_UCHAR}|{_ECHAR}")
_DATATYPES = {"integer": "integer", "decimal": "decimal", "double": "double"}


def _decode(text: str, line: int, column: int, *, echar: bool) -> str:
    def one(match: re.Match[str]) -> str:
        found = match.group()
        if found[1] in "uU":
            code = int(found[2:], 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise QuerySyntaxError(
                    f"{found} is not a character (a surrogate or beyond U+10FFFF)", line, column
                )
            return chr(code)
        if not echar:
            raise QuerySyntaxError(f"{found} is not allowed in an IRI", line, column)
        return _ESCAPES[found[1]]

    return _CODEPOINT.sub(one, text)


_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token."""
    tokens: list[Token] = []
    position, line, line_start = 0, 1, 0
    while position < len(text):
        found = _TERMINALS.match(text, position)
        column = position - line_start + 1
        if found is None:
            raise QuerySyntaxError(_unexpected(text, position), line, column)
        kind = found.lastgroup or ""
        written = found.group()
        if kind in ("prefix", "local"):
            kind = "pname"
        if kind in ("ws", "comment", "long"):
            newlines = written.count("\n")
            if kind == "long":
                tokens.append(_string(written[3:-3], written, line, column, position))
            if newlines:
                line += newlines
                line_start = position + written.rfind("\n") + 1
        elif kind == "string":
            tokens.append(_string(written[1:-1], written, line, column, position))
        elif kind == "iri":
            value = _decode(written[1:-1], line, column, echar=False)
            if _IRI_FORBIDDEN.search(value):
                raise QuerySyntaxError(
                    f"an escape in {written} gives a character IRIs cannot hold", line, column
                )
            tokens.append(Token("iri", written, value, line, column, position))
        elif kind == "pname":
            local = found.group("local") or ""
            unescaped = re.sub(r"\\(.)", r"\1", local)
            prefix = found.group("prefix") or ""
            tokens.append(Token("pname", written, unescaped, line, column, position, prefix))
        elif kind in ("integer", "decimal", "double"):
            tokens.append(Token("number", written, written, line, column, position, kind))
        elif kind == "punct":
            tokens.append(Token(written, written, written, line, column, position))
        elif kind == "word" and written == "a":
            tokens.append(Token("a", written, written, line, column, position))
        else:
            tokens.append(Token(kind, written, written, line, column, position))
        position = found.end()
    tokens.append(Token("end", "", "", line, len(text) - line_start + 1, len(text)))
    return tokens


def _string(body: str, written: str, line: int, column: int, offset: int) -> Token:
    return Token("string", written, _decode(body, line, column, echar=True), line, column, offset)


def _unexpected(text: str, position: int) -> str:
    char = text[position]
    if char in "\"'":
        return "a string that is never closed (or holds a line break or a bad escape)"
    if char == "\\":
        if re.match(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})", text[position:]):
            return (
                "a \\u escape outside a string or an IRI: il6graph reads codepoint escapes "
                "only inside strings and IRIs, as Oxigraph does"
            )
        return "a backslash outside a string, an IRI or a local name's escape"
    if char == "<":
        return "'<' that starts no IRI"
    if char == "@":
        return "a language tag that is not letters and hyphens"
    return f"unexpected character {char!r} (U+{ord(char):04X})"
