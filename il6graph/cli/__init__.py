"""The ``il6graph`` command line.

Each command imports its backend inside its body, so ``il6graph --help`` starts without loading
rdflib, networkx or pyvis. Bad input raises :class:`~il6graph.errors.InputError`, which is printed
as one line on standard error with exit code 2. The commands live in modules by what they do
(:mod:`~il6graph.cli.checks`, :mod:`~il6graph.cli.routes`, :mod:`~il6graph.cli.sparql`,
:mod:`~il6graph.cli.files`, :mod:`~il6graph.cli.overview`,
:mod:`~il6graph.cli.imports`); importing them registers them.
"""

from __future__ import annotations

from il6graph.cli import (  # noqa: F401  (registers commands)
    checks,
    files,
    imports,
    overview,
    routes,
    sparql,
    stores,
)
from il6graph.cli.common import main

__all__ = ["main"]
