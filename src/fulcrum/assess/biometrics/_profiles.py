"""Requirement profiles: thresholds as data, resolved from the catalog and checked.

A threshold names a metric of the report and, in ``params``, where to read it:
``Threshold(metric="fnmr", operator="<=", value=0.01, params={"at_fmr": 1e-4})``
or ``max_group_fmr_ratio_to_overall <= 2`` ("every group's FMR within twice the
overall"). :data:`VERIFICATION_METRICS`, :data:`PAD_METRICS` and
:data:`IDENTIFICATION_METRICS` list the names each assessment understands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fulcrum.errors import InputError
from fulcrum.evidence import Check, Evidence, Threshold


@dataclass(frozen=True)
class ReportResult:
    """Figures (``report``) and their evidence record; ``to_dict()`` is the CLI JSON."""

    report: dict[str, Any]
    evidence: Evidence

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(verdict={self.evidence.verdict!r}, "
            f"checks={len(self.evidence.checks)}, figures={len(self.report)})"
        )

    def to_dict(self) -> dict[str, Any]:
        """Report, verdict, checks and evidence id."""
        return {
            **self.report,
            "verdict": self.evidence.verdict,
            "checks": [c.model_dump(mode="json") for c in self.evidence.checks],
            "evidence_id": self.evidence.id,
        }


VERIFICATION_METRICS = {
    "fmr": "false match rate at the threshold for at_fmr (default: the first target)",
    "fnmr": "false non-match rate at that threshold",
    "gfmr": "generalised FMR (needs failure flags)",
    "gfnmr": "generalised FNMR (needs failure flags)",
    "eer": "equal error rate",
    "group_fmr": "every group's FMR (one check per group; params at_fmr, min_trials)",
    "group_fnmr": "every group's FNMR (one check per group; params at_fmr, min_trials)",
    "fmr_max_min_ratio": "largest over smallest group FMR",
    "fnmr_max_min_ratio": "largest over smallest group FNMR",
    "max_group_fmr_ratio_to_overall": "largest group FMR over the overall FMR",
    "max_group_fnmr_ratio_to_overall": "largest group FNMR over the overall FNMR",
    "fmr_max_difference": "largest pairwise FMR difference (FDR term A)",
    "fnmr_max_difference": "largest pairwise FNMR difference (FDR term B)",
    "fdr": "fairness discrepancy rate (1 is fair)",
    "inequity_rate": "inequity rate (1 is fair)",
    "garbe": "GARBE (0 is fair)",
}
PAD_METRICS = {
    "apcer_max": "worst APCER over PAI species at the operating threshold",
    "apcer": "one PAI species' APCER (params species)",
    "bpcer": "BPCER at the operating threshold",
    "bpcer_at_apcer": "BPCER at the threshold where APCER_max <= params apcer (0.01, 0.05, 0.1)",
    "eer": "PAD equal error rate",
}
IDENTIFICATION_METRICS = {
    "fnir": "false negative identification rate at params fpir (or threshold)",
    "fpir": "false positive identification rate at the threshold",
    "rank1_hit_rate": "rank-1 identification rate (CMC at rank 1)",
    "rank_hit_rate": "hit rate at params rank",
}


def check_all(
    thresholds: Sequence[Threshold],
    known: dict[str, str],
    read: Callable[
        [Threshold], list[tuple[float | None, tuple[float, float] | None, dict[str, str] | None]]
    ],
    kind: str,
) -> list[Check]:
    """Read each threshold's metric with ``read`` (one value per group) and judge it."""
    checks = []
    for threshold in thresholds:
        if threshold.metric not in known:
            raise InputError(
                f"unknown {kind} metric {threshold.metric!r}; known: {', '.join(sorted(known))}"
            )
        for value, interval, group in read(threshold):
            checks.append(threshold.check(value, interval=interval, group=group))
    return checks


def number(value: Any) -> float | None:
    """A float, or None for a missing or NaN value."""
    if value is None:
        return None
    value = float(value)
    return None if value != value else value
