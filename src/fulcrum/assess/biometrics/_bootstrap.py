"""Subject-level (clustered) bootstrap of per-group FMR and FNMR, from counts only.

Comparisons that share a subject are not independent, so replicates resample
subjects with replacement (multinomial weights ``w``), never pairs, and never
recompute a score.

- Embeddings (all pairs): a non-mated pair of subjects ``a != b`` gets weight
  ``w_a * w_b``; group trials are ``((sum_a w_a n_a)^2 - sum_a w_a^2 n_a^2) / 2``
  with ``n_a`` the subject's templates in the group, false matches are summed
  over the exact retained pairs at or above the threshold, and each subject's
  mated pairs and errors get weight ``w_a``.
- Score tables: each comparison belongs to the cluster named by ``cluster``
  (e.g. the probe subject) and gets its cluster's weight.

Intervals are percentile intervals of the replicate rates.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fulcrum.assess.biometrics._evaluate import OperatingPoint
from fulcrum.assess.biometrics._summary import ScoreSummary
from fulcrum.errors import InputError


def _interval(samples: np.ndarray, confidence: float) -> list[float] | None:
    samples = samples[np.isfinite(samples)]
    if not len(samples):
        return None
    tail = (1 - confidence) / 2 * 100
    lo, hi = np.percentile(samples, [tail, 100 - tail])
    return [float(lo), float(hi)]


def bootstrap_groups(
    summary: ScoreSummary,
    point: OperatingPoint,
    *,
    replicates: int,
    confidence: float = 0.95,
    seed: int = 0,
) -> dict[str, Any]:
    """Percentile intervals of each group's FMR and FNMR at ``point.threshold``."""
    rng = np.random.default_rng(seed)
    if isinstance(summary.clusters, dict):
        fm, nm, fnm, m = _embedding_replicates(summary, point, replicates, rng)
        method = "subjects resampled; non-mated pairs weighted w_a * w_b"
    elif isinstance(summary.clusters, tuple):
        fm, nm, fnm, m = _table_replicates(summary, point, replicates, rng)
        method = f"clusters of column {summary.clusters[1]!r} resampled"
    else:
        raise InputError("bootstrap needs subject ids (cluster=... for score tables)")
    with np.errstate(invalid="ignore", divide="ignore"):
        fmr, fnmr = fm / nm, fnm / m
    groups = [
        {
            "group": summary.group_label(g),
            "fmr_interval": _interval(fmr[:, g], confidence),
            "fnmr_interval": _interval(fnmr[:, g], confidence),
        }
        for g in range(summary.n_groups)
    ]
    return {"method": method, "groups": groups}


def _embedding_replicates(
    summary: ScoreSummary, point: OperatingPoint, replicates: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    material = summary.clusters
    assert isinstance(material, dict)
    t = material["templates"]
    tail_v, tail_r, tail_c = material["tail"]
    mated_v, mated_r, mated_c = material["mated"]
    threshold = point.threshold
    if len(tail_v) and threshold < float(tail_v.min()) and point.false_matches > len(tail_v):
        raise InputError("bootstrap: the threshold lies below the exact tail; raise the target")
    n_subj, n_groups = len(t.subjects), summary.n_groups
    weights = rng.multinomial(n_subj, np.full(n_subj, 1 / n_subj), size=replicates).astype(float)
    shape = (replicates, n_groups)
    fm, nm, fnm, m = (np.zeros(shape) for _ in range(4))
    for g in range(n_groups):
        n_a = np.bincount(t.subject[t.group == g], minlength=n_subj).astype(float)
        nm[:, g] = ((weights @ n_a) ** 2 - (weights**2) @ (n_a**2)) / 2
        sel = (tail_v >= threshold) & (t.group[tail_r] == g) & (t.group[tail_c] == g)
        pairs, counts = np.unique(
            np.stack([t.subject[tail_r[sel]], t.subject[tail_c[sel]]]), axis=1, return_counts=True
        )
        if pairs.size:
            fm[:, g] = (weights[:, pairs[0]] * weights[:, pairs[1]]) @ counts
        in_g = (t.group[mated_r] == g) & (t.group[mated_c] == g)
        subj = t.subject[mated_r[in_g]]
        trials = np.bincount(subj, minlength=n_subj).astype(float)
        errors = np.bincount(subj[mated_v[in_g] < threshold], minlength=n_subj).astype(float)
        m[:, g], fnm[:, g] = weights @ trials, weights @ errors
    return fm, nm, fnm, m


def _table_replicates(
    summary: ScoreSummary, point: OperatingPoint, replicates: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from fulcrum.assess.biometrics._scores import _ArrowScan
    from fulcrum.engines._arrow import read_table

    material = summary.clusters
    assert isinstance(material, tuple)
    scan, cluster = material
    if isinstance(scan, _ArrowScan):
        arrow = scan
    else:
        arrow = _ArrowScan(
            read_table(scan.source, [*scan.columns, cluster]), scan.score, scan.flags
        )
        arrow.set_codes(scan.mated, scan.decode, scan.probe_cols, scan.ref_cols, scan.code)
    if cluster not in arrow.table.column_names:
        raise InputError(f"no cluster column {cluster!r}")
    scores, mated, cells = arrow.rows()
    raw = np.asarray(arrow.table.column(cluster).to_pylist(), dtype=str)
    codes = np.unique(raw, return_inverse=True)[1][~arrow._flagged()]
    n_clusters, n_groups = int(codes.max()) + 1, summary.n_groups
    weights = rng.multinomial(
        n_clusters, np.full(n_clusters, 1 / n_clusters), size=replicates
    ).astype(float)
    shape = (replicates, n_groups)
    fm, nm, fnm, m = (np.zeros(shape) for _ in range(4))
    accepted = scores >= point.threshold
    for g in range(n_groups):
        in_g = cells == g * n_groups + g
        for cls, trials_out, errors_out, error in (
            (0, nm, fm, accepted),
            (1, m, fnm, ~accepted),
        ):
            sel = in_g & (mated == cls)
            trials_out[:, g] = weights @ np.bincount(codes[sel], minlength=n_clusters)
            errors_out[:, g] = weights @ np.bincount(codes[sel & error], minlength=n_clusters)
    return fm, nm, fnm, m
