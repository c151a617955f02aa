"""The one error type for bad user input.

An :class:`InputError` carries a single line that names the problem and its place (a file and
line, a query position, an unknown name with suggestions). The command line prints that line and
exits non-zero with no traceback; the Python API raises it like any other exception.
"""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(Exception):
    """A problem with what the user gave: a file, a name, a query, an option."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
