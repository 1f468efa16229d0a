"""Golden cases for the GDPR content: which obligations apply to which profiles."""

from __future__ import annotations

from typing import Any

import pytest

from fulcrum.profile import Profile
from fulcrum.rules import default_classifier


def gdpr(facts: dict[str, Any]) -> set[str]:
    """GDPR obligation ids (local part) for a small EU profile."""
    data = {"id": "golden", "jurisdictions": ["EU"], **facts}
    result = default_classifier().classify(Profile.model_validate(data))
    return {o.id.split(":")[1] for o in result.obligations if o.framework == "gdpr"}


BASELINE = {"art-6-lawful-basis", "art-13-14-transparency", "art-32-security"}

CASES = [
    ("no personal data", {"data_categories": ["none"]}, set(), BASELINE),
    ("personal data", {"data_categories": ["personal"]}, BASELINE, {"art-9-special-categories"}),
    (
        "outside the EU",
        {"jurisdictions": ["CN", "US"], "data_categories": ["personal", "health"]},
        set(),
        BASELINE | {"art-9-special-categories"},
    ),
    ("member state", {"jurisdictions": ["ES"], "data_categories": ["personal"]}, BASELINE, set()),
    (
        "face images are biometric data",
        {"biometric_modalities": ["face"]},
        BASELINE | {"art-9-special-categories"},
        set(),
    ),
    ("health data", {"data_categories": ["health"]}, {"art-9-special-categories"}, set()),
    ("genetic data", {"data_categories": ["genetic"]}, {"art-9-special-categories"}, set()),
    ("religious data", {"data_categories": ["religious"]}, {"art-9-special-categories"}, set()),
    ("political data", {"data_categories": ["political"]}, {"art-9-special-categories"}, set()),
    (
        "inferring race is processing special categories",
        {"data_categories": ["personal"], "inferred_attributes": ["race"]},
        {"art-9-special-categories"},
        set(),
    ),
    (
        "financial data is not a special category",
        {"data_categories": ["financial"]},
        BASELINE,
        {"art-9-special-categories"},
    ),
    ("criminal data", {"data_categories": ["criminal"]}, {"art-10-criminal-data"}, set()),
    (
        "children online",
        {"data_categories": ["minors"], "settings": ["online"]},
        {"art-8-child-consent"},
        set(),
    ),
    (
        "solely automated legal decision",
        {
            "data_categories": ["financial"],
            "automation": "fully_automated",
            "decision_impact": "legal",
        },
        {"art-22-automated-decisions"},
        {"art-22-4-special-categories"},
    ),
    (
        "solely automated significant decision on health data",
        {
            "data_categories": ["health"],
            "automation": "fully_automated",
            "decision_impact": "significant",
        },
        {"art-22-automated-decisions", "art-22-4-special-categories"},
        set(),
    ),
    (
        "human in the loop is not solely automated",
        {
            "data_categories": ["financial"],
            "automation": "human_in_the_loop",
            "decision_impact": "legal",
        },
        set(),
        {"art-22-automated-decisions"},
    ),
    (
        "automated but minor effects",
        {
            "data_categories": ["personal"],
            "automation": "fully_automated",
            "decision_impact": "minor",
        },
        set(),
        {"art-22-automated-decisions"},
    ),
    (
        "DPIA 35(3)(a): profiling with significant effects",
        {"data_categories": ["personal"], "profiling": True, "decision_impact": "significant"},
        {"art-35-dpia"},
        set(),
    ),
    (
        "DPIA 35(3)(b): large-scale special categories",
        {"data_categories": ["health"], "affected_persons": 50_000},
        {"art-35-dpia"},
        set(),
    ),
    (
        "no DPIA for small-scale special categories alone",
        {"data_categories": ["health"], "affected_persons": 200},
        set(),
        {"art-35-dpia"},
    ),
    (
        "DPIA 35(3)(c): monitoring a public space",
        {"data_categories": ["personal"], "settings": ["public_space"]},
        {"art-35-dpia"},
        set(),
    ),
    (
        "DPIA for personal data in a high-risk AI system",
        {"data_categories": ["personal"], "purposes": ["recruitment_selection"]},
        {"art-35-dpia"},
        set(),
    ),
    (
        "no DPIA without a trigger",
        {"data_categories": ["personal"], "purposes": ["spam_filtering"], "profiling": True},
        set(),
        {"art-35-dpia"},
    ),
    (
        "transfers outside the EU",
        {"data_categories": ["personal"], "cross_border_transfer": True},
        {"art-44-transfers"},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("facts", "present", "absent"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_gdpr_obligations(facts: dict[str, Any], present: set[str], absent: set[str]) -> None:
    found = gdpr(facts)
    assert present <= found
    assert not (absent & found)
