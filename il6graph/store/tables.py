"""The claim index's tables read on demand: entities by IRI, names, and rows by number.

These keep :class:`~il6graph.entities.EntityIndex`'s behaviour (the one name resolver) while
reading SQLite instead of holding every entity in memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from il6graph.entities import Entity, EntityIndex

if TYPE_CHECKING:
    pass

__all__ = ["Lookup", "StoredEntityIndex"]

# Above this many names, "did you mean" compares a name with similar names only, not all.
_SCAN_ALL_NAMES = 50_000


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


class StoredEntityIndex(EntityIndex):
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


class Lookup:
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
