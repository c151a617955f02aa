"""Writing files: atomically, and Turtle in a deterministic order.

Every file the tool writes goes to a temporary file in the same folder and is moved into place
only when complete, so a failure leaves the previous file intact and nothing half-written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from rdflib import XSD, Graph, Literal
from rdflib.term import Node

from il6graph.errors import InputError
from il6graph.vocabulary import PREFIXES

__all__ = ["atomic_write", "to_turtle", "write_turtle"]


def atomic_write(path: str | Path, write: Callable[[IO[bytes]], object] | bytes) -> Path:
    """Call ``write`` with a binary file that becomes ``path`` only if ``write`` returns.

    ``write`` may also be the bytes to write. ``path`` ``-`` writes to standard output instead.
    """
    if isinstance(write, bytes):
        content = write

        def write(stream: IO[bytes]) -> None:
            stream.write(content)

    if str(path) == "-":
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return Path("-")
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name to write")
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise InputError(f"{path}: {folder} {what}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError(f"{path}: cannot write into {folder}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def to_turtle(graph: Graph) -> str:
    """Turtle with the project's prefixes, subjects and objects sorted, so diffs stay small.

    The same set of triples always gives the same text, whatever order they were added in.
    """
    ordered = Graph()
    for prefix, namespace in PREFIXES.items():
        ordered.bind(prefix, namespace, override=True)
    for subject, predicate, object in sorted(graph, key=_sort_key):
        # Oxigraph hands plain literals back typed xsd:string; write them plain, as curators do.
        if isinstance(object, Literal) and object.datatype == XSD.string:
            object = Literal(str(object))
        ordered.add((subject, predicate, object))
    return ordered.serialize(format="turtle")


def _sort_key(triple: tuple[Node, Node, Node]) -> tuple[str, ...]:
    return tuple(str(term) for term in triple)


def write_turtle(graph: Graph, path: str | Path) -> Path:
    """Write ``graph`` as deterministic Turtle to ``path``, atomically."""
    return atomic_write(path, to_turtle(graph).encode("utf-8"))
