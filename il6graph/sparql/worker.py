"""The query engine process: Oxigraph on one store, read-only, with no way onto the network.

Started by :class:`il6graph.sparql.engine.Engine` as ``python -m il6graph.sparql.worker``. Before
it opens anything it asks to be killed with its parent, caps its memory and confines itself
(:func:`il6graph.sparql.sandbox.confine`): even a query with ``SERVICE`` in it could not connect
anywhere. Then it opens the store's Oxigraph folder read-only (``--folder``) or loads the
N-Quads it is sent, and answers queries one at a time.

Messages both ways are frames: a 4-byte big-endian length, then UTF-8 JSON (the N-Quads frame is
raw bytes). Terms are sent as ``["i", iri]``, ``["b", id]``, ``["l", value, datatype, language]``.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import sys
from typing import Any, BinaryIO

__all__ = ["main", "read_frame", "write_frame"]


def write_frame(stream: BinaryIO, data: bytes) -> None:
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def read_frame(stream: BinaryIO) -> bytes | None:
    header = stream.read(4)
    if len(header) < 4:
        return None
    (length,) = struct.unpack(">I", header)
    data = stream.read(length)
    return data if len(data) == length else None


def _send(message: dict[str, Any]) -> None:
    write_frame(sys.stdout.buffer, json.dumps(message, separators=(",", ":")).encode("utf-8"))


def _term(term: Any) -> list[str] | None:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return ["i", term.value]
    if isinstance(term, pyoxigraph.BlankNode):
        return ["b", term.value]
    if isinstance(term, pyoxigraph.Literal):
        return ["l", term.value, term.datatype.value, term.language or ""]
    raise ValueError(f"a term il6graph cannot show: {term!r}")


def _answer(store: Any, request: dict[str, Any]) -> dict[str, Any]:
    import pyoxigraph

    graphs = request.get("default_graphs")
    default_graph = (
        [pyoxigraph.NamedNode(g) if g else pyoxigraph.DefaultGraph() for g in graphs]
        if graphs
        else None
    )
    limit = int(request.get("limit") or 0)
    answer = store.query(request["query"], default_graph=default_graph)
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return {"answer": bool(answer)}
    truncated = False
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows: list[list[Any]] = []
        for solution in answer:
            if limit and len(rows) == limit:
                truncated = True
                break
            rows.append([_term(solution[i]) for i in range(len(variables))])
        return {"variables": variables, "rows": rows, "truncated": truncated}
    triples: list[list[Any]] = []
    for triple in answer:
        if limit and len(triples) == limit:
            truncated = True
            break
        triples.append([_term(triple.subject), _term(triple.predicate), _term(triple.object)])
    return {"triples": triples, "truncated": truncated}


def _cap_memory() -> None:
    limit = int(os.environ.get("IL6GRAPH_ENGINE_MEMORY", "0"))
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def main(argv: list[str]) -> int:
    from il6graph.sparql.sandbox import SandboxError, confine, die_with_parent, supported

    die_with_parent()
    try:
        _cap_memory()
        if supported():
            confine("engine")
        elif os.environ.get("IL6GRAPH_UNCONFINED") != "1":
            raise SandboxError("network confinement is not available on this system")
    except (OSError, ValueError) as error:
        _send({"error": f"the query engine could not be confined, so it does not run: {error}"})
        return 1
    import pyoxigraph

    try:
        if argv[:1] == ["--folder"]:
            store = pyoxigraph.Store.read_only(argv[1])
        else:
            store = pyoxigraph.Store()
            data = read_frame(sys.stdin.buffer)
            if data is None:
                return 1
            store.bulk_load(data, pyoxigraph.RdfFormat.N_QUADS)
    except (OSError, SyntaxError, ValueError) as error:
        _send({"error": f"the query engine could not open the graph: {error}"})
        return 1
    _send({"ready": True})
    while True:
        frame = read_frame(sys.stdin.buffer)
        if frame is None:
            return 0
        request = json.loads(frame)
        try:
            _send(_answer(store, request))
        except SyntaxError as error:
            _send({"error": " ".join(str(error).split()), "kind": "syntax"})
        except (OSError, RuntimeError, ValueError) as error:
            _send({"error": " ".join(str(error).split()), "kind": "failed"})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
