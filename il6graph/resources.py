"""Where the bundled files are: the curated graph, its source texts and the ontology.

An installed wheel carries them inside the package (``il6graph/_bundled/``); a source checkout
has them at the top of the repository. Both are read through :mod:`importlib.resources`.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

__all__ = ["bundled_path", "graph_path", "ontology_path", "shapes_path", "sources_dir"]


def bundled_path(relative: str) -> Path:
    """Return the path of a bundled file, given as e.g. ``"data/triples.ttl"``."""
    packaged = files("il6graph").joinpath("_bundled", *relative.split("/"))
    if packaged.is_file() or packaged.is_dir():
        with as_file(packaged) as path:
            return Path(path)
    checkout = Path(__file__).resolve().parent.parent / relative
    if checkout.exists():
        return checkout
    raise FileNotFoundError(f"bundled file {relative} is missing from this installation")


def graph_path() -> Path:
    """The curated graph, ``data/triples.ttl``."""
    return bundled_path("data/triples.ttl")


def sources_dir() -> Path:
    """The folder of source texts that evidence offsets point into, ``data/sources/``."""
    return bundled_path("data/sources")


def ontology_path() -> Path:
    """The OWL vocabulary, ``ontology/il6graph.ttl``."""
    return bundled_path("ontology/il6graph.ttl")


def shapes_path() -> Path:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return bundled_path("ontology/shapes.ttl")
