"""The answers of path questions: routes, their steps and the claims behind each step."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from il6graph.entities import Entity

__all__ = [
    "ASSERTION_ORDER",
    "SIGN_MEANINGS",
    "SIGN_ORDER",
    "ClaimRef",
    "Explanation",
    "Hop",
    "Neighbor",
    "Neighborhood",
    "PathSearch",
    "Route",
    "claim_order",
    "route_order",
]

SIGN_MEANINGS = {
    "+": "promotes",
    "-": "opposes",
    "?": "unknown direction",
    "0": "no effect stated (a non-causal step)",
}
ASSERTION_ORDER = {"stated": 0, "implied": 1, "external": 2}
SIGN_ORDER = {"+": 0, "-": 1, "?": 2, "0": 3}


@dataclass(frozen=True)
class ClaimRef:
    """One claim that supports a step: its id (the claim CURIE, the view's edge key) and evidence."""

    id: str
    evidence: str
    assertion: str
    hedge: str | None
    confidence: float
    source: str = ""
    start: int | None = None
    end: int | None = None
    graph_id: str = ""  # for a pathway claim: the GraphId of the interaction it cites


@dataclass(frozen=True)
class Hop:
    """One step of a route: ``subject --predicate--> object`` and every claim that supports it.

    ``subject`` and ``object`` are node ids of the view (CURIEs such as ``HGNC:6018``).
    """

    subject: str
    predicate: str
    object: str
    sign: str
    claims: tuple[ClaimRef, ...]
    subject_label: str = ""
    object_label: str = ""

    @cached_property
    def confidence(self) -> float:
        """The confidence of the best claim behind the step."""
        return max(claim.confidence for claim in self.claims)


@dataclass(frozen=True)
class Route:
    """A route from source to target: its net sign and its hops in order."""

    sign: str
    hops: tuple[Hop, ...]

    @property
    def nodes(self) -> tuple[str, ...]:
        """The node ids along the route, source first."""
        return (self.hops[0].subject, *(hop.object for hop in self.hops))

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """The entity labels along the route, source first."""
        return (self.hops[0].subject_label, *(hop.object_label for hop in self.hops))

    @property
    def length(self) -> int:
        return len(self.hops)

    @cached_property
    def support(self) -> float:
        """The product of each step's best confidence: lower for weaker and for longer routes."""
        product = 1.0
        for hop in self.hops:
            product *= hop.confidence
        return product

    @cached_property
    def claim_count(self) -> int:
        return sum(len(hop.claims) for hop in self.hops)


@dataclass(frozen=True)
class PathSearch:
    """The answer of :func:`find_paths`.

    ``truncated`` is true when a bound cut the search short: ``stopped_by`` says which
    (``"max_paths"``: more routes exist than were asked for; ``"timeout"``: the deadline passed).
    """

    source: Entity
    target: Entity
    paths: tuple[Route, ...]
    truncated: bool
    stopped_by: str = ""
    max_hops: int = 4
    filtered: bool = False  # a filter (sign, confidence, hedged, external, via, avoid) was given


@dataclass(frozen=True)
class Neighbor:
    """An entity reached from (downstream) or reaching (upstream) the asked entity.

    ``sign`` is the net sign over its shortest routes: the one direction they state (``+`` or
    ``-``), ``?`` when they disagree or state none, ``0`` when every one has a non-causal step.
    ``signs`` lists the signs of all those shortest routes; ``route`` is the best-supported one.
    """

    node: str
    label: str
    category: str
    direction: str
    distance: int
    sign: str
    signs: tuple[str, ...]
    route: Route


@dataclass(frozen=True)
class Neighborhood:
    """The answer of :func:`neighbors`."""

    entity: Entity
    direction: str
    depth: int
    neighbors: tuple[Neighbor, ...]


@dataclass(frozen=True)
class Explanation:
    """The answer of :func:`explain`: the best-supported route and its evidence as a paragraph."""

    source: Entity
    target: Entity
    route: Route | None
    text: str
    search: PathSearch


def claim_order(claim: ClaimRef) -> tuple[float, int, str]:
    return (-claim.confidence, ASSERTION_ORDER.get(claim.assertion, 9), claim.id)


def route_order(route: Route) -> tuple[float, int]:
    # Ties keep the order of the search, which follows the graph's insertion order: deterministic.
    return (-route.support, -route.claim_count)
