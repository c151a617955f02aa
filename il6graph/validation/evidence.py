"""Every evidence text must equal its source document's characters at its offsets.

One pass over the evidence of the store: each source file is read once, each evidence compared
where it stands. An evidence with a part missing is left to the shapes to name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from il6graph.progress import counted
from il6graph.validation.report import Problem
from il6graph.validation.rows import count, name, select, select_terms, value

__all__ = ["KINDS", "evidence_problems"]

KINDS = {
    "source-file": "a source document's file is not named or cannot be read",
    "evidence-offsets": "evidence offsets fall outside the source text",
    "evidence-text": "evidence text differs from the source text at its offsets",
}

_EVIDENCE = """SELECT ?evidence ?source ?text ?start ?end WHERE {
  ?evidence a il6v:Evidence ; oa:hasSource ?source ; oa:hasSelector ?selector ; il6v:text ?text .
  ?selector oa:start ?start ; oa:end ?end .
}"""
_PATHS = "SELECT ?source ?path WHERE { ?source il6v:path ?path }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?evidence a il6v:Evidence }"


def evidence_problems(store: Any, sources: Path | None) -> Iterator[Problem]:
    """Compare every evidence text with its source file under ``sources`` (default: the bundled
    ``data/sources``)."""
    from il6graph.resources import sources_dir

    oxigraph = store.oxigraph
    folder = sources or sources_dir()
    paths: dict[str, str] = {}
    for source, path in select(oxigraph, _PATHS):
        if (
            source is not None
            and path is not None
            and (source not in paths or path < paths[source])
        ):
            paths[source] = path
    texts: dict[str, str | None] = {}
    rows = select_terms(oxigraph, _EVIDENCE)
    total = count(oxigraph, _COUNT)
    for evidence, source_term, text_term, start, end in counted(
        rows, desc="checking evidence", total=total, unit="evidence"
    ):
        source = str(source_term.value)
        if source not in texts:
            texts[source], problem = _read(source, paths.get(source), folder)
            if problem is not None:
                yield problem
        document = texts[source]
        if document is None:
            continue
        try:
            begin, stop = int(start.value), int(end.value)
        except ValueError:
            continue  # the shapes report a non-integer offset
        text = str(text_term.value)
        if not 0 <= begin < stop <= len(document):
            yield Problem(
                "error",
                name(value(evidence)),
                f"offsets {begin}-{stop} are outside {name(source)} ({len(document)} characters)",
                "evidence-offsets",
            )
        elif document[begin:stop] != text:
            citing = sorted(
                name(value(quad.subject))
                for quad in oxigraph.quads_for_pattern(None, _evidence_predicate(), evidence)
            )
            yield Problem(
                "error",
                ", ".join(citing) or name(value(evidence)),
                f"evidence {name(value(evidence))} differs from {name(source)}[{begin}:{stop}]: "
                + difference(text, document[begin:stop]),
                "evidence-text",
            )


def _evidence_predicate() -> Any:
    import pyoxigraph

    return pyoxigraph.NamedNode("https://w3id.org/il6graph/vocab/evidence")


def _read(source: str, file_name: str | None, folder: Path) -> tuple[str | None, Problem | None]:
    """The text of a source document, or None and the problem that stops reading it."""
    if file_name is None:
        message = f"source {name(source)} has no il6v:path naming its file"
        return None, Problem("error", name(source), message, "source-file")
    path = folder / file_name
    try:
        return path.read_bytes().decode("utf-8"), None
    except FileNotFoundError:
        message = f"{path}: source file of {name(source)} not found"
    except (OSError, UnicodeDecodeError) as error:
        message = f"{path}: source file of {name(source)} cannot be read: {error}"
    return None, Problem("error", name(source), message, "source-file")


def difference(text: str, source: str, context: int = 25) -> str:
    """Where two strings first differ, with a little context around it.

    >>> difference("IL-6 activates", "IL-6 inhibits", context=4)
    "at character 5, text '…L-6 acti…' but source '…L-6 inhi…'"
    """
    at = next(
        (i for i, (a, b) in enumerate(zip(text, source, strict=False)) if a != b),
        min(len(text), len(source)),
    )
    begin = max(0, at - context)

    def around(value: str) -> str:
        return (
            ("…" if begin else "")
            + value[begin : at + context]
            + ("…" if at + context < len(value) else "")
        )

    return f"at character {at}, text {around(text)!r} but source {around(source)!r}"
