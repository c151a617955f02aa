"""The one error type for bad user input, and text made safe to show on a terminal.

An :class:`InputError` carries a single line that names the problem and its place (a file and
line, a query position, an unknown name with suggestions). The command line prints that line and
exits non-zero with no traceback; the Python API raises it like any other exception.

Messages often quote text from elsewhere (a remote server's answer, a file's contents), and a
terminal obeys escape sequences in what it prints: an OSC sequence can set the window title or
write to the clipboard, a CSI sequence can clear the screen or move the cursor over earlier
lines. So every message passes through :func:`one_line`, which removes them.

>>> str(InputError("endpoint http://h/: HTTP 500: \\x1b]0;owned\\x07boom\\n  at line 2"))
'endpoint http://h/: HTTP 500: boom at line 2'
>>> place("data.rdf", None, None), place("data.ttl", 3, 9)
('data.rdf', 'data.ttl:3:9')
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["InputError", "one_line", "place", "terminal_safe"]

# ECMA-48 sequences a terminal acts on, 7-bit (ESC ...) and 8-bit (C1 code points) forms:
# CSI (ESC [ ... final byte), OSC (ESC ] ... ended by BEL or ST, or by nothing: then to the end),
# the string commands DCS, SOS, PM, APC (ESC P / X / ^ / _ ... ST), and two- or three-byte
# escapes such as ESC c (reset the terminal).
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
# What is left that a terminal could act on, or that reorders what the reader sees: C0 and C1
# controls and DEL, and the Unicode bidirectional overrides and isolates ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_KEPT_IN_TEXT = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_LINE_BREAKS = re.compile(r"[\s\x1c-\x1f\x85\u2028\u2029]+")


def terminal_safe(text: str) -> str:
    """``text`` without escape sequences and control characters, keeping line breaks and tabs.

    >>> terminal_safe("IL-6\\x1b[2J\\x1b]52;c;cHduZWQ=\\x07 activates\\tSTAT3\\r\\n")
    'IL-6 activates\\tSTAT3\\n'
    """
    return _KEPT_IN_TEXT.sub("", _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n")))


def one_line(text: str) -> str:
    """``text`` as one terminal-safe line: escape sequences and control characters removed,
    every run of white space (line breaks included) made one space."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text).strip()


def place(path: str | Path, line: int | None = None, column: int | None = None) -> str:
    """``path:line:column`` for a message, leaving out what a parser did not report."""
    if line is None:
        return str(path)
    if column is None:
        return f"{path}:{line}"
    return f"{path}:{line}:{column}"


class InputError(Exception):
    """A problem with what the user gave: a file, a name, a query, an option."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
