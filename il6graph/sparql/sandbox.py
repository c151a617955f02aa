"""Engine processes without a way out: a seccomp filter that stops them reaching any address.

Defence in depth behind the query check (:mod:`il6graph.sparql.inspection`): Oxigraph follows a
query's ``SERVICE`` clause with HTTP requests, so if a SERVICE ever slipped past the check, the
process evaluating the query must still be unable to connect anywhere. :func:`confine` installs a
seccomp-BPF filter (Linux, x86-64 and arm64) on the calling process and everything it starts
afterwards, including across ``exec``:

- ``connect`` fails with EPERM, on every kind of socket (no TCP or UDP peer, no Unix socket);
- ``sendto`` with a destination address fails (no UDP datagram, no TCP Fast Open); on a socket
  already connected (an accepted client) it works as ``send``;
- ``sendmsg``/``sendmmsg`` fail (their address is behind a pointer the filter cannot read);
- ``socket`` is allowed for Unix sockets only (``"engine"``), or for Unix, IPv4 and IPv6 sockets
  but never raw ones (``"listener"``, so a server can listen on loopback and answer);
- io_uring cannot be set up (its operations would bypass the filter);
- system calls of another ABI (x32, 32-bit) fail.

It needs no privilege: ``PR_SET_NO_NEW_PRIVS`` first, then ``PR_SET_SECCOMP``. Run it as a program
to confine another one: ``python -m il6graph.sparql.sandbox listener -- oxigraph serve-read-only ...``.

>>> from il6graph.sparql.sandbox import supported
>>> isinstance(supported(), bool)
True
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct
import sys
from collections.abc import Sequence
from typing import Literal

__all__ = ["Mode", "SandboxError", "confine", "supported"]

Mode = Literal["engine", "listener"]


class SandboxError(OSError):
    """The filter could not be installed (not Linux, an unknown processor, or seccomp refused)."""


# <linux/audit.h>: AUDIT_ARCH_* of the native 64-bit ABIs.
_ARCHES = {
    "x86_64": (
        0xC000003E,
        {"socket": 41, "connect": 42, "sendto": 44, "sendmsg": 46, "sendmmsg": 307},
    ),
    "aarch64": (
        0xC00000B7,
        {"socket": 198, "connect": 203, "sendto": 206, "sendmsg": 211, "sendmmsg": 269},
    ),
}
_IO_URING = (425, 426, 427)  # io_uring_setup, io_uring_enter, io_uring_register (both ABIs)
_X32_BIT = 0x40000000

AF_UNIX, AF_INET, AF_INET6 = 1, 2, 10
SOCK_RAW, SOCK_PACKET, SOCK_TYPE_MASK = 3, 10, 0xF

# <linux/filter.h> and <linux/seccomp.h>
_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K, _JGE_K = 0x15, 0x35  # BPF_JMP | BPF_JEQ/BPF_JGE | BPF_K
_AND_K = 0x54  # BPF_ALU | BPF_AND | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K
_ALLOW = 0x7FFF0000
_ERRNO_EPERM = 0x00050000 | 1
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_PR_SET_PDEATHSIG = 1

# Offsets in struct seccomp_data: nr, arch, then the arguments as 64-bit words (little-endian:
# the low half first).
_NR, _ARCH = 0, 4


def _arg_low(n: int) -> int:
    return 16 + 8 * n


def _arg_high(n: int) -> int:
    return 20 + 8 * n


def supported() -> bool:
    """Whether :func:`confine` can work here (Linux on x86-64 or arm64)."""
    return sys.platform.startswith("linux") and platform.machine() in _ARCHES


class _Program:
    """A BPF program built with symbolic jump targets, resolved when assembled."""

    def __init__(self) -> None:
        self.code: list[tuple[int, str | int, str | int, int]] = []
        self.labels: dict[str, int] = {}

    def label(self, name: str) -> None:
        self.labels[name] = len(self.code)

    def op(self, code: int, k: int, jt: str | int = 0, jf: str | int = 0) -> None:
        self.code.append((code, jt, jf, k))

    def assemble(self) -> bytes:
        out = b""
        for at, (code, jt, jf, k) in enumerate(self.code):
            out += struct.pack("<HBBI", code, self._jump(at, jt), self._jump(at, jf), k)
        return out

    def _jump(self, at: int, target: str | int) -> int:
        if isinstance(target, int):
            return target
        offset = self.labels[target] - at - 1
        if not 0 <= offset < 256:
            raise SandboxError(f"seccomp program jump out of range: {target}")
        return offset


def _program(mode: Mode) -> bytes:
    arch, numbers = _ARCHES[platform.machine()]
    p = _Program()
    p.op(_LD_W_ABS, _ARCH)
    p.op(_JEQ_K, arch, 0, "deny")
    p.op(_LD_W_ABS, _NR)
    if platform.machine() == "x86_64":
        p.op(_JGE_K, _X32_BIT, "deny", 0)
    p.op(_JEQ_K, numbers["socket"], "socket", 0)
    p.op(_JEQ_K, numbers["connect"], "deny", 0)
    p.op(_JEQ_K, numbers["sendto"], "sendto", 0)
    p.op(_JEQ_K, numbers["sendmsg"], "deny", 0)
    p.op(_JEQ_K, numbers["sendmmsg"], "deny", 0)
    for number in _IO_URING:
        p.op(_JEQ_K, number, "deny", 0)
    p.op(_RET_K, _ALLOW)
    # socket(family, type, protocol)
    p.label("socket")
    p.op(_LD_W_ABS, _arg_low(0))
    p.op(_JEQ_K, AF_UNIX, "allow", 0)
    if mode == "listener":
        p.op(_JEQ_K, AF_INET, "ip", 0)
        p.op(_JEQ_K, AF_INET6, "ip", 0)
    p.op(_RET_K, _ERRNO_EPERM)
    if mode == "listener":
        p.label("ip")
        p.op(_LD_W_ABS, _arg_low(1))
        p.op(_AND_K, SOCK_TYPE_MASK)
        p.op(_JEQ_K, SOCK_RAW, "deny", 0)
        p.op(_JEQ_K, SOCK_PACKET, "deny", 0)
        p.op(_RET_K, _ALLOW)
    # sendto(fd, buf, len, flags, dest_addr, addrlen): only without a destination
    p.label("sendto")
    p.op(_LD_W_ABS, _arg_low(4))
    p.op(_JEQ_K, 0, 0, "deny")
    p.op(_LD_W_ABS, _arg_high(4))
    p.op(_JEQ_K, 0, "allow", "deny")
    p.label("allow")
    p.op(_RET_K, _ALLOW)
    p.label("deny")
    p.op(_RET_K, _ERRNO_EPERM)
    return p.assemble()


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def confine(mode: Mode = "engine") -> None:
    """Install the filter on this process (and its future children); it cannot be removed.

    Raises :class:`SandboxError` when it cannot be installed: callers fail closed.
    """
    if not supported():
        raise SandboxError(
            f"network confinement needs Linux on x86-64 or arm64 (this is {sys.platform} "
            f"on {platform.machine()})"
        )
    code = _program(mode)
    buffer = ctypes.create_string_buffer(code, len(code))
    program = _SockFprog(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if _prctl(_PR_SET_NO_NEW_PRIVS, 1) != 0:
        raise SandboxError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if _prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(program)) != 0:
        raise SandboxError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def _prctl(option: int, arg2: int, arg3: int = 0) -> int:
    # prctl takes five arguments; the options used here need the unused ones to be zero.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, *[ctypes.c_ulong] * 4]
    libc.prctl.restype = ctypes.c_int
    result: int = libc.prctl(option, arg2, arg3, 0, 0)
    return result


def die_with_parent() -> None:
    """Ask the kernel to send SIGKILL to this process when its parent thread ends (Linux)."""
    if sys.platform.startswith("linux"):
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def main(argv: Sequence[str]) -> None:
    """``python -m il6graph.sparql.sandbox MODE -- PROGRAM ARGS...``: die with the parent, cap
    the heap (``IL6GRAPH_ENGINE_MEMORY`` bytes), confine, then exec the program."""
    if len(argv) < 3 or argv[0] not in ("engine", "listener") or argv[1] != "--":
        sys.exit("usage: python -m il6graph.sparql.sandbox engine|listener -- PROGRAM [ARGS...]")
    die_with_parent()
    memory = int(os.environ.get("IL6GRAPH_ENGINE_MEMORY") or 0)
    if memory > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    try:
        confine(argv[0])  # type: ignore[arg-type]
    except SandboxError as error:
        sys.exit(f"il6graph: cannot confine {argv[2]}: {error}")
    os.execv(argv[2], list(argv[2:]))


if __name__ == "__main__":
    main(sys.argv[1:])
