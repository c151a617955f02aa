"""The explorer's look: colours and shapes by category, arrows by effect, the legend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx


@dataclass(frozen=True)
class CategoryStyle:
    """How entities of one category look: a fill colour and a shape (two cues, for colour-blindness)."""

    colour: str
    shape: str
    name: str


# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
CATEGORY_STYLES: dict[str, CategoryStyle] = {
    "Protein": CategoryStyle("#0072B2", "dot", "gene / protein"),
    "Gene": CategoryStyle("#0072B2", "dot", "gene / protein"),
    "Pathway": CategoryStyle("#56B4E9", "hexagon", "pathway"),
    "MolecularActivity": CategoryStyle("#56B4E9", "hexagon", "molecular activity"),
    "BiologicalProcess": CategoryStyle("#009E73", "dot", "biological process"),
    "Cell": CategoryStyle("#E69F00", "triangle", "cell"),
    "AnatomicalEntity": CategoryStyle("#A6761D", "square", "anatomical entity"),
    "Disease": CategoryStyle("#D55E00", "diamond", "disease"),
    "PhenotypicFeature": CategoryStyle("#CC79A7", "triangleDown", "phenotype"),
    "Drug": CategoryStyle("#F0E442", "star", "drug"),
    "ClinicalAttribute": CategoryStyle("#999999", "square", "clinical attribute"),
}
OTHER_CATEGORY = CategoryStyle("#C8C8C8", "dot", "other")


@dataclass(frozen=True)
class EffectStyle:
    """How a statement looks, by the sign of its predicate: colour and arrowhead."""

    name: str
    colour: str
    arrow: str
    explanation: str


EFFECT_STYLES: dict[str, EffectStyle] = {
    "+": EffectStyle("promotes", "#1B7837", "arrow", "activates, promotes, contributes to"),
    "-": EffectStyle("opposes", "#C0392B", "bar", "inhibits, suppresses"),
    "?": EffectStyle("effect unknown", "#B7791F", "circle", "regulates, involved in"),
    "0": EffectStyle("not causal", "#8A8A8A", "vee", "binds, produced by, located in, ..."),
}
HEDGED_DASHES = [7, 6]
EXTERNAL_DASHES = [2, 5]


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    shape: str
    count: int


def legend(view: networkx.MultiDiGraph) -> dict[str, Any]:
    """The categories present in the view, with counts, and the edge styles."""
    counts: dict[str, int] = {}
    for _, data in view.nodes(data=True):
        style = CATEGORY_STYLES.get(str(data.get("category", "")), OTHER_CATEGORY)
        counts[style.name] = counts.get(style.name, 0) + 1
    styles = {style.name: style for style in [*CATEGORY_STYLES.values(), OTHER_CATEGORY]}
    categories = [
        LegendEntry(name, styles[name].colour, styles[name].shape, count)
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return {"categories": categories, "effects": list(EFFECT_STYLES.values())}


def entity_link(iri: str) -> str | None:
    """A web link for an identifier, only for http(s) IRIs outside the project's own namespace."""
    from il6graph.vocabulary import BASE

    if iri.startswith(("http://", "https://")) and not iri.startswith(BASE):
        return iri
    return None


def darker(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.7) for c in (red, green, blue)))
