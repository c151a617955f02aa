"""A graph opened from its store (see :func:`il6graph.store.open_store`): the Oxigraph database
(read-only) for SPARQL and RDF output, and the claim index for everything else, read only as far
as a question needs it.

>>> from il6graph.store import open_store
>>> store = open_store()
>>> store.entities.resolve("interleukin 6").curie
'HGNC:6018'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from il6graph.entities import EntityIndex
from il6graph.store.index import SIGNS, SOURCE_KINDS, Index

if TYPE_CHECKING:
    import networkx

    from il6graph.claims import Claim
    from il6graph.predicates import Predicate
    from il6graph.sources import SourceFilter
    from il6graph.stats import Summary

from il6graph.store.tables import Lookup, StoredEntityIndex

__all__ = ["GraphStore"]


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
        return StoredEntityIndex(self.index.db, self.index.nodes)

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
    def _node_curies(self) -> Lookup:
        return Lookup(self.index.db, "nodes", "curie")

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
        evidence_rows = Lookup(
            self.index.db, "evidence", "text, source_label, start, end, graph_id"
        )
        sources = Lookup(self.index.db, "sources", "curie")
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
        labels = Lookup(self.index.db, "nodes", "iri, label")
        evidence_rows = Lookup(
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
