"""Files for other tools: render (the explorer page) and export."""

from __future__ import annotations

from typing import Any

import click
import click.shell_completion

from il6graph.cli.common import main, open_graph, selection_from, selection_options
from il6graph.cli.text import human_size
from il6graph.errors import InputError


@main.command("render")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Write the page to FILE (replaced only when complete); - writes to standard output.",
)
@click.option("--title", metavar="TEXT", help="Page title and heading (default: names the view).")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Draw the whole graph even when it has more entities than a page shows fluidly.",
)
@selection_options
@click.pass_context
def render_command(
    ctx: click.Context, output: str, title: str | None, everything: bool, **options: Any
) -> None:
    """Write the explorer page: one HTML file that works offline in any browser.

    Entities are coloured by category, arrows styled by effect; search finds an entity, and
    clicking an entity or an arrow shows its claims and the sentences that state them.

    \b
    il6graph render -o il6.html
    il6graph render -o stat3.html --focus STAT3 --depth 2
    il6graph render -o routes.html --paths IL-6 metastasis

    A graph of more than 2,000 entities is drawn as the neighbourhood of IL-6 (or of the
    best-connected entity whose neighbourhood fits) unless a part is chosen or --all is given;
    a line on standard error says so.
    """
    from il6graph.explorer import FLUID, default_selection
    from il6graph.explorer import render as render_page
    from il6graph.progress import note

    store = open_graph(ctx)
    selection = selection_from(options)
    chosen = None if (everything or not selection.everything) else default_selection(store)
    page = render_page(store, selection=chosen or selection, title=title)
    if chosen is not None:
        note(
            f"the graph has {store.index.nodes:,} entities, more than a page draws fluidly "
            f"({FLUID:,}); drawing the {page.title[0].lower()}{page.title[1:]} "
            f"({page.entities:,} entities). Choose "
            "another part with --focus NAME --depth N or --paths A B, or draw everything with --all"
        )
    elif page.entities > FLUID:
        note(
            f"drawing {page.entities:,} entities, more than a page draws fluidly ({FLUID:,}); "
            "the page may be slow to pan and zoom"
        )
    from il6graph.output import is_standard_output

    written = page.save(output)
    if not is_standard_output(output):
        click.echo(
            f"wrote {written}: {page.title} ({page.entities} entities, {page.statements} "
            # the page's own size: a device or FIFO written into has no size of its own
            f"statements, {page.claims} claims, {human_size(len(page.html.encode('utf-8')))})"
        )


def _complete_format(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Shell completion for --format: the format names, with what each is."""
    from click.shell_completion import CompletionItem

    from il6graph.exports.formats import FORMATS

    return [
        CompletionItem(name, help=f.title)
        for name, f in FORMATS.items()
        if name.startswith(incomplete.lower())
    ]


@main.command()
@click.option(
    "--format",
    "file_format",
    metavar="FORMAT",
    shell_complete=_complete_format,
    help="graphml, gexf, cytoscape, node-link, dot, csv, kgx, kgx-jsonl, neo4j, turtle, ntriples, jsonld, nquads, trig (see --list); default: from the -o suffix.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE_OR_FOLDER",
    help="Where to write: a file; a folder, .zip or .tar.gz for csv and neo4j; a folder or .tar.gz for kgx and kgx-jsonl; - for standard output.",
)
@click.option(
    "--list", "list_formats", is_flag=True, help="List the formats and the tools each is for."
)
@click.option(
    "--raw-cells",
    is_flag=True,
    help="csv: write cells that start with = + - @ as they are (by default they get a leading ' so spreadsheets show them as text, not run them as formulas).",
)
@selection_options
@click.pass_context
def export(
    ctx: click.Context,
    file_format: str | None,
    output: str | None,
    list_formats: bool,
    raw_cells: bool,
    **options: Any,
) -> None:
    """Write the graph, or the part the selection options keep, as a file another tool opens:
    Cytoscape, Gephi, Neo4j, D3, Graphviz, Biolink KGX, RDF stores, nanopublications.

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
    # The rdflib graph, not the store: a store's blank nodes (evidence selectors) get new labels
    # each time it is built, and RDF files are to be the same bytes for the same data.
    done = write(
        open_graph(ctx), chosen.name, output, selection=selection_from(options), raw_cells=raw_cells
    )
    from il6graph.output import is_standard_output

    click.echo(done.describe(), err=is_standard_output(output))
