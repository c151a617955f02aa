"""SPARQL 1.1 expressions (grammar rules 110-128), written back fully parenthesised.

Every binary operation is written inside its own parentheses, so the text that runs needs no
precedence rules to be read the way it was parsed: ``?a + ?b * 2`` becomes ``( ?a + ( ?b * 2 ) )``.
"""

from __future__ import annotations

from il6graph.sparql.reader import TokenReader
from il6graph.sparql.tree import Group, Part, parenthesised

__all__ = ["AGGREGATES", "BUILTINS", "ExpressionReader"]

# name -> (least, most) arguments; -1: a list of any length
BUILTINS: dict[str, tuple[int, int]] = {
    **{
        name: (1, 1)
        for name in [
            "STR",
            "LANG",
            "DATATYPE",
            "IRI",
            "URI",
            "ABS",
            "CEIL",
            "FLOOR",
            "ROUND",
            "STRLEN",
            "UCASE",
            "LCASE",
            "ENCODE_FOR_URI",
            "YEAR",
            "MONTH",
            "DAY",
            "HOURS",
            "MINUTES",
            "SECONDS",
            "TIMEZONE",
            "TZ",
            "MD5",
            "SHA1",
            "SHA256",
            "SHA384",
            "SHA512",
            "ISIRI",
            "ISURI",
            "ISBLANK",
            "ISLITERAL",
            "ISNUMERIC",
        ]
    },
    **{
        name: (2, 2)
        for name in [
            "LANGMATCHES",
            "CONTAINS",
            "STRSTARTS",
            "STRENDS",
            "STRBEFORE",
            "STRAFTER",
            "STRLANG",
            "STRDT",
            "SAMETERM",
        ]
    },
    **{name: (0, 0) for name in ("RAND", "NOW", "UUID", "STRUUID")},
    "BNODE": (0, 1),
    "CONCAT": (0, -1),
    "COALESCE": (0, -1),
    "IF": (3, 3),
    "SUBSTR": (2, 3),
    "REPLACE": (3, 4),
    "REGEX": (2, 3),
    "BOUND": (1, 1),
}
AGGREGATES = ("COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT")
_RELATIONS = ("=", "!=", "<", ">", "<=", ">=")


class ExpressionReader(TokenReader):
    """Expressions; patterns (for EXISTS) come from the subclass."""

    aggregates_allowed = False  # in SELECT expressions, HAVING and ORDER BY only
    aggregate_seen = False
    outside_aggregates: set[str] | None = None  # variables used outside aggregates, when asked

    def group_graph_pattern(self) -> Group:  # pragma: no cover - the parser defines it
        raise NotImplementedError

    def expression(self) -> list[Part]:
        return self._or()

    def _binary(self, left: list[Part], operator: str, right: list[Part]) -> list[Part]:
        return ["(", *left, operator, *right, ")"]

    def _or(self) -> list[Part]:
        left = self._and()
        while self.is_("||"):
            self.take()
            left = self._binary(left, "||", self._and())
        return left

    def _and(self) -> list[Part]:
        left = self._relational()
        while self.is_("&&"):
            self.take()
            left = self._binary(left, "&&", self._relational())
        return left

    def _relational(self) -> list[Part]:
        left = self._additive()
        if self.is_(*_RELATIONS):
            operator = self.take().kind
            return self._binary(left, operator, self._additive())
        if self.is_word("IN"):
            self.take()
            return ["(", *left, "IN", *self.expression_list(), ")"]
        if self.is_word("NOT") and self.is_word("IN", ahead=1):
            self.take()
            self.take()
            return ["(", *left, "NOT", "IN", *self.expression_list(), ")"]
        return left

    def _additive(self) -> list[Part]:
        left = self._multiplicative()
        while True:
            if self.is_("+", "-"):
                operator = self.take().kind
                left = self._binary(left, operator, self._multiplicative())
            elif self.is_("number") and self.peek().text[0] in "+-":
                # "?a -1" is "?a - 1": the sign of a signed number is the operator
                token = self.take()
                right: list[Part] = [token.text[1:]]
                while self.is_("*", "/"):
                    operator = self.take().kind
                    right = self._binary(right, operator, self._unary())
                left = self._binary(left, token.text[0], right)
            else:
                return left

    def _multiplicative(self) -> list[Part]:
        left = self._unary()
        while self.is_("*", "/"):
            operator = self.take().kind
            left = self._binary(left, operator, self._unary())
        return left

    def _unary(self) -> list[Part]:
        if self.is_("!", "+", "-"):
            operator = self.take().kind
            return parenthesised([operator, *self._primary()])
        return self._primary()

    def _primary(self) -> list[Part]:
        token = self.peek()
        if token.kind == "(":
            return self.bracketted()
        if token.kind == "var":
            name = self.var()
            if self.outside_aggregates is not None and not self._in_aggregate:
                self.outside_aggregates.add(name[1:])
            return [name]
        if self.starts_iri():
            return self.iri_or_function()
        if self.starts_literal():
            return [self.literal()]
        if token.kind == "word":
            return self.builtin_call()
        self.fail_expected("an expression")
        raise AssertionError

    _in_aggregate = False

    def bracketted(self) -> list[Part]:
        self.expect("(")
        inner = self.expression()
        self.expect(")", "')'")
        return parenthesised(inner)

    def constraint(self) -> list[Part]:
        """A FILTER or HAVING condition: bracketted, a built-in or a function call."""
        if self.is_("("):
            return self.bracketted()
        if self.starts_iri():
            return parenthesised(self.iri_or_function(require_call=True))
        if self.is_("word"):
            return parenthesised(self.builtin_call())
        self.fail_expected("'(', a built-in call or a function call")
        raise AssertionError

    def expression_list(self) -> list[Part]:
        self.expect("(")
        items: list[Part] = ["("]
        if not self.is_(")"):
            items += self.expression()
            while self.is_(","):
                self.take()
                items += [",", *self.expression()]
        self.expect(")", "')' or ','")
        return [*items, ")"]

    def iri_or_function(self, *, require_call: bool = False) -> list[Part]:
        name = self.iri()
        if not self.is_("("):
            if require_call:
                self.fail_expected("'(' after the function's IRI")
            return [name]
        self.take()
        parts: list[Part] = [f"{name}("]
        if not self.is_(")"):
            if self.is_word("DISTINCT"):
                self.take()
                parts.append("DISTINCT")
            parts += self.expression()
            while self.is_(","):
                self.take()
                parts += [",", *self.expression()]
        self.expect(")", "')' or ','")
        return [f"{name}()"] if len(parts) == 1 else [*parts, ")"]

    def builtin_call(self) -> list[Part]:
        token = self.peek()
        name = token.text.upper()
        if name == "NOT" and self.is_word("EXISTS", ahead=1):
            self.take()
            self.take()
            return ["NOT", "EXISTS", self.group_graph_pattern()]
        if name == "EXISTS":
            self.take()
            return ["EXISTS", self.group_graph_pattern()]
        if name in AGGREGATES:
            return self.aggregate()
        if name not in BUILTINS:
            self.fail(f"syntax error, {token.text!r} is not a SPARQL keyword or function")
        self.take()
        if name == "BOUND":
            self.expect("(")
            variable = self.var()
            if self.outside_aggregates is not None and not self._in_aggregate:
                self.outside_aggregates.add(variable[1:])
            self.expect(")", "')'")
            return ["BOUND(", variable, ")"]
        least, most = BUILTINS[name]
        arguments = self.expression_list()
        count = _count_arguments(arguments)
        if count < least or (most >= 0 and count > most):
            wanted = str(least) if least == most else f"{least} to {most}"
            if most < 0:
                wanted = f"at least {least}"
            self.fail(f"{name} takes {wanted} argument(s), not {count}", token)
        return _call(name, arguments)

    def aggregate(self) -> list[Part]:
        token = self.take()
        name = token.text.upper()
        if not self.aggregates_allowed:
            self.fail(
                f"{name} is an aggregate: it may be used in SELECT, HAVING and ORDER BY only",
                token,
            )
        if self._in_aggregate:
            self.fail(f"{name}: aggregates cannot be nested", token)
        self.aggregate_seen = True
        self.expect("(")
        parts: list[Part] = [f"{name}("]
        if self.is_word("DISTINCT"):
            self.take()
            parts.append("DISTINCT")
        self._in_aggregate = True
        try:
            if name == "COUNT" and self.is_("*"):
                self.take()
                parts.append("*")
            else:
                parts += self.expression()
            if name == "GROUP_CONCAT" and self.is_(";"):
                self.take()
                self.expect_word("SEPARATOR")
                self.expect("=")
                parts += [";", "SEPARATOR", "=", self.literal_string()]
        finally:
            self._in_aggregate = False
        self.expect(")", "')'")
        return [*parts, ")"]

    def literal_string(self) -> str:
        if not self.is_("string"):
            self.fail_expected("a string")
        from il6graph.sparql.tree import literal_token

        return literal_token(self.take().value)


def _call(name: str, arguments: list[Part]) -> list[Part]:
    """A call written with no space before its "(" (Oxigraph needs that after CONCAT,
    COALESCE and BNODE), and an empty argument list as "()"."""
    if len(arguments) == 2:
        return [f"{name}()"]
    return [f"{name}(", *arguments[1:]]


def _count_arguments(arguments: list[Part]) -> int:
    """The number of arguments in a written ``( a , b )`` list."""
    if len(arguments) == 2:
        return 0
    depth, count = 0, 1
    for part in arguments[1:-1]:
        if isinstance(part, str) and part.endswith("(") and not part.startswith('"'):
            depth += 1
        elif part == ")":
            depth -= 1
        elif part == "," and depth == 0:
            count += 1
    return count
