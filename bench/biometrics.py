"""Benchmark of the streamed all-pairs biometric path (not run by pytest).

    .venv/bin/python bench/biometrics.py            # 50,000 x 512, 4 groups (1.25e9 pairs)
    .venv/bin/python bench/biometrics.py --quick    # 8,000 x 128
    .venv/bin/python bench/biometrics.py --backend torch --device cuda --n 141422

Reports: the time of the bare blocked matrix products (same blocks, nothing
else), the full assessment time and its ratio to that floor, peak RSS, and a
side-by-side at ``--sk-n`` templates against scikit-learn on materialised scores
computing the same per-group figures (global threshold at the target FMR,
per-group FMR/FNMR, cross-group FMR).
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np


def synthetic(n: int, dim: int, groups: int, per_subject: int, seed: int = 0):
    """Templates of subjects with ``per_subject`` samples each; group = subject % groups."""
    rng = np.random.default_rng(seed)
    n_subjects = n // per_subject
    subjects = np.repeat(np.arange(n_subjects), per_subject)[:n]
    centres = rng.standard_normal((n_subjects, dim), dtype=np.float32)
    # group-specific offset so impostor scores differ by group, noise so mated < 1
    offsets = rng.standard_normal((groups, dim), dtype=np.float32) * 0.35
    vectors = centres[subjects] + offsets[subjects % groups]
    vectors += rng.standard_normal((n, dim), dtype=np.float32) * 0.9
    label = np.array([f"g{g}" for g in range(groups)])[subjects % groups]
    return vectors, subjects, {"group": list(label)}


def rss_mb() -> float:
    """Peak resident set size of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def matmul_floor(vectors: np.ndarray, block: int, backend: str, device: str | None) -> float:
    """Seconds for the products of every block pair (a <= b), nothing else."""
    v = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    starts = list(range(0, len(v), block))
    t0 = time.perf_counter()
    if backend == "torch":
        import torch

        dev = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        tv = torch.from_numpy(np.ascontiguousarray(v)).to(dev)
        for i, a in enumerate(starts):
            for b in starts[i:]:
                s = tv[a : a + block] @ tv[b : b + block].T
                s.sum().item() if dev.type == "cuda" and b == starts[-1] else None
        if dev.type == "cuda":
            torch.cuda.synchronize()
    else:
        for i, a in enumerate(starts):
            for b in starts[i:]:
                np.matmul(v[a : a + block], v[b : b + block].T)
    return time.perf_counter() - t0


def sklearn_side(vectors, subjects, attrs, target: float) -> tuple[float, dict]:
    """Per-group figures with scikit-learn on materialised scores."""
    from sklearn.metrics import confusion_matrix, roc_curve

    t0 = time.perf_counter()
    v = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    s = v @ v.T
    i, j = np.triu_indices(len(v), 1)
    scores = s[i, j]
    del s
    mated = subjects[i] == subjects[j]
    labels = np.asarray(attrs["group"])
    gi, gj = labels[i], labels[j]
    p, q = np.where(gi <= gj, gi, gj), np.where(gi <= gj, gj, gi)
    fpr, _tpr, thr = roc_curve(mated, scores, drop_intermediate=False)
    threshold = thr[np.flatnonzero(fpr <= target)[-1]]
    out = {"threshold": float(threshold)}
    for g in np.unique(labels):
        sel = (p == g) & (q == g)
        tn, fp, fn, tp = confusion_matrix(mated[sel], scores[sel] >= threshold).ravel()
        out[g] = (fp / (fp + tn), fn / (fn + tp))
    for a in np.unique(labels):
        for b in np.unique(labels):
            sel = (p == a) & (q == b) & ~mated
            if sel.any():
                tn, fp = confusion_matrix(mated[sel], scores[sel] >= threshold, labels=[0, 1])[0]
                out[(a, b)] = fp / (fp + tn)
    return time.perf_counter() - t0, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--dim", type=int, default=512)
    parser.add_argument("--groups", type=int, default=4)
    parser.add_argument("--per-subject", type=int, default=5)
    parser.add_argument("--fmr", type=float, default=1e-4)
    parser.add_argument(
        "--more-targets",
        default="1e-3,1e-2",
        help="further FMR targets of the big run (1e-2 keeps 1%% of all scores exactly)",
    )
    parser.add_argument("--block", type=int, default=None)
    parser.add_argument("--backend", choices=["numpy", "torch"], default="numpy")
    parser.add_argument("--device", default=None, help="torch device, e.g. cuda")
    parser.add_argument("--sk-n", type=int, default=6_000, help="templates for the sklearn run")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.n, args.dim, args.sk_n = 8_000, 128, 3_000
    if args.device == "cuda":
        args.backend = "torch"

    from fulcrum.assess.biometrics import assess_embeddings
    from fulcrum.assess.biometrics._pairs import block_size_for

    print(f"load average before: {os.getloadavg()}; cores: {os.cpu_count()}")
    if not args.skip_big:
        vectors, subjects, attrs = synthetic(args.n, args.dim, args.groups, args.per_subject)
        block = args.block or block_size_for(args.n)
        pairs = args.n * (args.n - 1) // 2
        floor = matmul_floor(vectors, block, args.backend, args.device)
        t0 = time.perf_counter()
        result = assess_embeddings(
            vectors,
            subjects,
            attrs,
            groups=["group"],
            fmr_targets=[args.fmr, *(float(x) for x in args.more_targets.split(",") if x)],
            backend=args.backend,
            device=args.device,
            block_size=block,
            progress=False,
        )
        total = time.perf_counter() - t0
        op = result.report["operating_points"][0]
        print(f"pairs: {pairs:.3g} ({args.n} x {args.dim}), block {block}, backend {args.backend}")
        print(f"bare blocked matmul: {floor:.1f} s ({pairs / floor / 1e6:.0f} M pairs/s)")
        print(f"assess_embeddings:   {total:.1f} s = {total / floor:.2f}x the matmul floor")
        print(f"peak RSS: {rss_mb():.0f} MB")
        print(
            f"threshold@FMR{args.fmr:g} = {op['threshold']:.6f}, fnmr {op['fnmr']:.4g}, "
            f"eer {result.report['eer']:.4g}, fdr {result.report['differentials']['fdr']:.4f}"
        )
        print(f"load average after: {os.getloadavg()}")
        del vectors, result

    vectors, subjects, attrs = synthetic(args.sk_n, args.dim, args.groups, args.per_subject, 1)
    t0 = time.perf_counter()
    ours = assess_embeddings(
        vectors,
        subjects,
        attrs,
        groups=["group"],
        fmr_targets=[args.fmr],
        progress=False,
        eer=False,
    )
    t_ours = time.perf_counter() - t0
    t_sk, sk = sklearn_side(vectors, subjects, attrs, args.fmr)
    same = ours.report["group_threshold"] == sk["threshold"]
    pairs = args.sk_n * (args.sk_n - 1) // 2
    print(
        f"side by side at {pairs:.3g} pairs: fulcrum {t_ours:.2f} s, scikit-learn {t_sk:.2f} s "
        f"({t_sk / t_ours:.1f}x); same threshold: {same}"
    )
    worst = max(
        max(abs(r["fmr"] - sk[r["group"]["group"]][0]), abs(r["fnmr"] - sk[r["group"]["group"]][1]))
        for r in ours.report["groups"]
    )
    print(
        f"largest per-group rate difference vs scikit-learn: {worst:.3g} "
        "(float32 products summed in another order can move a score by an ulp)"
    )


if __name__ == "__main__":
    main()
