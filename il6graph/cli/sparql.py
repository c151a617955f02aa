"""SPARQL: query, serve, push."""

from __future__ import annotations

import sys
from typing import Any

import click

from il6graph.cli.common import USER, endpoint_options, main, open_graph, remote_for, user_for
from il6graph.errors import InputError

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
    help="Seconds the query may run; past it the query's engine is stopped and its memory freed.",
)
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and exit.")
@click.option(
    "--prefixes", "show_prefixes", is_flag=True, help="List the declared prefixes and exit."
)
@click.option(
    "--show-query",
    is_flag=True,
    help="Print the query as it would run (as il6graph's parser writes it: prefixes declared, "
    "parameters bound) and exit.",
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

    The graph's prefixes are declared (il6v:, il6:, hgnc:, obo:, ... see --prefixes), relative
    IRIs resolve against the base IRI https://w3id.org/il6graph/ (a BASE in the query changes
    it), and the ontology is loaded beside the data, so predicate labels and causal signs can be
    queried. The query is read by a SPARQL 1.1 parser: SERVICE, FROM and updates are refused,
    and what runs is the parser's own writing of the query (--show-query prints it), in an
    engine process that cannot open network connections. ASK exits 0 for true, 1 for false.

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
    from il6graph.sparql import prepare_query, run_query

    source, where = _query_source(query)
    remote = remote_for(ctx, endpoint, graph_iri, timeout)
    graph = None
    if remote is None:
        graph = open_graph(ctx)

    @cache
    def entities() -> Any:
        if remote is not None:
            return remote.entities()
        assert graph is not None
        return graph.entities

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
    help="Let web pages from other origins query the endpoint (e.g. a YASGUI page); without "
    "it, requests with another Origin, and cross-site browser requests, are refused.",
)
@click.option(
    "--engines",
    default=None,
    type=click.IntRange(min=1, max=32),
    help="Oxigraph engine processes answering queries at once (default: 2 to 4, by CPU count).",
)
@click.pass_context
def serve(ctx: click.Context, port: int, timeout: float, cors: bool, engines: int | None) -> None:
    """Serve the graph as a read-only SPARQL endpoint on localhost, with a query page.

    Oxigraph server engines open the graph's store read-only; a front on 127.0.0.1:PORT
    answers clients. It refuses SERVICE, FROM and updates (read by a SPARQL 1.1 parser),
    requests whose Host or Origin is not this address (DNS rebinding, cross-site forms), and
    malformed or oversized bodies; relative IRIs resolve against https://w3id.org/il6graph/.
    A query past --timeout is stopped by restarting its engine. The engines cannot open network
    connections. Any SPARQL 1.1 client can query PORT/query; GET /health reports the engines.
    """
    from il6graph.endpoint import ENGINES, Endpoint, serve_until_stopped

    endpoint = Endpoint.start(
        ctx.find_root().obj["data"],
        port=port,
        timeout=timeout,
        cors=cors,
        background=False,
        engines=engines or ENGINES,
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
@USER
@click.pass_context
def push(ctx: click.Context, endpoint: str, graph_iri: str | None, timeout: float) -> None:
    """Upload the graph (and the ontology beside it) to a triplestore, replacing what the target
    graph held, so `--endpoint` commands and other tools can query it there."""
    from il6graph.remote import push as upload

    report = upload(
        endpoint,
        ctx.find_root().obj["data"],
        graph=graph_iri,
        timeout=timeout,
        user=user_for(ctx, endpoint),
    )
    target = f"graph <{report.graph}>" if report.graph else "the default graph"
    click.echo(
        f"pushed {report.triples} triples and the ontology ({report.ontology_triples} triples) "
        f"to {report.url}, {target} (replaced)"
    )
