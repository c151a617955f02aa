"""The network a page draws: pyvis nodes and edges (one edge per statement, carrying its claims),
vis-network options, and positions computed in Python for larger views."""

from __future__ import annotations

import json
import math
from collections import deque
from typing import TYPE_CHECKING, Any

from il6graph.explorer.styles import (
    CATEGORY_STYLES,
    EFFECT_STYLES,
    EXTERNAL_DASHES,
    HEDGED_DASHES,
    OTHER_CATEGORY,
    darker,
    entity_link,
)

if TYPE_CHECKING:
    import networkx
    from pyvis.network import Network


from il6graph.explorer.styles import *  # noqa: F403

LARGE = 1_000
"""From this many entities on, the layout is computed in Python and the page has no live physics."""
MEDIUM = 200
"""From this many entities on, physics starts from the layout computed in Python and runs briefly:
from a random start, vis-network took 13 s to settle 1,000 entities in headless Chromium here."""


VIS_VERSION = "9.1.2"  # the vis-network copy inside pyvis that the page inlines
SEED = 7


def to_pyvis(
    view: networkx.MultiDiGraph,
    *,
    roles: dict[str, str] | None = None,
    seed: int = SEED,
) -> Network:
    """A pyvis ``Network`` of ``view``: one node per entity, one edge per statement.

    Each edge carries its claims (``edge["claims"]``, with evidence). ``net.nodes`` and
    ``net.edges`` are filled directly: pyvis's ``add_node``/``add_edge`` scan its lists on every
    call, which is quadratic (10,000 nodes took 11.5 s). ``roles`` marks nodes as ``focus``,
    ``source`` or ``target`` (drawn larger, with a dark border). Views under :data:`MEDIUM`
    entities (not path views) and of :data:`LARGE` or more get precomputed positions and no
    physics; the small ones with room for every label.
    """
    from pyvis.network import Network

    roles = roles or {}
    nodes = sorted(view.nodes)
    large = len(nodes) >= LARGE
    hierarchical = "source" in roles.values()
    degree = dict(view.degree())
    # Small views are laid out here too, label-aware, and drawn as laid out: vis-network's
    # physics keeps node shapes apart but not their labels, which then covered each other.
    still = not large and not hierarchical and len(nodes) < MEDIUM
    if still:
        positions = _readable_positions(view, nodes, seed, degree, roles)
    else:
        positions = _positions(view, nodes, seed) if len(nodes) >= MEDIUM else {}
    levels = _levels(view, roles) if hierarchical else {}
    network = Network(directed=True, height="100%", width="100%")
    network.nodes = [
        _node(node, view.nodes[node], degree[node], roles.get(node), positions, levels)
        for node in nodes
    ]
    network.edges = [
        _edge(u, v, predicate, claims, large=large)
        for (u, v, predicate), claims in _statements(view)
    ]
    if not large:
        for edge in network.edges:
            # Longer springs at hubs spread a hub's many neighbours on a wider ring, where their
            # labels have room.
            hub = max(degree[edge["from"]], degree[edge["to"]])
            edge["length"] = round(110 + 14 * math.sqrt(hub))
    else:
        for edge in network.edges:
            del edge["label"]  # unreadable at this scale, and slow to draw
    if not large:
        _reciprocal_curves(network.edges)  # curves cost drawing time; large views stay straight
    network.options = _options(
        large=large, hierarchical=hierarchical, seed=seed, placed=bool(positions), still=still
    )
    return network


EDGE_STYLE_KEYS = ("color", "width", "dashes", "arrows", "effect")


def _statements(
    view: networkx.MultiDiGraph,
) -> list[tuple[tuple[str, str, str], list[dict[str, Any]]]]:
    """The view's claims grouped by statement (subject, object, predicate), in a stable order."""
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for u, v, key, data in view.edges(keys=True, data=True):
        grouped.setdefault((u, v, str(data.get("predicate", ""))), []).append(
            {
                "id": key,
                "assertion": data.get("assertion", ""),
                "hedge": data.get("hedge", ""),
                "confidence": data.get("confidence"),
                "evidence": data.get("evidence", ""),
                "source": data.get("source", ""),
                "start": data.get("start"),
                "end": data.get("end"),
                "sign": data.get("sign", "?"),
                **_pathway_evidence(data),
            }
        )
    for claims in grouped.values():
        claims.sort(key=lambda claim: str(claim["id"]))
    return sorted(grouped.items(), key=lambda item: item[0])


def _pathway_evidence(data: dict[str, Any]) -> dict[str, Any]:
    """For a pathway claim: the interaction's GraphId and the pathway's page, for the panel."""
    if not data.get("graph_id"):
        return {}
    from il6graph.sources import pathway_page

    return {"graph_id": data["graph_id"], "page": pathway_page(str(data.get("source_id", "")))}


def _node(
    node: str,
    data: dict[str, Any],
    degree: int,
    role: str | None,
    positions: dict[str, tuple[float, float]],
    levels: dict[str, int],
) -> dict[str, Any]:
    category = str(data.get("category", "Entity"))
    style = CATEGORY_STYLES.get(category, OTHER_CATEGORY)
    label = str(data.get("label", node))
    iri = str(data.get("iri", ""))
    size = _node_size(degree, role)
    item: dict[str, Any] = {
        "id": node,
        "label": label,
        "title": f"{label} · {style.name} · {node}",  # a hover tooltip; vis-network sets it as text
        "group": category if category in CATEGORY_STYLES else "other",
        "size": size,
        "category": category,
        "iri": iri,
        "synonyms": list(data.get("synonyms", ())),
    }
    if role:
        item["role"] = role
        item["font"] = {"size": ROLE_FONT, "bold": True}
        item["borderWidth"] = 4
        # a node's own colour replaces its group's whole colour, so give all of it
        item["color"] = {
            "background": style.colour,
            "border": "#1f2933",
            "highlight": {"background": style.colour, "border": "#000000"},
            "hover": {"background": style.colour, "border": "#000000"},
        }
    link = entity_link(iri)
    if link:
        item["link"] = link
    if node in positions:
        item["x"], item["y"] = positions[node]
    if node in levels:
        item["level"] = levels[node]
    return item


def _groups() -> dict[str, dict[str, Any]]:
    """vis-network node groups: one per category, with its colour and shape."""
    groups = {}
    for name, style in [*CATEGORY_STYLES.items(), ("other", OTHER_CATEGORY)]:
        groups[name] = {
            "shape": style.shape,
            "color": {
                "background": style.colour,
                "border": darker(style.colour),
                "highlight": {"background": style.colour, "border": "#111111"},
                "hover": {"background": style.colour, "border": "#111111"},
            },
            "borderWidth": 1.5,
        }
    return groups


def category_groups() -> dict[str, dict[str, str]]:
    """Each node group's name and colour, for the side panel."""
    styles = [*CATEGORY_STYLES.items(), ("other", OTHER_CATEGORY)]
    return {name: {"name": style.name, "colour": style.colour} for name, style in styles}


def _edge(
    u: str, v: str, predicate: str, claims: list[dict[str, Any]], *, large: bool = False
) -> dict[str, Any]:
    sign = str(claims[0]["sign"])
    effect = EFFECT_STYLES.get(sign, EFFECT_STYLES["?"])
    # A statement looks only as weak as its strongest support: hedged only if every claim hedges,
    # external only if no claim comes from the text.
    hedged = all(claim["hedge"] for claim in claims)
    external = all(claim["assertion"] == "external" for claim in claims)
    width = min(6.0, 1.6 + 0.9 * (len(claims) - 1))
    opacity = 1.0
    dashes: list[int] | bool = False
    if hedged:
        width, opacity, dashes = width * 0.6, 0.6, HEDGED_DASHES
    if external:
        opacity, dashes = 0.5, EXTERNAL_DASHES
    if large and dashes:
        # Dashed lines halve the drawing speed of 50,000 edges; fainter lines say it instead.
        opacity, dashes = opacity * 0.6, False
    return {
        "id": f"{u}|{predicate}|{v}",
        "from": u,
        "to": v,
        "label": predicate + (f" ({len(claims)} claims)" if len(claims) > 1 else ""),
        "color": {"color": effect.colour, "highlight": effect.colour, "opacity": opacity},
        "width": round(width, 2),
        "dashes": dashes,
        "arrows": {"to": {"enabled": True, "type": effect.arrow, "scaleFactor": 0.7}},
        "predicate": predicate,
        "sign": sign,
        "effect": effect.name,
        "hedged": hedged,
        "external": external,
        "claims": [{k: value for k, value in claim.items() if k != "sign"} for claim in claims],
    }


def factor(
    items: list[dict[str, Any]], keys: tuple[str, ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Move the values of ``keys`` that items share into a table, each item keeping an index
    (``"style"``). Edges have a handful of looks; this keeps large pages several times smaller.
    """
    table: dict[str, int] = {}
    styles: list[dict[str, Any]] = []
    rows = []
    for item in items:
        style = {key: item[key] for key in keys if key in item}
        token = json.dumps(style, sort_keys=True)
        if token not in table:
            table[token] = len(styles)
            styles.append(style)
        row = {key: value for key, value in item.items() if key not in style}
        row["style"] = table[token]
        rows.append(row)
    return styles, rows


def _reciprocal_curves(edges: list[dict[str, Any]]) -> None:
    """Bend edges that share their two ends (A→B twice, or A→B and B→A) apart, so none hides another."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for edge in edges:
        groups.setdefault(frozenset((edge["from"], edge["to"])), []).append(edge)
    for group in groups.values():
        if len(group) < 2:
            continue
        for number, edge in enumerate(group):
            # vis-network bends curvedCW relative to the edge's own direction; reversed edges
            # therefore bend to the other side already.
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if number % 2 == 0 else "curvedCCW",
                "roundness": 0.15 + 0.12 * (number // 2),
            }


def _options(
    *, large: bool, hierarchical: bool, seed: int, placed: bool, still: bool = False
) -> dict[str, Any]:
    """vis-network options: seeded physics that stops once stable, or none for large views.

    ``placed``: the nodes come with positions, so physics only polishes them (a few iterations).
    ``still``: the positions are final (small views, laid out with their labels): no physics.
    """
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "font": {
                "size": FONT,
                "face": "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif",
                "color": "#1f2933",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "borderWidthSelected": 4,
            # large views: labels appear once zoomed in far enough to read them
            "scaling": {"label": {"drawThreshold": 8 if large else 5}},
        },
        "edges": {
            "font": {
                "size": 11,
                "color": "#52606d",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
            "smooth": False,
            # predicates show once zoomed in far enough to read them
            "scaling": {"label": {"drawThreshold": 9}},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "layout": {"randomSeed": seed, "improvedLayout": not placed},
        "groups": _groups(),
    }
    if hierarchical:
        options["layout"]["hierarchical"] = {
            "enabled": True,
            "direction": "LR",
            "levelSeparation": 400,
            "nodeSpacing": 120,
            "treeSpacing": 140,
            "blockShifting": True,
            "edgeMinimization": True,
            "parentCentralization": True,
        }
        options["edges"]["smooth"] = {
            "enabled": True,
            "type": "cubicBezier",
            "forceDirection": "horizontal",
            "roundness": 0.4,
        }
        options["physics"] = {"enabled": False}
    elif large or still:
        options["physics"] = {"enabled": False}
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -110,
                "centralGravity": 0.01,
                "springLength": 100,
                "springConstant": 0.05,
                "damping": 0.5,
                "avoidOverlap": 0.8,
            },
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": True,
                "iterations": 80 if placed else 600,
                "updateInterval": 50,
                "fit": True,
            },
        }
    return options


def _positions(
    view: networkx.MultiDiGraph, nodes: list[str], seed: int, *, spacing: float = 150.0
) -> dict[str, tuple[float, float]]:
    """Seeded force-layout positions: the start of small and medium views, final for large ones."""
    from il6graph.layout import force_layout

    positions = force_layout(
        nodes,
        sorted((u, v) for u, v in view.edges()),
        seed=seed,
        spacing=spacing,
    )
    return {str(node): xy for node, xy in positions.items()}


FONT = 25
"""Entity labels' font size, in layout units (they scale with the zoom)."""
ROLE_FONT = 30
LABEL_DROP = 16.5  # vis-network draws a label this far below its node's shape (measured)
CHARACTER_WIDTH = 0.6  # of the font size; measured 0.44-0.63 for labels here in Chromium


def _node_size(degree: int, role: str | None) -> float:
    """A node's radius: larger for hubs, and for the focus, source and target of a view."""
    size = min(50.0, 16.0 + 4.0 * math.sqrt(degree))
    return round(size * (1.25 if role else 1.0), 1)


def _readable_positions(
    view: networkx.MultiDiGraph,
    nodes: list[str],
    seed: int,
    degree: dict[str, int],
    roles: dict[str, str],
) -> dict[str, tuple[float, float]]:
    """Final positions for a small view: a seeded force layout, then nodes moved apart until no
    node with its label overlaps another (labels' widths estimated from their length).
    """
    from il6graph.layout import separate_boxes

    # Compact to start with: moving boxes apart then spreads the layout only as far as needed.
    start = _positions(view, nodes, seed, spacing=60.0)
    boxes = {}
    for node in nodes:
        role = roles.get(node)
        size = _node_size(degree[node], role)
        font = ROLE_FONT if role else FONT
        label = str(view.nodes[node].get("label", node))
        half = max(size, CHARACTER_WIDTH * font * len(label) / 2)
        boxes[node] = (-half, -size, half, size + LABEL_DROP + font)
    # labels are wide and screens wider than tall: moving sideways costs the least room
    moved = separate_boxes(start, boxes, gap=10.0, sideways=3.0)  # type: ignore[arg-type]
    return {str(node): xy for node, xy in moved.items()}


def _levels(view: networkx.MultiDiGraph, roles: dict[str, str]) -> dict[str, int]:
    """Columns for a path view: steps from the source, with the target in the last column."""
    source = next(node for node, role in roles.items() if role == "source")
    target = next((node for node, role in roles.items() if role == "target"), None)
    levels = {source: 0}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        for successor in sorted(view.successors(node)):
            if successor not in levels and successor != target:
                levels[successor] = levels[node] + 1
                queue.append(successor)
    last = max(levels.values(), default=0) + 1
    for node in sorted(view.nodes):
        levels.setdefault(node, last)
    if target is not None:
        levels[target] = max(last, 1)
    return levels
