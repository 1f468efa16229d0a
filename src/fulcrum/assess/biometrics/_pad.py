"""Presentation-attack detection metrics (ISO/IEC 30107-3).

Convention: a PAD score is higher for more bona-fide-looking presentations, and a
presentation is classified bona fide when ``score >= threshold``. Then
``APCER_s(t)`` is the share of attacks of PAI species ``s`` classified bona fide,
``APCER_max`` the worst species, and ``BPCER(t)`` the share of bona fide
presentations classified as attacks. ``BPCER at APCER x`` (BPCER100/20/10 for
x = 1%/5%/10%) uses the smallest observed score at which ``APCER_max <= x``.
If your detector scores attacks higher, pass ``higher_is_bona_fide=False``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum._hashing import sha256_file
from fulcrum.assess.biometrics._operating import wilson
from fulcrum.assess.biometrics._profiles import (
    PAD_METRICS,
    ReportResult,
    check_all,
    number,
)
from fulcrum.assess.biometrics._sorted import count_ge, crossing, smallest_threshold
from fulcrum.assess.fairness._thresholds import parse_thresholds
from fulcrum.errors import DataError
from fulcrum.evidence import Evidence, InputRef, Threshold, resolve_thresholds

_BONA_FIDE = {
    "1",
    "true",
    "bona fide",
    "bonafide",
    "bona_fide",
    "bona-fide",
    "live",
    "real",
    "genuine",
}
_ATTACK = {"0", "false", "attack", "spoof", "fake", "pa", "presentation attack"}
APCER_TARGETS = (0.01, 0.05, 0.1)


@dataclass(frozen=True, repr=False)
class PadResult(ReportResult):
    """PAD figures and their evidence record."""


def _bona_fide(value: Any, column: str) -> bool:
    text = str(value).strip().lower()
    if isinstance(value, bool):
        return value
    if text in _BONA_FIDE:
        return True
    if text in _ATTACK:
        return False
    raise DataError(f"column {column!r} has value {value!r}; expected bona fide/attack or 1/0")


def pad_rates(
    bona_fide: np.ndarray, attacks: dict[str, np.ndarray], threshold: float
) -> dict[str, Any]:
    """APCER per species, worst APCER and BPCER at one threshold, with counts."""
    bf = np.sort(bona_fide)
    species = {}
    for name, values in attacks.items():
        accepted = count_ge(np.sort(values), threshold)
        species[name] = {"apcer": accepted / len(values), "n_accepted": accepted, "n": len(values)}
    worst = max(species, key=lambda s: species[s]["apcer"])
    rejected = len(bf) - count_ge(bf, threshold)
    return {
        "threshold": threshold,
        "apcer": species,
        "apcer_max": species[worst]["apcer"],
        "apcer_max_species": worst,
        "bpcer": rejected / len(bf),
        "n_bpcer_errors": rejected,
        "n_bona_fide": len(bf),
    }


def assess_pad(
    scores: Any,
    *,
    score: str = "score",
    label: str = "label",
    species: str = "species",
    apcer_targets: Sequence[float] = APCER_TARGETS,
    decision_threshold: float | None = None,
    higher_is_bona_fide: bool = True,
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
) -> PadResult:
    """Assess presentation-attack detection scores (ISO/IEC 30107-3).

    Parameters
    ----------
    scores : path or table
        One row per presentation: ``score``, ``label`` (bona fide / attack) and,
        for attacks, the PAI ``species``.
    apcer_targets : sequence of float
        APCER levels for BPCER at APCER (default 1%, 5%, 10%: BPCER100/20/10).
    decision_threshold : float, optional
        The system's operating threshold; by default the one at APCER 5%.
    higher_is_bona_fide : bool
        Score direction; ``False`` negates the scores (thresholds are reported negated).
    thresholds, requirements : sequence
        Limits to check (metrics in :data:`PAD_METRICS`, e.g. ``bpcer_at_apcer`` with
        ``params={"apcer": 0.05}``) and catalog requirement ids.

    Returns
    -------
    PadResult

    Examples
    --------
    >>> from fulcrum.assess.biometrics import assess_pad
    >>> data = {"score": [0.9, 0.8, 0.7, 0.2, 0.75, 0.1],
    ...         "label": ["bona fide"] * 3 + ["attack"] * 3,
    ...         "species": [None, None, None, "print", "mask", "print"]}
    >>> assess_pad(data, decision_threshold=0.5).report["operating_point"]["apcer_max"]
    1.0
    """
    from fulcrum.engines._arrow import float_column, read_table, source_name

    where = source_name(scores)
    table = read_table(scores, [score, label, species])
    values = float_column(table, score, where)
    if np.isnan(values).any():
        raise DataError(
            f"{where}: column {score!r} has {int(np.isnan(values).sum())} missing values"
        )
    if not higher_is_bona_fide:
        values = -values
    is_bf = np.array([_bona_fide(v, label) for v in table.column(label).to_pylist()], dtype=bool)
    kinds = np.array([str(v) for v in table.column(species).to_pylist()], dtype=object)
    if is_bf.all() or not is_bf.any():
        raise DataError(f"{where}: column {label!r} needs both bona fide and attack rows")
    attacks = {s: values[~is_bf & (kinds == s)] for s in sorted(set(kinds[~is_bf]))}
    bona_fide = values[is_bf]
    candidates = np.unique(values)
    at_apcer = []
    for target in apcer_targets:
        t = max(smallest_threshold(a, candidates, target) for a in attacks.values())
        at_apcer.append({"apcer_target": target, **pad_rates(bona_fide, attacks, t)})
    if decision_threshold is None:
        t0 = max(smallest_threshold(a, candidates, 0.05) for a in attacks.values())
    else:
        t0 = decision_threshold if higher_is_bona_fide else -decision_threshold
    operating = pad_rates(bona_fide, attacks, t0)
    apcer_curve = np.max(
        [len(a) - np.searchsorted(np.sort(a), candidates) for a in attacks.values()]
        / np.array([[len(a)] for a in attacks.values()]),
        axis=0,
    )
    bpcer_curve = np.searchsorted(np.sort(bona_fide), candidates) / len(bona_fide)
    eer, eer_t = crossing(apcer_curve, bpcer_curve, candidates)
    keep = np.unique(np.linspace(0, len(candidates) - 1, min(len(candidates), 200)).astype(int))
    report = {
        "score_convention": "higher = more bona fide; bona fide when score >= threshold",
        "n_bona_fide": int(is_bf.sum()),
        "n_attacks": int((~is_bf).sum()),
        "species": {s: len(a) for s, a in attacks.items()},
        "operating_point": operating,
        "bpcer_at_apcer": at_apcer,
        "eer": eer,
        "eer_threshold": eer_t,
        "det": [
            {
                "threshold": float(candidates[i]),
                "apcer_max": float(apcer_curve[i]),
                "bpcer": float(bpcer_curve[i]),
            }
            for i in keep
        ],
    }
    limits = resolve_thresholds(
        parse_thresholds(thresholds), requirements, assessment="biometrics.pad"
    )

    def read(t: Threshold) -> list[tuple[float | None, Any, Any]]:
        # Wilson intervals: a verdict on a handful of presentations is inconclusive
        if t.metric == "eer":
            return [(eer, None, None)]
        if t.metric == "bpcer_at_apcer":
            x = float(t.params.get("apcer", 0.05))
            tx = max(smallest_threshold(a, candidates, x) for a in attacks.values())
            rates = pad_rates(bona_fide, attacks, tx)
            ci = wilson(rates["n_bpcer_errors"], rates["n_bona_fide"])
            return [(rates["bpcer"], ci, None)]
        if t.metric == "apcer":
            s = str(t.params.get("species", ""))
            if s not in operating["apcer"]:
                raise DataError(f"no PAI species {s!r}; species are {', '.join(attacks)}")
            row = operating["apcer"][s]
            return [(row["apcer"], wilson(row["n_accepted"], row["n"]), {"species": s})]
        if t.metric == "apcer_max":
            level = 1.0 - 0.05 / max(len(attacks), 1)  # simultaneous over the species
            bounds = [wilson(r["n_accepted"], r["n"], level) for r in operating["apcer"].values()]
            ci = (max(b[0] for b in bounds if b), max(b[1] for b in bounds if b))
            return [(number(operating["apcer_max"]), ci, None)]
        if t.metric == "bpcer":
            ci = wilson(operating["n_bpcer_errors"], operating["n_bona_fide"])
            return [(number(operating["bpcer"]), ci, None)]
        return [(number(operating[t.metric]), None, None)]

    checks = check_all(limits, PAD_METRICS, read, "PAD")
    inputs = []
    if isinstance(scores, str | Path):
        inputs.append(
            InputRef(name=Path(scores).name, sha256=sha256_file(scores), rows=len(values))
        )
    evidence = Evidence.build(
        kind="biometrics.pad",
        title="Presentation-attack detection (ISO/IEC 30107-3)",
        metrics={k: v for k, v in report.items() if k != "det"},
        checks=checks,
        inputs=inputs,
        parameters={
            "apcer_targets": list(apcer_targets),
            "higher_is_bona_fide": higher_is_bona_fide,
        },
        requirements=requirements,
        libraries=("numpy", "pyarrow"),
    )
    return PadResult(report, evidence)
