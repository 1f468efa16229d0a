"""A tiny catalog written to a temp folder, for loader and graph tests."""

from __future__ import annotations

from pathlib import Path

import pytest

MINI = {
    "alpha/framework.yaml": """\
framework:
  id: alpha
  title: Alpha Act
  short_title: Alpha
  kind: law
  jurisdiction: EU
  issuer: Test
  version: "1"
  summary: A test law.
provisions:
  - {id: "alpha:art-1", ref: "Art. 1", title: Scope}
requirements:
  - id: alpha:risk-management
    title: Manage risks
    statement: Keep a risk management system.
    provisions: ["alpha:art-1"]
    cites: Alpha Art. 1
    applies_when: {fact: jurisdictions, contains: EU}
    evidence:
      questions: [{id: q1, text: Is there a risk register?}]
      tests: [{assessment: fairness, metric: selection_rate_ratio, operator: ">=", value: 0.8}]
""",
    "beta/framework.yaml": """\
framework:
  id: beta
  title: Beta Standard
  short_title: Beta
  kind: standard
  issuer: Test
  version: "1"
  summary: A test standard.
controls:
  - {id: "beta:c1", ref: "C.1", title: Risk process}
requirements:
  - {id: "beta:r1", title: Risk process, statement: Have one., cites: Beta C.1}
""",
    "gamma/framework.yaml": """\
framework:
  id: gamma
  title: Gamma Guideline
  short_title: Gamma
  kind: guideline
  issuer: Test
  version: "1"
  summary: A test guideline.
requirements:
  - {id: "gamma:g1", title: Risk, statement: Risk., cites: Gamma 1}
""",
    "crosswalks/alpha-beta.yaml": """\
mappings:
  - {source: "alpha:risk-management", target: "beta:r1", relation: broadMatch, rationale: wider}
  - {source: "alpha:risk-management", target: "gamma:g1", relation: exactMatch, rationale: same}
  - {source: "gamma:g1", target: "beta:c1", relation: closeMatch, rationale: close}
""",
}


def write_catalog(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> YAML text) under ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def mini_catalog_dir(tmp_path: Path) -> Path:
    """A valid three-framework catalog with crosswalks."""
    return write_catalog(tmp_path / "catalog", MINI)
