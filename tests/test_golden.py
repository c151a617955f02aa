"""Every command's answer on the bundled graph, compared with the answer kept in tests/golden/.

The answers were first recorded before the persistent store (issue 10), so this checks that
reading the graph from the store changes nothing a user sees. An answer that is meant to change
is re-recorded with ``python tests/test_golden.py --update`` and reviewed in the diff.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from il6graph.cli import main

GOLDEN = Path(__file__).parent / "golden"
COMMANDS = [
    line
    for line in (GOLDEN / "commands.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def _answer_file(command: str) -> Path:
    digest = hashlib.sha256(command.encode("utf-8")).hexdigest()[:12]
    name = "-".join(shlex.split(command)[:2]).replace("/", "_")[:40]
    return GOLDEN / "answers" / f"{name}-{digest}.json"


BIG = 100_000  # characters; a longer output (an explorer page) is kept as its digest


def _run(command: str) -> dict[str, object]:
    result = CliRunner().invoke(main, shlex.split(command), catch_exceptions=False)
    stdout: str = result.stdout
    if len(stdout) > BIG:
        stdout = "sha256:" + hashlib.sha256(stdout.encode("utf-8")).hexdigest()
    return {
        "command": command,
        "exit_code": result.exit_code,
        "stdout": stdout,
        "stderr": result.stderr,
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_answer_unchanged(command: str) -> None:
    kept = json.loads(_answer_file(command).read_text(encoding="utf-8"))
    now = _run(command)
    assert now["exit_code"] == kept["exit_code"], command
    assert now["stderr"] == kept["stderr"], command
    assert now["stdout"] == kept["stdout"], command


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    (GOLDEN / "answers").mkdir(exist_ok=True)
    for old in (GOLDEN / "answers").glob("*.json"):
        old.unlink()
    for command in COMMANDS:
        answer = _run(command)
        _answer_file(command).write_text(
            json.dumps(answer, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"{answer['exit_code']}  {command}")
