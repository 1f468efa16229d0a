"""PAD (ISO/IEC 30107-3) and 1:N metrics on hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from fulcrum.assess.biometrics import assess_identification, assess_pad
from fulcrum.errors import DataError

PAD = {
    "score": [0.9, 0.8, 0.7, 0.6, 0.5, 0.85, 0.3, 0.2, 0.65, 0.1],
    "label": ["bona fide"] * 5 + ["attack"] * 5,
    "species": [None] * 5 + ["print", "print", "print", "mask", "mask"],
}


def test_pad_rates_at_a_decision_threshold() -> None:
    r = assess_pad(PAD, decision_threshold=0.6).report["operating_point"]
    # print: 0.85 >= 0.6 -> 1/3; mask: 0.65 -> 1/2; bona fide 0.5 < 0.6 -> 1/5
    assert r["apcer"]["print"]["apcer"] == pytest.approx(1 / 3)
    assert r["apcer"]["mask"]["apcer"] == pytest.approx(0.5)
    assert (r["apcer_max"], r["apcer_max_species"]) == (0.5, "mask")
    assert r["bpcer"] == pytest.approx(0.2)


def test_bpcer_at_apcer_uses_smallest_threshold_meeting_worst_species() -> None:
    rep = assess_pad(PAD, apcer_targets=[0.1]).report["bpcer_at_apcer"][0]
    # APCER_max <= 0.1 needs no attack accepted: t > 0.85, smallest observed is 0.9
    assert rep["threshold"] == 0.9 and rep["apcer_max"] == 0.0
    assert rep["bpcer"] == pytest.approx(0.8)


def test_pad_direction_flag_and_checks() -> None:
    flipped = {**PAD, "score": [-s for s in PAD["score"]]}
    a = assess_pad(PAD, decision_threshold=0.6)
    b = assess_pad(flipped, decision_threshold=-0.6, higher_is_bona_fide=False)
    assert a.report["operating_point"]["apcer"] == b.report["operating_point"]["apcer"]
    c = assess_pad(PAD, thresholds=["apcer_max<=0.6", "bpcer<=0.1"], decision_threshold=0.6)
    # 5 bona fide and 5 attacks cannot settle either check: the Wilson intervals straddle
    assert [x.verdict for x in c.evidence.checks] == ["inconclusive", "inconclusive"]
    assert all(x.interval is not None for x in c.evidence.checks)


def test_pad_checks_decide_on_enough_presentations() -> None:
    # The same proportions on 100 times the presentations are decided
    big = {key: values * 100 for key, values in PAD.items()}
    c = assess_pad(big, thresholds=["apcer_max<=0.7", "bpcer<=0.1"], decision_threshold=0.6)
    assert [x.verdict for x in c.evidence.checks] == ["pass", "fail"]


def test_identification_checks_carry_intervals() -> None:
    lists = {
        "search": [1, 2, 3, 4],
        "mated": [1, 1, 0, 0],
        "rank": [1, 1, 1, 1],
        "score": [0.9, 0.4, 0.6, 0.3],
        "hit": [1, 0, 0, 0],
    }
    result = assess_identification(lists, hit="hit", thresholds=["rank1_hit_rate>=0.4"])
    (check,) = result.evidence.checks
    assert check.value == 0.5 and check.interval is not None
    assert check.verdict == "inconclusive"  # two mated searches cannot show 40%
    with pytest.raises(DataError, match="column 'label'"):
        assess_pad({**PAD, "label": ["x"] * 10})


CAND = {
    "search": ["a", "a", "b", "b", "c", "d", "d"],
    "mated": [1, 1, 1, 1, 0, 0, 0],
    "rank": [1, 2, 1, 2, 1, 1, 2],
    "score": [0.9, 0.4, 0.5, 0.45, 0.6, 0.3, 0.2],
    "candidate": ["A", "X", "Y", "B", "Z", "Q", "W"],
    "true_subject": ["A", "A", "B", "B", None, None, None],
}


def test_identification_cmc_fpir_fnir() -> None:
    rep = assess_identification(CAND, fpir_targets=[0.5], ranks=[1, 2]).report
    assert [c["hit_rate"] for c in rep["cmc"]] == [0.5, 1.0]
    point = rep["operating_points"][0]
    # non-mated tops: c 0.6, d 0.3 -> FPIR <= 0.5 allows one: smallest observed score > 0.3
    assert point["threshold"] == 0.4
    assert point["fpir"] == 0.5
    # mates: a 0.9 (hit), b 0.45 (hit) -> no misses at 0.4
    assert point["fnir"] == 0.0
    strict = assess_identification(CAND, fpir_targets=[0.01]).report["operating_points"][0]
    assert strict["threshold"] == 0.9 and strict["fnir"] == 0.5
    assert np.isclose(rep["rank1_hit_rate"], 0.5)
