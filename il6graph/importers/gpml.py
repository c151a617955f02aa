"""Read a GPML pathway (PathVisio's XML, the format of WikiPathways) into small dataclasses.

Only what claims need is kept: data nodes with their Xref, groups, interactions with the
GraphRefs and arrow head of their two ends, the anchors on interactions, and labels and shapes
(so that an interaction ending on one can be reported by name). :func:`describe` writes an
element as the text of its evidence; ``validate`` writes it again from the kept file and
compares, as it compares a sentence with its source's characters.

>>> from il6graph.importers.gpml import read_gpml
>>> pathway = read_gpml(b'''<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="Tiny"
...   Version="WP1_r2" Organism="Homo sapiens">
...   <DataNode TextLabel="SOCS3" GraphId="a" Type="Protein"><Xref Database="Entrez Gene" ID="9021"/></DataNode>
...   <DataNode TextLabel="JAK1" GraphId="b" Type="Protein"><Xref Database="Entrez Gene" ID="3716"/></DataNode>
...   <Interaction GraphId="i"><Graphics><Point GraphRef="a" X="0" Y="0"/>
...     <Point GraphRef="b" X="1" Y="0" ArrowHead="mim-inhibition"/></Graphics></Interaction>
... </Pathway>''', name="tiny.gpml")
>>> describe(pathway, "i")
'SOCS3 --mim-inhibition--> JAK1'
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field

from il6graph.errors import InputError

__all__ = [
    "DataNode",
    "Group",
    "Interaction",
    "Pathway",
    "Xref",
    "describe",
    "orientation",
    "read_gpml",
]

# The GPML versions whose elements and attributes this reader knows (GPML2021 renamed them).
_NAMESPACES = (
    "http://pathvisio.org/GPML/2013a",
    "http://pathvisio.org/GPML/2010a",
    "http://genmapp.org/GPML/2010a",
    "http://genmapp.org/GPML/2008a",
)
NO_HEAD = "Line"  # PathVisio's name for an end without an arrow head


@dataclass(frozen=True)
class Xref:
    """A data node's identifier as the file gives it: ``Entrez Gene`` ``3569``."""

    database: str
    id: str


@dataclass(frozen=True)
class DataNode:
    graph_id: str
    label: str
    type: str
    xref: Xref | None
    group_ref: str | None


@dataclass(frozen=True)
class Group:
    """A group of data nodes (and groups); ``style`` Complex makes it one physical complex."""

    graph_id: str
    group_id: str
    style: str
    label: str
    group_ref: str | None


@dataclass(frozen=True)
class Interaction:
    """A line: the GraphRefs at its start and end (None when not attached) and their heads."""

    graph_id: str
    start: str | None
    end: str | None
    start_head: str
    end_head: str
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class Pathway:
    """One GPML file: its identity (WikiPathways id and revision), title and elements."""

    identifier: str
    revision: str
    title: str
    organism: str
    data_source: str
    nodes: dict[str, DataNode]
    groups: dict[str, Group]  # by GraphId (what interactions point at)
    interactions: dict[str, Interaction]
    anchors: dict[str, str]  # anchor GraphId -> the GraphId of the interaction it sits on
    drawings: dict[str, str] = field(default_factory=dict)  # Label/Shape GraphId -> description

    def members(self, group: Group) -> list[DataNode | Group]:
        """The data nodes and groups directly inside ``group``, in file order."""
        inside: list[DataNode | Group] = [
            n for n in self.nodes.values() if n.group_ref == group.group_id
        ]
        inside += [g for g in self.groups.values() if g.group_ref == group.group_id]
        return inside


def read_gpml(content: bytes, *, name: str) -> Pathway:
    """Parse GPML ``content`` (``name`` is for messages); a broken file raises :class:`InputError`."""
    if b"<!ENTITY" in content:
        # GPML never declares entities; refusing them keeps entity-expansion attacks out.
        raise InputError(f"{name}: declares XML entities, which GPML never does; refused")
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise InputError(f"{name}:{line}:{column + 1}: not well-formed XML: {reason}") from None
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if root.tag.split("}")[-1] != "Pathway":
        raise InputError(f"{name}: not a GPML pathway (its root element is not <Pathway>)")
    if namespace not in _NAMESPACES:
        raise InputError(
            f"{name}: GPML namespace {namespace or '(none)'!r} is not supported "
            f"(known: {', '.join(_NAMESPACES)}); save the pathway as GPML 2013a in PathVisio"
        )
    ns = "{" + namespace + "}"

    nodes: dict[str, DataNode] = {}
    for element in root.iter(ns + "DataNode"):
        graph_id = element.get("GraphId")
        if not graph_id:
            continue  # a node nothing can point at
        xref = element.find(ns + "Xref")
        database = (xref.get("Database") or "").strip() if xref is not None else ""
        local = (xref.get("ID") or "").strip() if xref is not None else ""
        nodes[graph_id] = DataNode(
            graph_id=graph_id,
            label=_clean(element.get("TextLabel") or ""),
            type=element.get("Type") or "",
            xref=Xref(database, local) if database and local else None,
            group_ref=element.get("GroupRef"),
        )
    groups: dict[str, Group] = {}
    for element in root.iter(ns + "Group"):
        graph_id, group_id = element.get("GraphId"), element.get("GroupId")
        if graph_id and group_id:
            groups[graph_id] = Group(
                graph_id=graph_id,
                group_id=group_id,
                style=element.get("Style") or "None",
                label=_clean(element.get("TextLabel") or ""),
                group_ref=element.get("GroupRef"),
            )
    interactions: dict[str, Interaction] = {}
    anchors: dict[str, str] = {}
    for element in root.iter(ns + "Interaction"):
        graph_id = element.get("GraphId")
        points = element.findall(f"{ns}Graphics/{ns}Point")
        if not graph_id or len(points) < 2:
            continue
        first, last = points[0], points[-1]
        found = tuple(
            a.get("GraphId") or "" for a in element.iter(ns + "Anchor") if a.get("GraphId")
        )
        for anchor in found:
            anchors[anchor] = graph_id
        interactions[graph_id] = Interaction(
            graph_id=graph_id,
            start=first.get("GraphRef") or None,
            end=last.get("GraphRef") or None,
            start_head=first.get("ArrowHead") or NO_HEAD,
            end_head=last.get("ArrowHead") or NO_HEAD,
            anchors=found,
        )
    drawings: dict[str, str] = {}
    for tag, what in (("Label", "label"), ("Shape", "shape")):
        for element in root.iter(ns + tag):
            if element.get("GraphId"):
                text = _clean(element.get("TextLabel") or "")
                drawings[element.get("GraphId") or ""] = f"{what} {text!r}" if text else f"a {what}"

    identifier, revision = _identity(root.get("Version") or "", name, content)
    return Pathway(
        identifier=identifier,
        revision=revision,
        title=_clean(root.get("Name") or identifier),
        organism=root.get("Organism") or "",
        data_source=root.get("Data-Source") or "",
        nodes=nodes,
        groups=groups,
        interactions=interactions,
        anchors=anchors,
        drawings=drawings,
    )


def _identity(version: str, name: str, content: bytes) -> tuple[str, str]:
    """WikiPathways writes ``Version="WP364_r142066"``: the pathway id and its revision. A file
    without one is named by its file name and identified by the digest of its bytes."""
    found = re.fullmatch(r"(WP\d+)_(r?\d+)", version.strip())
    if found:
        revision = found.group(2)
        return found.group(1), revision if revision.startswith("r") else "r" + revision
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", name.rsplit("/", 1)[-1].removesuffix(".gpml"))
    return stem or "pathway", "sha256-" + hashlib.sha256(content).hexdigest()[:12]


def _clean(text: str) -> str:
    """Labels with their line breaks and runs of spaces as one space."""
    return " ".join(text.split())


def describe(pathway: Pathway, graph_id: str) -> str | None:
    """The text of the evidence that an interaction or group is: its ends (or members) as the
    file names them and its arrow type, in the direction the head points. None if the file has
    no such element."""
    interaction = pathway.interactions.get(graph_id)
    if interaction is not None:
        start, end, head = orientation(interaction)
        return f"{_end(pathway, start, 0)} --{head}--> {_end(pathway, end, 0)}"
    group = pathway.groups.get(graph_id)
    if group is not None:
        return _group(pathway, group, 0)
    return None


def orientation(interaction: Interaction) -> tuple[str | None, str | None, str]:
    """Start, end and arrow type of an interaction, with the head at the end: a head drawn only
    at the start points the other way."""
    if interaction.end_head == NO_HEAD and interaction.start_head != NO_HEAD:
        return interaction.end, interaction.start, interaction.start_head
    return interaction.start, interaction.end, interaction.end_head


def _end(pathway: Pathway, ref: str | None, depth: int) -> str:
    if ref is None:
        return "(not connected)"
    if ref in pathway.nodes:
        return pathway.nodes[ref].label or f"node {ref}"
    if ref in pathway.groups:
        return _group(pathway, pathway.groups[ref], depth + 1)
    if ref in pathway.anchors:
        anchored = pathway.anchors[ref]
        if depth >= 4:
            return f"[interaction {anchored}]"
        start, end, head = orientation(pathway.interactions[anchored])
        inner = f"{_end(pathway, start, depth + 1)} --{head}--> {_end(pathway, end, depth + 1)}"
        return f"[{inner}]"
    if ref in pathway.drawings:
        return pathway.drawings[ref]
    return f"(unknown {ref})"


def _group(pathway: Pathway, group: Group, depth: int) -> str:
    kind = "complex" if group.style == "Complex" else "group"
    if depth >= 4:
        return f"{kind} {group.graph_id}"
    names = sorted(
        m.label if isinstance(m, DataNode) else _group(pathway, m, depth + 1)
        for m in pathway.members(group)
    )
    return f"{kind} of {', '.join(names) or 'nothing'}"
