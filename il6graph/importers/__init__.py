"""``il6graph import``: curated pathways and curators' claim sheets into the graph.

One module per part: :mod:`~il6graph.importers.gpml` reads pathway files,
:mod:`~il6graph.importers.pathways` turns their interactions into claims (the arrow-type table is
in the ontology), :mod:`~il6graph.importers.identifiers` maps gene identifiers to HGNC,
:mod:`~il6graph.importers.sheets` reads claim sheets, :mod:`~il6graph.importers.records` adds what
they give to a graph, :mod:`~il6graph.importers.merge` runs an import, and
:mod:`~il6graph.importers.evidence` checks pathway evidence for ``validate``.
"""

from __future__ import annotations

from il6graph.importers.merge import FileReport, ImportResult, import_files

__all__ = ["FileReport", "ImportResult", "import_files"]
