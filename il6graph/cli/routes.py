"""Path questions: paths, neighbors, explain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from il6graph.cli.common import (
    REMOTE_TIMEOUT,
    endpoint_options,
    main,
    open_graph,
    remote_for,
    source_options,
)
from il6graph.cli.text import echo_json

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
        return source_options(command)

    return decorate


def _route_search(options: dict[str, Any]) -> dict[str, Any]:
    """find_paths keywords from the options of :func:`route_options`."""
    options["causal_only"] = True if options["causal_only"] else None  # None: decided by --sign
    options["sources"], options["exclude_sources"] = (
        tuple(options["sources"]),
        tuple(options["exclude_sources"]),
    )
    return options


def _view(ctx: click.Context, endpoint: str | None, graph_iri: str | None) -> Any:
    """The networkx view of the graph the command reads: local files or an endpoint."""
    return open_graph(ctx, remote_for(ctx, endpoint, graph_iri, REMOTE_TIMEOUT))


def _report(kind: str, result: Any, output_format: str) -> None:
    """Print a path-question result with path_report's ``KIND_json``/``_markdown``/``_text``."""
    from il6graph import path_report

    if output_format == "json":
        echo_json(getattr(path_report, f"{kind}_json")(result))
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
@source_options
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
