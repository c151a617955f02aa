"""Check pathway evidence against the pathway file it cites, as sentences are checked against
their text: the element with the cited GraphId must be in the file, with the same end points,
and written out from the file it must read as the evidence's text.

``validate`` calls :func:`pathway_evidence_problems`; each problem is ``(severity, focus,
message)``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from il6graph.errors import InputError
from il6graph.importers.gpml import Pathway, describe, read_gpml
from il6graph.vocabulary import IL6V, to_curie

__all__ = ["pathway_evidence_problems"]

_QUERY = """
PREFIX il6v: <https://w3id.org/il6graph/vocab/>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?ev ?text ?source ?graph_id ?start ?end WHERE {
  ?ev oa:hasSelector ?selector ; oa:hasSource ?source .
  ?selector il6v:graphId ?graph_id .
  OPTIONAL { ?ev il6v:text ?text }
  OPTIONAL { ?selector il6v:sourceRef ?start }
  OPTIONAL { ?selector il6v:targetRef ?end }
}
"""


def pathway_evidence_problems(
    graph: Graph, sources: Path | None = None
) -> list[tuple[str, str, str]]:
    """Every pathway evidence of ``graph`` whose GraphId, end points or text the kept pathway
    file does not bear out; and pathway documents whose file is another pathway or revision.

    ``sources`` is the folder of source files (default: the bundled one). A file that is
    missing is left to the check of source files, which names it once.
    """
    from il6graph.resources import sources_dir

    folder = sources or sources_dir()
    pathways: dict[str, Pathway | None] = {}
    problems: list[tuple[str, str, str]] = []

    def pathway_of(source: URIRef) -> Pathway | None:
        key = str(source)
        if key not in pathways:
            pathways[key] = None
            file_name = graph.value(source, IL6V.path)
            path = folder / str(file_name) if file_name is not None else None
            if path is None or not path.is_file():
                return None
            try:
                pathways[key] = read_gpml(path.read_bytes(), name=str(path))
            except InputError as error:
                problems.append(("error", to_curie(key), str(error)))
                return None
            found = pathways[key]
            assert found is not None
            problems.extend(_document_problems(graph, source, found, path.name))
        return pathways[key]

    for ev, text, source, graph_id, start, end in graph.query(_QUERY):  # type: ignore[misc]
        pathway = pathway_of(URIRef(str(source)))
        if pathway is None:
            continue
        focus = ", ".join(sorted(to_curie(str(c)) for c in graph.subjects(IL6V.evidence, ev)))
        focus = focus or to_curie(str(ev))
        where = f"{to_curie(str(source))} ({pathway.identifier} {pathway.revision})"
        element = str(graph_id)
        interaction = pathway.interactions.get(element)
        if interaction is None and element not in pathway.groups:
            problems.append(
                (
                    "error",
                    focus,
                    f"{to_curie(str(ev))} cites GraphId {element!r}, which {where} does not have",
                )
            )
            continue
        if interaction is not None:
            cited = (_text(start), _text(end))
            drawn = (interaction.start or "", interaction.end or "")
            if cited != drawn:
                problems.append(
                    (
                        "error",
                        focus,
                        f"{to_curie(str(ev))}: interaction {element} of {where} runs from "
                        f"{drawn[0] or '(nothing)'} to {drawn[1] or '(nothing)'}, not from "
                        f"{cited[0] or '(nothing)'} to {cited[1] or '(nothing)'}",
                    )
                )
                continue
        written = describe(pathway, element)
        if text is not None and str(text) != written:
            problems.append(
                (
                    "error",
                    focus,
                    f"{to_curie(str(ev))}: {element} of {where} reads {written!r}, not {str(text)!r}",
                )
            )
    return problems


def _text(value: object) -> str:
    return str(value) if value is not None else ""


def _document_problems(
    graph: Graph, source: URIRef, pathway: Pathway, file_name: str
) -> list[tuple[str, str, str]]:
    """A pathway document whose kept file is another pathway or revision than it says."""
    if (source, RDF.type, IL6V.PathwayDocument) not in graph:
        return []
    said = (
        str(graph.value(source, DCTERMS.identifier) or ""),
        str(graph.value(source, IL6V.revision) or ""),
    )
    if said == (pathway.identifier, pathway.revision):
        return []
    return [
        (
            "error",
            to_curie(str(source)),
            f"says it is {said[0]} {said[1]}, but its file {file_name} is "
            f"{pathway.identifier} {pathway.revision}",
        )
    ]
