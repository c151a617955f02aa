"""A graph too big to draw fluidly is drawn as a neighbourhood that fits, with one line saying so.

Issue 10: above :data:`~il6graph.explorer.FLUID` entities `render` draws the neighbourhood of
IL-6, or of the most connected entity whose neighbourhood still fits, never a page that is not
fluid unless asked for with ``--all``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from il6graph.explorer import page as explorer_page
from il6graph.explorer.page import default_selection
from il6graph.resources import graph_path
from il6graph.selection import select_from
from il6graph.store import open_store

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _synthetic(folder: Path, claims: int) -> Path:
    sys.path.insert(0, str(BENCH))
    try:
        from synthetic import write_synthetic
    finally:
        sys.path.remove(str(BENCH))
    return write_synthetic(folder, claims=claims)


def _entities(wrote: str) -> int:
    """The entity count of a ``wrote PAGE: TITLE (N entities, ...)`` line."""
    found = re.search(r"\((\d+) entities", wrote)
    assert found, wrote
    return int(found[1])


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    """The bundled graph merged with 12,000 synthetic claims (2,400 more entities)."""
    folder = tmp_path_factory.mktemp("grown")
    return [graph_path(), _synthetic(folder / "synthetic", claims=12_000)], folder / "cache"


def test_render_draws_the_neighbourhood_of_il6_and_says_so(
    grown: tuple[list[Path], Path], tmp_path: Path, cli
) -> None:
    files, cache = grown
    data = [a for f in files for a in ("--data", str(f))]
    done = cli("--store", str(cache), *data, "render", "-o", str(tmp_path / "page.html"))
    assert done.exit_code == 0, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "more than a page draws fluidly (2,000)" in line
    assert "neighbourhood of IL-6" in line and "--all" in line
    entities = _entities(done.stdout)
    assert 1 < entities <= explorer_page.FLUID
    assert (tmp_path / "page.html").stat().st_size < 5_000_000

    everything = cli(
        "--store", str(cache), *data, "render", "--all", "-o", str(tmp_path / "a.html")
    )
    assert everything.exit_code == 0, everything.stderr
    assert "entities, more than a page draws fluidly" in everything.stderr
    assert _entities(everything.stdout) > explorer_page.FLUID


def test_a_hub_too_big_to_draw_is_passed_over_for_one_that_fits(
    grown: tuple[list[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    files, cache = grown
    store = open_store(files, root=cache)
    degree = store.degrees()
    il6 = store.node_id(store.entities.resolve("IL-6").curie)
    assert il6 is not None
    # A limit IL-6's own neighbourhood does not fit in, though it is below the biggest hub's.
    limit = int(degree[il6])
    assert int(degree.max()) > limit
    monkeypatch.setattr(explorer_page, "FLUID", limit)
    chosen = default_selection(store)
    assert chosen is not None and chosen.focus != store.entities.resolve("IL-6").curie
    view = select_from(store, chosen)
    assert 1 < view.number_of_nodes() <= limit
    # ... and it is the best-connected entity that fits.
    focus = store.node_id(chosen.focus)
    assert focus is not None
    assert int(degree[focus]) == int(degree[degree < limit].max())
