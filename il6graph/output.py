"""Writing outputs: files atomically, streams and devices into, standard output guarded; and
Turtle in a deterministic order.

:func:`atomic_write` decides by what ``path`` is on disk, never by its name alone:

- a regular file, or a name that does not exist yet: the bytes go to a temporary file in the same
  folder, moved into place only when complete, so a failure leaves the previous file intact and
  nothing half-written. The new file keeps the old one's permissions (and owner, where allowed);
  a read-only file is refused, as the shell's ``>`` would.
- a symbolic link: followed to the file it names, which is replaced atomically there; the link
  stays a link. A dangling link, a loop, and a link that another user owns in a shared sticky
  folder such as ``/tmp`` (where Linux's ``protected_symlinks`` would not follow it either) are
  refused.
- a FIFO or a character device (``/dev/null``, a terminal, a pipe from ``>(...)``): written into,
  never replaced. The output is made completely first, so a failure sends nothing half-made.
- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``: that descriptor of this process, as the shell
  does; ``-`` is standard output.
- a folder, a block device (a disk), a socket: refused with one line.

Inside :func:`written_together`, several writes become one: each is staged, and all are moved
into place only when the last one is complete.
"""

from __future__ import annotations

import errno
import fcntl
import io
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from il6graph.errors import InputError, terminal_safe

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "StandardOutputError",
    "atomic_write",
    "followed",
    "guarded_standard_output",
    "is_standard_output",
    "to_turtle",
    "write_turtle",
    "written_together",
]

Writer = Callable[[IO[bytes]], object]
IN_MEMORY = 64 * 1024 * 1024  # bytes of a streamed output held in memory before spilling to disk
_OWN_DESCRIPTOR = re.compile(
    r"/dev/(stdout|stderr)|/dev/fd/(\d+)|/proc/(self|thread-self|\d+)/fd/(\d+)"
)


def atomic_write(path: str | Path, write: Writer | bytes) -> Path:
    """Call ``write`` with a binary stream whose bytes become ``path`` only if ``write`` returns.

    ``write`` may also be the bytes to write. ``path`` ``-`` writes to standard output. What
    happens for links, devices and FIFOs is in the module's docstring. Returns ``path``.
    """
    if isinstance(write, bytes):
        content = write

        def write(stream: IO[bytes]) -> None:
            stream.write(content)

    shown = Path(str(path))
    target = _target(str(path))
    batch = _batch.get()
    if batch is not None:
        batch.stage(shown, target, write)
        return shown
    _commit(shown, target, _stage(shown, target, write))
    return shown


def is_standard_output(path: str | Path) -> bool:
    """Whether ``path`` names this process's standard output (``-``, ``/dev/stdout``, ...), so
    a command's report of what it wrote must go to standard error instead."""
    try:
        return _target(str(path)) == _Target("descriptor", descriptor=1)
    except InputError:
        return False


@contextmanager
def written_together() -> Iterator[None]:
    """Make every :func:`atomic_write` inside the block one write: all files are moved into place
    when the block ends without an error, none if it raises.

    If moving one into place fails (rare: the target changed meanwhile), the error names the
    files that were written and those that were not.
    """
    if _batch.get() is not None:  # already inside one: part of the outer block
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    except InputError as error:
        _batch.reset(token)
        batch.discard()
        if not batch.entries:
            raise
        ready = ", ".join(str(shown) for shown, _, _ in batch.entries)
        raise InputError(f"{error}; so nothing was written (not even {ready})") from None
    except BaseException:
        _batch.reset(token)
        batch.discard()
        raise
    _batch.reset(token)
    batch.commit()


# --- what a path is -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    kind: str  # "file": replaced atomically; "stream": written into; "descriptor": fd of ours
    path: Path | None = None
    descriptor: int | None = None


def _target(name: str) -> _Target:
    """Where bytes for ``name`` go, following symbolic links as the kernel would, link by link."""
    if name == "-":
        return _Target("descriptor", descriptor=1)
    walked = _walk(name)
    if isinstance(walked, int):
        return _Target("descriptor", descriptor=walked)
    path, mode = walked
    if mode is None:
        return _Target("file", path)
    return _kind(name, path, mode)


def followed(path: str | Path) -> Path:
    """Where ``path`` leads when its symbolic links are followed, with the refusals of
    :func:`atomic_write` (dangling links, loops, links planted in shared folders); ``path``
    itself when it is no link. For writers that replace a whole folder."""
    walked = _walk(str(path))
    return Path(path) if isinstance(walked, int) else walked[0]


def _walk(name: str) -> tuple[Path, int | None] | int:
    """Follow ``name``'s links: our own descriptor's number, or the path reached and its mode
    (None: it does not exist yet)."""
    current = Path(name)
    for _ in range(40):  # the kernel's own limit on links followed
        own = _own_descriptor(str(current))
        if own is not None:
            return own
        try:
            status = os.lstat(current)
        except (FileNotFoundError, NotADirectoryError):
            if str(current) != name:
                raise InputError(
                    f"{name}: a symbolic link to {current}, which does not exist; il6graph does "
                    "not write through a dangling link (create the file, or remove the link)"
                ) from None
            return current, None
        except OSError as error:
            raise InputError(f"{name}: cannot write: {error.strerror}") from None
        if not stat.S_ISLNK(status.st_mode):
            return current, status.st_mode
        _refuse_untrusted_link(name, current, status)
        current = current.parent / os.readlink(current)
    raise InputError(f"{name}: too many levels of symbolic links")


def _own_descriptor(name: str) -> int | None:
    found = _OWN_DESCRIPTOR.fullmatch(name)
    if found is None:
        return None
    stream, fd, process, proc_fd = found.groups()
    if stream:
        return 1 if stream == "stdout" else 2
    if fd is not None:
        return int(fd)
    if process in ("self", "thread-self", str(os.getpid())):
        return int(proc_fd)
    return None  # another process's descriptor: only its path reaches it


def _kind(shown: str, path: Path, mode: int) -> _Target:
    if stat.S_ISREG(mode):
        return _Target("file", path)
    if stat.S_ISDIR(mode):
        raise InputError(f"{shown}: is a folder; give a file name to write")
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return _Target("stream", path)
    if stat.S_ISBLK(mode):
        raise InputError(
            f"{shown}: is a block device (a disk); il6graph writes files, never onto a disk"
        )
    what = "a socket" if stat.S_ISSOCK(mode) else "not a file"
    raise InputError(f"{shown}: is {what}; give a file name to write")


def _refuse_untrusted_link(shown: str, link: Path, status: os.stat_result) -> None:
    """Refuse a link that another user planted in a shared sticky folder (``/tmp``): following
    it would write wherever they chose, with our rights."""
    try:
        folder = os.stat(link.parent)
    except OSError:
        return
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    if shared and status.st_uid not in (os.geteuid(), folder.st_uid):
        raise InputError(
            f"{shown}: a symbolic link owned by another user in the shared folder {link.parent}; "
            "il6graph does not follow it (remove it, or write elsewhere)"
        )


# --- staging and committing -----------------------------------------------------------------------


@dataclass
class _Staged:
    temporary: Path | None = None  # a file target: the complete temporary file beside it
    spool: IO[bytes] | None = None  # a stream target: the complete output, to copy in

    def discard(self) -> None:
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)
        if self.spool is not None:
            self.spool.close()


def _stage(shown: Path, target: _Target, write: Writer) -> _Staged:
    """Make the whole output: a temporary file beside a file target, a spool for the others."""
    if target.kind == "file":
        assert target.path is not None
        return _Staged(temporary=_temporary_beside(shown, target.path, write))
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - kept until committed
    try:
        write(spool)
        spool.seek(0)
    except OSError as error:
        spool.close()
        raise InputError(f"{shown}: cannot write: {error.strerror or error}") from None
    except BaseException:
        spool.close()
        raise
    return _Staged(spool=spool)


def _commit(shown: Path, target: _Target, staged: _Staged) -> None:
    try:
        if target.kind == "file":
            assert target.path is not None and staged.temporary is not None
            _move_into_place(shown, staged.temporary, target.path)
        elif target.kind == "stream":
            assert target.path is not None and staged.spool is not None
            _write_into(shown, target.path, staged.spool)
        else:
            assert target.descriptor is not None and staged.spool is not None
            _write_to_descriptor(shown, target.descriptor, staged.spool)
    finally:
        staged.discard()


def _temporary_beside(shown: Path, path: Path, write: Writer) -> Path:
    folder = path.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise InputError(f"{shown}: {folder} {what}")
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError(f"{shown}: is read-only; il6graph does not replace it")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError(f"{shown}: cannot write into {folder}: {error.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(f"{shown}: cannot write: {error.strerror or error}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _move_into_place(shown: Path, temporary: Path, path: Path) -> None:
    try:
        try:
            old = os.stat(path)
        except FileNotFoundError:
            old = None
        if old is not None and not stat.S_ISREG(old.st_mode):
            # It changed since it was looked at: never replace a folder, device or FIFO.
            raise InputError(f"{shown}: is no longer a regular file, so it was left as it is")
        if old is not None:
            os.chmod(temporary, stat.S_IMODE(old.st_mode) & 0o777)
            if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                with suppress(PermissionError):  # keep the owner where allowed (root, say)
                    os.chown(temporary, old.st_uid, old.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        raise InputError(f"{shown}: cannot write: {error.strerror or error}") from None


def _write_into(shown: Path, path: Path, spool: IO[bytes]) -> None:
    """Copy the finished output into a FIFO or character device, which stays what it is."""
    flags = os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        try:
            fd = os.open(path, flags | os.O_NONBLOCK)
        except OSError as error:
            if error.errno != errno.ENXIO:  # ENXIO: a FIFO nobody reads yet
                raise
            print(f"il6graph: waiting for a reader to open {shown}", file=sys.stderr, flush=True)
            fd = os.open(path, flags)
        else:
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        try:
            _copy(spool, fd)
        finally:
            os.close(fd)
    except OSError as error:
        raise InputError(f"{shown}: cannot write: {error.strerror or error}") from None


def _write_to_descriptor(shown: Path, descriptor: int, spool: IO[bytes]) -> None:
    if descriptor == 1:
        _write_to_standard_output(spool)
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        _copy(spool, descriptor)
    except OSError as error:
        raise InputError(f"{shown}: cannot write: {error.strerror or error}") from None


def _write_to_standard_output(spool: IO[bytes]) -> None:
    """Standard output: through ``sys.stdout`` (guarded by the command line, see
    :func:`guarded_standard_output`), so its failures are reported as one line."""
    stdout = sys.stdout
    if stdout is None:
        raise StandardOutputError(OSError(errno.EBADF, "standard output is closed"))
    try:
        stdout.flush()
        shutil.copyfileobj(spool, stdout.buffer)
        stdout.buffer.flush()
    except OSError as error:  # outside the command line: no guard
        raise InputError(f"standard output: cannot write: {error.strerror or error}") from None


def _copy(spool: IO[bytes], fd: int) -> None:
    while chunk := spool.read(1 << 16):
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view) :]


@dataclass
class _Batch:
    entries: list[tuple[Path, _Target, _Staged]] = field(default_factory=list)

    def stage(self, shown: Path, target: _Target, write: Writer) -> None:
        if target.kind == "file" and any(t == target for _, t, _ in self.entries):
            raise InputError(f"{shown}: written twice in one go")
        self.entries.append((shown, target, _stage(shown, target, write)))

    def discard(self) -> None:
        for _, _, staged in self.entries:
            staged.discard()

    def commit(self) -> None:
        done: list[str] = []
        for number, (shown, target, staged) in enumerate(self.entries):
            try:
                _commit(shown, target, staged)
            except InputError as error:
                rest = [str(s) for s, _, _ in self.entries[number:]]
                for _, _, later in self.entries[number + 1 :]:
                    later.discard()
                written = ", ".join(done) if done else "nothing"
                raise InputError(
                    f"{error}; written: {written}; not written: {', '.join(rest)}"
                ) from None
            done.append(str(shown))


_batch: ContextVar[_Batch | None] = ContextVar("il6graph_output_batch", default=None)


# --- standard output ------------------------------------------------------------------------------


class StandardOutputError(Exception):
    """Standard output refused bytes: a closed pipe (the reader, such as ``head``, is gone), a
    full disk, a closed descriptor. Raised instead of the ``OSError`` so that no handler meant
    for files catches it; the command line reports it in one line."""

    def __init__(self, error: OSError) -> None:
        self.error = error
        super().__init__(error.strerror or str(error))

    @property
    def closed_pipe(self) -> bool:
        return self.error.errno == errno.EPIPE


_TERMINAL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


class _GuardedBytes(io.BufferedIOBase):
    """Standard output's bytes: failures become :class:`StandardOutputError`; on a terminal,
    control bytes (escape sequences begin with one) are dropped."""

    def __init__(self, inner: IO[bytes] | None, terminal: bool) -> None:
        super().__init__()
        self._inner = inner
        self._terminal = terminal
        self.failed = False  # after a failure, flushing again would only fail again

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(data)
        if self._inner is None:
            raise StandardOutputError(OSError(errno.EBADF, "standard output is closed"))
        chunk = bytes(data)
        if self._terminal:
            chunk = _TERMINAL_BYTES.sub(b"", chunk)
        view = memoryview(chunk)
        try:
            while view:  # a pipe whose reader left takes part of a write, then fails the next
                written = self._inner.write(view)
                view = view[written if written is not None else len(view) :]
        except OSError as error:
            self.failed = True
            raise StandardOutputError(error) from None
        return size

    def flush(self) -> None:
        if self._inner is None or self.failed:
            return
        try:
            self._inner.flush()
        except OSError as error:
            self.failed = True
            raise StandardOutputError(error) from None

    def close(self) -> None:  # the real standard output stays open; this layer only lets go
        if not self.closed:
            try:
                self.flush()
            finally:
                super().close()

    def fileno(self) -> int:
        if self._inner is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self._inner.fileno()

    def isatty(self) -> bool:
        return self._terminal


class _TerminalText(io.TextIOWrapper):
    """Text for a terminal: escape sequences and control characters removed (data from a file
    or a remote store cannot retitle the window, rewrite the clipboard or clear the screen)."""

    def write(self, text: str) -> int:
        super().write(terminal_safe(text))
        return len(text)


class _Guard:
    def __init__(self, original: Any, guarded: _GuardedBytes, text: Any) -> None:
        self.original = original
        self.guarded = guarded
        self.text = text

    def flush(self) -> None:
        self.text.flush()

    def discard(self) -> None:
        """After a failure: point the real descriptor at /dev/null, so the interpreter's own
        flush at exit (of bytes already buffered) cannot fail again and print a traceback."""
        inner = getattr(self.original, "buffer", None)
        try:
            fd = inner.fileno() if inner is not None else -1
        except (OSError, ValueError):
            return
        if fd < 0:
            return
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)


@contextmanager
def guarded_standard_output() -> Iterator[_Guard | None]:
    """Within the block, ``sys.stdout`` raises :class:`StandardOutputError` when writing fails,
    and strips escape sequences when it is a terminal. Gives a handle to ``flush()`` it (call it
    inside the block, so a last failure is still caught) and to ``discard()`` it after a
    failure. A text-only ``sys.stdout`` (no ``buffer``) is left alone and gives None."""
    original = sys.stdout
    inner = getattr(original, "buffer", None) if original is not None else None
    if original is not None and inner is None:
        yield None
        return
    terminal = False
    if inner is not None:
        try:
            terminal = inner.isatty()
        except (OSError, ValueError):
            terminal = False
    guarded = _GuardedBytes(inner, terminal)
    text_class = _TerminalText if terminal else io.TextIOWrapper
    text = text_class(
        cast(Any, guarded),
        encoding=getattr(original, "encoding", None) or "utf-8",
        errors=getattr(original, "errors", None) or "strict",
        newline="\n",
        line_buffering=terminal,
        write_through=True,
    )
    guard = _Guard(original, guarded, text)
    sys.stdout = text
    try:
        yield guard
    finally:
        sys.stdout = original
        try:
            text.detach()  # lets go of the guarded layer without closing the real stream
        except (StandardOutputError, ValueError):
            guarded.failed = True


# --- Turtle ---------------------------------------------------------------------------------------


def to_turtle(graph: Graph) -> str:
    """Turtle with the project's prefixes, subjects and objects sorted, so diffs stay small.

    The same set of triples always gives the same text, whatever order they were added in.
    """
    from rdflib import XSD, Literal
    from rdflib import Graph as RdflibGraph

    from il6graph.vocabulary import PREFIXES

    ordered = RdflibGraph()
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
