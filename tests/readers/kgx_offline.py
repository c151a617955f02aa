"""Run the kgx command line with the Biolink Model of the installed biolink-model package.

kgx (2.x) reads the Biolink Model through bmt, whose Toolkit fetches the model YAML and the
predicate map from GitHub, and its JSON-LD prefix context from a URL in kgx's config.yml. Here
the Toolkit's defaults point at the YAML that the biolink-model package ships, and the context is
generated from that YAML by linkml's own JSON-LD context generator (the way Biolink makes its
context.jsonld), so nothing is fetched. kgx itself runs unchanged.

    python kgx_offline.py [--declare PREFIX=IRI ...] validate|transform ARGS...

``--declare`` adds a prefix to the JSON-LD context kgx reads its known prefixes from.
Run with the python of the venv tests/setup.sh makes (tests/.venv/kgx).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Imported inside the functions: this file runs in the kgx venv only (pytest, which collects
# every module for doctests, imports it in the project's venv, where kgx is not installed).


def schema() -> Path:
    """The Biolink Model YAML that the biolink-model package ships."""
    import biolink_model

    return Path(next(iter(biolink_model.__path__))) / "schema" / "biolink_model.yaml"


def biolink_context() -> dict[str, object]:
    """The Biolink Model's JSON-LD context, generated once and kept in the venv."""
    cache = Path(sys.prefix) / f"biolink-context-{schema().stat().st_size}.jsonld"
    if not cache.is_file():
        from linkml.generators.jsonldcontextgen import ContextGenerator

        cache.write_text(ContextGenerator(str(schema())).serialize(), encoding="utf-8")
    return json.loads(cache.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def main(argv: list[str]) -> None:
    import bmt.toolkit

    declared: dict[str, str] = {}
    while argv and argv[0] == "--declare":
        prefix, _, iri = argv[1].partition("=")
        declared[prefix] = iri
        argv = argv[2:]
    context = biolink_context()
    context["@context"].update(declared)  # type: ignore[union-attr]
    path = Path(sys.prefix) / "kgx-run-context.jsonld"
    path.write_text(json.dumps(context), encoding="utf-8")

    # bmt's Toolkit() defaults: the packaged model, and no predicate map (only kgx's mapping of
    # non-Biolink predicates uses it, which these files do not need).
    bmt.toolkit.Toolkit.__init__.__defaults__ = (str(schema()), {"predicate mappings": []})
    import kgx.config
    import prefixcommons

    registry = Path(prefixcommons.__file__).parent / "registry"
    kgx.config.get_config()["jsonld-context"] = {
        "biolink": str(path),
        "monarch_context": str(registry / "monarch_context.jsonld"),
        "obo_context": str(registry / "obo_context.jsonld"),
    }
    from kgx.cli import cli

    sys.argv = ["kgx", *argv]
    cli()


if __name__ == "__main__":
    main(sys.argv[1:])
