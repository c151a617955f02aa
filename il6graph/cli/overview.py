"""The main job: `il6graph overview`."""

from __future__ import annotations

from pathlib import Path

import click

from il6graph.cli.common import main, open_graph
from il6graph.cli.text import claim_text, flagship_routes, summary_text
from il6graph.errors import InputError


@main.command()
@click.option(
    "--out",
    "out",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write the explorer page (il6-explorer.html) and the graph files for Cytoscape and Gephi (il6graph.graphml, il6graph.cyjs) into.",
)
@click.option(
    "--sources",
    type=click.Path(file_okay=False, exists=True),
    help="Folder of the source texts the evidence offsets point into, for --data files whose "
    "sources are not the bundled ones (default: the bundled data/sources).",
)
@click.pass_context
def overview(ctx: click.Context, out: str, sources: str | None) -> None:
    """The main job: validate the graph, summarise it, show the claims behind IL-6 -> STAT3 and
    how IL-6 leads to metastasis, and write the explorer page (il6-explorer.html) to open in a
    browser and the graph as GraphML and Cytoscape JSON (il6graph.graphml, il6graph.cyjs).
    """
    from il6graph.explorer import default_selection
    from il6graph.explorer import render as render_page
    from il6graph.exports import export as write_file
    from il6graph.output import written_together
    from il6graph.validation import validate as run

    store = open_graph(ctx)
    report = run(store, sources=Path(sources) if sources else None)
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
    chosen = default_selection(store)
    page = render_page(store, selection=chosen) if chosen else render_page(view)
    folder = Path(out)
    created = _make_folder(folder)
    try:
        # The page and both graph files are written together: all three are complete before
        # any replaces an earlier one, so a failure leaves the folder as it was.
        with written_together():
            written = page.save(folder / "il6-explorer.html")
            exported = [
                write_file(view, file_format, folder / name)
                for name, file_format in (
                    ("il6graph.graphml", "graphml"),
                    ("il6graph.cyjs", "cytoscape"),
                )
            ]
    except BaseException:
        if created and not any(folder.iterdir()):
            folder.rmdir()
        raise
    click.echo("")
    click.echo(
        f"Explorer page: {written.resolve()} ({page.entities} entities, {page.statements} "
        "statements; open it in a web browser, no network needed)"
    )
    if chosen:
        click.echo(
            f"  (the graph has {store.index.nodes:,} entities: the page shows the "
            f"{page.title[0].lower()}{page.title[1:]}; `il6graph render --focus NAME` draws "
            "another part)"
        )
    for done in exported:
        click.echo(done.describe())
    ctx.exit(0 if report.valid else 1)


def _make_folder(folder: Path) -> bool:
    """Make ``folder`` if it is missing; True if it was made here."""
    if folder.is_dir():
        return False
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        raise InputError(f"--out {folder}: cannot make this folder: {error.strerror}") from None
    return True
