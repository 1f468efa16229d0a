"""Every command in README.md runs as written (the first block, setup and tests, excepted).

Bash blocks run in order, each as one ``set -euo pipefail`` script, in a scratch
folder that links the repository's ``docs``, ``src`` and ``tests`` folders and
with a data directory of its own, so commands that register systems in one block
can be read back in the next. Python blocks run in a fresh interpreter. A block
right after ``<!-- readme: skip -->`` is shown to people but not run (a server
that would block), and says why in the comment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!--\s*readme:\s*skip[^>]*-->\s*)?```(bash|python)\n(.*?)```", re.S)


def blocks() -> list[tuple[int, str, str]]:
    """(line, language, code) of every block to run, in order."""
    text = README.read_text(encoding="utf-8")
    found = []
    for n, match in enumerate(BLOCK.finditer(text)):
        if n == 0 or match.group(1):
            continue
        line = text[: match.start(2)].count("\n") + 1
        found.append((line, match.group(2), match.group(3)))
    return found


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder shared by the README's blocks, in order."""
    folder = tmp_path_factory.mktemp("readme")
    for name in ("docs", "src", "tests"):
        (folder / name).symlink_to(ROOT / name)
    return folder


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FULCRUM_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["FULCRUM_DATA_DIR"] = str(folder / "data")
    env["COLUMNS"] = "200"
    return env


CASES = blocks()


def test_the_readme_has_runnable_blocks() -> None:
    assert len(CASES) >= 8


@pytest.mark.slow
@pytest.mark.parametrize(("line", "language", "code"), CASES, ids=[f"L{c[0]}" for c in CASES])
def test_readme_block_runs(scratch: Path, line: int, language: str, code: str) -> None:
    if language == "bash":
        command = ["bash", "-c", "set -euo pipefail\n" + code]
    else:
        command = [sys.executable, "-c", code]
    result = subprocess.run(
        command, cwd=scratch, env=_env(scratch), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (
        f"README.md line {line} failed (exit {result.returncode}):\n{code}\n"
        f"--- stdout ---\n{result.stdout[-3000:]}\n--- stderr ---\n{result.stderr[-3000:]}"
    )
