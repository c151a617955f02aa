"""Text and JSON renderings of claims, summaries and the flagship routes, for the commands."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from il6graph.errors import InputError

if TYPE_CHECKING:
    from il6graph.claims import Claim, Evidence


def flagship_routes(view: Any) -> str:
    """How IL-6 leads to metastasis: the causal routes of 2-3 steps, and the evidence for the
    routes through the STAT3 pathway and through EMT. Empty when the graph lacks those entities."""
    import textwrap

    from il6graph.path_report import route_line
    from il6graph.paths import explain, find_paths

    question: dict[str, Any] = {"min_hops": 2, "max_hops": 3, "causal_only": True}
    try:
        search = find_paths(view, "IL-6", "metastasis", **question)
    except InputError:
        return ""
    lines = [
        f"Routes from IL-6 to metastasis ({len(search.paths)} of 2-3 causal steps; "
        "`il6graph paths IL-6 metastasis` shows every step's evidence):"
    ]
    lines += [f"  {route.sign} {route_line(route)}" for route in search.paths]
    for through in ("STAT3 signaling pathway", "epithelial-mesenchymal transition"):
        try:
            found = explain(view, "IL-6", "metastasis", via=[through], **question)
        except InputError:
            continue
        if found.route:
            paragraph = f"Through {through}: {found.text}"
            lines += ["", textwrap.fill(paragraph, width=100, break_on_hyphens=False)]
    return "\n".join(lines)


def summary_text(summary: Any) -> str:
    lines = [
        f"{summary.claims} claims about {summary.entities} entities, from {summary.evidence_sentences} "
        f"evidence sentences ({summary.triples} triples)",
        "assertion: " + ", ".join(f"{k} {v}" for k, v in summary.by_assertion.items()),
        "sources: " + ", ".join(f"{k} {v}" for k, v in summary.by_source_kind.items()),
        f"hedged: {summary.hedged} of {summary.claims} ({summary.hedged_share:.0%})",
        "categories: " + ", ".join(f"{k} {v}" for k, v in summary.by_category.items()),
        "predicates: " + ", ".join(f"{k} {v}" for k, v in summary.by_predicate.items()),
        "most connected: "
        + ", ".join(f"{label} ({count})" for label, _, count in summary.most_connected),
    ]
    return "\n".join(lines)


def claim_text(claim: Claim) -> str:
    qualifiers = [claim.assertion]
    if claim.hedge:
        qualifiers.append(f'hedge "{claim.hedge}"')
    qualifiers.append(f"confidence {claim.confidence:g}")
    evidence = claim.evidence
    return (
        f"{claim.subject_label} --{claim.predicate_label}--> {claim.object_label}  [{', '.join(qualifiers)}]\n"
        f'  "{evidence.text}"\n'
        f"  {evidence.source_label}{_place(evidence)}  {claim.curie}"
    )


def _place(evidence: Evidence) -> str:
    """Where the evidence is in its source: character offsets, or a pathway element's GraphId."""
    if evidence.graph_id:
        return f", GraphId {evidence.graph_id}"
    return f" [{evidence.start}:{evidence.end}]"


def claim_json(claim: Claim) -> dict[str, Any]:
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
            **({"graph_id": claim.evidence.graph_id} if claim.evidence.graph_id else {}),
        },
    }


def _curie(iri: str) -> str:
    from il6graph.vocabulary import to_curie

    return to_curie(iri)


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def echo_over_progress(line: str) -> None:
    """Print a line of output while progress bars may be drawn on standard error: the bars are
    cleared first and drawn again after it, so the two never mix on one terminal line."""
    from il6graph.progress import shown

    if not shown():
        click.echo(line)
        return
    import sys

    from tqdm import tqdm

    tqdm.write(line, file=sys.stdout)


def human_size(size: float) -> str:
    """A byte count as people read it: 812 B, 73.3 kB, 18.4 MB, 2.1 GB."""
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"  # pragma: no cover - the loop returns
