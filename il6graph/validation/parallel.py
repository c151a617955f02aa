"""Run the shapes and the other checks side by side on a large store.

The shapes keep this process busy (reading slices, with the engine on a second thread); the
other checks are bound by Python too, so threads would only take turns. On a store of many
claims they run in a second process, which opens the same store read-only; its problems are
passed back in batches and yielded as they arrive, between the shapes' own. Small stores, and
stores in memory (which another process cannot open), run the checks one after the other.
"""

from __future__ import annotations

import queue as queues
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from il6graph.progress import bar, set_quiet
from il6graph.validation.report import Problem

__all__ = ["PARALLEL_FROM", "side_by_side"]

PARALLEL_FROM = 20_000  # claims: below this a second process costs more than it saves
_BATCH = 500
_DONE = "done"


def side_by_side(
    store: Any, sources: Path | None, first: Any, rest: Sequence[Any]
) -> Iterator[Problem]:
    """``first.run`` here and each check of ``rest`` in a second process."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # no fork: this process has threads
    results: Any = context.Queue()
    worker = context.Process(
        target=_work,
        args=(str(store.location), [str(p) for p in store.inputs], sources, list(rest), results),
        daemon=True,
        name="il6graph-checks",
    )
    worker.start()
    finished = received = False
    try:
        for problem in first.run(store, sources):
            yield problem
            if not finished:
                for item in _ready(results):
                    received = True
                    if item == _DONE:
                        finished = True
                    else:
                        yield from item
        if not finished:
            with bar(desc="checking evidence, claims, entities", unit="problems") as progress:
                while True:
                    item = _next(results, worker)
                    if item is None and not received:  # it could not start: run them here
                        for check in rest:
                            yield from check.run(store, sources)
                        break
                    if item is None:
                        raise RuntimeError("the validation worker stopped without a word")
                    received = True
                    if item == _DONE:
                        break
                    progress.update(len(item))
                    yield from item
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()


def _ready(results: Any) -> Iterator[Any]:
    while True:
        try:
            item = results.get_nowait()
        except queues.Empty:
            return
        _raise(item)
        yield item


def _next(results: Any, worker: Any) -> Any:
    """The next batch, _DONE, or None when the worker is gone without a word."""
    while True:
        try:
            item = results.get(timeout=1)
        except queues.Empty:
            if not worker.is_alive():
                try:
                    item = results.get(timeout=1)  # what it put just before it ended
                except queues.Empty:
                    return None
            else:
                continue
        _raise(item)
        return item


def _raise(item: Any) -> None:
    if isinstance(item, BaseException):
        raise item


def _work(
    location: str, inputs: list[str], sources: Path | None, checks: list[Any], results: Any
) -> None:
    """In the second process: open the store read-only and run ``checks``."""
    import json

    from il6graph.store.graphstore import GraphStore
    from il6graph.store.index import Index

    set_quiet(True)  # one set of bars: the first process's
    try:
        folder = Path(location)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        store = GraphStore(
            Index.open(folder, meta), location=folder, inputs=tuple(Path(p) for p in inputs)
        )
        batch: list[Problem] = []
        for check in checks:
            for problem in check.run(store, sources):
                batch.append(problem)
                if len(batch) >= _BATCH:
                    results.put(batch)
                    batch = []
        if batch:
            results.put(batch)
        results.put(_DONE)
    except BaseException as error:  # handed to the first process, which raises it
        results.put(error)
