"""Answers of path questions as text for a terminal, Markdown for notes, and JSON for scripts.

>>> from il6graph import load_graph
>>> from il6graph.paths import find_paths
>>> from il6graph.path_report import paths_json
>>> data = paths_json(find_paths(load_graph(), "IL-6", "cancer cachexia", max_hops=1))
>>> data["paths"][0]["sign"], data["paths"][0]["hops"][0]["predicate"]
('+', 'contributes to')
"""

from __future__ import annotations

import textwrap
from typing import Any

from il6graph.paths import (
    SIGN_MEANINGS,
    ClaimRef,
    Explanation,
    Hop,
    Neighborhood,
    PathSearch,
    Route,
)

__all__ = [
    "explanation_json",
    "explanation_markdown",
    "explanation_text",
    "neighbors_json",
    "neighbors_markdown",
    "neighbors_text",
    "no_route_text",
    "paths_json",
    "paths_markdown",
    "paths_text",
    "route_line",
]


def _entity(curie: str, label: str) -> dict[str, str]:
    return {"id": curie, "label": label}


def _claim_json(claim: ClaimRef) -> dict[str, Any]:
    return {
        "id": claim.id,
        "evidence": claim.evidence,
        "assertion": claim.assertion,
        "hedge": claim.hedge,
        "confidence": claim.confidence,
    }


def route_json(route: Route) -> dict[str, Any]:
    """``{"sign", "length", "hops": [{"subject", "predicate", "object", "sign", "claims"}]}``."""
    return {
        "sign": route.sign,
        "length": route.length,
        "hops": [
            {
                "subject": _entity(hop.subject, hop.subject_label),
                "predicate": hop.predicate,
                "object": _entity(hop.object, hop.object_label),
                "sign": hop.sign,
                "claims": [_claim_json(claim) for claim in hop.claims],
            }
            for hop in route.hops
        ],
    }


def paths_json(search: PathSearch) -> dict[str, Any]:
    """The answer of :func:`~il6graph.paths.find_paths` in the documented JSON shape."""
    return {
        "source": _entity(search.source.curie, search.source.label),
        "target": _entity(search.target.curie, search.target.label),
        "truncated": search.truncated,
        "paths": [route_json(route) for route in search.paths],
    }


def _qualifiers(claim: ClaimRef) -> str:
    parts = [claim.assertion]
    if claim.hedge:
        parts.append(f'hedge "{claim.hedge}"')
    parts.append(f"confidence {claim.confidence:g}")
    return ", ".join(parts)


def _place(claim: ClaimRef) -> str:
    where = claim.source
    if claim.graph_id:
        where += f", GraphId {claim.graph_id}"
    elif claim.start is not None and claim.end is not None:
        where += f" [{claim.start}:{claim.end}]"
    return where.strip()


def route_line(route: Route) -> str:
    """One line: ``IL-6 --activates--> STAT3 --contributes to--> cancer cell dissemination``."""
    return route.labels[0] + "".join(
        f" --{hop.predicate}--> {hop.object_label}" for hop in route.hops
    )


def _net(sign: str) -> str:
    return f"net {sign}: {SIGN_MEANINGS[sign]}"


def _one_line(text: str) -> str:
    # Evidence keeps the source's own line breaks (its offsets depend on them); a list item cannot.
    return " ".join(text.split())


def _steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def _stopped(search: PathSearch) -> str:
    if search.stopped_by == "max_paths":
        return f"Stopped at {len(search.paths)} routes (--max-paths): more exist."
    if search.stopped_by == "timeout":
        return "Stopped by the deadline (--timeout): there may be more routes, or shorter-supported ones."
    return ""


def no_route_text(search: PathSearch) -> str:
    """The answer when no route was found, naming the bound that may explain it."""
    where = f"{search.source.label} to {search.target.label}"
    if search.stopped_by == "timeout":
        return f"No route from {where} found before the deadline (--timeout), within {_steps(search.max_hops)}."
    filters = " with the filters given" if search.filtered else ""
    return f"No route from {where} within {_steps(search.max_hops)} (--max-hops){filters}."


def _hop_text(hop: Hop) -> list[str]:
    lines = [f"   {hop.subject_label} --{hop.predicate} [{hop.sign}]--> {hop.object_label}"]
    for claim in hop.claims:
        lines.append(f"     {_qualifiers(claim)}  {_place(claim)}  {claim.id}")
        lines.append(
            textwrap.fill(
                f'"{claim.evidence}"',
                width=100,
                initial_indent="       ",
                subsequent_indent="        ",
                break_on_hyphens=False,
            )
        )
    return lines


def paths_text(search: PathSearch) -> str:
    """Every route with every step, each step with its claims' qualifiers and sentences."""
    if not search.paths:
        return no_route_text(search)
    s, t = search.source, search.target
    lines = [
        f"Routes from {s.label} ({s.curie}) to {t.label} ({t.curie}): {len(search.paths)} found "
        f"within {_steps(search.max_hops)}, shortest first"
    ]
    for number, route in enumerate(search.paths, 1):
        lines.append("")
        lines.append(
            f"{number}. {' -> '.join(route.labels)}  [{_net(route.sign)}, {_steps(route.length)}]"
        )
        for hop in route.hops:
            lines.extend(_hop_text(hop))
    if search.truncated:
        lines += ["", _stopped(search)]
    return "\n".join(lines)


def _md_claim(claim: ClaimRef) -> str:
    return (
        f'   - "{_one_line(claim.evidence)}" — {_qualifiers(claim)} ({_place(claim)}, `{claim.id}`)'
    )


def paths_markdown(search: PathSearch) -> str:
    """The routes as Markdown: a heading per route, a numbered list of steps, quoted evidence."""
    s, t = search.source, search.target
    lines = [f"## Routes from {s.label} to {t.label}", ""]
    if not search.paths:
        return "\n".join([*lines, no_route_text(search)])
    lines.append(
        f"{len(search.paths)} routes from {s.label} (`{s.curie}`) to {t.label} (`{t.curie}`) "
        f"within {_steps(search.max_hops)}, shortest first."
    )
    for number, route in enumerate(search.paths, 1):
        lines += ["", f"### {number}. {' → '.join(route.labels)} — {_net(route.sign)}", ""]
        for step, hop in enumerate(route.hops, 1):
            lines.append(
                f"{step}. **{hop.subject_label}** {hop.predicate} ({hop.sign}) **{hop.object_label}**"
            )
            lines.extend(_md_claim(claim) for claim in hop.claims)
    if search.truncated:
        lines += ["", f"*{_stopped(search)}*"]
    return "\n".join(lines)


def _neighbor_sign(sign: str, signs: tuple[str, ...]) -> str:
    return sign if len(signs) == 1 else f"{sign} ({'/'.join(signs)})"


def neighbors_text(found: Neighborhood) -> str:
    """One line per reached entity: its net sign, label, category and best shortest route."""
    e = found.entity
    head = {
        "downstream": f"Downstream of {e.label} ({e.curie}): what it affects",
        "upstream": f"Upstream of {e.label} ({e.curie}): what affects it",
        "both": f"Around {e.label} ({e.curie}): what it affects and what affects it",
    }[found.direction]
    lines = [f"{head}, within {_steps(found.depth)}: {len(found.neighbors)} entities"]
    if not found.neighbors:
        return lines[0]
    for direction in ("downstream", "upstream"):
        chosen = [n for n in found.neighbors if n.direction == direction]
        if not chosen:
            continue
        if found.direction == "both":
            lines += ["", f"{direction}:"]
        width = max(len(_neighbor_sign(n.sign, n.signs)) for n in chosen)
        for n in chosen:
            claims = sum(len(hop.claims) for hop in n.route.hops)
            lines.append(
                f"  {_neighbor_sign(n.sign, n.signs):<{width}}  {n.label} ({n.category}, {_steps(n.distance)}): "
                f"{route_line(n.route)}  [{claims} claim{'s' if claims != 1 else ''}]"
            )
    return "\n".join(lines)


def neighbors_markdown(found: Neighborhood) -> str:
    """A Markdown table of the reached entities."""
    e = found.entity
    where = {"downstream": "Downstream of", "upstream": "Upstream of", "both": "Around"}
    lines = [
        f"## {where[found.direction]} {e.label} (`{e.curie}`), within {_steps(found.depth)}",
        "",
    ]
    if not found.neighbors:
        return "\n".join([*lines, "Nothing reached."])
    lines += [
        "| direction | entity | category | steps | net sign | route |",
        "|---|---|---|---|---|---|",
    ]
    for n in found.neighbors:
        lines.append(
            f"| {n.direction} | {n.label} | {n.category} | {n.distance} | "
            f"{_neighbor_sign(n.sign, n.signs)} | {route_line(n.route).replace('|', '/')} |"
        )
    return "\n".join(lines)


def neighbors_json(found: Neighborhood) -> dict[str, Any]:
    """``{"entity", "direction", "depth", "neighbors": [{"id", "label", "category", ...}]}``."""
    return {
        "entity": _entity(found.entity.curie, found.entity.label),
        "direction": found.direction,
        "depth": found.depth,
        "neighbors": [
            {
                "id": n.node,
                "label": n.label,
                "category": n.category,
                "direction": n.direction,
                "distance": n.distance,
                "sign": n.sign,
                "signs": list(n.signs),
                "route": route_json(n.route),
            }
            for n in found.neighbors
        ],
    }


def explanation_text(found: Explanation) -> str:
    """The paragraph, wrapped for a terminal, and the claims it cites."""
    if found.route is None:
        return no_route_text(found.search)
    lines = [textwrap.fill(found.text, width=100, break_on_hyphens=False), ""]
    for hop in found.route.hops:
        claim = hop.claims[0]
        lines.append(f"  {claim.id}  {_place(claim)}  ({hop.subject_label} -> {hop.object_label})")
    others = len(found.search.paths) - 1
    if others:
        more = "+" if found.search.truncated else ""
        lines += [
            "",
            f"{others}{more} other route{'s' if others != 1 else ''} found: "
            "`il6graph paths` with the same arguments lists them.",
        ]
    return "\n".join(lines)


def explanation_markdown(found: Explanation) -> str:
    """The paragraph as a Markdown quote-ready block with the cited claims."""
    if found.route is None:
        return no_route_text(found.search)
    lines = [found.text, ""]
    for hop in found.route.hops:
        claim = hop.claims[0]
        lines.append(f"- `{claim.id}` {_place(claim)} ({hop.subject_label} → {hop.object_label})")
    return "\n".join(lines)


def explanation_json(found: Explanation) -> dict[str, Any]:
    """``{"source", "target", "text", "route": <a route as in paths_json, or null>}``."""
    return {
        "source": _entity(found.source.curie, found.source.label),
        "target": _entity(found.target.curie, found.target.label),
        "text": found.text,
        "route": route_json(found.route) if found.route else None,
    }
