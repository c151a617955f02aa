"""How fast the explorer page is written and how soon it is ready in a browser.

For the bundled graph and synthetic graphs of 1,000 and 10,000 entities (bench/synthetic.py, five
claims per entity): render time (median), file size, and the time until the page reports its
layout final (``body[data-ready]``, after physics stabilised or, for large views, the first
drawing) in headless Chromium, plus the time of one full redraw once ready. The baseline, in the
same run: filling the pyvis ``Network`` through ``add_node``/``add_edge`` versus filling
``net.nodes``/``net.edges`` directly, from the same node and edge dictionaries.

Goals (issue 5): bundled graph ready in under 2 s; 10,000 entities usable, ready in under 10 s.

    python bench/bench_render.py                 # bundled, 1,000 and 10,000 entities
    python bench/bench_render.py --sizes 1000    # a quicker run
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_synthetic

from il6graph.explorer import render_html, to_pyvis
from il6graph.graph_view import to_networkx
from il6graph.store import load_graph

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
REDRAW = """() => {
    const net = window.il6graph.network, times = [];
    for (let i = 0; i < 5; i++) {
        const start = performance.now();
        net.redraw();
        times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return times[2];
}"""


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median seconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def fill_times(view: Any, *, baseline: bool) -> tuple[float, float | None]:
    """Seconds to fill a pyvis Network directly, and through add_node/add_edge (the baseline)."""
    from pyvis.network import Network

    built = to_pyvis(view)
    nodes, edges = built.nodes, built.edges

    def direct() -> None:
        net = Network(directed=True)
        net.nodes = [dict(node) for node in nodes]
        net.edges = [dict(edge) for edge in edges]

    def through_api() -> None:
        net = Network(directed=True)
        for node in nodes:
            net.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
        for edge in edges:
            options = {k: v for k, v in edge.items() if k not in ("from", "to")}
            net.add_edge(edge["from"], edge["to"], **options)

    fast, _ = timed(direct, 3)
    slow = timed(through_api, 1)[0] if baseline else None
    return fast, slow


def browser_times(browser: Any, path: Path, repeat: int) -> tuple[float, float, float]:
    """Median ms from navigation to ready (page clock), wall seconds, and ms per redraw."""
    ready, wall, redraw = [], [], []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1400, "height": 860})
        context.route("http*://**", lambda route: route.abort())
        page = context.new_page()
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
        wall.append(time.perf_counter() - start)
        ready.append(page.evaluate("window.il6graph.readyAt"))
        redraw.append(page.evaluate(REDRAW))
        context.close()
    return statistics.median(ready), statistics.median(wall), statistics.median(redraw)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3, help="renders and page loads per graph")
    parser.add_argument(
        "--baseline-up-to",
        type=int,
        default=10_000,
        help="run the add_node/add_edge baseline for graphs of at most this many entities",
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        graphs: list[tuple[str, Callable[[], Any]]] = [("bundled", load_graph)]
        for size in args.sizes:
            graphs.append(
                (
                    f"{size:,} entities",
                    lambda size=size: load_graph(
                        write_synthetic(Path(folder) / str(size), claims=5 * size)
                    ),
                )
            )
        for name, load in graphs:
            start = time.perf_counter()
            view = to_networkx(load())
            loaded = time.perf_counter() - start
            render_s, page = timed(lambda view=view: render_html(view), args.repeat)
            path = Path(folder) / f"{name.split()[0].replace(',', '')}.html"
            path.write_text(page, encoding="utf-8")
            entities = view.number_of_nodes()
            fast, slow = fill_times(view, baseline=entities <= args.baseline_up_to)
            ready_ms, wall_s, redraw_ms = browser_times(browser, path, args.repeat)
            rows.append(
                (
                    name,
                    entities,
                    view.number_of_edges(),
                    loaded,
                    render_s,
                    len(page.encode()),
                    fast,
                    slow,
                    ready_ms,
                    wall_s,
                    redraw_ms,
                )
            )
            print(f"... {name} done", file=sys.stderr, flush=True)
        browser.close()

    print(f"medians of {args.repeat} runs (fill: 3 direct, 1 through the pyvis API)\n")
    header = (
        f"{'graph':<16}{'entities':>9}{'claims':>8}{'load+view':>11}{'render':>9}{'size':>10}"
        f"{'fill direct':>13}{'add_node/edge':>15}{'ratio':>8}{'ready':>9}{'wall':>8}{'redraw':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, n, m, loaded, render_s, size, fast, slow, ready_ms, wall_s, redraw_ms in rows:
        baseline = f"{slow:>14.2f}s" if slow is not None else f"{'skipped':>15}"
        ratio = f"{slow / fast:>7.0f}x" if slow is not None else f"{'':>8}"
        print(
            f"{name:<16}{n:>9,}{m:>8,}{loaded:>10.2f}s{render_s:>8.2f}s{size / 1e6:>8.2f}MB"
            f"{fast * 1000:>11.1f}ms{baseline}{ratio}{ready_ms / 1000:>8.2f}s{wall_s:>7.2f}s"
            f"{redraw_ms:>7.0f}ms"
        )
    print(
        "\nready: navigation start to layout final (page clock); wall: goto() to ready, seen from "
        "Python; redraw: one full redraw once ready. Goals: bundled < 2 s, 10,000 entities < 10 s."
    )


if __name__ == "__main__":
    main()
