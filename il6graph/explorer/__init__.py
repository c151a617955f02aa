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

from il6graph.explorer.network import LARGE, MEDIUM, to_pyvis
from il6graph.explorer.page import FLUID, Page, default_selection, render, render_html, write_html
from il6graph.explorer.styles import CATEGORY_STYLES, EFFECT_STYLES

__all__ = [
    "CATEGORY_STYLES",
    "EFFECT_STYLES",
    "FLUID",
    "LARGE",
    "MEDIUM",
    "Page",
    "default_selection",
    "render",
    "render_html",
    "to_pyvis",
    "write_html",
]
