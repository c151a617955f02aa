"""A SPARQL 1.1 query parser: the grammar of the specification, read by recursive descent.

:func:`parse_query` reads a query into a :class:`ParsedQuery`: its form, its variables and its
canonical text (:mod:`il6graph.sparql.tree`). What the query may do is decided here, from the
grammar rule being read, never from the text: ``SERVICE`` (rule 59), ``FROM`` (rule 13) and
updates raise :class:`~il6graph.sparql.reader.QueryRefused` where they stand, and nothing the
grammar does not allow gets through (:class:`~il6graph.sparql.lexer.QuerySyntaxError`). The
scope rules of section 18.2.1 are checked too (a BIND or ``AS`` onto a variable already in
scope, blank node labels shared between basic graph patterns, grouping).

Nothing is evaluated: parsing a query of any size takes time in proportion to its length.

>>> parsed = parse_query("PREFIX ex: <http://example.org/> SELECT ?x WHERE { ?x a ex:Cell }")
>>> parsed.form, sorted(parsed.variables)
('SELECT', ['x'])
>>> print(parsed.text, end="")
SELECT ?x WHERE {
  ?x <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Cell>
}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from il6graph.sparql.expressions import ExpressionReader
from il6graph.sparql.reader import RDF_TYPE, QueryRefused
from il6graph.sparql.tree import Group, Part, iri_token, parenthesised, write

__all__ = ["DEFAULT_BASE", "ParsedQuery", "parse_query"]

DEFAULT_BASE = "https://w3id.org/il6graph/"  # relative IRIs in queries resolve against it
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_PATTERN_WORDS = ("OPTIONAL", "MINUS", "GRAPH", "SERVICE", "FILTER", "BIND", "VALUES")


@dataclass
class ParsedQuery:
    """A query read by :func:`parse_query`: its ``form``, the variables it mentions, the
    prefixes it declares, and its canonical ``tree``."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    tree: Group
    variables: frozenset[str]
    declared_prefixes: frozenset[str]

    @property
    def text(self) -> str:
        """The canonical text, every IRI written in full."""
        return write(self.tree)


def parse_query(
    text: str, *, prefixes: Mapping[str, str] | None = None, base: str = DEFAULT_BASE
) -> ParsedQuery:
    """Read a SPARQL 1.1 query; ``prefixes`` are declared before it, ``base`` resolves its
    relative IRIs unless it declares its own BASE."""
    return _Parser(text, prefixes or {}, base).query()


class _Parser(ExpressionReader):
    def __init__(self, text: str, prefixes: Mapping[str, str], base: str) -> None:
        super().__init__(text, base=base, prefixes=prefixes)
        self.bgp = 0  # the basic graph pattern being read, for the blank node label rule
        self.label_bgp: dict[str, int] = {}
        self.variables: set[str] = set()

    # -- the query --------------------------------------------------------------------------

    def query(self) -> ParsedQuery:
        self.prologue()
        token = self.peek()
        word = token.text.upper() if token.kind == "word" else ""
        if word in UPDATES:
            self.refuse(
                f"{word} is an update, and updates are refused: il6graph queries read the "
                "graph, they never change it",
                token,
            )
        parts: list[Part]
        if word == "SELECT":
            parts, _ = self.select_query(sub=False)
        elif word == "CONSTRUCT":
            parts = self.construct_query()
        elif word == "DESCRIBE":
            parts = self.describe_query()
        elif word == "ASK":
            self.take()
            self.dataset_clauses()
            where, _ = self.where_clause()
            parts = ["ASK", "WHERE", where, *self.solution_modifier(set())]
        else:
            self.fail_expected("SELECT, CONSTRUCT, DESCRIBE or ASK")
            raise AssertionError
        if self.is_word("VALUES"):
            values_token = self.take()
            values, _ = self.data_block()
            parts.append(Group("values", [values_token.text.upper(), *values]))
        if not self.is_("end"):
            after = self.peek()
            if after.kind == ";" or (after.kind == "word" and after.text.upper() in UPDATES):
                self.refuse(
                    "a query followed by more: one query is run at a time, and updates are refused",
                    after,
                )
            self.fail_expected("the end of the query")
        tree = Group("query", parts)
        return ParsedQuery(
            form=word,
            tree=tree,
            variables=frozenset(self.variables),
            declared_prefixes=frozenset(self.declared),
        )

    def dataset_clauses(self) -> None:
        if self.is_word("FROM"):
            self.refuse(
                "FROM is refused: queries run on the graph as loaded and may not load other "
                "graphs or files",
                self.peek(),
            )

    def where_clause(self) -> tuple[Group, set[str]]:
        if self.is_word("WHERE"):
            self.take()
        if not self.is_("{"):
            self.fail_expected("WHERE or '{'")
        group, scope = self.group_or_subquery()
        group.kind = "where" if group.kind == "group" else group.kind
        return group, scope

    def select_query(self, *, sub: bool) -> tuple[list[Part], set[str]]:
        self.take()  # SELECT
        parts: list[Part] = ["SELECT"]
        if self.is_word("DISTINCT", "REDUCED"):
            parts.append(self.take().text.upper())
        projected: list[tuple[str, list[Part] | None, set[str]]] = []
        expression: list[Part] | None
        star = False
        if self.is_("*"):
            self.take()
            star = True
        else:
            while self.is_("var", "("):
                if self.is_("var"):
                    token = self.peek()
                    name = self.var()[1:]
                    self.variables.add(name)
                    if any(p[0] == name for p in projected):
                        self.fail(f"?{name} is selected twice", token)
                    projected.append((name, None, set()))
                    continue
                self.take()
                used: set[str] = set()
                self.outside_aggregates, self.aggregates_allowed = used, True
                try:
                    expression = self.expression()
                finally:
                    self.outside_aggregates, self.aggregates_allowed = None, False
                self.expect_word("AS")
                token = self.peek()
                name = self.var()[1:]
                self.variables.add(name)
                if any(p[0] == name for p in projected):
                    self.fail(f"?{name} is selected twice", token)
                projected.append((name, expression, used))
                self.expect(")", "')'")
            if not projected:
                self.fail_expected("'*', a variable or '(' expression AS ?name ')'")
        if sub:
            if self.is_word("FROM"):
                self.fail("syntax error: a subquery cannot have FROM")
        else:
            self.dataset_clauses()
        where, scope = self.where_clause()
        grouping_keys: set[str] = set()
        modifiers = self.solution_modifier(grouping_keys)
        grouped = self.aggregate_seen or "GROUP" in modifiers or "HAVING" in modifiers
        for name, expression, used in projected:
            if expression is not None and name in scope:
                self.fail(
                    f"?{name} is already bound in the query, so it cannot be (... AS ?{name})"
                )
            if grouped:
                allowed = grouping_keys | {p[0] for p in projected if p[1] is not None}
                if expression is None and name not in allowed:
                    self.fail(f"?{name} is selected but neither grouped nor aggregated")
                if expression is not None and used - allowed:
                    bad = sorted(used - allowed)[0]
                    self.fail(f"?{bad} is used in SELECT but neither grouped nor aggregated")
        if star:
            if grouped:
                self.fail("SELECT * cannot be used with GROUP BY or aggregates")
            parts.append("*")
        else:
            for name, expression, _ in projected:
                parts += (
                    [f"?{name}"]
                    if expression is None
                    else ["(", *expression, "AS", f"?{name}", ")"]
                )
        self.aggregate_seen = False
        parts += ["WHERE", where, *modifiers]
        visible = scope if star else {p[0] for p in projected}
        return parts, visible

    def construct_query(self) -> list[Part]:
        self.take()
        if self.is_("{"):
            template = self.construct_template()
            self.dataset_clauses()
            where, _scope = self.where_clause()
            return ["CONSTRUCT", template, "WHERE", where, *self.solution_modifier(set())]
        self.dataset_clauses()
        self.expect_word("WHERE")
        self.expect("{")
        self.bgp += 1
        parts: list[Part] = ["{"]
        if not self.is_("}"):
            parts += self.triples_block(paths=False, scope=set(), template=True)
        self.expect("}", "'}'")
        group = Group("shortform", [*parts, "}"])
        return ["CONSTRUCT", "WHERE", group, *self.solution_modifier(set())]

    def construct_template(self) -> Group:
        self.expect("{")
        parts: list[Part] = ["{"]
        if not self.is_("}"):
            parts += self.triples_block(paths=False, scope=set(), template=True)
        self.expect("}", "'}'")
        return Group("template", [*parts, "}"])

    def describe_query(self) -> list[Part]:
        self.take()
        parts: list[Part] = ["DESCRIBE"]
        if self.is_("*"):
            self.take()
            parts.append("*")
        else:
            while self.is_("var") or self.starts_iri():
                if self.is_("var"):
                    name = self.var()
                    self.variables.add(name[1:])
                    parts.append(name)
                else:
                    parts.append(self.iri())
            if len(parts) == 1:
                self.fail_expected("'*', a variable or an IRI")
        self.dataset_clauses()
        if self.is_word("WHERE") or self.is_("{"):
            where, _ = self.where_clause()
            parts += ["WHERE", where]
        return [*parts, *self.solution_modifier(set())]

    def solution_modifier(self, grouping_keys: set[str]) -> list[Part]:
        parts: list[Part] = []
        if self.is_word("GROUP"):
            self.take()
            self.expect_word("BY")
            parts += ["GROUP", "BY"]
            while True:
                if self.is_("var"):
                    name = self.var()
                    grouping_keys.add(name[1:])
                    self.variables.add(name[1:])
                    parts.append(name)
                elif self.is_("("):
                    self.take()
                    expression = self.expression()
                    if self.is_word("AS"):
                        self.take()
                        name = self.var()
                        grouping_keys.add(name[1:])
                        self.variables.add(name[1:])
                        parts += ["(", *expression, "AS", name, ")"]
                    else:
                        parts += parenthesised(expression)
                    self.expect(")", "')'")
                elif self.starts_iri():
                    parts += parenthesised(self.iri_or_function(require_call=True))
                elif self.is_("word") and not self.is_word(
                    "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"
                ):
                    parts += parenthesised(self.builtin_call())
                else:
                    break
            if parts[-1] == "BY":
                self.fail_expected("a variable or an expression to group by")
        self.aggregates_allowed = True
        try:
            if self.is_word("HAVING"):
                self.take()
                parts.append("HAVING")
                parts += self.constraint()
                while self.is_("(", "iri", "pname") or (
                    self.is_("word") and not self.is_word("ORDER", "LIMIT", "OFFSET", "VALUES")
                ):
                    parts += self.constraint()
            if self.is_word("ORDER"):
                self.take()
                self.expect_word("BY")
                parts += ["ORDER", "BY"]
                start = len(parts)
                while True:
                    if self.is_word("ASC", "DESC"):
                        parts += [self.take().text.upper(), *self.bracketted()]
                    elif self.is_("var"):
                        name = self.var()
                        self.variables.add(name[1:])
                        parts.append(name)
                    elif self.is_("(", "iri", "pname") or (
                        self.is_("word") and not self.is_word("LIMIT", "OFFSET", "VALUES")
                    ):
                        parts += self.constraint()
                    else:
                        break
                if len(parts) == start:
                    self.fail_expected("a variable or an expression to order by")
        finally:
            self.aggregates_allowed = False
        seen: set[str] = set()
        while self.is_word("LIMIT", "OFFSET"):
            word = self.take().text.upper()
            if word in seen:
                self.fail(f"syntax error, {word} is given twice")
            seen.add(word)
            token = self.peek()
            if token.kind != "number" or token.prefix != "integer" or token.text[0] in "+-":
                self.fail_expected(f"a whole number after {word}")
            parts += [word, self.take().text]
        return parts

    # -- group graph patterns ---------------------------------------------------------------

    def group_graph_pattern(self) -> Group:
        group, _ = self.group_or_subquery()
        return group

    def group_or_subquery(self) -> tuple[Group, set[str]]:
        """``{ ... }``: a subquery or a group; also the variables it makes visible."""
        self.expect("{", "'{'")
        if self.is_word("SELECT"):
            sub, visible = self.select_query(sub=True)
            if self.is_word("VALUES"):
                self.take()
                values, names = self.data_block()
                sub += ["VALUES", *values]
                visible |= names
            self.expect("}", "'}' after the subquery")
            return Group("subquery", ["{", *sub, "}"]), visible
        outer_bgp = self.bgp
        self.bgp = self._new_bgp()
        parts: list[Part] = ["{"]
        scope: set[str] = set()
        after_triples = False  # a triples block just ended without '.'
        dot_allowed = False
        while not self.is_("}"):
            token = self.peek()
            if self.is_word(*_PATTERN_WORDS) or token.kind == "{":
                parts += self.pattern_not_triples(scope)
                after_triples, dot_allowed = False, True
            elif token.kind == ".":
                if not dot_allowed:
                    self.fail("syntax error, unexpected '.'")
                self.take()
                parts.append(".")
                after_triples, dot_allowed = False, False
            elif self.starts_term():
                if after_triples:
                    self.fail_expected("'.' between triple patterns")
                parts += self.triples_block(paths=True, scope=scope)
                after_triples, dot_allowed = True, True
            elif token.kind == "end":
                self.fail_expected("'}'")
            else:
                self.fail_expected("a triple pattern, a group or '}'")
        self.take()
        self.bgp = outer_bgp
        return Group("group", [*parts, "}"]), scope

    _bgp_count = 0

    def _new_bgp(self) -> int:
        self._bgp_count += 1
        return self._bgp_count

    def pattern_not_triples(self, scope: set[str]) -> list[Part]:
        token = self.peek()
        word = token.text.upper() if token.kind == "word" else ""
        if word != "FILTER":
            self.bgp = self._new_bgp()  # anything but a FILTER ends a basic graph pattern
        if word == "SERVICE":
            self.refuse(
                "SERVICE is refused: il6graph never lets a query make outbound requests", token
            )
        if token.kind == "{":
            group, visible = self.group_or_subquery()
            parts: list[Part] = [group]
            while self.is_word("UNION"):
                self.take()
                other, more = self.group_or_subquery()
                parts += ["UNION", other]
                visible |= more
            scope |= visible
            self.bgp = self._new_bgp()
            return parts
        self.take()
        if word in ("OPTIONAL", "MINUS"):
            group, visible = self.group_or_subquery()
            if word == "OPTIONAL":
                scope |= visible
            self.bgp = self._new_bgp()
            return [word, group]
        if word == "GRAPH":
            name = self.var_or_iri()
            group, visible = self.group_or_subquery()
            scope |= visible
            if name.startswith("?"):
                scope.add(name[1:])
            self.bgp = self._new_bgp()
            return ["GRAPH", name, group]
        if word == "FILTER":
            return ["FILTER", *self.constraint()]
        if word == "BIND":
            self.expect("(")
            expression = self.expression()
            self.expect_word("AS")
            at = self.peek()
            name = self.var()
            if name[1:] in scope:
                self.fail(f"BIND onto {name}, which is already bound before it in this group", at)
            self.variables.add(name[1:])
            scope.add(name[1:])
            self.expect(")", "')'")
            return ["BIND", "(", *expression, "AS", name, ")"]
        values, names = self.data_block()  # VALUES
        scope |= names
        return ["VALUES", *values]

    def data_block(self) -> tuple[list[Part], set[str]]:
        """After VALUES: ``?x { ... }`` or ``( ?x ?y ) { ( ... ) ... }``."""
        names: list[str] = []
        if self.is_("var"):
            names.append(self.var())
            one = True
        else:
            one = False
            self.expect("(", "a variable or '('")
            while self.is_("var"):
                names.append(self.var())
            self.expect(")", "a variable or ')'")
        if len(set(names)) != len(names):
            self.fail("a variable is listed twice in VALUES")
        self.variables.update(n[1:] for n in names)
        self.expect("{", "'{'")
        rows: list[Part] = ["{"]
        while not self.is_("}"):
            if one:
                rows.append(self.data_value())
                continue
            at = self.peek()
            self.expect("(", "'(' starting a row of values, or '}'")
            row: list[Part] = []
            while not self.is_(")"):
                row.append(self.data_value())
            self.take()
            if len(row) != len(names):
                self.fail(f"a row of {len(row)} values for {len(names)} variables", at)
            rows += ["(", *row, ")"]
        self.take()
        header: list[Part] = [*names] if one else ["(", *names, ")"]
        return [*header, Group("data", [*rows, "}"])], {n[1:] for n in names}

    def data_value(self) -> str:
        if self.starts_iri():
            return self.iri()
        if self.is_word("UNDEF"):
            self.take()
            return "UNDEF"
        if self.starts_literal():
            return self.literal()
        self.fail_expected("an IRI, a literal or UNDEF")
        raise AssertionError

    # -- triples ----------------------------------------------------------------------------

    def starts_term(self) -> bool:
        return self.is_(
            "var", "iri", "pname", "string", "number", "bnode", "[", "("
        ) or self.is_word("TRUE", "FALSE")

    def var_or_iri(self) -> str:
        if self.is_("var"):
            name = self.var()
            self.variables.add(name[1:])
            return name
        return self.iri()

    def triples_block(self, *, paths: bool, scope: set[str], template: bool = False) -> list[Part]:
        """Triples with the same subject, then more after '.' (templates read on to the end)."""
        parts = self.triples_same_subject(paths=paths, scope=scope, template=template)
        while template and self.is_("."):
            self.take()
            parts.append(".")
            if self.is_("}"):
                break
            parts += self.triples_same_subject(paths=paths, scope=scope, template=template)
        return parts

    def triples_same_subject(self, *, paths: bool, scope: set[str], template: bool) -> list[Part]:
        if self.is_("[") and not self.is_("]", ahead=1):
            subject = self.blank_node_property_list(paths, scope, template)
            if self.is_("var", "iri", "pname", "a") or (paths and self.is_("^", "(", "!")):
                return [*subject, *self.property_list(paths, scope, template)]
            return subject
        if self.is_("(") and not self.is_(")", ahead=1):
            subject = self.collection(paths, scope, template)
            if self.is_("var", "iri", "pname", "a") or (paths and self.is_("^", "(", "!")):
                return [*subject, *self.property_list(paths, scope, template)]
            return subject
        subject = self.var_or_term(scope, template)
        return [*subject, *self.property_list(paths, scope, template)]

    def property_list(self, paths: bool, scope: set[str], template: bool) -> list[Part]:
        parts: list[Part] = []
        while True:
            parts += self.verb(paths, scope)
            parts += self.object_list(paths, scope, template)
            if not self.is_(";"):
                return parts
            while self.is_(";"):
                self.take()
            parts.append(";")
            if not (self.is_("var", "iri", "pname", "a") or (paths and self.is_("^", "(", "!"))):
                return parts

    def verb(self, paths: bool, scope: set[str]) -> list[Part]:
        if not (self.is_("var", "iri", "pname", "a") or (paths and self.is_("^", "(", "!"))):
            self.fail_expected("a predicate: a variable, an IRI, 'a' or a property path")
        if self.is_("var"):
            name = self.var()
            self.variables.add(name[1:])
            scope.add(name[1:])
            return [name]
        if not paths:
            if self.is_("a"):
                self.take()
                return [iri_token(RDF_TYPE)]
            return [self.iri()]
        return self.path_alternative()

    def object_list(self, paths: bool, scope: set[str], template: bool) -> list[Part]:
        parts = self.graph_node(paths, scope, template)
        while self.is_(","):
            self.take()
            parts += [",", *self.graph_node(paths, scope, template)]
        return parts

    def graph_node(self, paths: bool, scope: set[str], template: bool) -> list[Part]:
        if self.is_("[") and not self.is_("]", ahead=1):
            return self.blank_node_property_list(paths, scope, template)
        if self.is_("(") and not self.is_(")", ahead=1):
            return self.collection(paths, scope, template)
        return self.var_or_term(scope, template)

    def blank_node_property_list(self, paths: bool, scope: set[str], template: bool) -> list[Part]:
        self.take()
        inner = self.property_list(paths, scope, template)
        self.expect("]", "']'")
        return ["[", *inner, "]"]

    def collection(self, paths: bool, scope: set[str], template: bool) -> list[Part]:
        self.take()
        parts: list[Part] = ["("]
        while not self.is_(")"):
            parts += self.graph_node(paths, scope, template)
        self.take()
        return [*parts, ")"]

    def var_or_term(self, scope: set[str], template: bool) -> list[Part]:
        token = self.peek()
        if token.kind == "var":
            name = self.var()
            self.variables.add(name[1:])
            scope.add(name[1:])
            return [name]
        if token.kind == "bnode":
            self.take()
            if not template:
                first = self.label_bgp.setdefault(token.text, self.bgp)
                if first != self.bgp:
                    self.fail(
                        f"blank node {token.text} is used in two different graph patterns", token
                    )
            return [token.text]
        if token.kind == "[" and self.is_("]", ahead=1):
            self.take()
            self.take()
            return ["[", "]"]
        if token.kind == "(" and self.is_(")", ahead=1):
            self.take()
            self.take()
            return ["(", ")"]
        if self.starts_iri():
            return [self.iri()]
        if self.starts_literal():
            return [self.literal()]
        self.fail_expected("a variable, an IRI, a literal or a blank node")
        raise AssertionError

    # -- property paths (rules 88-96) ---------------------------------------------------------

    def path_alternative(self) -> list[Part]:
        left = self.path_sequence()
        if not self.is_("|"):
            return left
        parts: list[Part] = ["(", *left]
        while self.is_("|"):
            self.take()
            parts += ["|", *self.path_sequence()]
        return [*parts, ")"]

    def path_sequence(self) -> list[Part]:
        left = self.path_element_or_inverse()
        if not self.is_("/"):
            return left
        parts: list[Part] = ["(", *left]
        while self.is_("/"):
            self.take()
            parts += ["/", *self.path_element_or_inverse()]
        return [*parts, ")"]

    def path_element_or_inverse(self) -> list[Part]:
        if self.is_("^"):
            self.take()
            return ["^", *self.path_element()]
        return self.path_element()

    def path_element(self) -> list[Part]:
        primary = self.path_primary()
        if self.is_("?", "*", "+"):
            return ["(", *primary, self.take().kind, ")"]
        return primary

    def path_primary(self) -> list[Part]:
        if self.is_("a"):
            self.take()
            return [iri_token(RDF_TYPE)]
        if self.starts_iri():
            return [self.iri()]
        if self.is_("!"):
            self.take()
            return ["!", *self.negated_property_set()]
        if self.is_("("):
            self.take()
            inner = self.path_alternative()
            self.expect(")", "')'")
            return parenthesised(inner)
        self.fail_expected("a property path (an IRI, 'a', '^', '!' or '(')")
        raise AssertionError

    def negated_property_set(self) -> list[Part]:
        if not self.is_("("):
            return self.path_one_in_property_set()
        self.take()
        parts: list[Part] = ["("]
        if not self.is_(")"):
            parts += self.path_one_in_property_set()
            while self.is_("|"):
                self.take()
                parts += ["|", *self.path_one_in_property_set()]
        self.expect(")", "')' or '|'")
        return [*parts, ")"]

    def path_one_in_property_set(self) -> list[Part]:
        inverse: list[Part] = []
        if self.is_("^"):
            self.take()
            inverse = ["^"]
        if self.is_("a"):
            self.take()
            return [*inverse, iri_token(RDF_TYPE)]
        return [*inverse, self.iri()]


__all__ += ["QueryRefused"]
