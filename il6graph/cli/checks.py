"""Commands that read the graph as a whole: validate, stats, claims, format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from il6graph.cli.common import (
    FORMAT,
    endpoint_options,
    main,
    open_graph,
    remote_for,
    source_filter,
    source_options,
)
from il6graph.cli.text import claim_json, claim_text, echo_json, echo_over_progress, summary_text

if TYPE_CHECKING:
    from il6graph.claims import Claim


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--sources",
    type=click.Path(file_okay=False, exists=True),
    help="Folder of the source texts the evidence offsets point into (default: the bundled data/sources).",
)
@click.option(
    "--max-problems",
    default=20,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="N",
    help="Print at most N problems of each kind, then how many more there were (0: print all). "
    "--format json always lists every problem.",
)
@FORMAT
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[str, ...],
    sources: str | None,
    max_problems: int,
    output_format: str,
) -> None:
    """Check the graph: SHACL shapes, evidence offsets against the source texts, declared
    predicates and categories, claims behind every edge, contradictions (as warnings).

    Reads the graph's store (FILE... or --data, else the bundled graph) and prints each problem
    as it is found. Exits 0 when valid, 1 when not.
    """
    from pathlib import Path

    from il6graph.store import open_store
    from il6graph.validation import CHECKS, count_claims, find_problems
    from il6graph.validation.report import Tally, ValidationReport

    store = open_store(paths, root=ctx.find_root().obj.get("store")) if paths else open_graph(ctx)
    found = find_problems(store, sources=Path(sources) if sources else None)
    if output_format == "json":
        report = ValidationReport.collect(found, claims=count_claims(store))
        echo_json(
            {
                "valid": report.valid,
                "claims": report.claims,
                "problems": [problem.as_dict() for problem in report.problems],
            }
        )
        ctx.exit(0 if report.valid else 1)
    tally = Tally(limit=max_problems or None)
    for problem in found:
        if tally.add(problem):
            echo_over_progress(str(problem))
    meanings = {kind: meaning for check in CHECKS for kind, meaning in check.kinds.items()}
    for kind, severity, hidden in tally.hidden():
        meaning = meanings.get(kind) or tally.first[kind]
        click.echo(f"{severity}: ... {hidden} more {kind} problems not shown ({meaning})")
    verdict = "valid" if not tally.errors else "INVALID"
    click.echo(
        f"{verdict}: {count_claims(store)} claims, {tally.errors} errors, {tally.warnings} warnings"
    )
    ctx.exit(0 if not tally.errors else 1)


@main.command()
@FORMAT
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many of the most connected entities to list.",
)
@source_options
@endpoint_options()
@click.pass_context
def stats(
    ctx: click.Context,
    output_format: str,
    top: int,
    endpoint: str | None,
    graph_iri: str | None,
    timeout: float,
    **options: Any,
) -> None:
    """Counts by category, predicate and assertion kind; hedged share; most connected entities.

    With --endpoint, counts what the store holds (its triple count includes the ontology that
    `il6graph push` uploads beside the graph).
    """
    from dataclasses import replace

    from il6graph.stats import summarize

    remote = remote_for(ctx, endpoint, graph_iri, timeout)
    summary = summarize(open_graph(ctx, remote), top=top, sources=source_filter(options))
    if remote is not None:  # the claim graph read is a part; count what the store holds
        summary = replace(summary, triples=remote.count_triples())
    if output_format == "json":
        echo_json(summary.as_dict())
        return
    click.echo(summary_text(summary))


@main.command()
@click.argument("entity")
@FORMAT
@source_options
@endpoint_options()
@click.pass_context
def claims(
    ctx: click.Context,
    entity: str,
    output_format: str,
    endpoint: str | None,
    graph_iri: str | None,
    timeout: float,
    **options: Any,
) -> None:
    """Every claim with ENTITY as subject or object, with the sentence that supports it.

    ENTITY is a label, synonym or identifier: IL-6, il6, "interleukin 6", HGNC:6018.
    """
    from il6graph.claims import read_claims

    remote = remote_for(ctx, endpoint, graph_iri, timeout)
    if remote is None:  # the store reads this entity's claims only
        store = open_graph(ctx)
        found = store.entities.resolve(entity)
        selected = store.claims_about(found.iri)
    else:  # only the part needed: the entities, then this entity's claims
        found = remote.entities().resolve(entity)
        graph = remote.claim_graph(about=found.iri)
        selected = [c for c in read_claims(graph) if found.iri in (c.subject, c.object)]
    sources = source_filter(options)
    if not sources.none:
        from il6graph.curies import to_curie

        def source_of(claim: Claim) -> tuple[str, str, str]:
            evidence = claim.evidence
            return claim.source_kind, to_curie(evidence.source), evidence.source_label

        if remote is None:
            sources.check(store.source_list())
        else:
            sources.check(source_of(c) for c in read_claims(remote.claim_graph()))
        selected = [c for c in selected if sources.passes(*source_of(c))]
    if output_format == "json":
        echo_json(
            {
                "entity": {"id": found.curie, "label": found.label},
                "claims": [claim_json(c) for c in selected],
            }
        )
        return
    click.echo(f"{found.label} ({found.curie}, {found.category}): {len(selected)} claims")
    for claim in selected:
        click.echo("")
        click.echo(claim_text(claim))


@main.command(name="format")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 if a file is not in canonical form."
)
@click.pass_context
def format_command(ctx: click.Context, paths: tuple[str, ...], check: bool) -> None:
    """Rewrite Turtle files in canonical form: sorted, with the project's prefixes.

    Curators run it after editing data/triples.ttl by hand, so every change reads as a small diff.
    """
    from pathlib import Path

    from il6graph.output import atomic_write, to_turtle
    from il6graph.store import load_graph

    unformatted = []
    for name in paths:
        path = Path(name)
        canonical = to_turtle(load_graph(path))
        if path.read_text(encoding="utf-8") == canonical:
            continue
        unformatted.append(name)
        if not check:
            atomic_write(path, canonical.encode("utf-8"))
            click.echo(f"formatted {name}")
    if check and unformatted:
        for name in unformatted:
            click.echo(f"would reformat {name}")
        ctx.exit(1)
