"""Fuzzing the file-reading commands: malformed inputs end in one line and exit 2.

Hypothesis generates raw bytes, YAML that parses but is the wrong shape, CSV
with text where numbers belong and JSON of the wrong type, and hands them to one
command per input format. Every run must exit 2 with one line naming the file,
no traceback, no output written and the input unchanged. Examples are few and
deadlines off, so the file stays well under a minute.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli._bad_inputs import SLOTS, Slot, judge

FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)

#: One command per input format (the fast ones; the matrix covers every command).
BY_NAME = {slot.name: slot for slot in SLOTS}
BYTES_SLOTS = [
    BY_NAME[name]
    for name in (
        "classify PROFILE",
        "catalog query FILE",
        "report bias-audit EVIDENCE",
        "signer sign --key",
        "biometrics 1:1 CSV",
        "biometrics 1:1 PARQUET",
        "biometrics --embeddings",
        "genai validate BANK",
        "labels add SRC",
    )
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
#: Nested documents whose keys no Fulcrum schema knows ("x-" is never a field name).
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=8).map(lambda k: "x-" + k), inner, max_size=4),
    ),
    max_leaves=12,
)


def _check(slot: Slot, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "work"
        folder.mkdir()
        path = folder / f"bad{slot.suffix}"
        path.write_bytes(data)
        verdict, output = judge(slot, path, folder, path.name)
    assert verdict == "ok", (data[:200], output)


@pytest.mark.parametrize("slot", BYTES_SLOTS, ids=[s.name.replace(" ", "_") for s in BYTES_SLOTS])
@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes(slot: Slot, data: bytes) -> None:
    _check(slot, data)


@FUZZ
@given(document=documents)
def test_yaml_of_the_wrong_shape(document: object) -> None:
    # a profile is a mapping of known fields: anything else is named and refused
    text = yaml.safe_dump(document, allow_unicode=True)
    _check(BY_NAME["classify PROFILE"], text.encode())


@FUZZ
@given(document=documents)
def test_json_of_the_wrong_shape(document: object) -> None:
    _check(BY_NAME["report bias-audit EVIDENCE"], json.dumps(document).encode())


@FUZZ
@given(
    scores=st.lists(st.text(max_size=10), min_size=1, max_size=20).filter(
        lambda cells: any(not _is_number(c) for c in cells)
    ),
    mated=st.lists(st.sampled_from(["true", "false", "1", "0", "yes", ""]), min_size=1),
)
def test_csv_with_text_where_numbers_belong(scores: list[str], mated: list[str]) -> None:
    rows = "".join(f"{json.dumps(s)},{mated[i % len(mated)]}\n" for i, s in enumerate(scores))
    _check(BY_NAME["biometrics 1:1 CSV"], ("score,mated\n" + rows).encode())


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return not text.strip()  # an empty cell is a missing value, not a number
    return True
