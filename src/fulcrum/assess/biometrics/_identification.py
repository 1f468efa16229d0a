"""1:N identification metrics from candidate lists (ISO/IEC 19795-1, NIST FRTE 1:N).

A candidate list row is one candidate returned for one search: ``search`` id,
``mated`` (the searched subject is enrolled), ``rank`` (1 = best), ``score``
and either ``hit`` (this candidate is the mate) or ``candidate`` and
``true_subject`` to derive it. With threshold ``t``: FPIR(t) is the share of
non-mated searches returning any candidate with ``score >= t``; FNIR(t, r) the
share of mated searches whose mate is not returned at rank ``<= r`` with
``score >= t``; the CMC gives the rank-k hit rate without a threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum._hashing import sha256_file
from fulcrum.assess.biometrics._check import check_targets, mated_code
from fulcrum.assess.biometrics._operating import wilson
from fulcrum.assess.biometrics._profiles import (
    IDENTIFICATION_METRICS,
    ReportResult,
    check_all,
)
from fulcrum.assess.biometrics._sorted import count_ge, smallest_threshold
from fulcrum.assess.fairness._thresholds import parse_thresholds
from fulcrum.errors import DataError
from fulcrum.evidence import Evidence, InputRef, Threshold, resolve_thresholds


@dataclass(frozen=True, repr=False)
class IdentificationResult(ReportResult):
    """1:N figures and their evidence record."""


def assess_identification(
    candidates: Any,
    *,
    search: str = "search",
    mated: str = "mated",
    rank: str = "rank",
    score: str = "score",
    candidate: str = "candidate",
    true_subject: str = "true_subject",
    hit: str | None = None,
    fpir_targets: Sequence[float] = (1e-3, 1e-2),
    ranks: Sequence[int] = (1, 5, 10, 20, 50),
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
) -> IdentificationResult:
    """Assess 1:N identification: FPIR, FNIR at FPIR targets, CMC.

    Parameters
    ----------
    candidates : path or table
        Candidate lists, one row per (search, candidate); a search with no
        candidates may appear once with an empty ``score``.
    fpir_targets : sequence of float
        FPIR levels at which the threshold (smallest observed score meeting
        them) and the FNIR are reported.
    ranks : sequence of int
        Ranks of the CMC.

    Returns
    -------
    IdentificationResult

    Examples
    --------
    >>> from fulcrum.assess.biometrics import assess_identification
    >>> data = {"search": [1, 1, 2, 3], "mated": [1, 1, 1, 0], "rank": [1, 2, 1, 1],
    ...         "score": [0.9, 0.5, 0.4, 0.6], "hit": [1, 0, 0, 0]}
    >>> assess_identification(data, hit="hit").report["cmc"][0]["hit_rate"]
    0.5
    """
    from fulcrum.engines._arrow import float_column, read_table, source_name

    where = source_name(candidates)
    cols = [search, mated, rank, score] + ([hit] if hit else [candidate, true_subject])
    table = read_table(candidates, cols)
    ids, s_idx = np.unique(
        np.asarray(table.column(search).to_pylist(), dtype=str), return_inverse=True
    )
    n_search = len(ids)
    m_row = np.array([mated_code(v, mated) for v in table.column(mated).to_pylist()], dtype=bool)
    is_mated = np.zeros(n_search, dtype=bool)
    is_mated[s_idx] = m_row
    scores = float_column(table, score, where)
    ranks_col = float_column(table, rank, where)
    if hit:
        is_hit = np.array([mated_code(v, hit) for v in table.column(hit).to_pylist()], dtype=bool)
    else:
        cand = np.asarray([str(v) for v in table.column(candidate).to_pylist()])
        truth = np.asarray([str(v) for v in table.column(true_subject).to_pylist()])
        is_hit = m_row & (cand == truth)
    present = ~np.isnan(scores)
    if (np.isnan(ranks_col) & present).any():
        raise DataError(f"{where}: column {rank!r} is missing on rows that have a score")
    n_mated, n_nonmated = int(is_mated.sum()), int((~is_mated).sum())
    if not n_mated or not n_nonmated:
        raise DataError(
            f"{where}: need mated and non-mated searches, got [{n_mated}, {n_nonmated}]"
        )
    # best non-mated score per non-mated search, mate's score and rank per mated search
    top = np.full(n_search, -np.inf)
    np.maximum.at(top, s_idx[present], scores[present])
    mate_score = np.full(n_search, -np.inf)
    mate_rank = np.full(n_search, np.inf)
    sel = present & is_hit
    np.maximum.at(mate_score, s_idx[sel], scores[sel])
    np.minimum.at(mate_rank, s_idx[sel], ranks_col[sel])
    nonmated_top = top[~is_mated]
    mates = mate_score[is_mated]
    mate_ranks = mate_rank[is_mated]
    candidates_t = np.unique(scores[present])
    sorted_top = np.sort(nonmated_top)
    points = []
    for target in check_targets(fpir_targets, "fpir"):
        t = smallest_threshold(nonmated_top[np.isfinite(nonmated_top)], candidates_t, target)
        fp = count_ge(sorted_top, t)
        misses = int(((mates < t) | ~np.isfinite(mates)).sum())
        points.append(
            {
                "fpir_target": target,
                "threshold": t,
                "fpir": fp / n_nonmated,
                "n_false_positives": fp,
                "n_nonmated_searches": n_nonmated,
                "fnir": misses / n_mated,
                "n_misses": misses,
                "n_mated_searches": n_mated,
            }
        )
    cmc = [
        {
            "rank": int(r),
            "hit_rate": float((mate_ranks <= r).sum() / n_mated),
            "n_hits": int((mate_ranks <= r).sum()),
        }
        for r in ranks
    ]
    report = {
        "n_searches": n_search,
        "n_mated_searches": n_mated,
        "n_nonmated_searches": n_nonmated,
        "operating_points": points,
        "cmc": cmc,
        "rank1_hit_rate": float((mate_ranks <= 1).sum() / n_mated),
    }
    limits = resolve_thresholds(
        parse_thresholds(thresholds), requirements, assessment="biometrics.identification"
    )

    def read(t: Threshold) -> list[tuple[float | None, Any, Any]]:
        # Wilson intervals over searches: a verdict on a few searches is inconclusive
        if t.metric in ("rank1_hit_rate", "rank_hit_rate"):
            r = 1.0 if t.metric == "rank1_hit_rate" else float(t.params.get("rank", 1))
            hits = int((mate_ranks <= r).sum())
            return [(hits / n_mated, wilson(hits, n_mated), None)]
        target = float(t.params.get("fpir", fpir_targets[0]))
        thr = smallest_threshold(nonmated_top[np.isfinite(nonmated_top)], candidates_t, target)
        if t.metric == "fpir":
            false_positives = count_ge(sorted_top, thr)
            return [(false_positives / n_nonmated, wilson(false_positives, n_nonmated), None)]
        misses = int(((mates < thr) | ~np.isfinite(mates)).sum())
        return [(misses / n_mated, wilson(misses, n_mated), None)]

    checks = check_all(limits, IDENTIFICATION_METRICS, read, "1:N")
    inputs = []
    if isinstance(candidates, str | Path):
        inputs.append(InputRef(name=Path(candidates).name, sha256=sha256_file(candidates)))
    evidence = Evidence.build(
        kind="biometrics.identification",
        title="1:N identification (FPIR, FNIR, CMC)",
        metrics=report,
        checks=checks,
        inputs=inputs,
        parameters={"fpir_targets": list(fpir_targets), "ranks": list(ranks)},
        requirements=requirements,
        libraries=("numpy", "pyarrow"),
    )
    return IdentificationResult(report, evidence)
