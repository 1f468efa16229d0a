"""Verification from embeddings: all pairs formed and counted by blocked matrix products."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from fulcrum._hashing import sha256_bytes, sha256_file
from fulcrum.assess.biometrics._check import check_targets
from fulcrum.assess.biometrics._exact import Window, max_false_matches
from fulcrum.assess.biometrics._ops import make_ops
from fulcrum.assess.biometrics._pairs import (
    Templates,
    block_size_for,
    load_embeddings,
    prepare_templates,
)
from fulcrum.assess.biometrics._stream import stream_counts, stream_windows
from fulcrum.assess.biometrics._summary import ScoreSummary
from fulcrum.assess.biometrics._verification import (
    DEFAULT_FMR_TARGETS,
    VerificationResult,
    finish_verification,
)
from fulcrum.assess.fairness._thresholds import parse_thresholds
from fulcrum.errors import DataError
from fulcrum.evidence import InputRef, Threshold


def _subjects_and_attributes(
    subjects: Any, attributes: Any, subject_column: str
) -> tuple[np.ndarray, dict[str, Any] | None]:
    """Subject ids and attribute columns from arrays, tables or files."""
    from fulcrum.engines._arrow import read_table

    if (
        isinstance(subjects, str | Path)
        or hasattr(subjects, "columns")
        or isinstance(subjects, dict)
    ):
        table = read_table(subjects)
        if subject_column not in table.column_names:
            raise DataError(
                f"{subjects if isinstance(subjects, str | Path) else 'subjects'}: no column "
                f"{subject_column!r}; columns are {', '.join(map(repr, table.column_names))}"
            )
        ids = np.asarray(table.column(subject_column).to_pylist(), dtype=object)
        attrs = {c: table.column(c).to_pylist() for c in table.column_names if c != subject_column}
    else:
        ids, attrs = np.asarray(subjects), None
    if attributes is not None:
        table = read_table(attributes)
        attrs = {c: table.column(c).to_pylist() for c in table.column_names}
    if ids.dtype == object:
        if any(v is None for v in ids):
            raise DataError(f"column {subject_column!r} has missing subject ids")
        ids = np.asarray([str(v) for v in ids])
    return ids, attrs


def score_range(vectors: np.ndarray, normalize: bool) -> tuple[float, float]:
    """Bounds every pair score lies within (Cauchy-Schwarz, with a rounding margin)."""
    if normalize:
        return -1.001, 1.001
    top = float(np.max(np.einsum("ij,ij->i", vectors, vectors, dtype=np.float64)))
    top = max(top, 1e-30) * 1.001 + 1e-30
    return -top, top


def summarise_embeddings(
    t: Templates,
    *,
    fmr_targets: Sequence[float],
    backend: str = "numpy",
    device: str | None = None,
    block_size: int | None = None,
    n_bins: int = 1 << 16,
    normalized: bool = True,
    progress: bool | None = None,
) -> ScoreSummary:
    """Stream all pairs into a :class:`ScoreSummary` with the exact tail window attached."""
    low, high = score_range(t.vectors, normalized)
    _, per_subject = np.unique(t.subject, return_counts=True)
    n_pairs = t.n * (t.n - 1) // 2
    n_mated = int((per_subject * (per_subject - 1) // 2).sum())
    n_nonmated = n_pairs - n_mated
    keep_top = max(max_false_matches(x, max(n_nonmated, 1)) for x in fmr_targets)
    block = block_size or block_size_for(t.n)
    ops = make_ops(backend, t.vectors, low, high, n_bins, device)
    try:
        result = stream_counts(
            t,
            ops,
            n_bins=n_bins,
            low=low,
            high=high,
            keep_top=keep_top,
            block_size=block,
            progress=progress,
        )
    finally:
        ops.close()
    n_groups = max(len(t.groups), 1)
    tail_v, tail_r, tail_c = result.tail.arrays()
    mated_v, mated_r, mated_c = result.mated.arrays()
    up = mated_v >= np.float32(result.cutoff)
    values = np.concatenate([tail_v, mated_v[up]]).astype(np.float64)
    rows = np.concatenate([tail_r, mated_r[up]])
    cols = np.concatenate([tail_c, mated_c[up]])
    tail = Window(
        lo=result.cutoff,
        hi=np.inf,
        above=np.zeros((2, n_groups * n_groups), dtype=np.int64),
        min_above=None,
        values=values,
        mated=np.r_[np.zeros(len(tail_v), np.int8), np.ones(int(up.sum()), np.int8)],
        cells=t.group[rows] * n_groups + t.group[cols],
    )

    def collect(bounds: Sequence[tuple[float, float]]) -> list[Window]:
        again = make_ops(backend, t.vectors, low, high, n_bins, device)
        try:
            return stream_windows(t, again, bounds, block_size=block, progress=progress)
        finally:
            again.close()

    summary = ScoreSummary(
        attributes=t.attributes,
        groups=t.groups,
        hist=result.hist,
        low=low,
        high=high,
        score_min=low,
        score_max=high,
        collect=collect,
        windows=[tail],
    )
    summary.clusters = {
        "templates": t,
        "tail": (tail_v, tail_r, tail_c),
        "mated": (mated_v, mated_r, mated_c),
    }
    return summary


def assess_embeddings(
    embeddings: Any,
    subjects: Any,
    attributes: Any = None,
    *,
    groups: Sequence[str] = (),
    subject_column: str = "subject",
    fmr_targets: Sequence[float] = DEFAULT_FMR_TARGETS,
    thresholds: Sequence[Threshold | str] = (),
    requirements: Sequence[str] = (),
    normalize: bool = True,
    backend: Literal["numpy", "torch"] = "numpy",
    device: str | None = None,
    block_size: int | None = None,
    n_bins: int = 1 << 16,
    eer: bool = True,
    alpha: float = 0.5,
    beta: float = 0.5,
    bootstrap: int = 0,
    confidence_level: float = 0.95,
    random_state: int = 0,
    progress: bool | None = None,
    at_thresholds: Sequence[float] = (),
) -> VerificationResult:
    """Assess verification from templates: every pair ``i < j`` compared, in blocks.

    Parameters
    ----------
    embeddings : array, ``.npy``, Parquet or Arrow file
        ``(N, d)`` templates; one list column or ``d`` numeric columns in tables.
    subjects : array, table or file
        The subject id of each template; a table holds ``subject_column`` and
        may hold the attribute columns.
    attributes : table or file, optional
        Attribute columns, one row per template (if not in ``subjects``).
    groups : sequence of str
        Attributes whose value combinations are the demographic groups.
    fmr_targets, thresholds, requirements, alpha, beta, bootstrap, confidence_level
    random_state, at_thresholds
        As in :func:`assess_verification`; the bootstrap resamples subjects and
        reweights pair counts (never recomputes a score).
    normalize : bool
        Compare by cosine similarity (rows normalised); else by dot product.
    backend : {"numpy", "torch"}
        NumPy BLAS, or PyTorch on ``device`` (``"cuda"`` when available).
    block_size : int, optional
        Templates per block edge; by default chosen to bound memory (~0.5 GB).
    n_bins : int
        Bins of the first pass; exactness does not depend on it.
    eer : bool
        Compute the exact EER; when its crossing lies below the exact tail this
        costs a second pass over all pairs.
    progress : bool, optional
        Show a progress bar on stderr (default: when stderr is a terminal).

    Returns
    -------
    VerificationResult
        Each unordered pair counts once, in the cell ``(probe group, reference
        group)`` whose probe group sorts first.

    Examples
    --------
    >>> import numpy as np
    >>> from fulcrum.assess.biometrics import assess_embeddings
    >>> rng = np.random.default_rng(0)
    >>> centres = rng.normal(size=(20, 8))
    >>> subjects = np.repeat(np.arange(20), 3)
    >>> vectors = centres[subjects] + 0.3 * rng.normal(size=(60, 8))
    >>> result = assess_embeddings(vectors, subjects, fmr_targets=[0.01])
    >>> result.report["n_mated"], result.report["n_nonmated"]
    (60, 1710)
    """
    vectors = load_embeddings(embeddings)
    ids, attrs = _subjects_and_attributes(subjects, attributes, subject_column)
    t = prepare_templates(vectors, ids, attrs, groups, normalize=normalize)
    targets = check_targets(fmr_targets)
    from fulcrum.evidence import resolve_thresholds

    limits = resolve_thresholds(parse_thresholds(thresholds), requirements, assessment="biometrics")
    extra = [float(x.params["at_fmr"]) for x in limits if "at_fmr" in x.params]
    summary = summarise_embeddings(
        t,
        fmr_targets=[*targets, *extra],
        backend=backend,
        device=device,
        block_size=block_size,
        n_bins=n_bins,
        normalized=normalize,
        progress=progress,
    )
    inputs = [
        InputRef(
            name=Path(embeddings).name if isinstance(embeddings, str | Path) else "embeddings",
            sha256=sha256_file(embeddings)
            if isinstance(embeddings, str | Path)
            else sha256_bytes(vectors.tobytes()),
            rows=t.n,
        )
    ]
    if isinstance(subjects, str | Path):
        inputs.append(InputRef(name=Path(subjects).name, sha256=sha256_file(subjects), rows=t.n))
    return finish_verification(
        summary,
        fmr_targets=targets,
        thresholds=limits,
        alpha=alpha,
        beta=beta,
        eer=eer,
        bootstrap=bootstrap,
        confidence_level=confidence_level,
        random_state=random_state,
        at_thresholds=at_thresholds,
        inputs=inputs,
        parameters={
            "pairs": "all i<j",
            "similarity": "cosine" if normalize else "dot",
            "backend": backend,
            "groups": list(groups),
        },
        kind="biometrics.verification.embeddings",
    )
