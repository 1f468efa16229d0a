"""Evidence views: the view models of each kind against hand-computed geometry, and the pages
of real records (fairness, face recognition, privacy scan and risk) attached to a case."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fulcrum.evidence import Evidence
from fulcrum.web._evidence_views import (
    BUILDERS,
    biometrics_view,
    det_plot,
    evidence_view,
    fairness_view,
    heat_map,
    rate_text,
    risk_view,
    scan_view,
)
from tests.web.conftest import csrf_of

DATA = Path(__file__).parents[2] / "docs" / "examples" / "data"
Client = Callable[[str], TestClient]


def _record(kind: str, metrics: dict[str, Any], **parameters: Any) -> Evidence:
    return Evidence.build(
        kind=kind, title=f"A {kind} record", metrics=metrics, parameters=parameters
    )


def _group(name: str, rate: float, ci: tuple[float, float], n: int = 100) -> dict[str, Any]:
    return {
        "group": {"sex": name},
        "n": n,
        "selection_rate": rate,
        "ci": {"selection_rate": list(ci)},
        "small": n < 30,
    }


# --- view models --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.5146, "0.515"), (0.00038, "3.8e-04"), (0, "0"), (None, "-"), (math.nan, "-")],
)
def test_rate_text(value: Any, text: str) -> None:
    assert rate_text(value) == text


def test_fairness_rows_are_the_stored_groups_and_bars_follow_the_rates() -> None:
    # Given two groups with selection rates and Wilson intervals, and an overall rate
    metrics = {
        "groups": [_group("f", 0.25, (0.2, 0.3)), _group("m", 0.5, (0.4, 0.6), n=10)],
        "overall": {"selection_rate": 0.4},
        "disparities": {
            "selection_rate": {
                "difference": {"value": 0.25, "ci": [0.1, 0.4], "p_value": 0.01},
                "ratio": {"value": 0.5, "ci": [0.3, 0.8]},
                "max_group": {"sex": "m"},
                "min_group": {"sex": "f"},
            }
        },
    }
    view = fairness_view(_record("fairness", metrics, min_group_size=30))
    # Then the table has one row per stored group, in order, with its rate and interval
    assert view is not None and view["part"] == "fairness"
    assert view["rates"] == ["selection_rate"]
    assert [r["label"] for r in view["rows"]] == ["sex=f", "sex=m"]
    assert view["rows"][0]["cells"] == [{"value": "0.250", "interval": (0.2, 0.3)}]
    assert [r["small"] for r in view["rows"]] == [False, True]
    # And the chart's bars and whiskers sit at left + rate * width
    (chart,) = view["charts"]
    left, width = chart["left"], chart["plot_width"]
    assert [b["w"] for b in chart["bars"]] == [0.25 * width, 0.5 * width]
    assert (chart["bars"][1]["lo"], chart["bars"][1]["hi"]) == (
        left + 0.4 * width,
        left + 0.6 * width,
    )
    assert chart["overall"] == left + 0.4 * width
    assert [t["x"] for t in chart["ticks"]] == [left + f * width for f in (0, 0.25, 0.5, 0.75, 1)]
    # And the disparity row names both groups
    (d,) = view["disparities"]
    assert (d["difference"], d["ratio"], d["max_group"], d["min_group"]) == (
        "0.250",
        "0.500",
        "sex=m",
        "sex=f",
    )


def test_fairness_records_without_groups_get_the_generic_view() -> None:
    legacy = _record(
        "fairness", {"selection_rate": {"f": 0.31, "m": 0.36}, "selection_rate_ratio": 0.86}
    )
    assert fairness_view(legacy) is None and evidence_view(legacy) is None


def test_det_points_map_the_operating_points_monotonically_on_log_axes() -> None:
    points = [
        {"fmr": 1e-2, "fnmr": 1e-3},
        {"fmr": 1e-4, "fnmr": 1e-1},
        {"fmr": 1e-3, "fnmr": 1e-2},
    ]
    plot = det_plot([("overall", points)], left=0, top=0, width=400, height=300)
    (line,) = plot["lines"]
    xs, ys = zip(*line["coords"], strict=True)
    # sorted by FMR: x grows with FMR, and a lower FNMR is lower on the plot (larger y)
    assert list(xs) == sorted(xs) and list(ys) == sorted(ys)
    # x: decades 1e-4..1 over 400 px, so 1e-4 -> 0, 1e-3 -> 100, 1e-2 -> 200
    assert xs == (0.0, 100.0, 200.0)
    # y: decades 1e-3..1 over 300 px, so FNMR 1e-1 -> 100, 1e-2 -> 200, 1e-3 -> 300
    assert ys == (100.0, 200.0, 300.0)
    assert line["points"] == "0.0,100.0 100.0,200.0 200.0,300.0"
    assert [t["label"] for t in plot["x_ticks"]] == ["1e-4", "1e-3", "1e-2", "1e-1", "1"]
    assert [t["y"] for t in plot["y_ticks"]] == [300.0, 200.0, 100.0, 0.0]


def test_det_puts_a_rate_of_zero_on_the_axis_edge_a_decade_below() -> None:
    plot = det_plot(
        [("overall", [{"fmr": 1e-3, "fnmr": 0.0}, {"fmr": 1e-2, "fnmr": 1e-2}])],
        [("sex=F", {"fmr": 0.0, "fnmr": 1e-2}), ("sex=M", {"fmr": 1e-2, "fnmr": 1e-2})],
        left=0,
        top=0,
        width=400,
        height=300,
    )
    (line,) = plot["lines"]
    assert line["coords"][0][1] == 300.0  # FNMR 0 on the bottom edge; y floor is 1e-3
    assert [t["label"] for t in plot["y_ticks"]] == ["0", "1e-2", "1e-1", "1"]
    assert plot["x_ticks"][0]["label"] == "0" and plot["zero_edge"]
    f, m = plot["markers"]
    assert f["x"] == 0.0 and [f["shape"], m["shape"]] == ["circle", "square"]


def test_the_heat_map_has_n_by_n_cells_with_the_stored_values() -> None:
    names = ("a", "b", "c")
    stored = {
        (p, r): (0.0 if (p, r) == ("a", "b") else 10.0 ** -(1 + i + j))
        for i, p in enumerate(names)
        for j, r in enumerate(names)
    }
    cells = [
        {"probe": {"g": p}, "ref": {"g": r}, "fmr": v, "n_nonmated": 1000, "n_false_matches": 1}
        for (p, r), v in stored.items()
    ]
    hm = heat_map(cells)
    assert hm is not None and hm["n"] == 3 and len(hm["cells"]) == 9
    assert hm["labels"] == ["g=a", "g=b", "g=c"]
    assert {(c["probe"][2:], c["ref"][2:]): c["value"] for c in hm["cells"]} == stored
    levels = {(c["probe"][2:], c["ref"][2:]): c["level"] for c in hm["cells"]}
    assert levels[("a", "b")] == 0 and levels[("a", "a")] == 4 and levels[("c", "c")] == 1
    # a row of cells per probe group, one cell height apart
    assert sorted({c["y"] for c in hm["cells"]}) == [hm["top"] + i * hm["cell_h"] for i in range(3)]
    assert heat_map([]) is None


def test_biometrics_view_reads_points_groups_and_an_absent_matrix() -> None:
    metrics = {
        "eer": 0.01,
        "operating_points": [
            {"fmr_target": 1e-3, "threshold": 0.3, "fmr": 9e-4, "fnmr": 0.02},
            {"fmr_target": 1e-2, "threshold": 0.2, "fmr": 9e-3, "fnmr": 0.005},
        ],
        "groups": [{"group": {"sex": "F"}, "fmr": 1e-3, "fnmr": 0.03, "n_false_matches": 2}],
        "sample_size": [{"fmr_target": 1e-3, "measurable": False}],
        "differentials": {"fdr": 0.99, "threshold": 0.3, "fmr_target": 1e-3},
    }
    view = biometrics_view(_record("biometrics.verification", metrics))
    assert view is not None and view["part"] == "biometrics"
    assert [p["fmr_target"] for p in view["points"]] == ["0.010", "1.0e-03"]
    assert [p["measurable"] for p in view["points"]] == [None, False]
    assert view["groups"][0]["label"] == "sex=F" and view["groups"][0]["false_matches"] == "2/?"
    assert len(view["det"]["lines"][0]["coords"]) == 2 and len(view["det"]["markers"]) == 1
    assert view["heat_map"] is None and not view["det_is_curve"]
    assert view["differentials"] == {"fdr": 0.99} and view["threshold"] == 0.3


def test_scan_view_counts_each_entity_type_and_marks_sensitive_ones() -> None:
    metrics = {
        "entities": {"EMAIL": 10, "CN_RESIDENT_ID": 5},
        "pii_entities": 15,
        "sensitive_pi_entities": 5,
    }
    view = scan_view(_record("privacy.scan", metrics, entities=["EMAIL", "CN_RESIDENT_ID"]))
    assert view is not None
    assert [(b["type"], b["count"], b["sensitive"]) for b in view["bars"]] == [
        ("EMAIL", 10, False),
        ("CN_RESIDENT_ID", 5, True),
    ]
    assert view["bars"][1]["w"] == view["bars"][0]["w"] / 2
    assert view["totals"] == {"pii_entities": 15, "sensitive_pi_entities": 5}


def test_risk_view_shows_k_l_t_and_flags_risk_over_the_threshold() -> None:
    metrics = {
        "k": 1,
        "l_diversity": 1,
        "t_closeness": 0.5,
        "unique_records": 2,
        "max_prosecutor_risk": 1.0,
        "average_prosecutor_risk": 0.01,
        "risk_threshold": 0.2,
    }
    view = risk_view(_record("privacy.risk", metrics, quasi=["sex", "race"], sensitive="y"))
    assert view is not None
    assert {f["metric"]: f["value"] for f in view["figures"]} == metrics
    texts = {f["metric"]: f["text"] for f in view["figures"]}
    assert (texts["k"], texts["t_closeness"], texts["average_prosecutor_risk"]) == (
        None,
        "0.500",
        "0.010",
    )
    assert [(b["metric"], b["over"]) for b in view["bars"]] == [
        ("max_prosecutor_risk", True),
        ("average_prosecutor_risk", False),
    ]
    assert view["threshold_x"] == view["left"] + 0.2 * view["plot_width"]
    assert view["quasi"] == ["sex", "race"] and view["sensitive"] == "y"


def test_the_dispatcher_picks_by_kind_and_falls_back() -> None:
    assert {"fairness", "biometrics.verification", "privacy.scan", "privacy.risk"} <= set(BUILDERS)
    assert evidence_view(_record("robustness", {"k": 1})) is None
    assert evidence_view(_record("privacy.risk", {"k": 2}))["part"] == "privacy_risk"  # type: ignore[index]


# --- pages --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> dict[str, Evidence]:
    """Real records, made by each assessment's Python API on the example data."""
    from fulcrum.assess.biometrics import assess_verification
    from fulcrum.assess.fairness import assess_fairness
    from fulcrum.assess.privacy import assess_pii, assess_reidentification

    return {
        "fairness": assess_fairness(
            str(DATA / "compas.csv"),
            label="two_year_recid",
            pred="high_risk",
            sensitive=["race", "sex"],
        ).evidence,
        "biometrics": assess_verification(
            str(DATA / "face_scores.parquet"), groups=["sex"]
        ).evidence,
        "privacy_scan": assess_pii(DATA / "mail_sample.txt").evidence,
        "privacy_risk": assess_reidentification(
            DATA / "compas.csv", ["sex", "race", "age_cat"], "two_year_recid"
        ).evidence,
    }


def attach(client: TestClient, record: Evidence, name: str = "r.json") -> str:
    """Attach ``record`` to case 1 and return its evidence page."""
    page = client.get("/cases/1").text
    response = client.post(
        "/cases/1/evidence",
        data={"csrf_token": csrf_of(page), "as": "record"},
        files={"file": (name, json.dumps(record.model_dump(mode="json")), "text/plain")},
    )
    assert response.status_code == 200, response.text[-2000:]
    links = re.findall(rf'href="(/cases/1/evidence/\d+/view)">{re.escape(name)}<', response.text)
    assert links
    view = client.get(links[-1])  # the newest of that name
    assert view.status_code == 200
    return view.text


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "fairness",
            ['id="fair-h"', "race=African-American, sex=Female", "fair-chart-1", "whisker"],
        ),
        (
            "biometrics",
            ['id="bio-h"', "det-title", "<polyline", "sex=F", "heat-title", "Line: the DET curve."],
        ),
        ("privacy_scan", ['id="scan-h"', "scan-title", "<code>EMAIL</code>", ">90<"]),
        ("privacy_risk", ['id="risk-h"', "risk-title", "<code>age_cat</code>", "Unique records"]),
    ],
)
def test_each_kind_has_its_own_section(
    client_as: Client, records: dict[str, Evidence], kind: str, expected: list[str]
) -> None:
    # Given a real record of the kind attached to case 1
    page = attach(client_as("mei"), records[kind], f"{kind}-view.json")
    # Then its page has the kind's section, an accessible figure, and the raw metrics folded
    for text in expected:
        assert text in page, text
    assert '<svg role="img"' in page and "<title" in page and "All metrics, as stored" in page
    assert " style=" not in page and "<script>" not in page


def test_the_chinese_page_is_translated(client_as: Client, records: dict[str, Evidence]) -> None:
    client = client_as("mei")
    client.get("/lang?lang=zh-CN&next=/")
    page = attach(client, records["privacy_risk"], "risk-zh.json")
    assert '<h2 id="risk-h">重识别风险</h2>' in page and "准标识符" in page
    assert "Quasi-identifiers" not in page  # the record's own title stays as written


def test_user_strings_in_a_view_are_escaped(client_as: Client) -> None:
    metrics = {"groups": [_group("<b>x</b>", 0.5, (0.4, 0.6))], "overall": {"selection_rate": 0.5}}
    page = attach(client_as("mei"), _record("fairness", metrics), "esc.json")
    assert "sex=&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
