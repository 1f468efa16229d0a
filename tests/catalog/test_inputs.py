"""Bad input: one bounded loader for every file, and `catalog validate`/`query` refusing clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fulcrum._yaml import MAX_BYTES, parse_yaml
from fulcrum.catalog import load_catalog
from fulcrum.cli.main import app
from fulcrum.errors import CatalogError, InputError
from tests.catalog.conftest import MINI, write_catalog

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BILLION_LAUGHS, r"f.yaml:\d+:\d+: refused: expands to more than"),
        ("a: &x [*x]\n", r"f.yaml:1:4: refused: an alias refers to a node that contains it"),
        ("- " * 300 + "x\n", r"refused: nested deeper than"),
        ("a: 1\nb: 2\na: 3\n", r"f.yaml:3:1: invalid YAML: duplicate key 'a'"),
        ('{"a": 1, "a": 2}', r"f.yaml:1:10: invalid YAML: duplicate key 'a'"),
        ("a: [1\n", r"f.yaml:\d+:\d+: invalid YAML"),
        ("{[1]: 2}", r"a mapping key must be a plain value"),
    ],
)
def test_the_loader_refuses_bombs_duplicates_and_syntax_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_yaml(text, "f.yaml")


def test_the_loader_refuses_oversized_text() -> None:
    with pytest.raises(InputError, match="larger than"):
        parse_yaml("a: " + "x" * (MAX_BYTES + 1), "big.yaml")


def test_anchors_within_limits_still_work() -> None:
    doc = parse_yaml("a: &x {k: 1}\nb: *x\n", "f.yaml")
    assert doc.data == {"a": {"k": 1}, "b": {"k": 1}}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "missing", "no such folder"),
        (lambda root: write_catalog(root, {"a.yaml": "x: 1\n"}) / "a.yaml", "is a file"),
        (lambda root: (root / "empty").mkdir() or root / "empty", "no \\*.yaml files"),
        (
            lambda root: write_catalog(root / "c", {**MINI, "delta/framework.yaml": ""}),
            "empty file",
        ),
        (
            lambda root: write_catalog(root / "c", {**MINI, "delta/framework.yml": "x: 1\n"}),
            r"framework.yml: catalog files end in .yaml",
        ),
    ],
    ids=["missing", "file", "empty folder", "empty framework.yaml", ".yml file"],
)
def test_catalog_validate_fails_clearly(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    target = make(tmp_path)
    result = runner.invoke(app, ["catalog", "validate", str(target)])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") <= 2
    with pytest.raises(CatalogError, match=message):
        load_catalog(target)


def test_an_extra_catalog_validates_on_top_of_the_bundled_one(tmp_path: Path) -> None:
    extra = write_catalog(
        tmp_path / "extra", {"alpha/framework.yaml": MINI["alpha/framework.yaml"]}
    )
    result = runner.invoke(app, ["catalog", "validate", str(extra)])
    assert result.exit_code == 0, result.output
    assert "catalog OK" in result.output


def test_an_extra_catalog_is_used_for_classification(tmp_path: Path) -> None:
    extra = write_catalog(
        tmp_path / "extra", {"alpha/framework.yaml": MINI["alpha/framework.yaml"]}
    )
    profile = tmp_path / "p.yaml"
    profile.write_text("id: p\njurisdictions: [DE]\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", str(profile), "--catalog", str(extra), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert '"alpha:risk-management"' in result.output
    plain = runner.invoke(app, ["classify", str(profile), "-f", "json"])
    assert '"alpha:risk-management"' not in plain.output


def test_sparql_query_on_a_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "q.rq"
    binary.write_bytes(b"\x7fELF\x00\x01\x02")
    result = runner.invoke(app, ["catalog", "query", str(binary)])
    assert result.exit_code == 2
    assert "binary file" in result.output


def test_example_query_runs() -> None:
    result = runner.invoke(
        app, ["catalog", "query", str(REPO / "docs/examples/query.rq"), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "precedents:nl-ap-clearview-2024" in result.output
    assert "30500000" in result.output


@pytest.mark.parametrize(("fmt", "marker"), [("turtle", "@prefix"), ("jsonld", '"@id"')])
def test_export_formats_as_documented(fmt: str, marker: str, tmp_path: Path) -> None:
    out = tmp_path / "catalog.out"
    result = runner.invoke(app, ["catalog", "export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8")


def test_catalog_diff_cli_between_two_dates() -> None:
    result = runner.invoke(app, ["catalog", "diff", "2026-07-01", "2026-12-02", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "eu-ai-act:tier-art-5-1-ba" in result.output
    bad = runner.invoke(app, ["catalog", "diff", "2026-02-30"])
    assert bad.exit_code == 2


PRECEDENT = """\
framework:
  id: cases
  title: Cases
  short_title: Cases
  kind: case_law
  issuer: T
  version: "1"
  summary: S
precedents:
  - id: cases:one
    title: One
    kind: dpa_decision
    jurisdiction: {jurisdiction}
    date: 2024-01-01
    authority: A
    summary: S
    facts: {facts}
    outcome: O
    sources:
      - source: S
"""


@pytest.mark.parametrize(
    ("jurisdiction", "facts", "message"),
    [
        ("ED", "{}", r"jurisdiction: 'ED' is not 'EU' or an ISO 3166-1"),
        (
            "DE",
            "{purposes: [face_search]}",
            r"precedents\[0\]\.facts\.purposes.*unknown value 'face_search'",
        ),
        ("DE", "{colour: red}", r"facts\.colour: unknown field"),
    ],
)
def test_precedents_are_validated(
    tmp_path: Path, jurisdiction: str, facts: str, message: str
) -> None:
    text = PRECEDENT.replace("{jurisdiction}", jurisdiction).replace("{facts}", facts)
    with pytest.raises(CatalogError, match=message):
        load_catalog(write_catalog(tmp_path / "c", {"cases/framework.yaml": text}))


def test_fulcrum_catalog_path_adds_a_catalog_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an organisation's own framework named in FULCRUM_CATALOG_PATH
    extra = write_catalog(
        tmp_path / "extra", {"alpha/framework.yaml": MINI["alpha/framework.yaml"]}
    )
    monkeypatch.setenv("FULCRUM_CATALOG_PATH", str(extra))
    profile = tmp_path / "p.yaml"
    profile.write_text("id: p\njurisdictions: [DE]\n", encoding="utf-8")
    # Then classification, the catalog commands and a registered system all see it
    result = runner.invoke(app, ["classify", str(profile), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert '"alpha:risk-management"' in result.output
    shown = runner.invoke(app, ["catalog", "show", "alpha:risk-management"])
    assert shown.exit_code == 0, shown.output
    db = f"sqlite:///{tmp_path / 'f.db'}"
    assert runner.invoke(app, ["--db", db, "system", "register", str(profile)]).exit_code == 0
    obligations = runner.invoke(app, ["--db", db, "system", "obligations", "p"])
    assert "alpha:risk-management" in obligations.output.replace("\n", "")
    # And without it, the bundled catalog alone
    monkeypatch.delenv("FULCRUM_CATALOG_PATH")
    plain = runner.invoke(app, ["classify", str(profile), "-f", "json"])
    assert '"alpha:risk-management"' not in plain.output
