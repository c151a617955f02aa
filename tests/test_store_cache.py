"""The persistent store: built once per set of inputs, rebuilt when one changes, never used
half-built, shared by concurrent readers, and replaced by memory when the cache is read-only."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from il6graph.errors import InputError
from il6graph.resources import graph_path
from il6graph.store import cache, open_store

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _synthetic(folder: Path, claims: int) -> Path:
    sys.path.insert(0, str(BENCH))
    try:
        from synthetic import write_synthetic
    finally:
        sys.path.remove(str(BENCH))
    return write_synthetic(folder, claims=claims)


def _command(
    *args: str, root: Path, env: dict[str, str] | None = None, **options: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "il6graph", *args],
        capture_output=True,
        text=True,
        env={**os.environ, cache.ENV: str(root), **(env or {})},
        timeout=300,
        **options,  # type: ignore[call-overload]
    )


def _complete_stores(root: Path) -> list[cache.StoreInfo]:
    return [info for info in cache.list_stores(root) if info.complete]


def test_an_unchanged_file_is_never_reloaded_and_an_edited_one_is(tmp_path: Path):
    data = tmp_path / "graph.ttl"
    shutil.copy(graph_path(), data)
    root = tmp_path / "cache"
    first = open_store([data], root=root)
    again = open_store([data], root=root)
    assert again.location == first.location
    assert again.meta["built"] == first.meta["built"], "an unchanged file must not be reloaded"

    with data.open("a", encoding="utf-8") as stream:
        stream.write(
            "\n<https://w3id.org/il6graph/entity/new-thing> a <https://w3id.org/biolink/vocab/Cell> ;\n"
            '    <http://www.w3.org/2000/01/rdf-schema#label> "a newly curated cell" .\n'
        )
    edited = open_store([data], root=root)
    assert edited.location != first.location
    assert edited.entities.resolve("a newly curated cell").curie == "il6:new-thing"
    assert edited.summary().entities == first.summary().entities + 1


def test_the_order_of_the_files_does_not_matter(tmp_path: Path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        '<https://w3id.org/il6graph/entity/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n'
    )
    root = tmp_path / "cache"
    one = open_store([graph_path(), extra], root=root)
    other = open_store([extra, graph_path()], root=root)
    assert one.location == other.location


def _indexers(root: Path) -> list[int]:
    """The process ids of the index builders (il6graph.store.indexer) writing under ``root``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if b"il6graph.store.indexer" in command and any(str(root).encode() in a for a in command):
            found.append(int(entry.name))
    return found


def test_an_interrupted_build_is_never_used(tmp_path: Path):
    data = _synthetic(tmp_path / "big", claims=60_000)
    root = tmp_path / "cache"
    building = subprocess.Popen(
        [sys.executable, "-m", "il6graph", "--data", str(data), "stats"],
        env={**os.environ, cache.ENV: str(root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stores = root / cache.STORES
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
        p.name.startswith(cache.BUILD_PREFIX) for p in (stores.iterdir() if stores.is_dir() else [])
    ):
        time.sleep(0.05)
    time.sleep(0.5)  # well into the load
    assert building.poll() is None, "the build finished before it could be interrupted"
    assert _indexers(root), "the claim index is built by a second process during the load"
    building.send_signal(signal.SIGKILL)
    building.wait()
    # The index builder notices that its build is gone and ends too.
    deadline = time.monotonic() + 10
    while _indexers(root) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _indexers(root) == [], "the index builder outlived the killed build"
    assert _complete_stores(root) == [], "a killed build must not leave a usable store"
    leftovers = [p for p in stores.iterdir() if p.name.startswith(cache.BUILD_PREFIX)]
    assert leftovers, "the kill should have left the half-built folder this test looks for"

    finished = _command("--data", str(data), "stats", "--format", "json", root=root)
    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout)["claims"] == 60_000
    assert [p for p in stores.iterdir() if p.name.startswith(cache.BUILD_PREFIX)] == []
    assert len(_complete_stores(root)) == 1


def test_two_processes_build_and_read_one_store_at_once(tmp_path: Path):
    data = _synthetic(tmp_path / "mid", claims=20_000)
    root = tmp_path / "cache"
    arguments = ["--data", str(data), "paths", "entity 5", "entity 1", "--max-paths", "3"]
    environment = {**os.environ, cache.ENV: str(root)}
    for _ in range(2):  # first both build at once, then both read the built store at once
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "il6graph", *arguments],
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        answers = [run.communicate(timeout=300) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], [err for _, err in answers]
        assert answers[0][0] == answers[1][0]
        assert "entity 5" in answers[0][0]
        assert len(_complete_stores(root)) == 1


def _read_only_command(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run il6graph with ``root`` read-only for it. Root writes through permissions (CI runs as
    root), so there the folder is bind-mounted read-only in a mount namespace of the child's own;
    other users get a folder without write permission."""
    command = [sys.executable, "-m", "il6graph", *args]
    environment = {**os.environ, cache.ENV: str(root)}
    if os.geteuid() != 0:
        root.chmod(0o555)
        (root / cache.STORES).chmod(0o555)
    else:
        if shutil.which("unshare") is None:
            pytest.skip("running as root without unshare(1): no way to make a read-only folder")
        probe = subprocess.run(
            ["unshare", "-m", "sh", "-c", f"mount --bind -o ro '{root}' '{root}'"],
            capture_output=True,
        )
        if probe.returncode != 0:
            pytest.skip(
                f"cannot bind-mount a read-only folder here: {probe.stderr.decode().strip()}"
            )
        script = f"mount --bind -o ro '{root}' '{root}' && exec \"$@\""
        command = ["unshare", "-m", "sh", "-c", script, "sh", *command]
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300)


def test_a_read_only_cache_says_so_in_one_line_and_still_answers(tmp_path: Path):
    root = tmp_path / "read-only"
    (root / cache.STORES).mkdir(parents=True)
    result = _read_only_command(root, "claims", "STAT3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("STAT3 (HGNC:11364, Protein): 4 claims")
    notes = result.stderr.splitlines()
    assert len(notes) == 1 and "cannot write stores under" in notes[0], result.stderr
    assert "into memory" in notes[0]
    assert list((root / cache.STORES).iterdir()) == []


def test_the_store_command_lists_and_clears(tmp_path: Path, cli):
    root = tmp_path / "cache"
    open_store([graph_path()], root=root)
    listed = cli("--store", str(root), "store")
    assert listed.exit_code == 0
    assert "1,851 triples, 121 claims" in listed.stdout
    assert str(graph_path().resolve()) in listed.stdout
    assert listed.stdout.splitlines()[1].startswith("*"), "the bundled graph's store is current"
    cleared = cli("--store", str(root), "store", "--clear")
    assert cleared.stdout.startswith("removed 1 stores")
    assert cache.list_stores(root) == []


def test_bad_input_builds_nothing(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "unterminated .\n')
    root = tmp_path / "cache"
    with pytest.raises(InputError) as caught:
        open_store([bad], root=root)
    assert str(caught.value).startswith(f"{bad}:2:")
    assert list((root / cache.STORES).iterdir()) == []


def test_hostile_rdf_xml_and_oversize_literals_are_refused_in_one_line(tmp_path: Path):
    laughs = tmp_path / "laughs.rdf"
    laughs.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
    )
    with pytest.raises(InputError, match=r"laughs\.rdf:3: XML entity declarations are refused"):
        open_store([laughs], root=tmp_path / "cache")
    big = tmp_path / "big.nt"
    big.write_bytes(
        b'<http://a> <http://b> "1" .\n<http://a> <http://b> "' + b"x" * (17 << 20) + b'" .\n'
    )
    with pytest.raises(InputError, match=r"big\.nt:2: a literal or IRI is longer than 16 MiB"):
        open_store([big], root=tmp_path / "cache")


def test_an_index_builder_that_dies_is_one_line_and_leaves_no_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The second process of a build killed (as the kernel does when memory runs out): the build
    fails in one line naming the signal, and neither a store nor a half-built folder is left."""
    from il6graph.store import indexer

    def killed_at_once(folder: Path, inputs: list[Path], ontology: Path) -> Any:
        return subprocess.Popen(
            [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    monkeypatch.setattr(indexer, "start", killed_at_once)
    root = tmp_path / "cache"
    with pytest.raises(InputError) as caught:
        open_store([graph_path()], root=root)
    assert str(caught.value) == (
        "the claim index could not be built: its process was ended by signal 9 (out of memory?)"
    )
    assert list((root / cache.STORES).iterdir()) == []
