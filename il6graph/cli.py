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


def _graph(ctx: click.Context) -> Graph:
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
@click.pass_context
def stats(ctx: click.Context, output_format: str, top: int) -> None:
    """Counts by category, predicate and assertion kind; hedged share; most connected entities."""
    from il6graph.stats import summarize

    summary = summarize(_graph(ctx), top=top)
    if output_format == "json":
        _echo_json(summary.as_dict())
        return
    click.echo(_summary_text(summary))


@main.command()
@click.argument("entity")
@FORMAT
@click.pass_context
def claims(ctx: click.Context, entity: str, output_format: str) -> None:
    """Every claim with ENTITY as subject or object, with the sentence that supports it.

    ENTITY is a label, synonym or identifier: IL-6, il6, "interleukin 6", HGNC:6018.
    """
    from il6graph.claims import read_claims

    graph = _graph(ctx)
    found = _resolve(graph, entity)
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
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Also write the graph into this folder as il6graph.graphml and il6graph.cyjs (Cytoscape, Gephi).",
)
@click.pass_context
def overview(ctx: click.Context, out: str | None) -> None:
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
    if out:
        from pathlib import Path

        from il6graph.export import export as write

        Path(out).mkdir(parents=True, exist_ok=True)
        click.echo("")
        for name, file_format in (("il6graph.graphml", "graphml"), ("il6graph.cyjs", "cytoscape")):
            click.echo(write(graph, file_format, Path(out) / name).describe())
    ctx.exit(0 if report.valid else 1)


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
    from il6graph.export import export as write
    from il6graph.export import format_list, format_named

    if list_formats:
        click.echo(format_list())
        return
    if not output:
        raise InputError("give -o FILE_OR_FOLDER (or --list to see the formats)")
    chosen = format_named(file_format, output)
    done = write(_graph(ctx), chosen.name, output, selection=_selection(options))
    click.echo(done.describe(), err=output == "-")


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
