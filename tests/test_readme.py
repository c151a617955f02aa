"""The README's quick start: two commands, the second being exactly what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```(?:bash)?\n(.*?)```", section, re.S)
    assert block, "the quick start has no code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands():
    commands = quick_start()
    assert len(commands) == 2
    assert commands[0].startswith("pip install .") and "il6graph" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start()[1] in ci.splitlines()


def test_no_file_keeps_merge_conflict_markers():
    marker = re.compile(r"^(<<<<<<< |=======$|>>>>>>> )", re.M)
    tracked = [
        path
        for pattern in (
            "*.md",
            "*.py",
            "*.toml",
            "*.ttl",
            "*.rq",
            "*.ipynb",
            "*.js",
            "*.css",
            "*.sh",
        )
        for path in ROOT.rglob(pattern)
        if not {"node_modules", ".git", ".venv"} & set(path.parts)
    ]
    found = [
        str(p.relative_to(ROOT)) for p in tracked if marker.search(p.read_text(errors="replace"))
    ]
    assert found == [], f"merge conflict markers left in {found}"
