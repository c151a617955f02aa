"""Nanopublications: one per claim, built claim by claim from a pyoxigraph store, written as
N-Quads or TriG with each nanopublication's four graphs together.

For claim ``C`` the nanopublication is ``C/np``, and its graphs are fragments of that IRI, as the
nanopublication guidelines ask (the nanopublication IRI is a prefix of its graphs):

- ``C/np#head``: ``C/np a np:Nanopublication`` with its assertion, provenance and pubinfo graphs;
- ``C/np#assertion``: the plain triple the claim asserts (``IL-6 activates STAT3``);
- ``C/np#provenance``: ``C/np#assertion prov:wasDerivedFrom`` the evidence, the claim's own
  triples (assertion kind, hedge, confidence, attribution) and the evidence sentence with its
  source and offsets;
- ``C/np#pubinfo``: a readable label of the nanopublication.

Everything else (entities, source documents, claims missing a part) follows in the default
graph. Each nanopublication is self-contained, so a file can be split into nanopublications by
taking the runs of consecutive graphs (a sentence that two claims cite is in both, its selector
under the same blank node label).

The store's own N-Triples writer does the serializing: its lines are grouped into
nanopublications (in memory up to 200,000 claims, about 5 kB each; beyond, through temporary
bucket files of a few thousand claims, so memory stays flat) and rewritten as bytes rather than
parsed (for TriG, Oxigraph parses them back a batch at a time and writes them with the project's
prefixes). Claims come out sorted by IRI; each graph's triples in the store's order.

>>> import io
>>> from il6graph import load_graph
>>> from il6graph.exports.rdf import store_of
>>> out = io.BytesIO()
>>> to_trig(store_of(load_graph()), out) > 1000
True
>>> b"a np:Nanopublication" in out.getvalue()
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from il6graph.exports.rdf import project_prefixes

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["NANOPUB", "PARTS", "nanopublication_graphs", "to_nquads", "to_trig"]

NANOPUB = "http://www.nanopub.org/nschema#"
PARTS = ("head", "assertion", "provenance", "pubinfo")
# Up to this many claims, their lines are grouped in memory (about 5 kB a claim); above it, in
# temporary bucket files of CLAIMS_PER_BUCKET claims, so memory stays flat at any size.
CLAIMS_IN_MEMORY = 200_000
CLAIMS_PER_BUCKET = 5000

_RDF = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_CLAIM = b"<https://w3id.org/il6graph/vocab/Claim>"
_EVIDENCE = b"<https://w3id.org/il6graph/vocab/evidence>"
_PARTS = {_RDF + b"subject>": 0, _RDF + b"predicate>": 1, _RDF + b"object>": 2}
_LABEL = b"<http://www.w3.org/2000/01/rdf-schema#label>"


class _Plan:
    """What the nanopublications need to know before their lines are sorted, read from the
    N-Triples lines in one pass: the complete claims (sorted, with their plain triple), which
    claims each subject's lines belong to, and the labels the pubinfo graphs use."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        import pyoxigraph

        from il6graph.predicates import predicate_table

        claims: set[bytes] = set()
        parts: dict[bytes, list[bytes]] = {}
        cited: dict[bytes, list[bytes]] = {}
        blanks: dict[bytes, list[bytes]] = {}  # subject -> blank nodes it points at
        label_lines: list[bytes] = []
        kinds = {_RDF + b"type>": -1, _EVIDENCE: -2, _LABEL: -3, **_PARTS}
        for line in lines:
            subject, predicate, rest = line.split(b" ", 2)
            kind = kinds.get(predicate)
            if kind is None:
                if rest[:2] == b"_:":
                    blanks.setdefault(subject, []).append(rest[:-3])
            elif kind >= 0:
                parts.setdefault(subject, [b"", b"", b""])[kind] = rest[:-3]
            elif kind == -1:
                if rest[:-3] == _CLAIM:
                    claims.add(subject)
            elif kind == -2:
                cited.setdefault(subject, []).append(rest[:-3])
            else:
                label_lines.append(line)
        # Complete claims: subject, an IRI as predicate, object.
        complete = sorted(
            c for c in claims if all(parts.get(c, [b""])) and parts[c][1].startswith(b"<")
        )
        self.claims = complete
        self.triples = [(parts[c][0], parts[c][1], parts[c][2]) for c in complete]
        self.evidence = [cited.get(c, []) for c in complete]
        # subject -> numbers of the claims whose nanopublication holds its lines
        self.owners: dict[bytes, list[int]] = {c: [n] for n, c in enumerate(complete)}
        self.blanks: dict[bytes, list[bytes]] = {}
        for number, evidence in enumerate(self.evidence):
            for item in evidence:
                self.owners.setdefault(item, []).append(number)
        for item in {e for evidence in self.evidence for e in evidence}:
            self.blanks[item] = blanks.get(item, [])
            for blank in self.blanks[item]:
                self.owners[blank] = self.owners[item]
        self.asserted = {b"%s %s %s .\n" % triple for triple in self.triples}
        self.labels = {f"<{iri}>".encode(): p.label for iri, p in predicate_table().items()}
        for triple in pyoxigraph.parse(
            b"".join(label_lines), format=pyoxigraph.RdfFormat.N_TRIPLES
        ):
            value: Any = triple.object
            self.labels.setdefault(str(triple.subject).encode(), value.value)

    def label(self, term: bytes) -> str:
        return self.labels.get(term) or term.decode().strip("<>")


def nanopublication_graphs(
    store: pyoxigraph.Store, folder: Path
) -> Iterator[tuple[bytes | None, list[bytes]]]:
    """The nanopublications' graphs in order, as (graph IRI in N-Triples form, N-Triples lines)
    pairs, then (None, lines) for the default graph; ``folder`` holds the temporary files."""
    import pyoxigraph

    counted: Any = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a {_CLAIM.decode()} }}")
    in_memory = int(next(iter(counted))[0].value) <= CLAIMS_IN_MEMORY
    dump_path = folder / "graph.nt"
    everything: list[bytes] | None = None
    if in_memory:
        data = store.dump(
            format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
        )
        assert data is not None
        everything = data.splitlines(keepends=True)
        del data
        plan = _Plan(iter(everything))
    else:
        with dump_path.open("wb") as dump:
            store.dump(
                dump, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
            )
        with dump_path.open("rb") as lines:
            plan = _Plan(lines)
    rest_file = (folder / "rest.nt").open("w+b")
    owners, asserted = plan.owners, plan.asserted
    grouped: list[list[bytes]] = [[] for _ in plan.claims] if in_memory else []
    buckets = (
        []
        if in_memory
        else [
            (folder / f"bucket-{n}").open("w+b")
            for n in range(len(plan.claims) // CLAIMS_PER_BUCKET + 1)
        ]
    )
    with dump_path.open("rb") if everything is None else nullcontext(everything) as lines:
        for line in lines:
            found = owners.get(line[: line.find(b" ")])
            if found:
                for number in found:
                    if in_memory:
                        grouped[number].append(line)
                    else:
                        buckets[number // CLAIMS_PER_BUCKET].write(b"%d %s" % (number, line))
            elif line not in asserted:
                rest_file.write(line)
    everything = None
    dump_path.unlink(missing_ok=True)
    for number, claim_lines in enumerate(grouped):
        yield from _nanopublication(plan, number, claim_lines)
    for bucket in buckets:
        bucket.seek(0)
        by_claim: dict[bytes, list[bytes]] = {}
        for line in bucket:
            key, _, triple = line.partition(b" ")
            by_claim.setdefault(key, []).append(triple)
        bucket.close()
        for key in sorted(by_claim, key=int):
            yield from _nanopublication(plan, int(key), by_claim[key])
    rest_file.seek(0)
    while block := rest_file.readlines(1 << 22):
        yield None, block
    rest_file.close()


_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DERIVED = b"<http://www.w3.org/ns/prov#wasDerivedFrom>"
_NP = NANOPUB.encode()


def _nanopublication(
    plan: _Plan, number: int, lines: list[bytes]
) -> Iterator[tuple[bytes, list[bytes]]]:
    import pyoxigraph

    claim = plan.claims[number].decode()
    publication = claim[:-1] + "/np"
    head, assertion, provenance, pubinfo = (f"{publication}#{p}>".encode() for p in PARTS)
    this = (publication + ">").encode()
    yield (
        head,
        [
            b"%s %s <%sNanopublication> .\n" % (this, _TYPE, _NP),
            b"%s <%shasAssertion> %s .\n" % (this, _NP, assertion),
            b"%s <%shasProvenance> %s .\n" % (this, _NP, provenance),
            b"%s <%shasPublicationInfo> %s .\n" % (this, _NP, pubinfo),
        ],
    )
    s, p, o = plan.triples[number]
    yield assertion, [b"%s %s %s .\n" % (s, p, o)]
    derived = [b"%s %s %s .\n" % (assertion, _DERIVED, e) for e in plan.evidence[number]]
    yield provenance, derived + lines
    readable = pyoxigraph.Literal(f"{plan.label(s)} {plan.label(p)} {plan.label(o)}")
    yield pubinfo, [b"%s %s %s .\n" % (this, _LABEL, str(readable).encode())]


def _nquads(store: pyoxigraph.Store, folder: Path) -> Iterator[tuple[int, bytes]]:
    """The nanopublications as blocks of N-Quads: (number of lines, bytes). A graph's lines get
    its name by one replace on the block: in N-Triples a line break only ends a line."""
    for graph, lines in nanopublication_graphs(store, folder):
        block = b"".join(lines)
        if graph is not None:
            block = block.replace(b" .\n", b" " + graph + b" .\n")
        yield len(lines), block


def _write(store: pyoxigraph.Store, stream: IO[bytes], *, trig: bool) -> int:
    import tempfile

    count = 0
    with tempfile.TemporaryDirectory(prefix="il6graph-nanopubs-") as folder:
        blocks = _nquads(store, Path(folder))
        if trig:
            return _write_trig(blocks, stream)
        for lines, block in blocks:
            count += lines
            stream.write(block)
    return count


def _write_trig(blocks: Iterator[tuple[int, bytes]], stream: IO[bytes]) -> int:
    """TriG from blocks of N-Quads: Oxigraph parses them back, a batch at a time, and its TriG
    writer writes each graph as a block with the project's prefixes. (Loading a batch into a
    scratch store would be faster, but a store renames blank nodes at random.) The quads go from
    parser to writer without a Python frame each."""
    import itertools

    import pyoxigraph

    count = 0

    def batches() -> Iterator[bytes]:
        nonlocal count
        batch: list[bytes] = []
        size = 0
        for lines, block in blocks:
            batch.append(block)
            count += lines
            size += lines
            if size >= 20_000:
                yield b"".join(batch)
                batch, size = [], 0
        yield b"".join(batch)

    quads = itertools.chain.from_iterable(
        pyoxigraph.parse(batch, format=pyoxigraph.RdfFormat.N_QUADS) for batch in batches()
    )
    prefixes = {**project_prefixes(), "np": NANOPUB}
    pyoxigraph.serialize(quads, stream, format=pyoxigraph.RdfFormat.TRIG, prefixes=prefixes)
    return count


def to_nquads(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write the store's default graph as nanopublications in N-Quads; return the quad count."""
    return _write(store, stream, trig=False)


def to_trig(store: pyoxigraph.Store, stream: IO[bytes]) -> int:
    """Write the store's default graph as nanopublications in TriG; return the quad count."""
    return _write(store, stream, trig=True)
