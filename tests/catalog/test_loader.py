"""Loading validates everything once and names file, line and field on error."""

from __future__ import annotations

from pathlib import Path

import pytest

from fulcrum.catalog import load_catalog
from fulcrum.errors import CatalogError
from tests.catalog.conftest import MINI, write_catalog


def _broken(tmp_path: Path, relative: str, old: str, new: str) -> Path:
    files = dict(MINI)
    assert old in files[relative], "the test's edit must apply"
    files[relative] = files[relative].replace(old, new)
    return write_catalog(tmp_path / "broken", files)


def test_mini_catalog_loads(mini_catalog_dir: Path) -> None:
    catalog = load_catalog(mini_catalog_dir)
    assert set(catalog.frameworks) == {"alpha", "beta", "gamma"}
    assert catalog.requirements["alpha:risk-management"].evidence.questions[0].id == "q1"
    assert len(catalog.version) == 16


@pytest.mark.parametrize(
    ("relative", "old", "new", "message"),
    [
        (
            "alpha/framework.yaml",
            "  title: Alpha Act",
            "  title: Alpha Act\n  titel: typo",
            r"alpha/framework.yaml:4: framework.titel: unknown field",
        ),
        (
            "alpha/framework.yaml",
            'provisions: ["alpha:art-1"]',
            'provisions: ["alpha:art-9"]',
            r"framework.yaml:16: requirements\[0\].provisions\[0\]: "
            r"references unknown provision id "
            r"'alpha:art-9'",
        ),
        (
            "alpha/framework.yaml",
            "contains: EU}",
            "contains: EU, extra: 1}",
            r"framework.yaml:\d+: .*applies_when.*unknown field",
        ),
        (
            "alpha/framework.yaml",
            "{fact: jurisdictions",
            "{fact: jurisdiction",
            r"framework.yaml:18: requirements\[0\].applies_when: condition uses unknown fact "
            r"'jurisdiction'",
        ),
        (
            "alpha/framework.yaml",
            "{fact: jurisdictions, contains: EU}",
            "{fact: purposes, contains: chatbott}",
            r"fact 'purposes' has no value 'chatbott'",
        ),
        (
            "alpha/framework.yaml",
            "value: 0.8",
            "value: high",
            r"framework.yaml:21: requirements\[0\].evidence.tests\[0\].value: .*valid number",
        ),
        (
            "alpha/framework.yaml",
            '  version: "1"',
            '  version: "1"\n  version: "2"',
            r"framework.yaml:9:3: invalid YAML: duplicate key 'version'",
        ),
        (
            "alpha/framework.yaml",
            "provisions:\n",
            "provisions:\n  - [\n",
            r"framework.yaml:\d+:\d+: invalid YAML",
        ),
        (
            "crosswalks/alpha-beta.yaml",
            'target: "beta:r1"',
            'target: "beta:r2"',
            r"alpha-beta.yaml:2: mappings\[0\].target: references unknown id 'beta:r2'",
        ),
        (
            "crosswalks/alpha-beta.yaml",
            "relation: broadMatch",
            "relation: sameAs",
            r"alpha-beta.yaml:2: mappings\[0\].relation: unknown value 'sameAs'",
        ),
        (
            "beta/framework.yaml",
            '{id: "beta:r1"',
            '{id: "alpha:art-1"',
            r"duplicate id 'alpha:art-1' \(first defined at .*alpha/framework.yaml:\d+",
        ),
        (
            "beta/framework.yaml",
            '{id: "beta:c1"',
            '{id: "delta:c1"',
            r"references unknown framework id 'delta'",
        ),
    ],
)
def test_errors_name_file_line_and_field(tmp_path, relative, old, new, message) -> None:
    root = _broken(tmp_path, relative, old, new)
    with pytest.raises(CatalogError, match=message):
        load_catalog(root)
