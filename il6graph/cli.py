"""The ``il6graph`` command line.

Each command imports its backend inside its body, so ``il6graph --help`` starts without loading
rdflib, networkx or pyvis. Bad input raises :class:`~il6graph.errors.InputError`, which is printed
as one line on standard error with exit code 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
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
            "--depth", default=1, show_default=True, help="Steps around --focus, either direction."
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
                    help="Seconds each request to --endpoint may take.",
                )
            )
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


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
    "--top", default=10, show_default=True, help="How many of the most connected entities to list."
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
    if remote is None:
        summary = summarize(_graph(ctx), top=top)
    else:
        summary = replace(summarize(remote.claim_graph(), top=top), triples=remote.count_triples())
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


@main.command()
@click.pass_context
def overview(ctx: click.Context) -> None:
    """The main job: validate the graph, summarise it, and show the claims behind IL-6 -> STAT3."""
    from il6graph.claims import read_claims
    from il6graph.entities import EntityIndex
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
    help="Row cap (triples for CONSTRUCT/DESCRIBE); 0 for none.",
)
@click.option("--timeout", default=10.0, show_default=True, help="Seconds the query may run.")
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


@main.command()
@click.option(
    "--port",
    default=7878,
    show_default=True,
    help="Port on 127.0.0.1 for the endpoint and its query page (0: any free port).",
)
@click.option("--timeout", default=30.0, show_default=True, help="Seconds a query may run.")
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
@click.option("--timeout", default=120.0, show_default=True, help="Seconds the upload may take.")
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


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return its exit code (for tests and ``-m``)."""
    try:
        main.main(
            args=list(argv) if argv is not None else None,
            prog_name="il6graph",
            standalone_mode=False,
        )
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        return 1
    return 0
