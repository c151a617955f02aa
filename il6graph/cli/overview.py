"""The main job: `il6graph overview`."""

from __future__ import annotations

import click

from il6graph.cli.common import main, open_graph
from il6graph.cli.text import claim_text, flagship_routes, summary_text


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

    from il6graph.explorer import render as render_page
    from il6graph.exports import export as write_file
    from il6graph.validation import validate as run

    store = open_graph(ctx)
    report = run(store)
    verdict = "valid" if report.valid else "INVALID"
    click.echo(
        f"Validation: {verdict} ({report.claims} claims, {len(report.errors)} errors, {len(report.warnings)} warnings)"
    )
    for problem in report.errors:
        click.echo(f"  {problem}")
    click.echo("")
    click.echo(summary_text(store.summary(top=5)))
    index = store.entities
    il6, stat3 = index.candidates("IL-6"), index.candidates("STAT3")
    if il6 and stat3:

        def about_stat3(iri: str) -> bool:  # STAT3 itself, or a pathway named after it
            entity = index.get(iri)
            return iri == stat3[0].iri or (
                entity is not None and "STAT3" in entity.label and entity.category == "Pathway"
            )

        behind = [
            c
            for c in store.claims_about(il6[0].iri)
            if c.subject == il6[0].iri and about_stat3(c.object)
        ]
        click.echo("")
        click.echo(f"Claims behind IL-6 -> STAT3 ({len(behind)}):")
        for claim in behind:
            click.echo("")
            click.echo(claim_text(claim))
    flagship = flagship_routes(store)
    view = store.to_networkx()
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
