"""De-identification: operators, keyed consistency, reversible encryption, atomic output."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from fulcrum.assess.privacy import decrypt, deidentify_file, load_policy
from fulcrum.errors import DataError, InputError

ID = "11010519491231002X"
POLICY = """
keys:
  pseudonym: {env: TEST_PSEUDO_KEY}
  encryption: {file: KEYFILE}
entities:
  CN_RESIDENT_ID: {operator: pseudonym, prefix: "ID-"}
  CN_MOBILE: {operator: mask, keep_first: 3, keep_last: 4}
  EMAIL: {operator: replace}
  BANK_CARD: {operator: encrypt}
columns:
  age: {operator: generalise, method: age_band, width: 10}
  birth: {operator: generalise, method: date, to: month}
  region: {operator: generalise, method: prefix, keep: 2}
  name: {operator: suppress}
"""


@pytest.fixture
def policy_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TEST_PSEUDO_KEY", "pseudonym-secret")
    key = tmp_path / "aes.key"
    key.write_text("11" * 32)
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY.replace("KEYFILE", str(key)))
    return path


def test_text_file_operators(tmp_path: Path, policy_path: Path) -> None:
    src = tmp_path / "in.txt"
    text = f"身份证 {ID}，手机 13800138000，mail a.b@example.com，卡 6222021234567890128\n"
    src.write_text(text, encoding="utf-8")
    summary = deidentify_file(src, tmp_path / "out.txt", load_policy(policy_path))
    out = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert ID not in out and "ID-" in out
    assert "138****8000" in out
    assert "<EMAIL>" in out
    assert "6222021234567890128" not in out and "enc:" in out
    assert src.read_text(encoding="utf-8") == text  # input untouched
    assert summary.to_dict()["replaced"] == {
        "BANK_CARD": 1, "CN_MOBILE": 1, "CN_RESIDENT_ID": 1, "EMAIL": 1,
    }  # fmt: skip


def test_pseudonyms_are_consistent_across_files(tmp_path: Path, policy_path: Path) -> None:
    policy = load_policy(policy_path)
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"{name} id {ID}\n")
        deidentify_file(tmp_path / f"{name}.txt", tmp_path / f"{name}.out", policy)
    token_a = (tmp_path / "a.out").read_text().split()[-1]
    token_b = (tmp_path / "b.out").read_text().split()[-1]
    assert token_a == token_b and token_a.startswith("ID-")


def test_pseudonym_depends_on_the_key(
    tmp_path: Path, policy_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(f"id {ID}\n")
    deidentify_file(tmp_path / "a.txt", tmp_path / "1.out", load_policy(policy_path))
    monkeypatch.setenv("TEST_PSEUDO_KEY", "another-secret")
    deidentify_file(tmp_path / "a.txt", tmp_path / "2.out", load_policy(policy_path))
    assert (tmp_path / "1.out").read_text() != (tmp_path / "2.out").read_text()


def test_encryption_reversible_with_key_only(tmp_path: Path, policy_path: Path) -> None:
    (tmp_path / "a.txt").write_text("卡 6222021234567890128\n")
    deidentify_file(tmp_path / "a.txt", tmp_path / "a.out", load_policy(policy_path))
    token = (tmp_path / "a.out").read_text().split()[-1]
    assert decrypt(token, bytes.fromhex("11" * 32)) == "6222021234567890128"
    with pytest.raises(InputError, match="wrong key"):
        decrypt(token, bytes.fromhex("22" * 32))


def test_csv_columns(tmp_path: Path, policy_path: Path) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame(
        {
            "name": ["张三", "李四"],
            "age": [34, 57],
            "birth": ["1990-03-07", "1967-11-30"],
            "region": ["440306", "110105"],
            "notes": [f"id {ID}", "call 13800138000"],
        }
    ).to_csv(src, index=False)
    summary = deidentify_file(src, tmp_path / "out.csv", load_policy(policy_path)).to_dict()
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert list(out["name"]) == ["", ""]
    assert list(out["age"]) == ["30-39", "50-59"]
    assert list(out["birth"]) == ["1990-03", "1967-11"]
    assert list(out["region"]) == ["44****", "11****"]
    assert out["notes"][1] == "call 138****8000" and ID not in out["notes"][0]
    assert summary["columns"]["age"] == {"operator": "generalise", "changed": 2}


def test_parquet_round_trip(tmp_path: Path, policy_path: Path) -> None:
    src = tmp_path / "in.parquet"
    pd.DataFrame({"age": [21, 68], "notes": ["x", "a@b.cn"]}).to_parquet(src)
    summary = deidentify_file(
        src, tmp_path / "out.parquet", load_policy(policy_path), allow_missing_columns=True
    )
    assert summary.missing_columns == ["birth", "name", "region"]
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert list(out["age"]) == ["20-29", "60-69"] and list(out["notes"]) == ["x", "<EMAIL>"]


def test_failure_leaves_no_output(tmp_path: Path, policy_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("age,notes\n34,x\nold,y\n")
    with pytest.raises(DataError, match=r"column 'age' row 2: 'old' is not an age"):
        deidentify_file(
            src, tmp_path / "out.csv", load_policy(policy_path), allow_missing_columns=True
        )
    assert sorted(os.listdir(tmp_path)) == ["aes.key", "in.csv", "policy.yaml"]


def test_output_must_be_new(tmp_path: Path, policy_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("x\n")
    with pytest.raises(InputError, match="must be a new file"):
        deidentify_file(src, src, load_policy(policy_path))
    (tmp_path / "out.txt").write_text("keep me")
    with pytest.raises(InputError, match="already exists"):
        deidentify_file(src, tmp_path / "out.txt", load_policy(policy_path))
    assert (tmp_path / "out.txt").read_text() == "keep me"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "entities:\n  EMAIL:\n    operator: mask\n    keep_last: -1\n",
            "p.yaml:4: entities.EMAIL.keep_last",
        ),
        ("entities:\n  EMAIL: {operator: shred}\n", "p.yaml:2: entities.EMAIL"),
        ("entities:\n  EMAIL: {operator: pseudonym}\n", "keys.pseudonym is required"),
        ("columns:\n  a: {operator: generalise, method: age_band, width: 0}\n", "columns.a.width"),
        ("- just a list\n", "a policy is a mapping"),
    ],
)
def test_policy_errors_name_line_and_field(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(yaml_text)
    with pytest.raises(InputError, match=message):
        load_policy(path)


def test_missing_key_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    path = tmp_path / "p.yaml"
    path.write_text("keys:\n  pseudonym: {env: NO_SUCH_KEY_VAR}\ndefault: {operator: pseudonym}\n")
    (tmp_path / "in.txt").write_text("a@b.cn\n")
    with pytest.raises(InputError, match="NO_SUCH_KEY_VAR is not set"):
        deidentify_file(tmp_path / "in.txt", tmp_path / "out.txt", load_policy(path))
    assert not (tmp_path / "out.txt").exists()


def test_a_misspelt_policy_column_is_an_error_not_a_leak(tmp_path: Path) -> None:
    # Given a table with names, e-mails and phones, and a policy that misspells "name"
    src = tmp_path / "in.csv"
    src.write_text("name,email,phone\nAna Li,ana@example.com,+44 7911 123456\n")
    policy = tmp_path / "p.yaml"
    policy.write_text("columns:\n  nmae: {operator: suppress}\n")
    # When it is applied, Then it fails naming the column, and writes nothing
    with pytest.raises(DataError, match=r"policy names column 'nmae'.*columns are 'name'"):
        deidentify_file(src, tmp_path / "out.csv", load_policy(policy))
    assert not (tmp_path / "out.csv").exists()


def test_found_but_kept_is_reported_per_column(tmp_path: Path) -> None:
    # Given a policy that only masks e-mails
    src = tmp_path / "in.csv"
    src.write_text("email,phone\nana@example.com,+44 7911 123456\nbo@example.org,none\n")
    policy = tmp_path / "p.yaml"
    policy.write_text("entities:\n  EMAIL: {operator: replace}\n")
    # When it runs
    summary = deidentify_file(src, tmp_path / "out.csv", load_policy(policy))
    # Then the summary says, per column, what was found, changed and kept
    columns = summary.to_dict()["columns"]
    assert columns["email"] == {
        "operator": "scan", "found": {"EMAIL": 2}, "changed": 2, "kept": {}
    }  # fmt: skip
    assert columns["phone"]["kept"] == {"PHONE": 1} and columns["phone"]["changed"] == 0
    assert summary.warnings() == [
        "column 'phone': 1 cell(s) hold PHONE that the policy leaves unchanged"
    ]


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("entities:\n  EMAIL: {operator: redact}\n  EMAIL: {operator: mask}\n", "duplicate key"),
        ("entities:\n  EMIAL: {operator: redact}\n", "unknown entity type 'EMIAL'"),
        ("colums:\n  name: {operator: suppress}\n", "colums: unknown field"),
    ],
)
def test_duplicate_and_unknown_policy_keys_are_errors(
    tmp_path: Path, yaml_text: str, message: str
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(yaml_text)
    with pytest.raises(InputError, match=message):
        load_policy(path)
