"""Writing several files atomically: into a folder, a zip, or a tar (gzip) bundle.

The files are written into a temporary folder beside the target and moved (or packed) into place
only when complete, so a failure leaves the previous export as it was and nothing behind.
Bundles are byte-for-byte the same for the same files (fixed times, owners and order).
"""

from __future__ import annotations

import gzip
import os
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, TypeVar

from il6graph.errors import InputError

__all__ = ["bundle_kind", "disk_size", "write_files"]

T = TypeVar("T")


def bundle_kind(target: Path) -> str | None:
    """``zip``, ``tar.gz`` or ``tar`` for a bundle name, None for a folder."""
    name = target.name.lower()
    for ending, kind in (
        (".zip", "zip"),
        (".tar.gz", "tar.gz"),
        (".tgz", "tar.gz"),
        (".tar", "tar"),
    ):
        if name.endswith(ending):
            return kind
    return None


def _bundle_ending(target: Path) -> str | None:
    name = target.name.lower()
    return next((e for e in (".zip", ".tar.gz", ".tgz", ".tar") if name.endswith(e)), None)


def write_files(
    target: Path,
    fill: Callable[[Path], T],
    *,
    ours: frozenset[str],
    bundles: tuple[str, ...],
) -> tuple[T, tuple[str, ...]]:
    """Call ``fill`` with a temporary folder beside ``target``, then move it to ``target`` (or pack
    it there when ``target`` ends in one of ``bundles``); return what ``fill`` returned and the
    file names. A folder is replaced only if it holds nothing but files named in ``ours``."""
    from il6graph.output import atomic_write, followed

    target = followed(target)  # a link to a folder: replace the folder, keep the link
    parent = target.parent
    if not parent.is_dir():
        raise InputError(f"{target}: folder {parent} does not exist")
    ending = _bundle_ending(target)
    if ending is not None and ending not in bundles:
        raise InputError(
            f"{target}: this format is bundled as {' or '.join(bundles)}, not {ending}"
        )
    if target.suffix.lower() in (".csv", ".tsv", ".jsonl"):
        raise InputError(
            f"{target}: this format writes several files; give a folder name or a {bundles[0]} name"
        )
    if ending is None and target.exists():
        _check_replaceable(target, ours, bundles)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as error:
        raise InputError(f"{target}: cannot write into {parent}: {error.strerror}") from None
    try:
        result = fill(staging)
        names = tuple(sorted(p.name for p in staging.iterdir()))
        if ending is not None:
            kind = bundle_kind(target)
            atomic_write(target, lambda stream: _pack(kind or "zip", staging, names, stream))
            return result, names
        os.chmod(staging, 0o777 & ~_umask())
        if target.exists():
            # Swap: the old folder steps aside, the new one moves in, then the old one goes.
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.rename(target, old)
            try:
                os.rename(staging, target)
            except BaseException:
                os.rename(old, target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, target)
        return result, names
    except OSError as error:
        raise InputError(f"{target}: cannot write: {error.strerror or error}") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _check_replaceable(target: Path, ours: frozenset[str], bundles: tuple[str, ...]) -> None:
    """Refuse to replace a folder that holds anything but an earlier export."""
    if not target.is_dir():
        raise InputError(
            f"{target} is a file; give a folder name or a {bundles[0]} name for this format"
        )
    foreign = sorted(p.name for p in target.iterdir() if p.name not in ours)
    if foreign:
        raise InputError(
            f"{target} holds other files ({', '.join(foreign[:3])}); choose a new or empty folder"
        )


def _pack(kind: str, folder: Path, names: Iterable[str], stream: IO[bytes]) -> None:
    if kind == "zip":
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                # A fixed timestamp: the same graph gives the same zip, byte for byte.
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with (folder / name).open("rb") as member, archive.open(info, "w") as out:
                    shutil.copyfileobj(member, out)
        return
    target: Any = stream
    zipped = None
    if kind == "tar.gz":
        # mtime 0 and no file name in the gzip header: the same files give the same bytes.
        zipped = gzip.GzipFile(filename="", mode="wb", fileobj=stream, mtime=0)
        target = zipped
    with tarfile.open(fileobj=target, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in names:
            path = folder / name
            entry = tarfile.TarInfo(name)
            entry.size = path.stat().st_size
            entry.mode = path.stat().st_mode & 0o755
            entry.mtime = 0
            with path.open("rb") as member:
                archive.addfile(entry, member)
    if zipped is not None:
        zipped.close()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def disk_size(path: Path) -> int:
    """Bytes of a file, or of the files in a folder."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size
