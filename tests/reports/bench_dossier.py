"""Time the dossier PDF for a large record (not a test: run it by hand).

    .venv/bin/python -m tests.reports.bench_dossier

A system with 62 obligations (the demo's campus face gate), 5 evidence records, a full review
and 60 audit events; prints wall and CPU seconds of warm renders.
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd

from fulcrum.assess.fairness import assess_fairness
from fulcrum.demo._systems import PROFILES
from fulcrum.profile import load_profile
from fulcrum.reports import AuditEventItem, dossier_input, render_dossier
from fulcrum.rules import classify
from tests.reports.conftest import COMPAS, screener_record


def main() -> None:
    frame = pd.read_csv(COMPAS, usecols=["sex", "race", "age_cat", "score_text", "two_year_recid"])
    frame["high_risk"] = (frame["score_text"] != "Low").astype(int)
    evidence = [
        assess_fairness(frame, label="two_year_recid", pred="high_risk", sensitive=s,
                        mitigation=False).evidence
        for s in (["sex"], ["race"], ["age_cat"], ["sex", "race"], ["sex", "age_cat"])
    ]  # fmt: skip
    profile = load_profile(PROFILES / "campus-face-gate.yaml")
    result = classify(profile, as_of=dt.date(2026, 9, 1)).to_dict()
    base = screener_record()
    assert base.integrity is not None
    events = tuple(
        AuditEventItem(seq=i, type="case.answered", actor="mei", subject="case:7",
                       at="2026-09-01T08:00:00+00:00", hash=f"{i:064x}")
        for i in range(1, 61)
    )  # fmt: skip
    record = dossier_input(
        profile.model_dump(mode="json"), result, evidence=evidence, review=base.review,
        integrity=base.integrity.model_copy(update={"events": events}),
        issued_at=dt.datetime(2026, 9, 5, tzinfo=dt.UTC),
    )  # fmt: skip
    print(f"{len(record.obligations)} obligations, {len(record.evidence)} evidence records")
    render_dossier(record, format="pdf")  # warm: imports, fonts
    for lang in ("en", "zh-CN"):
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = render_dossier(record, format="pdf", lang=lang)  # type: ignore[arg-type]
        print(
            f"{lang}: {time.perf_counter() - wall:.2f} s wall, "
            f"{time.process_time() - cpu:.2f} s CPU, {len(pdf):,} bytes"
        )


if __name__ == "__main__":
    main()
