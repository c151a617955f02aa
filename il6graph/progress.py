"""Progress bars on standard error for steps that can take more than a couple of seconds.

One switch for the whole program: bars show only when standard error is a terminal, and never
with ``--quiet`` (:func:`set_quiet`), so piped and scripted runs stay silent. The bars are tqdm's;
a bar that finishes within :data:`DELAY` seconds is never drawn, so small graphs print nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any, TypeVar

__all__ = ["DELAY", "bar", "counted", "note", "set_quiet", "shown"]

T = TypeVar("T")

DELAY = 1.0  # seconds before a bar appears: quick steps draw nothing

_quiet = False


def set_quiet(quiet: bool) -> None:
    """Silence (or allow) every progress bar of this process."""
    global _quiet
    _quiet = quiet


def shown() -> bool:
    """Whether progress is shown: standard error is a terminal and ``--quiet`` was not given."""
    return not _quiet and _isatty(sys.stderr)


def _isatty(stream: IO[str] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def bar(
    iterable: Iterable[T] | None = None,
    *,
    total: float | None = None,
    desc: str,
    unit: str = "it",
    bytes: bool = False,
    position: int | None = None,
) -> Any:
    """A tqdm bar on standard error (disabled when :func:`shown` is false).

    Use it around an iterable, or as a context manager and call ``update(n)``. With
    ``bytes=True`` counts are shown as kB/MB and rates as MB/s.
    """
    from tqdm import tqdm

    options: dict[str, Any] = {}
    if bytes:
        options.update(unit="B", unit_scale=True, unit_divisor=1024)
    else:
        options.update(unit=f" {unit}", unit_scale=True)
    return tqdm(
        iterable,
        total=total,
        desc=desc,
        file=sys.stderr,
        disable=not shown(),
        delay=DELAY,
        leave=False,
        dynamic_ncols=True,
        position=position,
        **options,
    )


def counted(
    iterable: Iterable[T], *, desc: str, total: float | None = None, unit: str = "it"
) -> Iterator[T]:
    """Iterate ``iterable`` under a bar."""
    with bar(iterable, total=total, desc=desc, unit=unit) as progress:
        yield from progress


def note(message: str) -> None:
    """One line on standard error that the user should see even when piped (not a progress bar)."""
    print(f"il6graph: {message}", file=sys.stderr, flush=True)
