"""Where stores live, and how a set of input files names its store.

A store is a folder ``ROOT/stores/KEY``: the Oxigraph database, the claim index beside it and
``meta.json``. ``KEY`` is a digest of the inputs' contents (and of the ontology and of the code
that lays the folder out), so an edited file gets a new store and an unchanged one never triggers
a rebuild. A store is built in ``ROOT/stores/.build-KEY-PID`` and renamed into place when it is
complete, so a build killed half-way is never opened; the next build removes such leftovers.

``ROOT`` is ``--store DIR``, else ``$IL6GRAPH_STORE``, else the platform's cache folder
(``$XDG_CACHE_HOME/il6graph`` or ``~/.cache/il6graph`` on Linux, ``~/Library/Caches/il6graph``
on macOS, ``%LOCALAPPDATA%\\il6graph\\Cache`` on Windows).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

from il6graph.errors import InputError

__all__ = [
    "ENV",
    "Input",
    "StoreInfo",
    "cache_root",
    "clear_stores",
    "describe_inputs",
    "list_stores",
    "publish",
    "remove_leftovers",
    "store_key",
]

ENV = "IL6GRAPH_STORE"
STORES = "stores"
BUILD_PREFIX = ".build-"
DIGESTS = "digests.json"
# The modules whose code decides what a store folder holds: a change to them is a new layout.
LAYOUT_MODULES = ("build.py", "index.py", "indexer.py", "cache.py", "opening.py")


def cache_root(explicit: str | Path | None = None) -> Path:
    """The folder that holds the stores (it may not exist yet)."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "il6graph"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(local) / "il6graph" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "il6graph"


@dataclass(frozen=True)
class Input:
    """One input file: where it is, its size and the digest of its content."""

    path: Path
    size: int
    digest: str

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "size": self.size, "sha256": self.digest}


def _digest_file(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def describe_inputs(paths: list[Path], root: Path | None) -> list[Input]:
    """Each input with the digest of its content.

    Digests are remembered in ``ROOT/digests.json`` by path, size, modification time and inode,
    so a large unchanged file is hashed once, not on every command. A file whose size or time
    changed is hashed again; a file whose content changed keeps neither.
    """
    memo: dict[str, list[object]] = {}
    memo_path = root / DIGESTS if root is not None else None
    if memo_path is not None:
        with contextlib.suppress(OSError, ValueError):
            memo = json.loads(memo_path.read_text(encoding="utf-8"))
    found: list[Input] = []
    changed = False
    for path in paths:
        absolute = path.resolve()
        try:
            status = absolute.stat()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as error:
            raise InputError(f"{path}: cannot be read: {error.strerror}") from None
        stamp = [status.st_size, status.st_mtime_ns, status.st_ino]
        kept = memo.get(str(absolute))
        if kept is not None and kept[:3] == stamp and isinstance(kept[3], str):
            digest = kept[3]
        else:
            try:
                digest = _digest_file(absolute)
            except OSError as error:
                raise InputError(f"{path}: cannot be read: {error.strerror}") from None
            memo[str(absolute)] = [*stamp, digest]
            changed = True
        found.append(Input(absolute, status.st_size, digest))
    if changed and memo_path is not None:
        alive = {path: entry for path, entry in memo.items() if os.path.exists(path)}
        temporary = memo_path.with_name(f".{DIGESTS}.{os.getpid()}")
        try:
            memo_path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(alive, sort_keys=True), encoding="utf-8")
            os.replace(temporary, memo_path)
        except OSError:  # a read-only or full cache: the digests are computed again next time
            with contextlib.suppress(OSError):
                temporary.unlink()
    return found


def _code_digest() -> str:
    """A digest of the code that lays out a store, and of the Oxigraph release that reads it."""
    hasher = hashlib.sha256()
    package = files("il6graph.store")
    for name in LAYOUT_MODULES:
        hasher.update(package.joinpath(name).read_bytes())
    with contextlib.suppress(PackageNotFoundError):
        hasher.update(version("pyoxigraph").encode())
    return hasher.hexdigest()


def store_key(inputs: list[Input], ontology: Input) -> str:
    """The name of the store for these inputs: the same contents always give the same name.

    The order of the inputs does not matter (they are merged); the ontology and the store code
    are part of the key, so a new release never opens a store laid out by an older one.
    """
    hasher = hashlib.sha256(_code_digest().encode())
    hasher.update(b"ontology " + ontology.digest.encode())
    for digest in sorted(i.digest for i in inputs):
        hasher.update(b"input " + digest.encode())
    return hasher.hexdigest()[:24]


def publish(built: Path, final: Path) -> bool:
    """Move a completed store into place; False when another process published it first."""
    try:
        os.rename(built, final)
    except OSError:
        if (final / "meta.json").is_file():
            shutil.rmtree(built, ignore_errors=True)
            return False
        raise
    return True


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(root: Path) -> list[Path]:
    """Remove builds left half-done by a process that is gone (a crash, Ctrl-C, kill -9)."""
    removed: list[Path] = []
    folder = root / STORES
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        if not entry.name.startswith(BUILD_PREFIX):
            continue
        pid_text = entry.name.rsplit("-", 1)[-1]
        if pid_text.isdigit() and _pid_alive(int(pid_text)):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


@dataclass(frozen=True)
class StoreInfo:
    """A store in the cache: its folder, size on disk, when it was built and from what."""

    key: str
    folder: Path
    size: int
    built: float
    inputs: tuple[dict[str, object], ...]
    triples: int
    claims: int
    complete: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "folder": str(self.folder),
            "size": self.size,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(self.built))
            if self.built
            else None,
            "inputs": list(self.inputs),
            "triples": self.triples,
            "claims": self.claims,
            "complete": self.complete,
        }


def _folder_size(folder: Path) -> int:
    total = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def list_stores(root: Path) -> list[StoreInfo]:
    """The stores under ``root``, newest first, with builds in progress or left half-done."""
    folder = root / STORES
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        if not entry.is_dir():
            continue
        meta: dict[str, object] = {}
        with contextlib.suppress(OSError, ValueError):
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        complete = not entry.name.startswith(BUILD_PREFIX) and bool(meta)
        counts = meta.get("counts", {}) if isinstance(meta.get("counts"), dict) else {}
        assert isinstance(counts, dict)
        inputs = meta.get("inputs", [])
        found.append(
            StoreInfo(
                key=entry.name,
                folder=entry,
                size=_folder_size(entry),
                built=float(meta.get("built", 0) or 0),  # type: ignore[arg-type]
                inputs=tuple(inputs) if isinstance(inputs, list) else (),
                triples=int(counts.get("triples", 0)),
                claims=int(counts.get("claims", 0)),
                complete=complete,
            )
        )
    return sorted(found, key=lambda info: -info.built)


def clear_stores(root: Path) -> list[StoreInfo]:
    """Remove every store under ``root`` (and leftovers of builds); return what was removed."""
    removed = []
    for info in list_stores(root):
        if info.key.startswith(BUILD_PREFIX):
            pid_text = info.key.rsplit("-", 1)[-1]
            if pid_text.isdigit() and _pid_alive(int(pid_text)):
                continue  # a build in progress: leave it to finish
        shutil.rmtree(info.folder, ignore_errors=True)
        removed.append(info)
    return removed
