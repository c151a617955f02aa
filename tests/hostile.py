"""A small graph with hostile values, for the export tests: separators, quotes, line breaks,
commas, formula starts, NUL and other control characters in labels, synonyms, mappings and
evidence; and two claims (two sentences) that state the same edge."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from il6graph.claims import add_claim, add_source
from il6graph.store import new_graph
from il6graph.vocabulary import BIOLINK, ENTITY, IL6V, from_curie

TESTS = Path(__file__).parent
TOOLS = TESTS / ".venv"  # the venvs tests/setup.sh makes for tools with their own pins

# One sentence per hazard a writer or reader can trip on.
SENTENCES = (
    'IL-6, the "master" cytokine,\nactivates STAT3 (see "A, B") & more.',
    '=HYPERLINK("http://x") says IL-6 activates STAT3 | twice\tover.',
    "A NUL\x00 and a bell\x07 sit in this IL-6 sentence \\ with a backslash.",
)
LABELS = {
    "il6": 'IL-6 "six", \\n|pipe',
    "stat3": "=STAT3+1\r\n@cmd",
}
SYNONYMS = {
    "il6": ('interleukin 6, "IL6"', "IL|6", "a\\b", "-minus", "line\nbreak", "nul\x00x"),
    "stat3": ("APRF|x", "+plus", "tab\there"),
}
MAPPINGS = {"il6": ("HGNC:6018",), "stat3": ()}


def hostile_graph(folder: Path) -> Graph:
    """Two proteins and three claims of IL-6 activating STAT3, one per sentence of
    :data:`SENTENCES`; the source text is written into ``folder``."""
    (folder / "hostile.txt").write_text(
        "Preamble. " + " ".join(SENTENCES) + " Coda.", encoding="utf-8"
    )
    graph = new_graph()
    source = add_source(graph, "hostile", label='Notes, "hostile" ones', file_name="hostile.txt")
    for name in ("il6", "stat3"):
        node = ENTITY[name]
        graph.add((node, RDF.type, BIOLINK.Protein))
        graph.add((node, RDFS.label, Literal(LABELS[name])))
        for synonym in SYNONYMS[name]:
            graph.add((node, SKOS.altLabel, Literal(synonym)))
        for mapping in MAPPINGS[name]:
            graph.add((node, SKOS.closeMatch, URIRef(from_curie(mapping))))
    for index, sentence in enumerate(SENTENCES):
        add_claim(
            graph,
            subject=ENTITY["il6"],
            predicate=IL6V.activates,
            object=ENTITY["stat3"],
            source=source,
            sentence=sentence,
            hedge="master" if index == 0 else None,
            confidence=0.5 + index / 10,
            sources=folder,
        )
    return graph


def tool_python(name: str) -> Path | None:
    """The interpreter of the venv tests/setup.sh made for ``name``, if it is there."""
    python = TOOLS / name / "bin" / "python"
    return python if python.is_file() else None


def run_tool(name: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` in the ``name`` tool venv, offline (no proxy, no network needed)."""
    python = tool_python(name)
    assert python is not None, f"run `bash tests/setup.sh` to install the {name} tool"
    environment = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return subprocess.run(
        [str(python), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=environment,
    )


def have_graphviz() -> bool:
    return shutil.which("dot") is not None


__all__ = [
    "LABELS",
    "MAPPINGS",
    "SENTENCES",
    "SYNONYMS",
    "TOOLS",
    "have_graphviz",
    "hostile_graph",
    "run_tool",
    "tool_python",
]
