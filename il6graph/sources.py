"""Which source a claim comes from, and keeping or leaving out claims by source.

Every claim has a source kind: ``text`` (a sentence of a text, with offsets), ``pathway`` (an
interaction of an imported pathway, by GraphId) or ``sheet`` (a row of a curator's claim sheet,
a sentence too). Views take ``--source NAME`` (keep only claims from these) and
``--exclude-source NAME`` (leave them out), where NAME is a kind or one source: its label, its
CURIE (``src:wikipathways-WP364-r142066``) or, for a WikiPathways pathway, its id (``WP364``).

>>> only = SourceFilter(keep=("pathway",))
>>> only.passes("pathway", "src:wikipathways-WP364-r142066", "WikiPathways WP364 r142066: IL6 signaling")
True
>>> SourceFilter(exclude=("WP364",)).passes("pathway", "src:wikipathways-WP364-r142066", "")
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from il6graph.errors import InputError

__all__ = ["SOURCE_KINDS", "SourceFilter", "pathway_page"]

SOURCE_KINDS = ("text", "pathway", "sheet")


def pathway_page(source_id: str) -> str | None:
    """The web page of a WikiPathways pathway a source is (its CURIE names the pathway id).

    >>> pathway_page("src:wikipathways-WP364-r142066")
    'https://www.wikipathways.org/pathways/WP364.html'
    """
    found = re.fullmatch(r"src:wikipathways-(WP\d+)-r\d+", source_id)
    return f"https://www.wikipathways.org/pathways/{found.group(1)}.html" if found else None


def _matches(name: str, kind: str, source_id: str, label: str) -> bool:
    wanted = name.strip().casefold()
    local = source_id.split(":", 1)[-1].casefold()
    return (
        wanted == kind
        or wanted in (source_id.casefold(), label.casefold(), local)
        or local.startswith(f"wikipathways-{wanted}-")
    )


@dataclass(frozen=True)
class SourceFilter:
    """Keep only claims from the ``keep`` sources (all when empty), minus the ``exclude`` ones."""

    keep: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def none(self) -> bool:
        return not self.keep and not self.exclude

    def passes(self, kind: str, source_id: str, label: str) -> bool:
        """Whether a claim from this source stays."""
        if self.keep and not any(_matches(n, kind, source_id, label) for n in self.keep):
            return False
        return not any(_matches(n, kind, source_id, label) for n in self.exclude)

    def check(self, sources: Iterable[tuple[str, str, str]]) -> None:
        """Refuse a name that is no kind and matches no source of the graph, listing them."""
        known = list(sources)
        for name in (*self.keep, *self.exclude):
            if name.strip().casefold() in SOURCE_KINDS:
                continue
            if not any(_matches(name, kind, curie, label) for kind, curie, label in known):
                listed = "; ".join(sorted({f"{label} ({curie})" for _, curie, label in known}))
                raise InputError(
                    f"unknown source {name!r}: give a kind ({', '.join(SOURCE_KINDS)}) or a "
                    f"source of this graph: {listed}"
                )
