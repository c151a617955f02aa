"""`il6graph store`: where the on-disk stores live, what they hold, and clearing them."""

from __future__ import annotations

import time

import click

from il6graph.cli.common import FORMAT, main
from il6graph.cli.text import echo_json, human_size


@main.command("store")
@click.option("--clear", is_flag=True, help="Remove every store (they are rebuilt when needed).")
@FORMAT
@click.pass_context
def store_command(ctx: click.Context, clear: bool, output_format: str) -> None:
    """Show where the graph's on-disk stores are kept, their sizes and input files; --clear
    removes them.

    A store is built the first time a set of files is read, and reused until a file changes;
    the store marked `*` is the one the current files (--data, or the bundled graph) use.
    """
    from il6graph.resources import ontology_path
    from il6graph.store import cache
    from il6graph.store.opening import input_paths

    options = ctx.find_root().obj
    root = cache.cache_root(options.get("store"))
    if clear:
        removed = cache.clear_stores(root)
        freed = sum(info.size for info in removed)
        click.echo(f"removed {len(removed)} stores under {root} ({human_size(freed)})")
        return
    stores = cache.list_stores(root)
    current = None
    if stores:
        inputs = cache.describe_inputs(input_paths(options["data"]), None)
        ontology = cache.describe_inputs([ontology_path()], None)[0]
        current = cache.store_key(inputs, ontology)
    if output_format == "json":
        echo_json(
            {
                "folder": str(root / cache.STORES),
                "stores": [{**info.as_dict(), "current": info.key == current} for info in stores],
            }
        )
        return
    click.echo(f"stores under {root / cache.STORES} (--store DIR or ${cache.ENV} to move them)")
    for info in stores:
        mark = "*" if info.key == current else " "
        if not info.complete:
            click.echo(
                f"{mark} {info.key}  {human_size(info.size)}  (a build in progress or left by a crash)"
            )
            continue
        built = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.built))
        click.echo(
            f"{mark} {info.key}  {human_size(info.size)}  built {built}  "
            f"{info.triples:,} triples, {info.claims:,} claims"
        )
        for item in info.inputs:
            click.echo(f"      {item.get('path')} ({human_size(float(str(item.get('size', 0))))})")
    total = sum(info.size for info in stores)
    click.echo(f"{len(stores)} stores, {human_size(total)}")
