"""Planted errors for the validate benchmarks: one or more of every kind validate reports.

``write_planted(folder)`` copies ``tests/resources/planted-errors.ttl`` (the file the tests use)
to ``folder/planted.ttl``, a small Turtle file to merge with the bundled graph and a synthetic
graph (``bench/synthetic.py``). Its claims cite the bundled overview (``src:il6-cancer-overview``),
so the sources folder given to validate must hold ``data/sources/*`` as well as
``synthetic.txt``. Every SHACL shape and every check beyond the shapes has something to find
here, so two engines that find the same problems on the merged graph agree on each kind.

    python bench/planted.py OUT_FOLDER
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

PLANTED = Path(__file__).resolve().parent.parent / "tests" / "resources" / "planted-errors.ttl"


def write_planted(folder: Path) -> Path:
    """Write ``folder/planted.ttl`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "planted.ttl"
    shutil.copy(PLANTED, path)
    return path


if __name__ == "__main__":
    print(write_planted(Path(sys.argv[1])))
