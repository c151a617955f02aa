"""Curators' claim sheets: CSV or TSV, one claim a row, in the columns of the CSV export.

The columns are those ``il6graph export --format csv`` writes in ``edges.csv`` (``id, source,
target, predicate, predicate_id, sign, assertion, hedge, confidence, evidence, document,
evidence_start, evidence_end``), so an export opened in a spreadsheet, edited and saved comes back
in; ``subject``, ``object`` and ``sentence`` are accepted for ``source``, ``target`` and
``evidence``. Names go through the one resolver (label, synonym or identifier); the sentence is
found in its document's text for the offsets. Every row is checked before anything is added: a
bad row is named with what is wrong and, for a name, the closest candidates.

Defaults: ``assertion`` stated; ``confidence`` 0.9 stated, 0.7 stated and hedged, 0.6 implied,
0.5 implied and hedged, 0.8 external (the curation guide's values); ``id`` is recomputed from the
content, so a stale one from an edited export is ignored; ``sign``, when given, must agree with
the predicate.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef

from il6graph.claims import ASSERTION_KINDS, claim_iri, evidence_iri
from il6graph.entities import EntityIndex
from il6graph.errors import InputError
from il6graph.importers.records import (
    ClaimRecord,
    ElementSelector,
    EvidenceRecord,
    SheetRecord,
    SourceRecord,
    TextSpan,
)
from il6graph.predicates import Predicate, predicate_table
from il6graph.progress import counted
from il6graph.vocabulary import IL6V, OA, SOURCE, to_curie

__all__ = ["SHEET_COLUMNS", "SheetClaims", "SheetError", "read_sheet"]

SHEET_COLUMNS = (
    "id",
    "source",
    "target",
    "predicate",
    "predicate_id",
    "sign",
    "assertion",
    "hedge",
    "confidence",
    "evidence",
    "document",
    "evidence_start",
    "evidence_end",
)
_ALIASES = {"subject": "source", "object": "target", "sentence": "evidence"}
_REQUIRED = ("source", "target", "evidence", "document")
_DEFAULT_CONFIDENCE = {
    ("stated", False): 0.9,
    ("stated", True): 0.7,
    ("implied", False): 0.6,
    ("implied", True): 0.5,
    ("external", False): 0.8,
    ("external", True): 0.8,
}
_MAX_LISTED = 20


class SheetError(InputError):
    """A claim sheet with bad rows: ``problems`` holds one line per bad row (or column)."""

    def __init__(self, problems: list[str]) -> None:
        more = len(problems) - 1
        summary = problems[0] + (f" (and {more} more problems)" if more else "")
        super().__init__(summary)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class SheetClaims:
    """The claims of a sheet, the sheet itself, and the documents it cites that are new."""

    sheet: SheetRecord
    claims: tuple[ClaimRecord, ...]
    documents: tuple[SourceRecord, ...]
    rows: int


@dataclass(frozen=True)
class _Document:
    iri: str
    label: str
    text: str
    pathway: bool = False  # a pathway file: rows cite its interactions, which must be in the graph


def read_sheet(
    path: Path, graph: Graph, *, sources: Path, fallback: Path | None = None
) -> SheetClaims:
    """Read every row of a claim sheet against ``graph`` (names, predicates, documents).

    Document texts are read from ``sources``, else from ``fallback`` (the bundled texts). Raises
    :class:`SheetError` naming every bad row; nothing is returned unless all rows are good.
    """
    rows, header = _rows(path)
    reader = _SheetReader(path, graph, sources=sources, fallback=fallback)
    claims: list[ClaimRecord] = []
    problems: list[str] = []
    for number, row in counted(rows, desc=f"reading {path.name}", total=len(rows), unit="row"):
        try:
            claims.append(reader.claim(row))
        except InputError as error:
            problems.append(f"{path.name}, row {number}: {error}")
            if len(problems) > _MAX_LISTED:
                problems[-1] = f"{path.name}: more bad rows after row {number} (stopped listing)"
                break
    if problems:
        raise SheetError(problems)
    if not claims:
        raise InputError(f"{path.name}: the sheet has a header ({', '.join(header)}) but no rows")
    return SheetClaims(
        sheet=reader.sheet,
        claims=tuple(claims),
        documents=tuple(reader.new_documents),
        rows=len(claims),
    )


def _rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The data rows, numbered as a spreadsheet shows them (the header is row 1)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start})") from None
    first = text.split("\n", 1)[0]
    if path.suffix.lower() in (".tsv", ".tab"):
        delimiter = "\t"
    else:  # spreadsheets in some locales save CSV with semicolons
        delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:  # a stray quote, a cell past the csv module's size limit
        raise InputError(
            f"{path.name}, row {len(records) + 1}: not a valid table row: {error}"
        ) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise InputError(f"{path}: empty sheet (no header row)")
    header = [_ALIASES.get(h.strip().casefold(), h.strip().casefold()) for h in records[0]]
    unknown = [h for h in header if h not in SHEET_COLUMNS]
    if unknown:
        raise InputError(
            f"{path.name}, row 1: unknown column {', '.join(repr(u) for u in unknown)} "
            f"(columns: {', '.join(SHEET_COLUMNS)}; or subject, object, sentence)"
        )
    missing = [c for c in _REQUIRED if c not in header]
    if "predicate" not in header and "predicate_id" not in header:
        missing.append("predicate")
    if missing:
        raise InputError(f"{path.name}, row 1: missing column {', '.join(missing)}")
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line, as spreadsheets leave at the end
        if len(record) > len(header):
            raise InputError(
                f"{path.name}, row {number}: {len(record)} cells but {len(header)} columns"
            )
        rows.append((number, dict(zip(header, (c.strip() for c in record), strict=False))))
    return rows, header


class _SheetReader:
    def __init__(self, path: Path, graph: Graph, *, sources: Path, fallback: Path | None) -> None:
        self.sources, self.fallback = sources, fallback
        self.graph = graph
        self.index = EntityIndex.from_graph(graph)
        self.predicates = predicate_table(graph)
        self.by_predicate_name: dict[str, Predicate] = {}
        for predicate in self.predicates.values():
            for name in (
                predicate.label,
                predicate.curie,
                predicate.iri,
                predicate.iri.split("/")[-1],
            ):
                self.by_predicate_name[name.casefold()] = predicate
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-") or "sheet"
        self.sheet = SheetRecord(iri=str(SOURCE[f"sheet-{stem}"]), label=f"claim sheet {path.name}")
        self.documents = self._declared_documents()
        self.new_documents: list[SourceRecord] = []
        self._texts: dict[str, _Document] = {}
        self._names: dict[str, str] = {}  # resolved names, for sheets that repeat them
        self._pathway_evidence: dict[str, dict[str, list[EvidenceRecord]]] = {}
        self._claims: set[str] | None = None  # the graph's claims, once a row cites a pathway

    def claim(self, row: dict[str, str]) -> ClaimRecord:
        subject = self._entity(row.get("source", ""), "source")
        object = self._entity(row.get("target", ""), "target")
        predicate = self._predicate(row)
        sign = row.get("sign", "")
        if sign and sign != predicate.sign:
            raise InputError(
                f"sign {sign!r} does not match predicate {predicate.label!r} ({predicate.sign})"
            )
        assertion = (row.get("assertion") or "stated").casefold()
        if assertion not in ASSERTION_KINDS:
            raise InputError(
                f"unknown assertion {assertion!r} (known: {', '.join(ASSERTION_KINDS)})"
            )
        sentence = row.get("evidence", "")
        if not sentence:
            raise InputError("the evidence sentence is empty")
        hedge = row.get("hedge") or None
        if hedge is not None and hedge not in sentence:
            raise InputError(f"hedge {hedge!r} does not occur in the sentence")
        confidence = _confidence(row.get("confidence", ""), assertion, hedge is not None)
        document = self._document(row.get("document", ""))
        if document.pathway:
            evidence = self._interaction(
                document, sentence, (subject, predicate.iri, object), row.get("id", "")
            )
        else:
            start, end = self._locate(document, sentence, row)
            evidence = EvidenceRecord(
                iri=str(evidence_iri(document.iri, start, end)),
                text=sentence,
                source=document.iri,
                selector=TextSpan(start, end),
            )
        return ClaimRecord(
            subject=subject,
            predicate=predicate.iri,
            object=object,
            evidence=evidence,
            assertion=assertion,
            confidence=confidence,
            agent=str(IL6V.Curator),
            hedge=hedge,
            sheet=self.sheet.iri,
        )

    def _entity(self, name: str, column: str) -> str:
        if not name:
            raise InputError(f"the {column} is empty")
        if name not in self._names:
            try:
                self._names[name] = self.index.resolve(name).iri
            except InputError as error:
                raise InputError(f"{column}: {error}") from None
        return self._names[name]

    def _predicate(self, row: dict[str, str]) -> Predicate:
        found = []
        for column in ("predicate", "predicate_id"):
            name = row.get(column, "")
            if not name:
                continue
            predicate = self.by_predicate_name.get(name.casefold())
            if predicate is None:
                known = sorted(p.label for p in self.predicates.values())
                raise InputError(f"unknown predicate {name!r} (known: {', '.join(known)})")
            found.append(predicate)
        if not found:
            raise InputError("the predicate is empty")
        if len({p.iri for p in found}) > 1:
            raise InputError(
                f"predicate {row['predicate']!r} and predicate_id {row['predicate_id']!r} differ"
            )
        return found[0]

    def _declared_documents(self) -> dict[str, tuple[str, str, str]]:
        """Names a row may give for a declared document -> (IRI, label, file name)."""
        names: dict[str, tuple[str, str, str]] = {}
        for source in set(self.graph.subjects(RDF.type, IL6V.SourceDocument)):
            label = str(self.graph.value(source, RDFS.label) or to_curie(str(source)))
            file_name = str(self.graph.value(source, IL6V.path) or "")
            entry = (str(source), label, file_name)
            for name in (
                str(source),
                to_curie(str(source)),
                label,
                file_name,
                Path(file_name).stem,
            ):
                if name:
                    names.setdefault(name.casefold(), entry)
        return names

    def _document(self, name: str) -> _Document:
        if not name:
            raise InputError("the document is empty")
        key = name.casefold()
        if key in self._texts:
            return self._texts[key]
        declared = self.documents.get(key)
        if (
            declared is not None
            and (URIRef(declared[0]), RDF.type, IL6V.PathwayDocument) in self.graph
        ):
            document = _Document(iri=declared[0], label=declared[1], text="", pathway=True)
            self._texts[key] = document
            return document
        if declared is not None:
            iri, label, file_name = declared
            text = self._read(file_name)
            if text is None:
                raise InputError(
                    f"document {label!r}: its file {file_name} is in neither {self.sources} "
                    "nor the bundled sources"
                )
        else:  # a new text: its file must be in the sources folder
            file_name = name if Path(name).suffix else f"{name}.txt"
            text = self._read(file_name)
            if text is None or Path(file_name).name != file_name:
                known = sorted({entry[1] for entry in self.documents.values()})
                raise InputError(
                    f"unknown document {name!r}: not a declared source ({'; '.join(known)}) "
                    f"and no file {file_name} in {self.sources}"
                )
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(file_name).stem).strip("-")
            iri, label = str(SOURCE[stem]), Path(file_name).stem
            self.new_documents.append(SourceRecord(iri=iri, label=label, file_name=file_name))
            self.documents[key] = (iri, label, file_name)
        document = _Document(iri=iri, label=label, text=text)
        self._texts[key] = document
        return document

    def _interaction(
        self, document: _Document, drawn: str, claim: tuple[str, str, str], claim_id: str
    ) -> EvidenceRecord:
        """The pathway evidence a row cites by its text (as the CSV export writes it): one the
        graph already has, since pathway claims come from importing the pathway file."""
        if document.iri not in self._pathway_evidence:
            found: dict[str, list[EvidenceRecord]] = {}
            for ev in self.graph.subjects(OA.hasSource, URIRef(document.iri)):
                selector = self.graph.value(ev, OA.hasSelector)
                graph_id = self.graph.value(selector, IL6V.graphId) if selector else None
                text = self.graph.value(ev, IL6V.text)
                if graph_id is None or text is None:
                    continue
                start = self.graph.value(selector, IL6V.sourceRef)
                end = self.graph.value(selector, IL6V.targetRef)
                found.setdefault(str(text), []).append(
                    EvidenceRecord(
                        iri=str(ev),
                        text=str(text),
                        source=document.iri,
                        selector=ElementSelector(
                            str(graph_id),
                            str(start) if start is not None else None,
                            str(end) if end is not None else None,
                        ),
                    )
                )
            self._pathway_evidence[document.iri] = found
        candidates = self._pathway_evidence[document.iri].get(drawn, [])
        if self._claims is None:
            self._claims = {str(c) for c in self.graph.subjects(RDF.type, IL6V.Claim)}
        agreeing = [e for e in candidates if str(claim_iri(*claim, e.iri)) in self._claims]
        named = [e for e in agreeing if to_curie(str(claim_iri(*claim, e.iri))) == claim_id]
        if named or len(agreeing) == 1 or len(candidates) == 1:
            return (named or agreeing or candidates)[0]
        if agreeing and len(agreeing) == len(candidates):
            return agreeing[0]  # drawn twice, both claims already in the graph: nothing to add
        if not candidates:
            raise InputError(
                f"{_short(drawn)!r} is no interaction of {document.label!r} in this graph "
                "(pathway claims come from importing the pathway file)"
            )
        graph_ids = ", ".join(sorted(e.selector.graph_id for e in candidates))  # type: ignore[union-attr]
        raise InputError(
            f"{_short(drawn)!r} is drawn more than once in {document.label!r} ({graph_ids})"
        )

    def _read(self, file_name: str) -> str | None:
        for folder in (self.sources, self.fallback):
            if folder is not None and (folder / file_name).is_file():
                try:
                    return (folder / file_name).read_bytes().decode("utf-8")
                except UnicodeDecodeError as error:
                    raise InputError(
                        f"{folder / file_name}: not UTF-8 text (byte {error.start})"
                    ) from None
        return None

    def _locate(self, document: _Document, sentence: str, row: dict[str, str]) -> tuple[int, int]:
        """Where the sentence is in its document: the given offsets, checked, or the one place
        it occurs."""
        given = row.get("evidence_start", ""), row.get("evidence_end", "")
        text = document.text
        if any(given):
            try:
                start, end = int(given[0]), int(given[1])
            except ValueError:
                raise InputError(
                    f"evidence_start and evidence_end must be whole numbers, not {given[0]!r} and {given[1]!r}"
                ) from None
            if text[start:end] == sentence and 0 <= start < end:
                return start, end
            at = text.find(sentence)
            where = f"; it is at {at}-{at + len(sentence)}" if at >= 0 else ""
            raise InputError(f"the sentence is not at {start}-{end} of {document.label!r}{where}")
        start = text.find(sentence)
        if start < 0:
            raise InputError(f"the sentence is not in {document.label!r}: {_short(sentence)!r}")
        again = text.find(sentence, start + 1)
        if again >= 0:
            raise InputError(
                f"the sentence occurs more than once in {document.label!r} (at {start} and "
                f"{again}); give evidence_start and evidence_end to choose"
            )
        return start, start + len(sentence)


def _confidence(value: str, assertion: str, hedged: bool) -> float:
    if not value:
        return _DEFAULT_CONFIDENCE[(assertion, hedged)]
    try:
        confidence = float(value.replace(",", "."))  # a spreadsheet's decimal comma
    except ValueError:
        raise InputError(f"confidence {value!r} is not a number") from None
    if not 0.0 <= confidence <= 1.0:
        raise InputError(f"confidence {confidence} is outside [0, 1]")
    return confidence


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
