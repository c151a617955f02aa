"""Every command, given bad input, answers as the project promises: exactly one line on standard
error, exit code 2, no traceback, nothing on standard output, and nothing written.

Each case runs the real command line as a process in a folder of its own that holds a few
prepared files; the folder is compared before and after, byte for byte. Also the one-line text
itself (:mod:`il6graph.errors`).
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from il6graph.errors import InputError, one_line, place, terminal_safe

GOOD = "@prefix x: <http://example.org/> .\nx:a x:b x:c .\n"
FILES = {
    "good.ttl": GOOD,
    "broken.ttl": '@prefix x: <http://example.org/> .\nx:a x:b x:c ;;; .\nx:a x:b "open .\n',
    "broken.nt": "<a> <b> <c .\n",
    "broken.rdf": '<?xml version="1.0"?>\n<rdf:RDF><x/></rdf:RDF>\n',  # no position from the parser
    "binary.ttl": b"\xff\xfe\x00garbage\x00".decode("latin-1"),
    "data.xyz": GOOD,
    "bad.rq": "SELECT * WHERE { ?s ?p \n",
    "iri.rq": "# iri\n# param target (iri): x\nSELECT ?s WHERE { ?s ?p ?target }\n",
    "page.html": "<html>an earlier page</html>",
    "notes.txt": "a file, not a folder",
}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


NOBODY = f"http://127.0.0.1:{_closed_port()}/query"  # nothing listens there

# (why, arguments); the arguments run in the prepared folder.
CASES: list[tuple[str, list[str]]] = [
    # missing files
    ("--data missing", ["--data", "missing.ttl", "stats"]),
    ("--data missing, overview", ["--data", "missing.ttl", "overview", "--out", "out"]),
    ("--data missing, render", ["--data", "missing.ttl", "render", "-o", "new.html"]),
    ("--data missing, export", ["--data", "missing.ttl", "export", "-o", "new.graphml"]),
    ("--data missing, query", ["--data", "missing.ttl", "query", "hedged"]),
    ("--data missing, paths", ["--data", "missing.ttl", "paths", "IL-6", "STAT3"]),
    ("--data missing, serve", ["--data", "missing.ttl", "serve", "--port", "0"]),
    ("--data missing, push", ["--data", "missing.ttl", "push", "--endpoint", NOBODY]),
    ("validate missing", ["validate", "missing.ttl"]),
    ("format missing", ["format", "missing.ttl"]),
    ("query @missing", ["query", "@missing.rq"]),
    ("validate --sources missing", ["validate", "--sources", "missing"]),
    # a folder where a file belongs, and a file where a folder belongs
    ("--data folder", ["--data", "folder", "claims", "IL-6"]),
    ("format folder", ["format", "folder"]),
    ("validate folder", ["validate", "folder"]),
    ("query @folder", ["query", "@folder"]),
    ("render -o folder", ["render", "-o", "folder"]),
    ("export -o folder", ["export", "--format", "turtle", "-o", "folder"]),
    ("render -o under a file", ["render", "-o", "notes.txt/page.html"]),
    ("render -o missing folder", ["render", "-o", "absent/page.html"]),
    ("overview --out file", ["overview", "--out", "notes.txt"]),
    ("export csv -o file", ["export", "--format", "csv", "-o", "notes.txt"]),
    # malformed files
    ("broken Turtle", ["--data", "broken.ttl", "stats"]),
    ("broken N-Triples", ["--data", "broken.nt", "neighbors", "IL-6"]),
    ("RDF/XML without position", ["--data", "broken.rdf", "stats"]),
    ("binary Turtle", ["--data", "binary.ttl", "validate"]),
    ("validate broken", ["validate", "broken.ttl"]),
    ("format broken", ["format", "broken.ttl"]),
    # unknown entities
    ("claims unknown", ["claims", "STAT33"]),
    ("paths unknown source", ["paths", "NOPE", "STAT3"]),
    ("paths unknown target", ["paths", "IL-6", "NOPE"]),
    ("paths unknown --via", ["paths", "IL-6", "STAT3", "--via", "NOPE"]),
    ("neighbors unknown", ["neighbors", "NOPE"]),
    ("explain unknown", ["explain", "IL-6", "NOPE"]),
    ("render --focus unknown", ["render", "-o", "new.html", "--focus", "NOPE"]),
    ("render over a page, unknown", ["render", "-o", "page.html", "--focus", "NOPE"]),
    ("export --paths unknown", ["export", "-o", "new.graphml", "--paths", "NOPE", "IL-6"]),
    ("query entity unknown", ["query", "claims-about", "--param", "entity=NOPE"]),
    # unknown formats
    ("export --format unknown", ["export", "--format", "nope", "-o", "new.nope"]),
    ("export unknown suffix", ["export", "-o", "new.unknown"]),
    ("--data unknown suffix", ["--data", "data.xyz", "stats"]),
    ("query --format unknown", ["query", "hedged", "--format", "nope"]),
    ("claims --format unknown", ["claims", "IL-6", "--format", "xml"]),
    ("CONSTRUCT as csv", ["query", "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv"]),
    # bad option values, unknown options and commands
    ("stats --top 0", ["stats", "--top", "0"]),
    ("stats --top word", ["stats", "--top", "many"]),
    ("neighbors --direction", ["neighbors", "IL-6", "--direction", "sideways"]),
    ("paths --max-hops 0", ["paths", "IL-6", "STAT3", "--max-hops", "0"]),
    ("paths --sign", ["paths", "IL-6", "STAT3", "--sign", "x"]),
    ("paths --min-confidence", ["paths", "IL-6", "STAT3", "--min-confidence", "high"]),
    ("render --depth -1", ["render", "-o", "new.html", "--depth", "-1"]),
    ("render without -o", ["render"]),
    ("render --paths one value", ["render", "-o", "new.html", "--paths", "IL-6"]),
    ("query --limit -1", ["query", "hedged", "--limit", "-1"]),
    ("query --timeout 0", ["query", "hedged", "--timeout", "0"]),
    ("query --param without =", ["query", "claims-about", "--param", "entity"]),
    ("query --param unknown name", ["query", "claims-about", "--param", "nope=1"]),
    ("query --param bad IRI", ["query", "@iri.rq", "--param", "target=<a b>"]),
    ("serve --port word", ["serve", "--port", "http"]),
    ("push --timeout 0", ["push", "--endpoint", NOBODY, "--timeout", "0"]),
    ("push without --endpoint", ["push"]),
    ("unknown option", ["stats", "--nope"]),
    ("unknown command", ["statz"]),
    ("missing argument", ["claims"]),
    ("--data without a value", ["--data"]),
    ("--graph without --endpoint", ["stats", "--graph", "http://example.org/g"]),
    ("--data with --endpoint", ["--data", "good.ttl", "stats", "--endpoint", NOBODY]),
    # bad SPARQL
    ("query syntax", ["query", "SELECT * WHERE { ?s ?p"]),
    ("query file syntax", ["query", "@bad.rq"]),
    ("query SERVICE", ["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"]),
    ("query update", ["query", "DELETE WHERE { ?s ?p ?o }"]),
    ("query nothing", ["query"]),
    (  # failed inside the engine's worker thread: once left an "unsendable" RuntimeError line
        "query failing in the engine",
        ["query", "CONSTRUCT { <a:a> <a:b> ?x } WHERE { BIND(TRIPLE(<a:a>, <a:b>, <a:c>) AS ?x) }"],
    ),
    # endpoints
    ("endpoint not http", ["stats", "--endpoint", "ftp://127.0.0.1/query"]),
    ("endpoint refused", ["claims", "IL-6", "--endpoint", NOBODY]),
    ("push refused", ["push", "--endpoint", NOBODY.replace("/query", "/store")]),
]


def snapshot(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` with a digest of its content (or its kind)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "link " + os.readlink(path)
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def prepared(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "inside.ttl").write_text(GOOD, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("why", "arguments"), CASES, ids=[why for why, _ in CASES])
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    why: str, arguments: list[str], prepared: Path
):
    before = snapshot(prepared)
    result = subprocess.run(
        [sys.executable, "-m", "il6graph", *arguments],
        cwd=prepared,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(prepared / "folder"), "PYTHONWARNINGS": ""},
        check=False,
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"{why}: {len(lines)} lines on stderr:\n{result.stderr}"
    assert lines[0].startswith("il6graph: error: "), lines[0]
    assert "Traceback" not in result.stderr
    assert "None" not in lines[0], f"a missing position shows as None: {lines[0]}"
    assert result.returncode == 2, f"{why}: exit {result.returncode}: {lines[0]}"
    assert result.stdout == "", f"{why}: wrote to standard output: {result.stdout[:200]!r}"
    assert snapshot(prepared) == before, f"{why}: the folder changed"


def test_messages_name_the_place(prepared: Path):
    def error(*arguments: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "il6graph", *arguments],
            cwd=prepared,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return result.stderr.strip()

    assert re.fullmatch(
        r"il6graph: error: \S*broken\.ttl:3:\d+: .+", error("--data", "broken.ttl", "stats")
    )
    assert re.fullmatch(
        r"il6graph: error: \S*broken\.rdf: .+", error("--data", "broken.rdf", "stats")
    )
    assert error("--data", "folder", "stats") == (
        "il6graph: error: --data folder: is a folder; give an RDF file (.ttl, .nt, .rdf, .owl), "
        "repeating --data for each file"
    )
    assert error("claims", "STAT33") == (
        "il6graph: error: unknown entity 'STAT33'; did you mean 'STAT3'?"
    )
    assert error("stats", "--top", "0") == (
        "il6graph: error: Invalid value for '--top': 0 is not in the range x>=1 "
        "(see il6graph stats --help)"
    )
    assert error("export", "--format", "nope", "-o", "x").startswith(
        "il6graph: error: unknown export format 'nope'; formats: graphml, gexf, cytoscape,"
    )


def test_a_value_rdflib_cannot_convert_is_shown_without_its_warning(prepared: Path):
    """rdflib logs a warning with a traceback for such a literal; the answer is what shows."""
    result = subprocess.run(
        [sys.executable, "-m", "il6graph", "query", 'SELECT (STRDT("abc", xsd:date) AS ?x) {}'],
        cwd=prepared,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert "abc" in result.stdout


# --- the text of errors ---------------------------------------------------------------------------


def test_every_input_error_is_one_line_without_control_characters():
    error = InputError("line one\nline two\r\n\x1b[31mred\x1b[0m \x1b]8;;http://evil/\x07link")
    assert str(error) == "line one line two red link"
    assert error.message == str(error)


def test_one_line_removes_every_kind_of_sequence():
    hostile = (
        "a\x1b]0;title\x1b\\b"  # OSC ended by ST
        "\x1b]52;c;Y2xpcA==\x07c"  # OSC 52 (clipboard) ended by BEL
        "\x9b2Jd"  # 8-bit CSI
        "\x1bPq#0;2\x1b\\e"  # DCS (sixel)
        "\x1bcf"  # reset
        "\u202eg\u2066h"  # bidi override and isolate
        "\x00i\x7fj\x85k"  # NUL, DEL, NEL
        "\x1b]unterminated title"
    )
    assert one_line(hostile) == "abcdefghij k"


def test_terminal_safe_keeps_line_breaks_and_tabs():
    assert terminal_safe("a\tb\r\nc\rd\x1b[2Je\n") == "a\tb\ncde\n"


def test_place_leaves_out_what_is_unknown():
    assert place("f.ttl", 3, 9) == "f.ttl:3:9"
    assert place("f.ttl", 3) == "f.ttl:3"
    assert place("f.rdf", None, None) == "f.rdf"
