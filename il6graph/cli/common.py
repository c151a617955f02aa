"""The ``il6graph`` command group and what its commands share: error handling, the options
that choose a graph or part of it, and reading the graph.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from il6graph.errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore


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


def source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--source NAME`` and ``--exclude-source NAME``: keep or leave out claims by where they
    come from (a kind: text, pathway, sheet; or one source by label, CURIE or pathway id)."""
    command = click.option(
        "--exclude-source",
        "exclude_sources",
        multiple=True,
        metavar="NAME",
        help="Leave out claims from this source or kind (repeatable).",
    )(command)
    return click.option(
        "--source",
        "sources",
        multiple=True,
        metavar="NAME",
        help="Keep only claims from this source or kind: text, pathway, sheet, a source's label, "
        "CURIE or pathway id such as WP364 (repeatable).",
    )(command)


def source_filter(options: dict[str, Any]) -> Any:
    """The SourceFilter of the options of :func:`source_options` (removing them)."""
    from il6graph.sources import SourceFilter

    return SourceFilter(tuple(options.pop("sources")), tuple(options.pop("exclude_sources")))


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
    return source_options(command)


def selection_from(options: dict[str, Any]) -> Any:
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
        sources=tuple(options.pop("sources")),
        exclude_sources=tuple(options.pop("exclude_sources")),
    )


def endpoint_options(timeout: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--endpoint URL`` and ``--graph IRI`` (and ``--timeout``): read the graph from a remote
    SPARQL endpoint instead of a file. A command adds ``@endpoint_options()`` and calls
    ``read_graph(ctx, remote_for(ctx, endpoint, graph_iri, timeout))``: the graph it gets is the part of
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


def remote_for(
    ctx: click.Context, endpoint: str | None, graph_iri: str | None, timeout: float
) -> Any:
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
@click.option(
    "--store",
    "store",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Keep the graph's on-disk store under DIR (default: $IL6GRAPH_STORE, else the user's "
    "cache folder, e.g. ~/.cache/il6graph).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars on standard error.")
@click.version_option(package_name="il6graph")
@click.pass_context
def main(ctx: click.Context, data: tuple[str, ...], store: str | None, quiet: bool) -> None:
    """An evidence-backed knowledge graph of interleukin-6 (IL-6) in cancer.

    Every claim points at the sentence of its source text that states it.
    Start with `il6graph overview`.

    The first command on a set of files loads them into an on-disk store (with a progress bar
    when it takes a while); later commands open it in milliseconds until a file changes.
    `il6graph store` shows where stores are kept.
    """
    from il6graph.progress import set_quiet

    set_quiet(quiet)
    ctx.obj = {"data": data, "store": store}


def open_graph(ctx: click.Context, remote: Any = None) -> GraphStore:
    """The store of the graph to work on: the --data files or the bundled graph (built on first
    use), or an in-memory store of ``remote``'s claim graph."""
    from il6graph.store import open_store, store_from_graph

    if remote is not None:
        return store_from_graph(remote.claim_graph())
    options = ctx.find_root().obj
    return open_store(options["data"], root=options.get("store"))


def read_graph(ctx: click.Context, remote: Any = None) -> Graph:
    """The graph to work on: the --data files, the bundled graph, or ``remote``'s claim graph."""
    if remote is not None:
        return remote.claim_graph()
    from il6graph.store import load_graph

    return load_graph(*ctx.find_root().obj["data"])


def resolve_entity(graph: Graph, name: str) -> Any:
    from il6graph.entities import EntityIndex

    return EntityIndex.from_graph(graph).resolve(name)
