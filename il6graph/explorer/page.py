"""The page: choosing the part to draw, filling the template, writing the file."""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from il6graph.entities import EntityIndex
from il6graph.explorer.network import (
    EDGE_STYLE_KEYS,
    LARGE,
    VIS_VERSION,
    category_groups,
    factor,
    to_pyvis,
)
from il6graph.explorer.styles import EFFECT_STYLES, legend
from il6graph.selection import Selection, select_from

if TYPE_CHECKING:
    import networkx
    from rdflib import Graph

    from il6graph.store.graphstore import GraphStore

from il6graph.explorer.network import *  # noqa: F403
from il6graph.explorer.styles import *  # noqa: F403

FLUID = 2_000
"""The most entities a page shows by default. Measured with ``bench/bench_render.py`` in headless
Chromium here: 2,000 entities (10,000 claims) ready in 1.8 s with one redraw in 124 ms, 5,000 in
3.8 s with redraws of 635 ms, which is no longer fluid when panning. A larger graph is shown as a
part (:func:`default_selection`) unless everything is asked for."""

EVERYTHING = Selection()


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
    edge_styles, edges = factor(network.edges, EDGE_STYLE_KEYS)
    data = {
        "routes": _routes(part, selection),
        "nodes": network.nodes,
        "edges": edges,
        "edgeStyles": edge_styles,
        "categories": category_groups(),
        "options": network.options,
        # fit the view again once labels are measured (they are not before the first drawing);
        # a second drawing of a large view would cost too long
        "fitLabels": part.number_of_nodes() < LARGE,
    }
    text = _template().render(
        title=heading,
        subtitle=subtitle,
        data=data,
        legend=legend(part),
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


def _as_source(view_or_graph: Any) -> Any:
    """A networkx view or a store as they are; an rdflib Graph as its view."""
    if hasattr(view_or_graph, "adj") or hasattr(view_or_graph, "index"):
        return view_or_graph
    from il6graph.graph_view import to_networkx

    return to_networkx(view_or_graph)


def default_selection(store: GraphStore) -> Selection | None:
    """The part of a graph to show when everything is too much to draw fluidly (more than
    :data:`FLUID` entities): the neighbourhood of IL-6, or, when the graph has no IL-6 or IL-6
    has too many neighbours itself, of the most connected entity whose neighbourhood still fits.
    None when the whole graph is small enough."""
    import numpy

    if store.index.nodes <= FLUID:
        return None
    degree = store.degrees()  # claims at each entity: at least its number of neighbours
    found = store.entities.candidates("IL-6")
    if len(found) == 1:
        node = store.node_id(found[0].curie)
        if node is not None and degree[node] < FLUID:
            return Selection(focus=found[0].curie, depth=1)
    fitting = numpy.where(degree < FLUID, degree, -1)
    hub = int(fitting.argmax())
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
