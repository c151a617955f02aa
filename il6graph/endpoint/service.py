"""``il6graph serve``: the front and its engines together, started and stopped as one.

The graph is served from its persistent store (:func:`il6graph.store.open_store`), opened
read-only by every engine: nothing is copied, so a ``kill -9`` leaves no folder behind and an
engine restarts in milliseconds. Only when the store cache cannot be written is the graph put in
a temporary folder, removed on stop (and by the next ``serve`` if this one was killed).

>>> from il6graph.endpoint import Endpoint
>>> with Endpoint.start(port=0) as endpoint:
...     endpoint.url.endswith("/query")
True
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from il6graph.endpoint.front import Front
from il6graph.endpoint.pool import Pool
from il6graph.errors import InputError

__all__ = ["DEFAULT_PORT", "DEFAULT_TIMEOUT", "ENGINES", "Endpoint", "serve_until_stopped"]

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0  # seconds a query may run
ENGINES = max(2, min(4, os.cpu_count() or 2))  # engine processes serving queries at once
_TEMPORARY_PREFIX = "il6graph-serve-"


def _remove_abandoned_folders() -> None:
    """Temporary databases of ``serve`` runs that were killed (their process is gone)."""
    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{_TEMPORARY_PREFIX}*"):
        pid = folder.name[len(_TEMPORARY_PREFIX) :].split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _temporary_database(store: object) -> Path:
    import pyoxigraph

    _remove_abandoned_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{_TEMPORARY_PREFIX}{os.getpid()}-"))
    try:
        copy = pyoxigraph.Store(str(folder / "oxigraph"))
        data = store.oxigraph.dump(format=pyoxigraph.RdfFormat.N_QUADS)  # type: ignore[attr-defined]
        copy.bulk_load(data, pyoxigraph.RdfFormat.N_QUADS)
        copy.flush()
        del copy
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


@dataclass
class Endpoint:
    """A running ``il6graph serve``: the front and its pool of engines."""

    front: Front
    pool: Pool
    temporary: Path | None = None
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.front.server_address[1]}"

    @property
    def url(self) -> str:
        """The SPARQL endpoint URL to give clients."""
        return self.base + "/query"

    @classmethod
    def start(
        cls,
        paths: Sequence[str | Path] = (),
        *,
        port: int = DEFAULT_PORT,
        timeout: float = DEFAULT_TIMEOUT,
        cors: bool = False,
        background: bool = True,
        engines: int = ENGINES,
    ) -> Endpoint:
        """Open the store of ``paths`` (default: the bundled graph), start the engines and the
        front on 127.0.0.1:``port`` (0 picks a free one). With ``background``, the front answers
        from a thread at once; otherwise call :meth:`serve_forever`."""
        from il6graph.store import open_store

        try:  # the port first: a busy port fails before anything is loaded
            front = Front(("127.0.0.1", port), pool=None, timeout=timeout, cors=cors)
        except OSError as error:
            raise InputError(
                f"cannot listen on 127.0.0.1:{port}: {error.strerror} (choose another --port)"
            ) from None
        temporary: Path | None = None
        pool: Pool | None = None
        try:
            store = open_store(paths)
            folder = store.folder
            if folder is None:
                temporary = _temporary_database(store)
                folder = temporary / "oxigraph"
            front.entities_source = lambda: store.entities
            pool = Pool(folder, size=engines)
            pool.start()
        except BaseException:
            front.server_close()
            if pool is not None:
                pool.stop()
            if temporary is not None:
                shutil.rmtree(temporary, ignore_errors=True)
            raise
        front.pool = pool
        endpoint = cls(front, pool, temporary)
        if background:
            endpoint._thread = threading.Thread(
                target=front.serve_forever, name="il6graph-endpoint", daemon=True
            )
            endpoint._thread.start()
        return endpoint

    def serve_forever(self) -> None:
        """Answer requests until :meth:`stop` is called or the process is interrupted."""
        self.front.serve_forever()

    def stop(self) -> None:
        """Stop the front and the engines; remove a temporary database."""
        if self._thread is not None:
            self.front.shutdown()
            self._thread.join()
            self._thread = None
        self.front.server_close()
        self.pool.stop()
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def serve_until_stopped(endpoint: Endpoint) -> None:
    """Serve in the foreground; Ctrl-C or SIGTERM stops the endpoint cleanly."""

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGINT too: a shell starts background jobs with SIGINT ignored, and Python keeps it so.
    previous = {s: signal.signal(s, terminate) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        endpoint.stop()
