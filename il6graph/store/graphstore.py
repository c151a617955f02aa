"""Open a graph: the persistent store for a set of input files, built on first use.

:func:`open_store` finds the store for the inputs in the cache (see :mod:`il6graph.store.cache`)
or builds it, and returns a :class:`GraphStore`: the Oxigraph database (opened read-only) for
SPARQL and RDF output, and the claim index for everything else, read only as far as a question
needs it.

>>> from il6graph.store import open_store
>>> store = open_store()
>>> store.entities.resolve("interleukin 6").curie
'HGNC:6018'
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from il6graph.entities import Entity, EntityIndex
from il6graph.progress import note
from il6graph.store import cache
from il6graph.store.build import ONTOLOGY_GRAPH, load_inputs, rdf_format
from il6graph.store.index import SIGNS, SOURCE_KINDS, Index, build_index

if TYPE_CHECKING:
    import networkx

    from il6graph.claims import Claim
    from il6graph.predicates import Predicate
    from il6graph.sources import SourceFilter
    from il6graph.stats import Summary

__all__ = ["GraphStore", "input_paths", "open_store", "store_from_graph"]

# Above this many names, "did you mean" compares a name with similar names only, not all.
_SCAN_ALL_NAMES = 50_000
# Builds keep at most this many stores for one list of input paths (the newest).
_KEEP_PER_INPUTS = 2


class _StoredEntities(Mapping[str, Entity]):
    """Entities by IRI, read from the index's ``nodes`` table on demand."""

    _COLUMNS = "iri, curie, label, categories, synonyms, mappings"

    def __init__(self, db: sqlite3.Connection, count: int) -> None:
        self.db, self.count = db, count

    @staticmethod
    def entity(row: Sequence[Any]) -> Entity:
        return Entity(
            iri=row[0],
            curie=row[1],
            label=row[2],
            categories=tuple(json.loads(row[3])),
            synonyms=tuple(json.loads(row[4])),
            mappings=tuple(json.loads(row[5])),
        )

    def __getitem__(self, iri: str) -> Entity:
        row = self.db.execute(f"SELECT {self._COLUMNS} FROM nodes WHERE iri = ?", (iri,)).fetchone()
        if row is None:
            raise KeyError(iri)
        return self.entity(row)

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self.db.execute("SELECT iri FROM nodes ORDER BY id"))

    def __len__(self) -> int:
        return self.count

    def values(self) -> Any:  # one query rather than one per entity
        return [
            self.entity(row)
            for row in self.db.execute(f"SELECT {self._COLUMNS} FROM nodes ORDER BY id")
        ]


class _StoredNames(Mapping[str, Mapping[str, int]]):
    """Normalized name -> {IRI: rank}, read from the index's ``names`` table on demand."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __getitem__(self, key: str) -> Mapping[str, int]:
        rows = self.db.execute(
            "SELECT nodes.iri, names.rank FROM names JOIN nodes ON nodes.id = names.node "
            "WHERE names.key = ? ORDER BY names.node",
            (key,),
        ).fetchall()
        if not rows:
            raise KeyError(key)
        return dict(rows)

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self.db.execute("SELECT DISTINCT key FROM names ORDER BY key"))

    def __len__(self) -> int:
        return int(self.db.execute("SELECT COUNT(DISTINCT key) FROM names").fetchone()[0])


class _StoredEntityIndex(EntityIndex):
    """The resolver over the store's tables; suggestions look at similar names only when the
    graph has many."""

    def __init__(self, db: sqlite3.Connection, count: int) -> None:
        super().__init__(_StoredEntities(db, count), _StoredNames(db))
        self.db = db
        self.name_count = int(db.execute("SELECT COUNT(*) FROM names").fetchone()[0])

    def _close_keys(self, key: str) -> Iterable[str]:
        if self.name_count <= _SCAN_ALL_NAMES:
            return [row[0] for row in self.db.execute("SELECT DISTINCT key FROM names")]
        # Names that start like it and are about as long, names that contain it, and the names
        # it contains: what difflib and the containment rule of suggestions() can pick.
        first = key[0]
        near = self.db.execute(
            "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ? "
            "AND length(key) BETWEEN ? AND ? LIMIT 20000",
            (first, first + "\U0010ffff", len(key) - 3, len(key) + 3),
        ).fetchall()
        containing = (
            self.db.execute(
                "SELECT DISTINCT key FROM names WHERE instr(key, ?) > 0 LIMIT 2000", (key,)
            ).fetchall()
            if len(key) >= 3
            else []
        )
        parts = {key[i:j] for i in range(len(key)) for j in range(i + 3, len(key) + 1)}
        contained = [p for p in parts if p in self._names]
        return list(dict.fromkeys([r[0] for r in near] + [r[0] for r in containing] + contained))


class GraphStore:
    """A graph opened from its store: Oxigraph for SPARQL and RDF, the claim index for the rest.

    ``folder`` is the Oxigraph database folder (None when the store is in memory), ``location``
    the store's folder, ``inputs`` the files it was built from.
    """

    def __init__(
        self,
        index: Index,
        *,
        location: Path | None,
        inputs: tuple[Path, ...],
        oxigraph: Any = None,
    ) -> None:
        self.index = index
        self.location = location
        self.inputs = inputs
        if oxigraph is not None:
            self.__dict__["oxigraph"] = oxigraph

    @property
    def folder(self) -> Path | None:
        return self.location / "oxigraph" if self.location is not None else None

    @cached_property
    def oxigraph(self) -> Any:
        """The pyoxigraph Store: the data in the default graph, the ontology in
        :data:`~il6graph.store.build.ONTOLOGY_GRAPH`. Read-only."""
        import pyoxigraph

        assert self.folder is not None
        return pyoxigraph.Store.read_only(str(self.folder))

    @property
    def meta(self) -> dict[str, Any]:
        return self.index.meta

    @property
    def triples(self) -> int:
        """The number of triples of the data (the ontology beside it not counted)."""
        return int(self.meta["counts"]["triples"])

    def __len__(self) -> int:
        """The triples a SPARQL query sees: the data's and the ontology's."""
        return self.triples + int(self.meta["counts"].get("ontology_triples", 0))

    # -- entities --------------------------------------------------------------------------

    @cached_property
    def entities(self) -> EntityIndex:
        """The name resolver over every entity of the graph."""
        return _StoredEntityIndex(self.index.db, self.index.nodes)

    def node_id(self, curie_or_iri: str) -> int | None:
        row = self.index.db.execute(
            "SELECT id FROM nodes WHERE curie = ? OR iri = ?", (curie_or_iri, curie_or_iri)
        ).fetchone()
        return int(row[0]) if row else None

    def node_rows(
        self, ids: Iterable[int] | None = None
    ) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """(id, CURIE, attrs) of the given nodes (all, by default), in id order."""
        columns = "id, iri, curie, label, category, categories, synonyms, mappings"
        if ids is None:
            rows: Iterable[Any] = self.index.db.execute(f"SELECT {columns} FROM nodes ORDER BY id")
        else:
            rows = self._rows_by_id("nodes", columns, sorted(set(ids)))
        for row in rows:
            yield (
                row[0],
                row[2],
                {
                    "iri": row[1],
                    "curie": row[2],
                    "label": row[3],
                    "category": row[4],
                    "categories": json.loads(row[5]),
                    "synonyms": json.loads(row[6]),
                    "mappings": json.loads(row[7]),
                },
            )

    def nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every node as ``(CURIE, attrs)``, the attributes of :func:`il6graph.to_networkx`."""
        for _, curie, attrs in self.node_rows():
            yield curie, attrs

    def _rows_by_id(self, table: str, columns: str, ids: list[int]) -> Iterator[Any]:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.index.db.execute(
                f"SELECT {columns} FROM {table} WHERE id IN ({marks}) ORDER BY id", chunk
            )

    # -- claims ----------------------------------------------------------------------------

    @cached_property
    def predicates(self) -> dict[str, Predicate]:
        """Declared predicates by IRI (the ontology's and the data's own)."""
        from il6graph.predicates import Predicate

        table = {}
        for iri, curie, label, definition, sign, mappings in self.index.db.execute(
            "SELECT iri, curie, label, definition, sign, mappings FROM predicates "
            "WHERE sign IS NOT NULL ORDER BY id"
        ):
            table[iri] = Predicate(iri, curie, label, definition, sign, tuple(json.loads(mappings)))
        return table

    @cached_property
    def _predicate_columns(self) -> list[tuple[str, str]]:
        """(IRI, label) by predicate number."""
        return [
            (iri, label)
            for iri, label in self.index.db.execute("SELECT iri, label FROM predicates ORDER BY id")
        ]

    @cached_property
    def assertion_names(self) -> list[str]:
        """Assertion kind names (stated, implied, external, ...) by their number in the arrays."""
        return [row[0] for row in self.index.db.execute("SELECT name FROM assertions ORDER BY id")]

    @cached_property
    def _node_curies(self) -> _Lookup:
        return _Lookup(self.index.db, "nodes", "curie")

    def edge_rows(
        self, claims: Iterable[int] | None = None
    ) -> Iterator[tuple[int, str, str, str, dict[str, Any]]]:
        """(claim number, subject CURIE, object CURIE, claim CURIE, attrs) in claim order."""
        from il6graph.curies import to_curie

        arrays = self.index.arrays
        subject, obj = arrays["claim_subject"], arrays["claim_object"]
        predicate, sign = arrays["claim_predicate"], arrays["claim_sign"]
        assertion, confidence = arrays["claim_assertion"], arrays["claim_confidence"]
        evidence = arrays["claim_evidence"]
        predicates, assertions = self._predicate_columns, self.assertion_names
        curies = self._node_curies
        if claims is None:
            rows: Iterable[Any] = self.index.db.execute(
                "SELECT id, iri, hedge, agent FROM claims ORDER BY id"
            )
        else:
            rows = self._rows_by_id("claims", "id, iri, hedge, agent", sorted(set(claims)))
        evidence_rows = _Lookup(
            self.index.db, "evidence", "text, source_label, start, end, graph_id"
        )
        sources = _Lookup(self.index.db, "sources", "curie")
        claim_source, claim_kind = arrays["claim_source"], arrays["claim_kind"]
        for n, iri, hedge, agent in rows:
            ev = evidence_rows[int(evidence[n])]
            p = int(predicate[n])
            yield (
                n,
                curies[int(subject[n])],
                curies[int(obj[n])],
                to_curie(iri),
                {
                    "claim": to_curie(iri),
                    "predicate": predicates[p][1],
                    "predicate_iri": predicates[p][0],
                    "sign": SIGNS[int(sign[n])],
                    "assertion": assertions[int(assertion[n])],
                    "hedge": hedge or "",
                    "confidence": float(confidence[n]),
                    "evidence": ev[0],
                    "source": ev[1],
                    "start": int(ev[2]),
                    "end": int(ev[3]),
                    "graph_id": ev[4],
                    "source_id": sources[int(claim_source[n])],
                    "source_kind": SOURCE_KINDS[int(claim_kind[n])],
                    "attributed_to": agent,
                },
            )

    def source_mask(self, sources: SourceFilter) -> Any:
        """A boolean array over the claims: which come from a source ``sources`` keeps.
        An unknown source name raises :class:`~il6graph.errors.InputError`."""
        import numpy

        combined, described = self._source_pairs()
        sources.check(described.values())
        kept = [pair for pair, source in described.items() if sources.passes(*source)]
        return numpy.isin(combined, kept)

    def source_list(self) -> list[tuple[str, str, str]]:
        """Every (kind, source CURIE, source label) that some claim comes from."""
        return sorted(self._source_pairs()[1].values())

    def _source_pairs(self) -> tuple[Any, dict[int, tuple[str, str, str]]]:
        """Each claim's (kind, source) pair as one number, and what each number stands for."""
        import numpy

        from il6graph.store.index import SOURCE_KINDS

        rows = self.index.db.execute("SELECT id, curie, label FROM sources ORDER BY id").fetchall()
        arrays = self.index.arrays
        count = max(len(rows), 1)
        combined = arrays["claim_kind"].astype(numpy.int64) * count + arrays["claim_source"]
        described = {
            pair: (SOURCE_KINDS[pair // count], rows[pair % count][1], rows[pair % count][2])
            for pair in numpy.unique(combined).tolist()
        }
        return combined, described

    def edges(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """Every claim as ``(subject CURIE, object CURIE, claim CURIE, attrs)``: the edges of
        :func:`il6graph.to_networkx`, in the order claims are listed."""
        for _, subject, obj, key, attrs in self.edge_rows():
            yield subject, obj, key, attrs

    def claim_numbers(self, node: int) -> list[int]:
        """The claims with this node as subject or object, in claim order."""
        arrays = self.index.arrays
        out = arrays["out_claims"][arrays["out_ptr"][node] : arrays["out_ptr"][node + 1]]
        into = arrays["in_claims"][arrays["in_ptr"][node] : arrays["in_ptr"][node + 1]]
        return sorted(set(out.tolist()) | set(into.tolist()))

    def claims(self, numbers: Iterable[int] | None = None) -> list[Claim]:
        """The given claims (all by default) as :class:`~il6graph.claims.Claim`, in claim order."""
        from il6graph.claims import Claim, Evidence

        arrays = self.index.arrays
        subject, obj = arrays["claim_subject"], arrays["claim_object"]
        evidence = arrays["claim_evidence"]
        labels = _Lookup(self.index.db, "nodes", "iri, label")
        evidence_rows = _Lookup(
            self.index.db, "evidence", "iri, text, source, source_label, start, end, graph_id"
        )
        found = []
        for n, _, _, _, attrs in self.edge_rows(numbers):
            s_iri, s_label = labels[int(subject[n])]
            o_iri, o_label = labels[int(obj[n])]
            ev = evidence_rows[int(evidence[n])]
            found.append(
                Claim(
                    iri=self._claim_iri(n),
                    subject=s_iri,
                    predicate=attrs["predicate_iri"],
                    object=o_iri,
                    subject_label=s_label,
                    predicate_label=attrs["predicate"],
                    object_label=o_label,
                    assertion=attrs["assertion"],
                    hedge=attrs["hedge"] or None,
                    confidence=attrs["confidence"],
                    evidence=Evidence(
                        iri=ev[0],
                        text=ev[1],
                        source=ev[2],
                        source_label=ev[3],
                        start=int(ev[4]),
                        end=int(ev[5]),
                        graph_id=ev[6],
                    ),
                    attributed_to=attrs["attributed_to"],
                    source_kind=attrs["source_kind"],
                )
            )
        return found

    def _claim_iri(self, n: int) -> str:
        return str(self.index.db.execute("SELECT iri FROM claims WHERE id = ?", (n,)).fetchone()[0])

    def claims_about(self, iri: str) -> list[Claim]:
        """Every claim with the entity ``iri`` as subject or object."""
        node = self.node_id(iri)
        return [] if node is None else self.claims(self.claim_numbers(node))

    # -- summaries and views ---------------------------------------------------------------

    def degrees(self) -> Any:
        """Claims per node (as subject plus as object), a numpy array by node number."""
        import numpy

        arrays = self.index.arrays
        return numpy.diff(arrays["out_ptr"]) + numpy.diff(arrays["in_ptr"])

    def summary(self, *, top: int = 10) -> Summary:
        """What :func:`il6graph.stats.summarize` counts, from the counts taken at build time."""
        import numpy

        from il6graph.stats import Summary, sorted_counts

        counts = self.meta["counts"]
        degree = self.degrees()
        ranked: list[tuple[str, str, int]] = []
        if len(degree) and top > 0:
            kth = numpy.sort(degree)[::-1][min(top, len(degree)) - 1]
            chosen = numpy.nonzero(degree >= max(int(kth), 1))[0].tolist()
            for n, curie, attrs in self.node_rows(chosen):
                described = curie != attrs["iri"] and attrs["category"] != "Entity"
                label, name = (attrs["label"], curie) if described else (attrs["iri"], attrs["iri"])
                ranked.append((label, name, int(degree[n])))
            ranked.sort(key=lambda item: (-item[2], item[0].casefold()))
        return Summary(
            triples=int(counts["triples"]),
            claims=int(counts["claims"]),
            entities=int(counts["entities"]),
            evidence_sentences=int(counts["evidence_sentences"]),
            by_category=sorted_counts(self.meta["by_category"]),
            by_predicate=sorted_counts(self.meta["by_predicate"]),
            by_assertion=sorted_counts(self.meta["by_assertion"]),
            hedged=int(counts["hedged"]),
            most_connected=ranked[:top],
            by_source_kind=sorted_counts(self.meta.get("by_source_kind", {})),
        )

    def to_networkx(
        self, *, nodes: Iterable[int] | None = None, claims: Iterable[int] | None = None
    ) -> networkx.MultiDiGraph:
        """The networkx view (see :func:`il6graph.to_networkx`) of the whole graph, or of the
        given nodes and claims (the ends of the claims are added)."""
        import networkx

        arrays = self.index.arrays
        claim_list = None if claims is None else sorted(set(claims))
        node_set: set[int] | None = None
        if nodes is not None or claim_list is not None:
            node_set = set(nodes or ())
            if claim_list:
                node_set.update(arrays["claim_subject"][claim_list].tolist())
                node_set.update(arrays["claim_object"][claim_list].tolist())
        view = networkx.MultiDiGraph()
        view.add_nodes_from((curie, attrs) for _, curie, attrs in self.node_rows(node_set))
        if claim_list is None and node_set is None:
            view.add_edges_from(self.edges())
        elif claim_list:
            view.add_edges_from(
                (s, o, key, attrs) for _, s, o, key, attrs in self.edge_rows(claim_list)
            )
        return view


class _Lookup:
    """Rows of one table by id, cached: labels and evidence repeat across many claims."""

    def __init__(self, db: sqlite3.Connection, table: str, columns: str) -> None:
        self.db, self.table, self.columns = db, table, columns
        self.single = "," not in columns
        self.cache: dict[int, Any] = {}

    def __getitem__(self, n: int) -> Any:
        found = self.cache.get(n)
        if found is None:
            row = self.db.execute(
                f"SELECT {self.columns} FROM {self.table} WHERE id = ?", (n,)
            ).fetchone()
            found = self.cache[n] = row[0] if self.single else row
        return found


# ---------------------------------------------------------------------------------------------
# Opening and building


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


def _meta(described: list[cache.Input], ontology: cache.Input, index: Index) -> dict[str, Any]:
    return {
        **index.meta,
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


def _build(final: Path, described: list[cache.Input], ontology: cache.Input) -> None:
    """Build the store into a temporary folder beside ``final`` and rename it into place."""
    import pyoxigraph

    root = final.parent
    cache.remove_leftovers(root.parent)
    building = root / f"{cache.BUILD_PREFIX}{final.name}-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        store = pyoxigraph.Store(str(building / "oxigraph"))
        index = load_inputs(
            store,
            [i.path for i in described],
            ontology.path,
            then=lambda found: build_index(found, building / "index.sqlite"),
        )
        store.flush()
        _count_triples(store, index.meta["counts"])
        del store
        index.save_arrays(building)
        index.db.close()
        (building / "meta.json").write_text(
            json.dumps(_meta(described, ontology, index), indent=1, sort_keys=True),
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
    index = load_inputs(
        store,
        [i.path for i in described],
        ontology.path,
        then=lambda found: build_index(found, None),
    )
    _count_triples(store, index.meta["counts"])
    index.meta.update(_meta(described, ontology, index))
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
