"""The ``il6graph`` command group and what its commands share: error handling, the options
that choose a graph or part of it, and reading the graph.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from il6graph.errors import InputError, one_line

if TYPE_CHECKING:
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore


class _OneLineError(click.ClickException):
    """An error shown as one line, ``il6graph: error: ...``, with its exit code."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(one_line(message))
        # click 8.5 declares exit_code a class variable; each error here carries its own code.
        object.__setattr__(self, "exit_code", exit_code)

    def show(self, file: Any = None) -> None:
        click.echo(f"il6graph: error: {self.message}", err=True)


def _usage_line(error: click.ClickException) -> str:
    """click's usage error (a usage block, a hint, the error) as one line naming the help."""
    message = error.format_message().rstrip(".")
    context = getattr(error, "ctx", None)
    where = context.command_path if context is not None else "il6graph"
    return f"{message} (see {where} --help)"


class _Group(click.Group):
    """The command group: every error is one line on standard error (bad input and usage
    errors exit 2), standard output failures are one line too, and a closed pipe is quiet.

    A reader that stops early (``| head``) closes the pipe: il6graph then stops quietly with exit
    status 141, the status a shell reports for a Unix tool stopped by SIGPIPE (``cat``, ``grep``),
    so ``set -o pipefail`` scripts see the same as with them. A full disk or a closed descriptor
    is one line and exit 2, as for a file given with ``-o``.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from il6graph.output import StandardOutputError, guarded_standard_output

        with _quiet_library_messages(), guarded_standard_output() as output:
            try:
                try:
                    return super().main(*args, **kwargs)
                finally:
                    if output is not None:
                        output.flush()
            except StandardOutputError as error:
                if output is not None:
                    output.discard()
                if error.closed_pipe:
                    sys.exit(141)
                click.echo(f"il6graph: error: cannot write to standard output: {error}", err=True)
                sys.exit(2)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except InputError as error:
            raise _OneLineError(str(error), error.exit_code) from None
        except click.UsageError as error:
            raise _OneLineError(_usage_line(error), error.exit_code) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as error:
            raise _OneLineError(str(error), error.exit_code) from None
        except _OneLineError:
            raise
        except click.ClickException as error:
            raise _OneLineError(_usage_line(error), error.exit_code) from None


@contextmanager
def _quiet_library_messages() -> Iterator[None]:
    """Keep the libraries' log records and Python warnings off standard error during a command
    (rdflib logs a warning, with a traceback, for a literal it cannot convert, and before some
    errors): the command's own output and one-line errors are what the user reads. ``-W`` or
    ``PYTHONWARNINGS`` still show warnings."""
    root = logging.getLogger()
    handler = None if root.handlers else logging.NullHandler()
    if handler is not None:
        root.addHandler(handler)
    try:
        with warnings.catch_warnings():
            if not sys.warnoptions:
                warnings.simplefilter("ignore")
            yield
    finally:
        if handler is not None:
            root.removeHandler(handler)


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
            USER,
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


def _remember_user(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    ctx.meta["il6graph.user"] = value


USER = click.option(
    "--user",
    metavar="NAME[:PASSWORD]",
    expose_value=False,
    callback=_remember_user,
    help="Log in to --endpoint as NAME (HTTP Basic). Without :PASSWORD the password comes from "
    "a netrc entry for the host (~/.netrc or $NETRC) or is asked for on a terminal. "
    "user:password@ in the URL works too; neither is ever shown in messages.",
)


def user_for(ctx: click.Context, endpoint: str, user: str | None = None) -> str | None:
    """The ``--user`` value for ``endpoint``, with its password asked for on a terminal when
    neither it nor the URL nor netrc has one."""
    user = user if user is not None else ctx.meta.get("il6graph.user")
    if user is None or ":" in user:
        return user
    from urllib.parse import urlsplit

    from il6graph.remote import netrc_credentials, split_credentials

    clean, _, password = split_credentials(endpoint)
    host = urlsplit(clean).hostname or ""
    if password is not None or netrc_credentials(host, user) is not None:
        return user
    if not sys.stdin.isatty():
        return user  # the remote module says what is missing, in one line
    password = click.prompt(f"Password for {user} at {host}", hide_input=True, err=True)
    return f"{user}:{password}"


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

    return Remote(endpoint, graph_iri, timeout, user_for(ctx, endpoint))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data",
    multiple=True,
    metavar="FILE",
    callback=lambda ctx, param, value: _data_files(value),
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


def _data_files(names: tuple[str, ...]) -> tuple[str, ...]:
    for name in names:
        if Path(name).is_dir():
            raise InputError(
                f"--data {name}: is a folder; give an RDF file (.ttl, .nt, .rdf, .owl), "
                "repeating --data for each file"
            )
    return names


def read_graph(ctx: click.Context, remote: Any = None) -> Graph:
    """The graph to work on: the --data files, the bundled graph, or ``remote``'s claim graph."""
    if remote is not None:
        return remote.claim_graph()
    from il6graph.store import load_graph

    return load_graph(*ctx.find_root().obj["data"])


def resolve_entity(graph: Graph, name: str) -> Any:
    from il6graph.entities import EntityIndex

    return EntityIndex.from_graph(graph).resolve(name)
