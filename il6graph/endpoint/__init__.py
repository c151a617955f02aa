"""``il6graph serve``: a read-only SPARQL endpoint on localhost, with a query page.

- :mod:`~il6graph.endpoint.front`: the listener clients reach; checks Host, Origin and
  Content-Length, inspects every query and forwards its canonical text;
- :mod:`~il6graph.endpoint.pool`: a few confined ``oxigraph serve-read-only`` engines on the
  store's folder, killed past the deadline and restarted by a supervisor;
- :mod:`~il6graph.endpoint.service`: both started and stopped as one (:class:`Endpoint`);
- :mod:`~il6graph.endpoint.oxigraph`: the Oxigraph server program, and a plain writable server.

Importing this package is cheap; each name loads its module on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from il6graph.endpoint.oxigraph import OxigraphServer, load_store, oxigraph_command
    from il6graph.endpoint.service import (
        DEFAULT_PORT,
        DEFAULT_TIMEOUT,
        ENGINES,
        Endpoint,
        serve_until_stopped,
    )

__all__ = [
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "ENGINES",
    "Endpoint",
    "OxigraphServer",
    "load_store",
    "oxigraph_command",
    "serve_until_stopped",
]

_WHERE = {
    **dict.fromkeys(("OxigraphServer", "load_store", "oxigraph_command"), "oxigraph"),
    **dict.fromkeys(
        ("DEFAULT_PORT", "DEFAULT_TIMEOUT", "ENGINES", "Endpoint", "serve_until_stopped"),
        "service",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"il6graph.endpoint.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'il6graph.endpoint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
