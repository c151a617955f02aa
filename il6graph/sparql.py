"""SPARQL over the graph, hardened: every query is inspected before any engine sees it.

:func:`prepare_query` refuses what a query must not do here — ``SERVICE`` (an outbound request
from the engine), ``FROM``/``FROM NAMED`` (loading other graphs or files), updates — checks its
syntax with Oxigraph's own parser (the engine that will run it), and binds parameters as RDF terms
in ``VALUES`` blocks joined where the query uses them, never by pasting user text into the query. :func:`run_query` runs it on a
local graph with a row cap and a deadline; :mod:`il6graph.remote` runs it on an endpoint.
The project's prefixes (``il6v:``, ``il6:``, ``hgnc:``, ``obo:``, ...) are declared for every query.

>>> from il6graph.sparql import query_dataset, run_query
>>> graph = query_dataset()
>>> result = run_query(graph, "SELECT ?label WHERE { hgnc:6018 rdfs:label ?label }")
>>> [str(row[0]) for row in result.rows]
['IL-6']
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from il6graph.errors import InputError
from il6graph.vocabulary import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from il6graph.entities import EntityIndex
    from il6graph.store.graphstore import GraphStore

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT",
    "AskResult",
    "GraphResult",
    "Parameter",
    "PreparedQuery",
    "QueryInfo",
    "Result",
    "SavedQuery",
    "SelectResult",
    "inspect_query",
    "prefix_declarations",
    "prepare_query",
    "query_dataset",
    "read_query",
    "run_query",
    "saved_queries",
    "saved_query",
    "sparql_term",
]

DEFAULT_LIMIT = 1000  # rows (or triples) a query returns unless told otherwise
DEFAULT_TIMEOUT = 10.0  # seconds

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
PARAMETER_KINDS = ("entity", "iri", "string", "integer", "decimal")


# --- reading the text of a query -----------------------------------------------------------------

# What can hide a keyword: comments, strings (short and long, with backslash escapes) and IRIs.
# Each is blanked out before keywords are looked for; newlines are kept, so positions stay right.
_HIDING = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<short>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    """,
    re.VERBOSE | re.DOTALL,
)
# A keyword is a bare word: not part of a variable (?x, $x), a prefixed name (ex:x) or another word.
_KEYWORD = r"(?<![\w?$:]){}(?![\w:])"
_REFUSED = re.compile(_KEYWORD.format("(SERVICE|FROM)"), re.IGNORECASE)
_FORM = re.compile(_KEYWORD.format("(" + "|".join(FORMS + UPDATES) + ")"), re.IGNORECASE)
_WHERE = re.compile(_KEYWORD.format("WHERE"), re.IGNORECASE)
_VALUES = re.compile(_KEYWORD.format("VALUES"), re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([\w\u00B7\u0300-\u036F\u203F\u2040]+)")
_PREFIX_DECLARATION = re.compile(r"(?<![\w?$:])PREFIX\s+([^\s:]*):", re.IGNORECASE)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


_SPECIAL = re.compile(r"[#\"'<]")


def _code(text: str) -> str:
    """``text`` with comments, strings and IRIs replaced by spaces (newlines kept)."""
    out: list[str] = []
    position = 0
    while True:
        found = _SPECIAL.search(text, position)
        if found is None:
            out.append(text[position:])
            return "".join(out)
        start = found.start()
        out.append(text[position:start])
        match = _HIDING.match(text, start)
        if match is None:  # an unterminated string or a `<` comparison: keep it as code
            out.append(text[start])
            position = start + 1
            continue
        out.append(re.sub(r"[^\n\r]", " ", match.group()))
        position = match.end()


def _expand_escapes(text: str) -> str:
    # SPARQL 1.1 lets engines expand \u escapes anywhere before parsing (Oxigraph does so only
    # inside strings and IRIs). Looking at both readings means neither can hide a keyword.
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@dataclass(frozen=True)
class QueryInfo:
    """What :func:`inspect_query` found: the query form, its variables, its own prefixes."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: frozenset[str]
    declared_prefixes: frozenset[str]


def inspect_query(text: str, *, where: str = "query") -> QueryInfo:
    """Refuse what a query must not do, check its syntax, and say what kind of query it is.

    Raises :class:`InputError` naming ``where`` (a file or saved query name) with line and column.

    >>> inspect_query("SELECT ?x WHERE { ?x a biolink:Cell }").form
    'SELECT'
    >>> inspect_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    il6graph.errors.InputError: query:1:18: SERVICE is refused: il6graph never lets a query make outbound requests
    """
    if not _code(text).strip():
        raise InputError(f"{where}: the query is empty")
    code = _code(text)
    readings = [code]
    if "\\u" in text or "\\U" in text:
        readings.append(_code(_expand_escapes(text)))
    for reading in readings:
        refused = _REFUSED.search(reading)
        if refused is None:
            continue
        keyword = refused.group(1).upper()
        at = _at(where, text, refused.start()) if reading is code else f"{where}: a \\u escape"
        if keyword == "SERVICE":
            raise InputError(
                f"{at}: SERVICE is refused: il6graph never lets a query make outbound requests"
            )
        raise InputError(
            f"{at}: FROM is refused: queries run on the graph as loaded and may not load other graphs or files"
        )
    form_match = _FORM.search(code)
    form = form_match.group(1).upper() if form_match else ""
    if form in UPDATES:
        raise InputError(
            f"{_at(where, text, form_match.start() if form_match else 0)}: {form} is an update, "
            "and updates are refused: il6graph queries read the graph, they never change it"
        )
    _check_syntax(text, where)
    if form not in FORMS:
        raise InputError(f"{where}: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return QueryInfo(
        form=form,
        variables=frozenset(_VARIABLE.findall(code)),
        declared_prefixes=frozenset(_PREFIX_DECLARATION.findall(code)),
    )


def _at(where: str, text: str, offset: int) -> str:
    line, column = _line_column(text, offset)
    return f"{where}:{line}:{column}"


@cache
def _parser() -> Any:
    import pyoxigraph

    return pyoxigraph.Store()  # an empty store: only its parser is used


def _check_syntax(text: str, where: str) -> None:
    # Oxigraph parses before it evaluates, and an empty store evaluates nothing of weight; the
    # caller has already refused SERVICE, so this can never reach the network.
    try:
        outcome = _parser().query(text, prefixes=PREFIXES)
    except SyntaxError as error:
        raise InputError(_syntax_message(str(error.msg), text, where)) from None
    del outcome


def _syntax_message(message: str, text: str, where: str) -> str:
    """Oxigraph's "error at 3:17: expected one of A, B, ..." as one short line."""
    message = " ".join(message.split())
    found = re.match(r"error at (\d+):(\d+): (.*)", message)
    if not found:
        return f"{where}: {message}"
    line, column, reason = int(found.group(1)), int(found.group(2)), found.group(3)
    if "Prefix not found" in reason:
        # Oxigraph points just after the prefixed name; find the name that ends there.
        lines = text.splitlines()
        before = lines[line - 1][: column - 1] if line <= len(lines) else ""
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.%:-]*$", before)
        prefix = (name.group(1) or "") if name else "?"
        start = column - (len(name.group()) if name else 0)
        return (
            f"{where}:{line}:{start}: unknown prefix {prefix}: (declare it with "
            f"PREFIX {prefix}: <...>; il6graph query --prefixes lists the declared ones)"
        )
    expected = re.match(r"expected one of (.*)", reason)
    if expected:
        options = _split_options(expected.group(1))
        # Oxigraph also lists character classes ("['0' ..= '9' | ...]"): too long for one line
        words = [o for o in options if not o.startswith("[")]
        shown = ", ".join(words[:8])
        if len(words) > 8 or len(words) < len(options):
            shown += ", ..." if shown else "..."
        reason = f"syntax error, expected one of {shown}"
    elif reason.startswith("expected ["):  # only a character class: say what stands there instead
        lines = text.splitlines()
        here = (
            lines[line - 1][max(0, column - 2) : column + 8].strip() if line <= len(lines) else ""
        )
        reason = f"syntax error near {here!r}" if here else "syntax error: the query ends too early"
    elif reason.startswith("expected"):
        reason = f"syntax error, {reason}"
    return f"{where}:{line}:{column}: {reason}"


def _split_options(listed: str) -> list[str]:
    """Split "A, B, [x, y], C" at the commas outside brackets and quotes."""
    options: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for char in listed:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            options.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    options.append("".join(current).strip())
    return [o for o in options if o]


def prefix_declarations(info: QueryInfo | None = None) -> str:
    """``PREFIX`` lines for the project's prefixes that a query does not declare itself."""
    declared = info.declared_prefixes if info else frozenset()
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)


# --- saved queries and their parameters ----------------------------------------------------------


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


# --- binding parameters ----------------------------------------------------------------------------

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

    text: str  # the query as it will run, parameters bound in a VALUES block
    form: str
    info: QueryInfo
    where: str  # where it came from, for messages: a file, a saved query name, "query"

    @property
    def full_text(self) -> str:
        """The text with the project's PREFIX lines in front, for engines that need them."""
        return prefix_declarations(self.info) + self.text


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

    >>> store = query_dataset()
    >>> prepared = prepare_query(
    ...     saved_query("claims-about"), {"entity": ["STAT3"]}, entities=lambda: store.entities)
    >>> "VALUES ?entity { <http://identifiers.org/hgnc/11364> }" in prepared.text
    True
    """
    saved = query if isinstance(query, SavedQuery) else read_query(query)
    where = where or (saved.name if isinstance(query, SavedQuery) else "query")
    info = inspect_query(saved.text, where=where)
    given = {name: list(values) for name, values in (parameters or {}).items() if values}
    for parameter in saved.parameters:
        if parameter.name not in given:
            if parameter.default is None:
                raise InputError(
                    f"{where} needs --param {parameter.name}=VALUE ({parameter.description})"
                )
            given[parameter.name] = [parameter.default]
    bound: dict[str, list[Node]] = {}
    for name, values in given.items():
        if name not in info.variables:
            known = ", ".join(f"?{v}" for v in sorted(info.variables)) or "none"
            raise InputError(f"{where} has no variable ?{name} to bind (its variables: {known})")
        bound[name] = _parameter_terms(name, values, saved.parameter(name), entities)
    text = _bind(saved.text, bound, info, where) if bound else saved.text
    if bound:  # the bound query must still be the same kind of query, and valid
        again = inspect_query(text, where=where)
        if again.form != info.form:
            raise InputError(f"{where}: binding parameters changed the query form")
    return PreparedQuery(text=text, form=info.form, info=info, where=where)


def _bind(text: str, bound: Mapping[str, Sequence[Node]], info: QueryInfo, where: str) -> str:
    """Join ``VALUES ?name { term ... }`` at the start of every group of the WHERE clause that
    uses ``?name`` (and of the WHERE group itself).

    The engine then narrows each part of the query before it walks it: Oxigraph does not push a
    binding from outside a UNION into its branches, so a property path inside a branch would
    otherwise run from every node of the graph. Repeating the block inside a group that already
    sees the same binding from outside changes no answer. Subqueries keep their own variables and
    are left alone. A query with no WHERE group (``CONSTRUCT WHERE``, ``DESCRIBE <iri>``) gets a
    trailing VALUES clause instead.
    """
    code = _code(text)
    insertions: dict[int, list[str]] = {}
    for name, terms in bound.items():
        block = f"VALUES ?{name} {{ {' '.join(sparql_term(t) for t in terms)} }}"
        for offset in _groups_using(code, info.form, name):
            insertions.setdefault(offset, []).append(block)
    if not insertions:
        if any(_depth(code, m.start()) == 0 for m in _VALUES.finditer(code)):
            raise InputError(f"{where}: cannot bind parameters into a query with a trailing VALUES")
        blocks = " ".join(
            f"VALUES ?{name} {{ {' '.join(sparql_term(t) for t in terms)} }}"
            for name, terms in bound.items()
        )
        return f"{text.rstrip()}\n{blocks}\n"
    for offset in sorted(insertions, reverse=True):  # from the end, so offsets stay right
        text = f"{text[: offset + 1]} {' '.join(insertions[offset])}{text[offset + 1 :]}"
    return text


def _depth(code: str, offset: int) -> int:
    return code.count("{", 0, offset) - code.count("}", 0, offset)


_TOKEN = re.compile(r"[{}]|[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+|[A-Za-z_][\w-]*(?::[\w.-]*)?")


@dataclass
class _Group:
    start: int  # offset of its "{"
    kind: str  # "group", "data" (a VALUES block), "template" (CONSTRUCT's) or "subquery"
    mentions: set[str]
    first: bool = True  # no token seen inside yet


def _groups_using(code: str, form: str, variable: str) -> list[int]:
    """Offsets of the ``{`` of the WHERE group and of each group inside it that uses
    ``?variable``, outside subqueries, VALUES blocks and CONSTRUCT templates."""
    form_match = _FORM.search(code)
    if form_match is None:
        return []
    stack: list[_Group] = []
    found: list[int] = []
    values_pending = False
    template_pending = form == "CONSTRUCT"
    top_seen = False
    for token in _TOKEN.finditer(code, form_match.end()):
        word = token.group()
        current = stack[-1] if stack else None
        if current is not None and current.first:
            current.first = False
            if word.upper() == "SELECT" and current.kind == "group":
                current.kind = "subquery"
        if word == "{":
            if values_pending:
                kind, values_pending = "data", False
            elif template_pending and not stack:
                kind, template_pending = "template", False
            elif any(g.kind in ("subquery", "data", "template") for g in stack):
                kind = "inside"  # nothing is inserted in here
            else:
                kind = "group"
            stack.append(_Group(token.start(), kind, set()))
        elif word == "}":
            if not stack:
                continue
            group = stack.pop()
            if group.kind == "group" and (
                (not stack and not top_seen) or variable in group.mentions
            ):
                found.append(group.start)
            if not stack and group.kind == "group":
                top_seen = True
            if stack and group.kind == "group":
                stack[-1].mentions |= group.mentions
        elif word[0] in "?$":
            if stack:
                stack[-1].mentions.add(word[1:])
        elif word.upper() == "VALUES":
            values_pending = True
        elif word.upper() == "WHERE" and not stack and template_pending:
            return []  # CONSTRUCT WHERE { }: the group is the template too; nothing to bind in
    return found


# --- running on a local graph ----------------------------------------------------------------------


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT query; ``truncated`` when the row cap cut more rows off."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    truncated: bool = False


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK query."""

    answer: bool


@dataclass(frozen=True)
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE query; ``truncated`` when the cap cut triples off."""

    graph: Graph
    truncated: bool = False


Result = SelectResult | AskResult | GraphResult


def query_dataset(*paths: str | Path) -> GraphStore:
    """The store a query runs on: the bundled graph (or ``paths``) with the bundled ontology
    beside it, so queries can read predicate labels and causal signs
    (``?p rdfs:label ?l ; il6v:sign ?s``)."""
    from il6graph.store import open_store

    return open_store(paths)


def _from_oxigraph(term: Any) -> Node | None:
    """An rdflib term for a pyoxigraph term, plain literals plain (as SPARQL results show them)."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"query results hold a term il6graph cannot show: {term!r}")


def _store_evaluation(store: GraphStore, text: str, limit: int, cancelled: threading.Event) -> Any:
    """Evaluate on the store's Oxigraph database: the data and the ontology as default graph."""
    import pyoxigraph

    from il6graph.store import ONTOLOGY_GRAPH

    def evaluate() -> Result:
        answer = store.oxigraph.query(
            text,
            prefixes=PREFIXES,
            default_graph=[pyoxigraph.DefaultGraph(), pyoxigraph.NamedNode(ONTOLOGY_GRAPH)],
        )
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return AskResult(bool(answer))
        if isinstance(answer, pyoxigraph.QuerySolutions):
            variables = tuple(v.value for v in answer.variables)
            rows: list[tuple[Node | None, ...]] = []
            truncated = False
            for solution in answer:
                if cancelled.is_set():
                    break
                if limit and len(rows) == limit:
                    truncated = True
                    break
                rows.append(tuple(_from_oxigraph(solution[i]) for i in range(len(variables))))
            return SelectResult(variables, tuple(rows), truncated)
        triples = (
            (_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object))
            for t in answer
        )
        return graph_result(triples, limit)  # type: ignore[arg-type]

    return evaluate


def plain(node: Node | None) -> Node | None:
    """The same term with ``xsd:string`` literals written plain, as SPARQL results show them."""
    from rdflib import XSD, Literal

    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def run_query(
    graph: Graph | GraphStore,
    query: str | PreparedQuery,
    *,
    limit: int = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
) -> Result:
    """Run a query on a store (:func:`query_dataset`) or an rdflib ``graph``, with at most
    ``limit`` rows (0: no cap) within ``timeout`` seconds.

    A query that is still running at the deadline raises :class:`InputError`; its evaluation is
    abandoned on a background thread (Oxigraph cannot be interrupted), which stops at the next
    row it would return.
    """
    prepared = query if isinstance(query, PreparedQuery) else prepare_query(query)
    cancelled = threading.Event()
    from il6graph.store.graphstore import GraphStore

    if isinstance(graph, GraphStore):
        work = _store_evaluation(graph, prepared.text, limit, cancelled)
        return _within(work, timeout, cancelled, prepared.where)

    def evaluate() -> Result:
        result = graph.query(prepared.text, initNs=PREFIXES)
        try:
            return collect(result)
        finally:
            # Oxigraph's result iterator must be dropped on the thread that made it (pyo3
            # "unsendable"); rdflib keeps it in a reference cycle, so close it here, not in GC.
            pending = getattr(result, "_genbindings", None)
            if pending is not None:
                pending.close()

    def collect(result: Any) -> Result:
        if result.type == "ASK":
            return AskResult(bool(result.askAnswer))
        if result.type == "SELECT":
            variables = tuple(str(v) for v in result.vars or ())
            rows: list[tuple[Node | None, ...]] = []
            truncated = False
            for row in result:
                if cancelled.is_set():
                    break
                if limit and len(rows) == limit:
                    truncated = True
                    break
                rows.append(tuple(plain(term) for term in row))
            return SelectResult(variables, tuple(rows), truncated)
        return graph_result(result.graph or (), limit)

    return _within(evaluate, timeout, cancelled, prepared.where)


def graph_result(triples: Iterable[tuple[Node, Node, Node]], limit: int) -> GraphResult:
    """Triples as a :class:`GraphResult` in a plain in-memory graph, at most ``limit`` (0: all)."""
    from rdflib import Graph

    out = Graph()
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri, override=True)
    truncated = False
    for count, (s, p, o) in enumerate(triples):
        if limit and count == limit:
            truncated = True
            break
        out.add((s, p, plain(o)))  # type: ignore[arg-type]
    return GraphResult(out, truncated)


def _within(
    work: Callable[[], Result], timeout: float, cancelled: threading.Event, where: str
) -> Result:
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="il6graph-query", daemon=True)
    thread.start()
    thread.join(timeout if timeout and timeout > 0 else None)
    if thread.is_alive():
        cancelled.set()
        raise InputError(
            f"{where}: did not finish within {timeout:g} s (raise --timeout, or narrow the query)"
        )
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, InputError):
            raise error
        if isinstance(error, SyntaxError):
            raise InputError(_syntax_message(str(error.msg), "", where)) from None
        raise InputError(f"{where}: the query failed: {' '.join(str(error).split())}") from None
    result: Result = outcome["result"]
    return result
