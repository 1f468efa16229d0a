"""Every file-reading command answers every kind of bad input with one clear error.

The matrix is (command x kind of bad input): a missing file, a folder where a
file belongs, an empty file, binary garbage, text that is not UTF-8, a CSV or
Parquet file with a header and no rows, content of the wrong type (a JSON array
where an object belongs, text in a numeric column) and a YAML alias bomb. Each
cell must exit 2 with exactly one line that names the file, no traceback, no
output file written and the input's bytes unchanged.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fulcrum.cli.main import app
from tests.cli._bad_inputs import BOMB, CELLS, PROFILE, Slot, outcome, runner


@pytest.mark.parametrize(
    ("slot", "kind"), CELLS, ids=[f"{slot.name}-{kind}".replace(" ", "_") for slot, kind in CELLS]
)
def test_bad_input_is_one_line_and_exit_2(slot: Slot, kind: str, tmp_path: Path) -> None:
    # Given a bad input of one kind, When the command reads it
    folder = tmp_path / "work"
    folder.mkdir()
    verdict, output = outcome(slot, kind, folder)
    # Then it exits 2 with one line naming the file, and writes and changes nothing
    assert verdict == "ok", output


def test_alias_bomb_is_refused_in_under_a_second(tmp_path: Path) -> None:
    # Given a billion-laughs file (9 levels of 9 aliases: 9**9 strings once expanded)
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB)
    # When a command reads it, Then it is refused, fast
    start = time.perf_counter()
    result = runner.invoke(app, ["classify", str(bomb)])
    assert time.perf_counter() - start < 1.0
    assert result.exit_code == 2 and "refused" in result.output


@pytest.mark.parametrize("force", [False, True])
def test_an_output_never_overwrites_its_input(tmp_path: Path, force: bool) -> None:
    # Given commands whose output path is their own input
    data = tmp_path / "people.csv"
    data.write_text("name,email\nAnn,ann@example.org\n")
    policy = tmp_path / "policy.yaml"
    policy.write_text("entities:\n  EMAIL: {operator: replace}\n")
    flag = ["--force"] if force else []
    cases = [
        (data, ["deidentify", str(data), str(data), "--policy", str(policy), *flag]),
        (policy, ["deidentify", str(data), str(policy), "--policy", str(policy), *flag]),
    ]
    image = tmp_path / "in.png"
    _png(image)
    cases.append((image, ["assess", "privacy", "faces", str(image), str(image), *flag]))
    labels = ["--producer", "acme", "--content-id", "c1", *flag]
    cases.append((image, ["assess", "labels", "add", str(image), str(image), *labels]))
    copy = tmp_path / "profile.yaml"
    copy.write_bytes(PROFILE.read_bytes())
    cases.append((copy, ["report", "dossier", str(copy), "-o", str(copy)]))
    for path, argv in cases:
        before = path.read_bytes()
        # When they run
        result = runner.invoke(app, argv)
        # Then they refuse in one line, and the input is untouched
        assert result.exit_code == 2, (argv, result.output)
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert path.read_bytes() == before, argv


def _png(path: Path) -> None:
    import numpy as np
    from PIL import Image

    Image.fromarray(np.full((32, 32, 3), 128, dtype=np.uint8)).save(path)
