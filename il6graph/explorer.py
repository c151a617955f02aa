"""Interactive pathway pages: one self-contained HTML file that works offline.

pyvis builds the network (its ``nodes``, ``edges`` and ``options`` are the vis-network input);
the page comes from il6graph's own Jinja template with autoescaping on, inlines the
vis-network script and stylesheet that pyvis ships, and loads nothing from the network. A
Content-Security-Policy lets only those two scripts run (by hash), so text from the data can never
execute even if it were injected; the page's own code also writes data into the DOM only as text.

One drawn edge is one statement (subject, predicate, object) — the plain triple the graph asserts —
carrying every claim that supports it; its side panel lists those claims with their sentences.

>>> from il6graph import load_graph
>>> from il6graph.explorer import render_html
>>> page = render_html(load_graph())
>>> page.startswith("<!DOCTYPE html>") and "<script src" not in page
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from collections import deque
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from il6graph.entities import EntityIndex
from il6graph.selection import Selection, select_from

if TYPE_CHECKING:
    import networkx
    from pyvis.network import Network
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore

__all__ = [
    "CATEGORY_STYLES",
    "EFFECT_STYLES",
    "FLUID",
    "LARGE",
    "Page",
    "default_selection",
    "render",
    "render_html",
    "to_pyvis",
    "write_html",
]

LARGE = 1_000
"""From this many entities on, the layout is computed in Python and the page has no live physics."""
MEDIUM = 200
"""From this many entities on, physics starts from the layout computed in Python and runs briefly:
from a random start, vis-network took 13 s to settle 1,000 entities in headless Chromium here."""

FLUID = 2_000
"""The most entities a page shows by default. Measured with ``bench/bench_render.py`` in headless
Chromium here: 2,000 entities (10,000 claims) ready in 1.8 s with one redraw in 124 ms, 5,000 in
3.8 s with redraws of 635 ms, which is no longer fluid when panning. A larger graph is shown as a
part (:func:`default_selection`) unless everything is asked for."""

EVERYTHING = Selection()
VIS_VERSION = "9.1.2"  # the vis-network copy inside pyvis that the page inlines
SEED = 7


@dataclass(frozen=True)
class CategoryStyle:
    """How entities of one category look: a fill colour and a shape (two cues, for colour-blindness)."""

    colour: str
    shape: str
    name: str


# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
CATEGORY_STYLES: dict[str, CategoryStyle] = {
    "Protein": CategoryStyle("#0072B2", "dot", "gene / protein"),
    "Gene": CategoryStyle("#0072B2", "dot", "gene / protein"),
    "Pathway": CategoryStyle("#56B4E9", "hexagon", "pathway"),
    "MolecularActivity": CategoryStyle("#56B4E9", "hexagon", "molecular activity"),
    "BiologicalProcess": CategoryStyle("#009E73", "dot", "biological process"),
    "Cell": CategoryStyle("#E69F00", "triangle", "cell"),
    "AnatomicalEntity": CategoryStyle("#A6761D", "square", "anatomical entity"),
    "Disease": CategoryStyle("#D55E00", "diamond", "disease"),
    "PhenotypicFeature": CategoryStyle("#CC79A7", "triangleDown", "phenotype"),
    "Drug": CategoryStyle("#F0E442", "star", "drug"),
    "ClinicalAttribute": CategoryStyle("#999999", "square", "clinical attribute"),
}
OTHER_CATEGORY = CategoryStyle("#C8C8C8", "dot", "other")


@dataclass(frozen=True)
class EffectStyle:
    """How a statement looks, by the sign of its predicate: colour and arrowhead."""

    name: str
    colour: str
    arrow: str
    explanation: str


EFFECT_STYLES: dict[str, EffectStyle] = {
    "+": EffectStyle("promotes", "#1B7837", "arrow", "activates, promotes, contributes to"),
    "-": EffectStyle("opposes", "#C0392B", "bar", "inhibits, suppresses"),
    "?": EffectStyle("effect unknown", "#B7791F", "circle", "regulates, involved in"),
    "0": EffectStyle("not causal", "#8A8A8A", "vee", "binds, produced by, located in, ..."),
}
HEDGED_DASHES = [7, 6]
EXTERNAL_DASHES = [2, 5]


@dataclass(frozen=True)
class Page:
    """A rendered explorer page. In Jupyter it displays itself inline, offline (an iframe).

    >>> from il6graph import load_graph
    >>> page = render(load_graph(), selection=Selection(focus="STAT3"))
    >>> page.title, page.entities > 1
    ('Neighbourhood of STAT3 (depth 1)', True)
    """

    html: str
    title: str
    entities: int
    statements: int
    claims: int
    height: int = 720

    def _repr_html_(self) -> str:
        # A sandboxed iframe keeps the page's script away from the notebook, and srcdoc needs no
        # file or server: the notebook stays offline.
        return (
            f'<iframe title="{html.escape(self.title)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd;border-radius:4px" '
            f'srcdoc="{html.escape(self.html, quote=True)}"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` atomically (``-`` writes to standard output)."""
        return write_html(self.html, path)


def render(
    view_or_graph: Graph | networkx.MultiDiGraph | GraphStore,
    *,
    selection: Selection = EVERYTHING,
    title: str | None = None,
) -> Page:
    """The explorer page of a graph (or of part of it), for Jupyter: the last expression of a cell
    displays it. ``render(...).save("il6.html")`` writes it.
    """
    source = _as_source(view_or_graph)
    part = select_from(source, selection)
    index = EntityIndex.from_view(source) if hasattr(source, "adj") else source.entities
    heading = title if title is not None else selection.title(index)
    network = to_pyvis(part, roles=_roles(part, selection, index))
    statements = len(network.edges)
    claims = part.number_of_edges()
    subtitle = _subtitle(part, selection, statements, claims)
    edge_styles, edges = _factor(network.edges, EDGE_STYLE_KEYS)
    data = {
        "routes": _routes(part, selection),
        "nodes": network.nodes,
        "edges": edges,
        "edgeStyles": edge_styles,
        "categories": _categories(),
        "options": network.options,
        # fit the view again once labels are measured (they are not before the first drawing);
        # a second drawing of a large view would cost too long
        "fitLabels": part.number_of_nodes() < LARGE,
    }
    text = _template().render(
        title=heading,
        subtitle=subtitle,
        data=data,
        legend=_legend(part),
        large=part.number_of_nodes() >= LARGE,
        vis_css=_asset_markup(_vis_file("vis-network.css"), "style"),
        page_css=_asset_markup(_page_file("explorer.css"), "style"),
        vis_js=_asset_markup(_vis_file("vis-network.min.js"), "script"),
        page_js=_asset_markup(_page_file("explorer.js"), "script"),
        script_hashes=_script_policy(),
    )
    return Page(
        html=text,
        title=heading,
        entities=part.number_of_nodes(),
        statements=statements,
        claims=claims,
    )


def render_html(
    view_or_graph: Graph | networkx.MultiDiGraph | GraphStore,
    *,
    selection: Selection = EVERYTHING,
    title: str | None = None,
) -> str:
    """The explorer page as one self-contained HTML document (see :func:`render`)."""
    return render(view_or_graph, selection=selection, title=title).html


def write_html(page: str, path: str | Path) -> Path:
    """Write ``page`` to ``path`` atomically: an existing file is replaced only on success."""
    data = page.encode("utf-8")

    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    from il6graph.output import atomic_write

    return atomic_write(path, write)


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
    link = _link(iri)
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
                "border": _darker(style.colour),
                "highlight": {"background": style.colour, "border": "#111111"},
                "hover": {"background": style.colour, "border": "#111111"},
            },
            "borderWidth": 1.5,
        }
    return groups


def _categories() -> dict[str, dict[str, str]]:
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


def _factor(
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


def _routes(part: networkx.MultiDiGraph, selection: Selection) -> list[dict[str, Any]]:
    """The routes of a path view, to list and highlight in the side panel.

    ``select`` has reduced the view to the union of the routes it found; searching that union
    with the same bounds lists those routes again (exactly so when the search was not truncated).
    """
    if not selection.paths or part.number_of_edges() == 0:
        return []
    from il6graph.paths import find_paths

    index = EntityIndex.from_view(part)
    source, target = (index.resolve(name).curie for name in selection.paths)
    search = find_paths(
        part, source, target, max_hops=selection.max_hops, max_paths=selection.max_paths
    )
    return [
        {
            "sign": route.sign,
            "effect": EFFECT_STYLES.get(route.sign, EFFECT_STYLES["?"]).name,
            "colour": EFFECT_STYLES.get(route.sign, EFFECT_STYLES["?"]).colour,
            "nodes": list(route.nodes),
            "edges": [f"{hop.subject}|{hop.predicate}|{hop.object}" for hop in route.hops],
        }
        for route in search.paths
    ]


def _roles(view: networkx.MultiDiGraph, selection: Selection, index: Any) -> dict[str, str]:
    roles: dict[str, str] = {}
    if selection.paths:
        source, target = (index.resolve(name).curie for name in selection.paths)
        roles = {source: "source", target: "target"}
    elif selection.focus:
        roles = {index.resolve(selection.focus).curie: "focus"}
    return {node: role for node, role in roles.items() if node in view}


def _subtitle(
    view: networkx.MultiDiGraph, selection: Selection, statements: int, claims: int
) -> str:
    parts = [
        f"{view.number_of_nodes():,} entities · {statements:,} statements from {claims:,} claims"
    ]
    if selection.paths and statements == 0:
        parts.append(f"no route of at most {selection.max_hops} steps")
    if selection.categories:
        parts.append("categories: " + ", ".join(selection.categories))
    if selection.predicates:
        parts.append("predicates: " + ", ".join(selection.predicates))
    if selection.exclude_hedged:
        parts.append("hedged claims left out")
    if selection.exclude_external:
        parts.append("external claims left out")
    if selection.sources:
        parts.append("only from: " + ", ".join(selection.sources))
    if selection.exclude_sources:
        parts.append("left out: " + ", ".join(selection.exclude_sources))
    return " · ".join(parts)


@dataclass(frozen=True)
class _LegendEntry:
    label: str
    colour: str
    shape: str
    count: int


def _legend(view: networkx.MultiDiGraph) -> dict[str, Any]:
    """The categories present in the view, with counts, and the edge styles."""
    counts: dict[str, int] = {}
    for _, data in view.nodes(data=True):
        style = CATEGORY_STYLES.get(str(data.get("category", "")), OTHER_CATEGORY)
        counts[style.name] = counts.get(style.name, 0) + 1
    styles = {style.name: style for style in [*CATEGORY_STYLES.values(), OTHER_CATEGORY]}
    categories = [
        _LegendEntry(name, styles[name].colour, styles[name].shape, count)
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return {"categories": categories, "effects": list(EFFECT_STYLES.values())}


def _link(iri: str) -> str | None:
    """A web link for an identifier, only for http(s) IRIs outside the project's own namespace."""
    from il6graph.vocabulary import BASE

    if iri.startswith(("http://", "https://")) and not iri.startswith(BASE):
        return iri
    return None


def _darker(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.7) for c in (red, green, blue)))


def _as_source(view_or_graph: Any) -> Any:
    """A networkx view or a store as they are; an rdflib Graph as its view."""
    if hasattr(view_or_graph, "adj") or hasattr(view_or_graph, "index"):
        return view_or_graph
    from il6graph.graph_view import to_networkx

    return to_networkx(view_or_graph)


def default_selection(store: GraphStore) -> Selection | None:
    """The part of a graph to show when everything is too much to draw fluidly (more than
    :data:`FLUID` entities): the neighbourhood of IL-6, or of the most connected entity when the
    graph has no IL-6. None when the whole graph is small enough."""
    if store.index.nodes <= FLUID:
        return None
    found = store.entities.candidates("IL-6")
    if len(found) == 1:
        return Selection(focus=found[0].curie, depth=1)
    degree = store.degrees()
    hub = int(degree.argmax())
    for _, curie, _ in store.node_rows([hub]):
        return Selection(focus=curie, depth=1)
    return None


def _template() -> Any:
    from jinja2 import Environment

    environment = Environment(autoescape=True, keep_trailing_newline=True)
    return environment.from_string(_page_file("explorer.html.j2"))


def _page_file(name: str) -> str:
    return files("il6graph").joinpath("templates", name).read_text(encoding="utf-8")


def _vis_file(name: str) -> str:
    """A file of the vis-network copy shipped inside the installed pyvis package."""
    return (
        files("pyvis")
        .joinpath("templates", "lib", f"vis-{VIS_VERSION}", name)
        .read_text(encoding="utf-8")
    )


def _asset_markup(text: str, tag: str) -> Any:
    """Trusted script or style text, inlined as is (it must not close its own element early)."""
    from markupsafe import Markup

    if f"</{tag}" in text.lower():
        raise ValueError(f"inlined {tag} contains '</{tag}'")
    return Markup(text)


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _script_policy() -> str:
    """The hashes of the only two scripts allowed to run: vis-network and the page's own."""
    return " ".join(
        _csp_hash(text) for text in (_vis_file("vis-network.min.js"), _page_file("explorer.js"))
    )
