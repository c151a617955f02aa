"""What validation finds: one :class:`Problem` per finding, and the :class:`ValidationReport`.

>>> problem = Problem("error", "claim:c-1", "claim has no evidence (il6v:evidence)", "claim-evidence")
>>> str(problem)
'error: claim:c-1: claim has no evidence (il6v:evidence)'
>>> tally = Tally(limit=1)
>>> [tally.add(problem), tally.add(problem)]
[True, False]
>>> tally.hidden()
[('claim-evidence', 'error', 1)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Problem", "Tally", "ValidationReport", "sort_key"]


@dataclass(frozen=True)
class Problem:
    """One finding: ``error`` makes the graph invalid, ``warning`` does not.

    ``kind`` names the check that found it (``evidence-text``, ``claim-iri``, ``shape:il6v:confidence``,
    ...); it groups problems for the per-kind cap of the command line and is not part of a
    problem's identity.
    """

    severity: str
    focus: str
    message: str
    kind: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity,
            "focus": self.focus,
            "message": self.message,
            "kind": self.kind,
        }


def sort_key(problem: Problem) -> tuple[bool, str, str]:
    """Errors first, then by focus and message: the order of a report."""
    return (problem.severity != "error", problem.focus, problem.message)


@dataclass(frozen=True)
class ValidationReport:
    """The findings of :func:`~il6graph.validation.validate`, errors first."""

    problems: tuple[Problem, ...] = field(default_factory=tuple)
    claims: int = 0

    @classmethod
    def collect(cls, problems: Iterable[Problem], *, claims: int) -> ValidationReport:
        """A report of ``problems`` without repeats, in report order."""
        return cls(problems=tuple(sorted(set(problems), key=sort_key)), claims=claims)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def valid(self) -> bool:
        return not self.errors


class Tally:
    """Counts problems as they stream past and says which to show: at most ``limit`` of each
    kind (``limit`` None shows all)."""

    def __init__(self, *, limit: int | None) -> None:
        self.limit = limit
        self.errors = 0
        self.warnings = 0
        self.by_kind: dict[str, int] = {}
        self.severity: dict[str, str] = {}
        self.first: dict[str, str] = {}  # the first message of each kind

    def add(self, problem: Problem) -> bool:
        """Count ``problem``; True when it is to be shown."""
        if problem.severity == "error":
            self.errors += 1
        else:
            self.warnings += 1
        seen = self.by_kind.get(problem.kind, 0) + 1
        self.by_kind[problem.kind] = seen
        self.severity.setdefault(problem.kind, problem.severity)
        self.first.setdefault(problem.kind, problem.message)
        return self.limit is None or seen <= self.limit

    def hidden(self) -> list[tuple[str, str, int]]:
        """(kind, severity, how many were not shown) for each kind past the limit."""
        if self.limit is None:
            return []
        return [
            (kind, self.severity[kind], count - self.limit)
            for kind, count in self.by_kind.items()
            if count > self.limit
        ]
