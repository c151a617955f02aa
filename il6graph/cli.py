"""The ``il6graph`` command line.

Each command imports its backend inside its body, so ``il6graph --help`` starts without loading
rdflib, networkx or pyvis. Bad input raises :class:`~il6graph.errors.InputError`, which is printed
as one line on standard error with exit code 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from il6graph.errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph

    from il6graph.claims import Claim


class _Group(click.Group):
    """A group that turns :class:`InputError` into one line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as error:
            click.echo(f"il6graph: error: {error}", err=True)
            ctx.exit(error.exit_code)
        except BrokenPipeError:  # output piped into `head`
            sys.stderr.close()
            ctx.exit(0)


FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for reading, json for scripts.",
)


def selection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that choose part of the graph, shared by `render` and `export`."""
    options = [
        click.option("--focus", metavar="ENTITY", help="Keep the neighbourhood of this entity."),
        click.option(
            "--depth",
            default=1,
            show_default=True,
            type=click.IntRange(min=0),
            help="Steps around --focus, either direction.",
        ),
        click.option(
            "--paths",
            nargs=2,
            metavar="SOURCE TARGET",
            default=None,
            help="Keep the routes from SOURCE to TARGET.",
        ),
        click.option(
            "--category",
            "categories",
            multiple=True,
            metavar="NAME",
            help="Keep only entities of this category (repeatable), e.g. Protein.",
        ),
        click.option(
            "--predicate",
            "predicates",
            multiple=True,
            metavar="LABEL",
            help='Keep only claims with this predicate (repeatable), e.g. "activates".',
        ),
        click.option("--exclude-hedged", is_flag=True, help="Leave out hedged claims."),
        click.option(
            "--exclude-external", is_flag=True, help="Leave out external background claims."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _selection(options: dict[str, Any]) -> Any:
    """Build a Selection from the options of :func:`selection_options` (removing them)."""
    from il6graph.selection import Selection

    paths = options.pop("paths")
    return Selection(
        focus=options.pop("focus"),
        depth=options.pop("depth"),
        paths=tuple(paths) if paths else None,
        categories=tuple(options.pop("categories")),
        predicates=tuple(options.pop("predicates")),
        exclude_hedged=options.pop("exclude_hedged"),
        exclude_external=options.pop("exclude_external"),
    )


def endpoint_options(timeout: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--endpoint URL`` and ``--graph IRI`` (and ``--timeout``): read the graph from a remote
    SPARQL endpoint instead of a file. A command adds ``@endpoint_options()`` and calls
    ``_graph(ctx, _remote(ctx, endpoint, graph_iri, timeout))``: the graph it gets is the part of
    the store that claims, stats and paths read (a CONSTRUCT, not the whole store)."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option(
                "--endpoint",
                metavar="URL",
                help="Use the graph a SPARQL endpoint holds instead of a file, e.g. http://127.0.0.1:7878/query.",
            ),
            click.option(
                "--graph",
                "graph_iri",
                metavar="IRI",
                help="The named graph on --endpoint that holds il6graph (default: its default graph).",
            ),
        ]
        if timeout:
            options.append(
                click.option(
                    "--timeout",
                    default=30.0,
                    show_default=True,
                    type=click.FloatRange(min=0, min_open=True),
                    help="Seconds each request to --endpoint may take.",
                )
            )
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


REMOTE_TIMEOUT = 30.0  # seconds per request to --endpoint, for commands whose --timeout is another


def _remote(ctx: click.Context, endpoint: str | None, graph_iri: str | None, timeout: float) -> Any:
    """The :class:`~il6graph.remote.Remote` for ``--endpoint``, or None without one."""
    if not endpoint:
        if graph_iri:
            raise InputError("--graph names a graph on --endpoint; give --endpoint too")
        return None
    if ctx.find_root().obj["data"]:
        raise InputError("--data and --endpoint both name the graph to read; give one of them")
    from il6graph.remote import Remote

    return Remote(endpoint, graph_iri, timeout)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Read this RDF file (Turtle .ttl, N-Triples .nt) instead of the bundled graph; repeat to merge files.",
)
@click.version_option(package_name="il6graph")
@click.pass_context
def main(ctx: click.Context, data: tuple[str, ...]) -> None:
    """An evidence-backed knowledge graph of interleukin-6 (IL-6) in cancer.

    Every claim points at the sentence of its source text that states it.
    Start with `il6graph overview`.
    """
    ctx.obj = {"data": data}


def _graph(ctx: click.Context, remote: Any = None) -> Graph:
    """The graph to work on: the --data files, the bundled graph, or ``remote``'s claim graph."""
    if remote is not None:
        return remote.claim_graph()
    from il6graph.store import load_graph

    return load_graph(*ctx.find_root().obj["data"])


def _resolve(graph: Graph, name: str) -> Any:
    from il6graph.entities import EntityIndex

    return EntityIndex.from_graph(graph).resolve(name)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--sources",
    type=click.Path(file_okay=False, exists=True),
    help="Folder of the source texts the evidence offsets point into (default: the bundled data/sources).",
)
@FORMAT
@click.pass_context
def validate(
    ctx: click.Context, paths: tuple[str, ...], sources: str | None, output_format: str
) -> None:
    """Check the graph: SHACL shapes, evidence offsets against the source texts, declared
    predicates and categories, claims behind every edge, contradictions (as warnings).

    Exits 0 when valid, 1 when not.
    """
    from pathlib import Path

    from il6graph.store import load_graph
    from il6graph.validation import validate as run

    graph = load_graph(*paths) if paths else _graph(ctx)
    report = run(graph, sources=Path(sources) if sources else None)
    if output_format == "json":
        _echo_json(
            {
                "valid": report.valid,
                "claims": report.claims,
                "problems": [
                    {"severity": p.severity, "focus": p.focus, "message": p.message}
                    for p in report.problems
                ],
            }
        )
    else:
        for problem in report.problems:
            click.echo(str(problem))
        verdict = "valid" if report.valid else "INVALID"
        click.echo(
            f"{verdict}: {report.claims} claims, {len(report.errors)} errors, {len(report.warnings)} warnings"
        )
    ctx.exit(0 if report.valid else 1)


@main.command()
@FORMAT
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many of the most connected entities to list.",
)
@endpoint_options()
@click.pass_context
def stats(
    ctx: click.Context,
    output_format: str,
    top: int,
    endpoint: str | None,
    graph_iri: str | None,
    timeout: float,
) -> None:
    """Counts by category, predicate and assertion kind; hedged share; most connected entities.

    With --endpoint, counts what the store holds (its triple count includes the ontology that
    `il6graph push` uploads beside the graph).
    """
    from dataclasses import replace

    from il6graph.stats import summarize

    remote = _remote(ctx, endpoint, graph_iri, timeout)
    summary = summarize(_graph(ctx, remote), top=top)
    if remote is not None:  # the claim graph read is a part; count what the store holds
        summary = replace(summary, triples=remote.count_triples())
    if output_format == "json":
        _echo_json(summary.as_dict())
        return
    click.echo(_summary_text(summary))


@main.command()
@click.argument("entity")
@FORMAT
@endpoint_options()
@click.pass_context
def claims(
    ctx: click.Context,
    entity: str,
    output_format: str,
    endpoint: str | None,
    graph_iri: str | None,
    timeout: float,
) -> None:
    """Every claim with ENTITY as subject or object, with the sentence that supports it.

    ENTITY is a label, synonym or identifier: IL-6, il6, "interleukin 6", HGNC:6018.
    """
    from il6graph.claims import read_claims

    remote = _remote(ctx, endpoint, graph_iri, timeout)
    if remote is None:
        graph = _graph(ctx)
        found = _resolve(graph, entity)
    else:  # only the part needed: the entities, then this entity's claims
        found = remote.entities().resolve(entity)
        graph = remote.claim_graph(about=found.iri)
    selected = [c for c in read_claims(graph) if found.iri in (c.subject, c.object)]
    if output_format == "json":
        _echo_json(
            {
                "entity": {"id": found.curie, "label": found.label},
                "claims": [_claim_json(c) for c in selected],
            }
        )
        return
    click.echo(f"{found.label} ({found.curie}, {found.category}): {len(selected)} claims")
    for claim in selected:
        click.echo("")
        click.echo(_claim_text(claim))


@main.command(name="format")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 if a file is not in canonical form."
)
@click.pass_context
def format_command(ctx: click.Context, paths: tuple[str, ...], check: bool) -> None:
    """Rewrite Turtle files in canonical form: sorted, with the project's prefixes.

    Curators run it after editing data/triples.ttl by hand, so every change reads as a small diff.
    """
    from pathlib import Path

    from il6graph.output import atomic_write, to_turtle
    from il6graph.store import load_graph

    unformatted = []
    for name in paths:
        path = Path(name)
        canonical = to_turtle(load_graph(path))
        if path.read_text(encoding="utf-8") == canonical:
            continue
        unformatted.append(name)
        if not check:
            atomic_write(path, canonical.encode("utf-8"))
            click.echo(f"formatted {name}")
    if check and unformatted:
        for name in unformatted:
            click.echo(f"would reformat {name}")
        ctx.exit(1)


REPORT_FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="text for a terminal, md for notes and issues, json for scripts.",
)


def route_options(*, max_paths: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The bounds and filters of a route search, shared by `paths` and `explain`."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option(
                "--max-hops",
                default=4,
                show_default=True,
                type=click.IntRange(min=1),
                help="Longest route, in steps.",
            ),
            click.option(
                "--min-hops",
                default=1,
                show_default=True,
                type=click.IntRange(min=1),
                help="Shortest route, in steps (2 skips direct claims).",
            ),
            click.option(
                "--max-paths",
                default=max_paths,
                show_default=True,
                type=click.IntRange(min=1),
                help="Stop after this many routes.",
            ),
            click.option(
                "--timeout",
                default=5.0,
                show_default=True,
                type=click.FloatRange(min=0, min_open=True),
                help="Stop after this many seconds.",
            ),
            click.option(
                "--sign",
                type=click.Choice(["+", "-", "?"]),
                default=None,
                help="Only routes with this net effect: + promotes, - opposes, ? unknown.",
            ),
            click.option(
                "--causal-only",
                is_flag=True,
                help="Leave out non-causal steps (binds, part of, produced by, ...); implied by --sign.",
            ),
            click.option("--exclude-hedged", is_flag=True, help="Leave out hedged claims."),
            click.option(
                "--exclude-external", is_flag=True, help="Leave out external background claims."
            ),
            click.option(
                "--min-confidence",
                default=0.0,
                type=click.FloatRange(0, 1),
                help="Leave out claims below this confidence.",
            ),
            click.option(
                "--via",
                multiple=True,
                metavar="ENTITY",
                help="Only routes through this entity (repeatable: through all of them).",
            ),
            click.option(
                "--avoid",
                multiple=True,
                metavar="ENTITY",
                help="Only routes that avoid this entity (repeatable).",
            ),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _route_search(options: dict[str, Any]) -> dict[str, Any]:
    """find_paths keywords from the options of :func:`route_options`."""
    options["causal_only"] = True if options["causal_only"] else None  # None: decided by --sign
    return options


def _view(ctx: click.Context, endpoint: str | None, graph_iri: str | None) -> Any:
    """The networkx view of the graph the command reads: local files or an endpoint."""
    from il6graph.graph_view import to_networkx

    return to_networkx(_graph(ctx, _remote(ctx, endpoint, graph_iri, REMOTE_TIMEOUT)))


def _report(kind: str, result: Any, output_format: str) -> None:
    """Print a path-question result with path_report's ``KIND_json``/``_markdown``/``_text``."""
    from il6graph import path_report

    if output_format == "json":
        _echo_json(getattr(path_report, f"{kind}_json")(result))
    else:
        suffix = "markdown" if output_format == "md" else "text"
        click.echo(getattr(path_report, f"{kind}_{suffix}")(result))


@main.command(name="paths")
@click.argument("source")
@click.argument("target")
@route_options(max_paths=20)
@REPORT_FORMAT
@endpoint_options(timeout=False)
@click.pass_context
def paths_command(
    ctx: click.Context,
    source: str,
    target: str,
    output_format: str,
    endpoint: str | None,
    graph_iri: str | None,
    **options: Any,
) -> None:
    """Routes from SOURCE to TARGET, shortest first: every step with its relation, its sign and
    the sentences that support it, and each route's net effect (+ promotes, - opposes, ? unknown,
    0 a non-causal step).

    Exit 0 with routes, 1 when there is none within the bounds, 2 on bad input (an unknown name,
    SOURCE equal to TARGET).
    """
    from il6graph.paths import find_paths

    view = _view(ctx, endpoint, graph_iri)
    search = find_paths(view, source, target, **_route_search(options))
    _report("paths", search, output_format)
    ctx.exit(0 if search.paths else 1)


@main.command(name="neighbors")
@click.argument("entity")
@click.option(
    "--direction",
    type=click.Choice(["downstream", "upstream", "both"]),
    default="downstream",
    show_default=True,
    help="downstream: what ENTITY affects; upstream: what affects it.",
)
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=1), help="Steps.")
@click.option(
    "--include-noncausal", is_flag=True, help="Walk non-causal steps too (binds, part of, ...)."
)
@click.option("--exclude-hedged", is_flag=True, help="Leave out hedged claims.")
@click.option("--exclude-external", is_flag=True, help="Leave out external background claims.")
@click.option(
    "--min-confidence",
    default=0.0,
    type=click.FloatRange(0, 1),
    help="Leave out claims below this confidence.",
)
@REPORT_FORMAT
@endpoint_options(timeout=False)
@click.pass_context
def neighbors_command(
    ctx: click.Context,
    entity: str,
    output_format: str,
    include_noncausal: bool,
    endpoint: str | None,
    graph_iri: str | None,
    **options: Any,
) -> None:
    """What ENTITY affects (downstream) or what affects it (upstream), each reached entity with
    the net sign over its shortest causal route.

    Exit 0 when something is reached, 1 when nothing is, 2 on bad input.
    """
    from il6graph.paths import neighbors

    view = _view(ctx, endpoint, graph_iri)
    found = neighbors(view, entity, causal_only=not include_noncausal, **options)
    _report("neighbors", found, output_format)
    ctx.exit(0 if found.neighbors else 1)


@main.command(name="explain")
@click.argument("source")
@click.argument("target")
@route_options(max_paths=200)
@REPORT_FORMAT
@endpoint_options(timeout=False)
@click.pass_context
def explain_command(
    ctx: click.Context,
    source: str,
    target: str,
    output_format: str,
    endpoint: str | None,
    graph_iri: str | None,
    **options: Any,
) -> None:
    """The best-supported route from SOURCE to TARGET as a short paragraph: the route, then its
    evidence sentences in order. Use --min-hops 2 for a mechanism rather than a direct claim.

    Exit 0 with a route, 1 when there is none, 2 on bad input.
    """
    from il6graph.paths import explain

    view = _view(ctx, endpoint, graph_iri)
    found = explain(view, source, target, **_route_search(options))
    _report("explanation", found, output_format)
    ctx.exit(0 if found.route else 1)


@main.command()
@click.option(
    "--out",
    "out",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write the explorer page (il6-explorer.html) and the graph files for Cytoscape and Gephi (il6graph.graphml, il6graph.cyjs) into.",
)
@click.pass_context
def overview(ctx: click.Context, out: str) -> None:
    """The main job: validate the graph, summarise it, show the claims behind IL-6 -> STAT3 and
    how IL-6 leads to metastasis, and write the explorer page (il6-explorer.html) to open in a
    browser and the graph as GraphML and Cytoscape JSON (il6graph.graphml, il6graph.cyjs).
    """
    from pathlib import Path

    from il6graph.claims import read_claims
    from il6graph.entities import EntityIndex
    from il6graph.explorer import render as render_page
    from il6graph.exports import export as write_file
    from il6graph.graph_view import to_networkx
    from il6graph.stats import summarize
    from il6graph.validation import validate as run

    graph = _graph(ctx)
    report = run(graph)
    verdict = "valid" if report.valid else "INVALID"
    click.echo(
        f"Validation: {verdict} ({report.claims} claims, {len(report.errors)} errors, {len(report.warnings)} warnings)"
    )
    for problem in report.errors:
        click.echo(f"  {problem}")
    click.echo("")
    click.echo(_summary_text(summarize(graph, top=5)))
    index = EntityIndex.from_graph(graph)
    il6, stat3 = index.candidates("IL-6"), index.candidates("STAT3")
    if il6 and stat3:
        targets = {stat3[0].iri} | {
            e.iri for e in index.entities.values() if "STAT3" in e.label and e.category == "Pathway"
        }
        behind = [c for c in read_claims(graph) if c.subject == il6[0].iri and c.object in targets]
        click.echo("")
        click.echo(f"Claims behind IL-6 -> STAT3 ({len(behind)}):")
        for claim in behind:
            click.echo("")
            click.echo(_claim_text(claim))
    view = to_networkx(graph)
    flagship = _flagship_routes(view)
    if flagship:
        click.echo("")
        click.echo(flagship)
    page = render_page(view)
    Path(out).mkdir(parents=True, exist_ok=True)
    written = page.save(Path(out) / "il6-explorer.html")
    click.echo("")
    click.echo(
        f"Explorer page: {written.resolve()} ({page.entities} entities, {page.statements} "
        "statements; open it in a web browser, no network needed)"
    )
    for name, file_format in (("il6graph.graphml", "graphml"), ("il6graph.cyjs", "cytoscape")):
        click.echo(write_file(view, file_format, Path(out) / name).describe())
    ctx.exit(0 if report.valid else 1)


QUERY_FORMATS = ("table", "csv", "tsv", "json", "md", "turtle", "nt", "jsonld")


@main.command()
@click.argument("query", required=False)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (repeatable; repeat a name for several values). Entity names "
    "become their IRIs; other values become literals. Never pasted into the query text.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(QUERY_FORMATS),
    default=None,
    help="SELECT: table (default), csv, tsv, json (SPARQL 1.1 results JSON), md. "
    "CONSTRUCT/DESCRIBE: turtle (default), nt, jsonld. ASK: true/false, or json.",
)
@click.option(
    "--limit",
    default=1000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Row cap (triples for CONSTRUCT/DESCRIBE); 0 for none.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds the query may run.",
)
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and exit.")
@click.option(
    "--prefixes", "show_prefixes", is_flag=True, help="List the declared prefixes and exit."
)
@click.option(
    "--show-query",
    is_flag=True,
    help="Print the query as it would run (prefixes declared, parameters bound) and exit.",
)
@endpoint_options(timeout=False)
@click.pass_context
def query(
    ctx: click.Context,
    query: str | None,
    params: tuple[str, ...],
    output_format: str | None,
    limit: int,
    timeout: float,
    list_saved: bool,
    show_prefixes: bool,
    show_query: bool,
    endpoint: str | None,
    graph_iri: str | None,
) -> None:
    """Run a SPARQL query: QUERY is the query text, @FILE (@- for standard input), or the name
    of a saved query (see --list).

    The graph's prefixes are declared (il6v:, il6:, hgnc:, obo:, ... see --prefixes) and the
    ontology is loaded beside the data, so predicate labels and causal signs can be queried.
    SERVICE, FROM and updates are refused. ASK exits 0 for true, 1 for false.

    \b
    il6graph query "SELECT ?cell WHERE { hgnc:6018 il6v:producedBy ?cell }"
    il6graph query claims-about --param entity=STAT3 --format csv
    il6graph query downstream --endpoint http://127.0.0.1:7878/query
    """
    if list_saved:
        click.echo(_saved_list_text())
        return
    if show_prefixes:
        from il6graph.sparql import prefix_declarations

        click.echo(prefix_declarations(), nl=False)
        return
    if not query:
        raise InputError(
            "give a query: its text, @FILE, or a saved query name (il6graph query --list)"
        )
    from functools import cache

    from il6graph.results import format_result
    from il6graph.sparql import prepare_query, query_dataset, run_query

    source, where = _query_source(query)
    remote = _remote(ctx, endpoint, graph_iri, timeout)
    graph = None
    if remote is None:
        graph = query_dataset(*ctx.find_root().obj["data"])

    @cache
    def entities() -> Any:
        from il6graph.entities import EntityIndex

        if remote is not None:
            return remote.entities()
        assert graph is not None
        return EntityIndex.from_graph(graph)

    prepared = prepare_query(source, _parameters(params), entities=entities, where=where)
    if show_query:
        click.echo(prepared.full_text.rstrip())
        return
    if remote is not None:
        result = remote.query(prepared, limit=limit)
    else:
        assert graph is not None
        result = run_query(graph, prepared, limit=limit, timeout=timeout)
    width = None
    if output_format in (None, "table") and sys.stdout.isatty():
        import shutil

        width = shutil.get_terminal_size((120, 24)).columns
    click.echo(format_result(result, output_format, width=width), nl=False)
    rows_as_table = output_format in (None, "table") and hasattr(result, "rows")
    if getattr(result, "truncated", False) and not rows_as_table:
        click.echo(f"il6graph: note: output cut at --limit {limit}; more results exist", err=True)
    answer = getattr(result, "answer", None)
    if answer is not None:
        ctx.exit(0 if answer else 1)


def _query_source(query: str) -> tuple[Any, str]:
    """The query named on the command line, and where it came from (for messages)."""
    import re

    from il6graph.sparql import read_query, saved_query

    if query.startswith("@"):
        name = query[1:]
        if name == "-":
            return read_query(sys.stdin.read(), name="stdin"), "stdin"
        try:
            text = open(name, encoding="utf-8").read()  # noqa: SIM115
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{name}: cannot be read: {error}") from None
        return read_query(text, name=name), name
    if re.fullmatch(r"[\w.-]+", query):  # one word: a saved query's name
        saved = saved_query(query)
        return saved, f"{saved.name}.rq"
    return read_query(query), "query"


def _parameters(params: tuple[str, ...]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for param in params:
        name, sep, value = param.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise InputError(
                f"--param {param!r}: write it as NAME=VALUE, e.g. --param entity=STAT3"
            )
        values.setdefault(name, []).append(value)
    return values


def _saved_list_text() -> str:
    from il6graph.sparql import saved_queries

    blocks = []
    for saved in saved_queries().values():
        lines = [f"{saved.name}: {saved.title}"]
        for p in saved.parameters:
            default = f", default {p.default}" if p.default else ""
            lines.append(f"    --param {p.name}=... ({p.kind}{default}): {p.description}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


@main.command("render")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Write the page to FILE (replaced only when complete); - writes to standard output.",
)
@click.option("--title", metavar="TEXT", help="Page title and heading (default: names the view).")
@selection_options
@click.pass_context
def render_command(ctx: click.Context, output: str, title: str | None, **options: Any) -> None:
    """Write the explorer page: one HTML file that works offline in any browser.

    Entities are coloured by category, arrows styled by effect; search finds an entity, and
    clicking an entity or an arrow shows its claims and the sentences that state them.

    \b
    il6graph render -o il6.html
    il6graph render -o stat3.html --focus STAT3 --depth 2
    il6graph render -o routes.html --paths IL-6 metastasis
    """
    from il6graph.explorer import render as render_page
    from il6graph.graph_view import to_networkx

    selection = _selection(options)
    page = render_page(to_networkx(_graph(ctx)), selection=selection, title=title)
    written = page.save(output)
    if output != "-":
        click.echo(
            f"wrote {written}: {page.title} ({page.entities} entities, {page.statements} "
            f"statements, {page.claims} claims)"
        )


@main.command()
@click.option(
    "--port",
    default=7878,
    show_default=True,
    help="Port on 127.0.0.1 for the endpoint and its query page (0: any free port).",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a query may run.",
)
@click.option(
    "--cors",
    is_flag=True,
    help="Let web pages from other origins query the endpoint (e.g. a YASGUI page).",
)
@click.pass_context
def serve(ctx: click.Context, port: int, timeout: float, cors: bool) -> None:
    """Serve the graph as a read-only SPARQL endpoint on localhost, with a query page.

    The graph and the ontology are loaded into an Oxigraph server; a front on 127.0.0.1:PORT
    refuses SERVICE, FROM and updates before a query reaches it. Any SPARQL 1.1 client can
    query PORT/query. Ctrl-C stops both and removes the database.
    """
    from il6graph.endpoint import Endpoint, serve_until_stopped

    endpoint = Endpoint.start(
        ctx.find_root().obj["data"], port=port, timeout=timeout, cors=cors, background=False
    )
    click.echo(f"SPARQL endpoint: {endpoint.url}")
    click.echo(f"query page:      {endpoint.base}/")
    click.echo(f"read-only, queries time out after {timeout:g} s; Ctrl-C stops it")
    sys.stdout.flush()
    serve_until_stopped(endpoint)
    click.echo("stopped")


@main.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol URL: http://HOST:7878/store (Oxigraph), http://HOST:3030/DATASET/data (Fuseki).",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="Put the graph into this named graph (default: the store's default graph).",
)
@click.option(
    "--timeout",
    default=120.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds the upload may take.",
)
@click.pass_context
def push(ctx: click.Context, endpoint: str, graph_iri: str | None, timeout: float) -> None:
    """Upload the graph (and the ontology beside it) to a triplestore, replacing what the target
    graph held, so `--endpoint` commands and other tools can query it there."""
    from il6graph.remote import push as upload

    report = upload(endpoint, ctx.find_root().obj["data"], graph=graph_iri, timeout=timeout)
    target = f"graph <{report.graph}>" if report.graph else "the default graph"
    click.echo(
        f"pushed {report.triples} triples and the ontology ({report.ontology_triples} triples) "
        f"to {report.url}, {target} (replaced)"
    )


@main.command()
@click.option(
    "--format",
    "file_format",
    metavar="FORMAT",
    help="graphml, gexf, cytoscape, node-link, dot, csv, kgx, neo4j, turtle, ntriples, jsonld, nquads, trig (see --list); default: from the -o suffix.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE_OR_FOLDER",
    help="Where to write: a file; a folder or a .zip for csv, kgx and neo4j; - for standard output.",
)
@click.option(
    "--list", "list_formats", is_flag=True, help="List the formats and the tools each is for."
)
@selection_options
@click.pass_context
def export(
    ctx: click.Context,
    file_format: str | None,
    output: str | None,
    list_formats: bool,
    **options: Any,
) -> None:
    """Write the graph, or the part the selection options keep, as a file another tool opens:
    Cytoscape, Gephi, Neo4j, D3, Graphviz, Biolink KGX, RDF stores.

    Example: il6graph export --focus STAT3 --depth 2 -o stat3.graphml
    """
    from il6graph.exports import export as write
    from il6graph.exports import format_list, format_named

    if list_formats:
        click.echo(format_list())
        return
    if not output:
        raise InputError("give -o FILE_OR_FOLDER (or --list to see the formats)")
    chosen = format_named(file_format, output)
    done = write(_graph(ctx), chosen.name, output, selection=_selection(options))
    click.echo(done.describe(), err=output == "-")


def _flagship_routes(view: Any) -> str:
    """How IL-6 leads to metastasis: the causal routes of 2-3 steps, and the evidence for the
    routes through the STAT3 pathway and through EMT. Empty when the graph lacks those entities."""
    import textwrap

    from il6graph.path_report import route_line
    from il6graph.paths import explain, find_paths

    question: dict[str, Any] = {"min_hops": 2, "max_hops": 3, "causal_only": True}
    try:
        search = find_paths(view, "IL-6", "metastasis", **question)
    except InputError:
        return ""
    lines = [
        f"Routes from IL-6 to metastasis ({len(search.paths)} of 2-3 causal steps; "
        "`il6graph paths IL-6 metastasis` shows every step's evidence):"
    ]
    lines += [f"  {route.sign} {route_line(route)}" for route in search.paths]
    for through in ("STAT3 signaling pathway", "epithelial-mesenchymal transition"):
        try:
            found = explain(view, "IL-6", "metastasis", via=[through], **question)
        except InputError:
            continue
        if found.route:
            paragraph = f"Through {through}: {found.text}"
            lines += ["", textwrap.fill(paragraph, width=100, break_on_hyphens=False)]
    return "\n".join(lines)


def _summary_text(summary: Any) -> str:
    lines = [
        f"{summary.claims} claims about {summary.entities} entities, from {summary.evidence_sentences} "
        f"evidence sentences ({summary.triples} triples)",
        "assertion: " + ", ".join(f"{k} {v}" for k, v in summary.by_assertion.items()),
        f"hedged: {summary.hedged} of {summary.claims} ({summary.hedged_share:.0%})",
        "categories: " + ", ".join(f"{k} {v}" for k, v in summary.by_category.items()),
        "predicates: " + ", ".join(f"{k} {v}" for k, v in summary.by_predicate.items()),
        "most connected: "
        + ", ".join(f"{label} ({count})" for label, _, count in summary.most_connected),
    ]
    return "\n".join(lines)


def _claim_text(claim: Claim) -> str:
    qualifiers = [claim.assertion]
    if claim.hedge:
        qualifiers.append(f'hedge "{claim.hedge}"')
    qualifiers.append(f"confidence {claim.confidence:g}")
    evidence = claim.evidence
    return (
        f"{claim.subject_label} --{claim.predicate_label}--> {claim.object_label}  [{', '.join(qualifiers)}]\n"
        f'  "{evidence.text}"\n'
        f"  {evidence.source_label} [{evidence.start}:{evidence.end}]  {claim.curie}"
    )


def _claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.curie,
        "subject": {"id": _curie(claim.subject), "label": claim.subject_label},
        "predicate": {"id": _curie(claim.predicate), "label": claim.predicate_label},
        "object": {"id": _curie(claim.object), "label": claim.object_label},
        "assertion": claim.assertion,
        "hedge": claim.hedge,
        "confidence": claim.confidence,
        "evidence": {
            "text": claim.evidence.text,
            "source": claim.evidence.source_label,
            "start": claim.evidence.start,
            "end": claim.evidence.end,
        },
    }


def _curie(iri: str) -> str:
    from il6graph.vocabulary import to_curie

    return to_curie(iri)


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
