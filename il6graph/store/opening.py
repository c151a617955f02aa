"""Opening a store: finding the one for a set of input files in the cache, or building it.

A build loads the files into an Oxigraph database and the claim index in a temporary folder
beside the stores, and renames it into place when complete (see :mod:`il6graph.store.cache`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from il6graph.progress import note
from il6graph.store import cache, indexer
from il6graph.store.build import ONTOLOGY_GRAPH, load_inputs, rdf_format
from il6graph.store.graphstore import GraphStore
from il6graph.store.index import Index, build_index

__all__ = ["input_paths", "open_store", "store_from_graph"]

# Builds keep at most this many stores for one list of input paths (the newest).
_KEEP_PER_INPUTS = 2


def input_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The files a store is built from: ``paths``, or the bundled graph; each one checked
    (a bad suffix, a folder or a missing file is a one-line :class:`InputError`)."""
    from il6graph.resources import graph_path

    chosen = [Path(p) for p in paths] or [graph_path()]
    for path in chosen:
        rdf_format(path)
    return chosen


def _writable(root: Path) -> str | None:
    """None when stores can be written under ``root``, else why not."""
    try:
        (root / cache.STORES).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root / cache.STORES, prefix=".probe-"):
            pass
    except OSError as error:
        return error.strerror or str(error)
    return None


def open_store(paths: Sequence[str | Path] = (), *, root: str | Path | None = None) -> GraphStore:
    """The store for these RDF files (default: the bundled graph), built if it does not exist.

    The first call on a set of files loads them (with a progress bar on a terminal) and keeps
    the store in the cache; later calls open it in milliseconds while the files are unchanged.
    A store already built is opened even from a folder that cannot be written (a shared,
    read-only cache); when a store must be built there, one line says so and the graph is
    loaded into memory for this process only.
    """
    from il6graph.resources import ontology_path

    inputs = input_paths(paths)
    folder = cache.cache_root(root)
    described = cache.describe_inputs(inputs, folder)
    ontology = cache.describe_inputs([ontology_path()], folder)[0]
    final = folder / cache.STORES / cache.store_key(described, ontology)
    if not (final / "meta.json").is_file():
        problem = _writable(folder)
        if problem:
            note(
                f"cannot write stores under {folder} ({problem}); loading the graph into memory "
                f"(set {cache.ENV} or --store to a writable folder to keep a store)"
            )
            return _build_in_memory(described, ontology)
        _build(final, described, ontology)
    meta = json.loads((final / "meta.json").read_text(encoding="utf-8"))
    return GraphStore(
        Index.open(final, meta), location=final, inputs=tuple(i.path for i in described)
    )


def _meta(
    described: list[cache.Input], ontology: cache.Input, index_meta: dict[str, Any]
) -> dict[str, Any]:
    return {
        **index_meta,
        "built": time.time(),
        "inputs": [i.as_dict() for i in described],
        "ontology": ontology.as_dict(),
        "ontology_graph": ONTOLOGY_GRAPH,
    }


def _count_triples(store: Any, counts: dict[str, Any]) -> None:
    """Count the data's triples and the ontology's, by SPARQL (no copy of the graph)."""
    import pyoxigraph

    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for key, graph in (
        ("triples", pyoxigraph.DefaultGraph()),
        ("ontology_triples", pyoxigraph.NamedNode(ONTOLOGY_GRAPH)),
    ):
        row = next(iter(store.query(query, default_graph=graph)))
        counts[key] = int(row[0].value)


def _in_load_order(described: list[cache.Input]) -> list[Path]:
    """The inputs ordered by content, so files given in any order build the same store."""
    return [i.path for i in sorted(described, key=lambda i: (i.digest, str(i.path)))]


def _build(final: Path, described: list[cache.Input], ontology: cache.Input) -> None:
    """Build the store into a temporary folder beside ``final`` and rename it into place."""
    import pyoxigraph

    root = final.parent
    cache.remove_leftovers(root.parent)
    building = root / f"{cache.BUILD_PREFIX}{final.name}-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    inputs = _in_load_order(described)
    try:
        index_process = indexer.start(building, inputs, ontology.path)
        try:
            store = pyoxigraph.Store(str(building / "oxigraph"))
            load_inputs(store, inputs, ontology.path, collect=False)
            store.flush()
            index_meta = indexer.finish(index_process, building)
        finally:
            indexer.stop(index_process)
        _count_triples(store, index_meta["counts"])
        del store
        (building / "meta.json").write_text(
            json.dumps(_meta(described, ontology, index_meta), indent=1, sort_keys=True),
            encoding="utf-8",
        )
        if cache.publish(building, final):
            _prune(root, described, keep=final.name)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _prune(root: Path, described: list[cache.Input], *, keep: str) -> None:
    """Remove older stores of the same input files (an edited file leaves its old store)."""
    paths = sorted(str(i.path) for i in described)
    same = []
    for info in cache.list_stores(root.parent):
        if not info.complete or info.key == keep:
            continue
        if sorted(str(i.get("path")) for i in info.inputs) == paths:
            same.append(info)
    for info in same[_KEEP_PER_INPUTS - 1 :]:
        shutil.rmtree(info.folder, ignore_errors=True)


def _build_in_memory(described: list[cache.Input], ontology: cache.Input) -> GraphStore:
    import pyoxigraph

    store = pyoxigraph.Store()
    index = build_index(load_inputs(store, _in_load_order(described), ontology.path), None)
    _count_triples(store, index.meta["counts"])
    index.meta.update(_meta(described, ontology, index.meta))
    return GraphStore(index, location=None, inputs=tuple(i.path for i in described), oxigraph=store)


def store_from_graph(graph: Any) -> GraphStore:
    """An in-memory store of an rdflib Graph (a remote endpoint's answer, a graph built in
    Python), built the same way as a store of files."""
    from il6graph.resources import ontology_path

    with tempfile.TemporaryDirectory(prefix="il6graph-") as folder:
        path = Path(folder) / "graph.nt"
        path.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
        described = cache.describe_inputs([path], None)
        ontology = cache.describe_inputs([ontology_path()], None)[0]
        return _build_in_memory(described, ontology)
