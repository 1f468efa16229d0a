"""Random data shared by the fairness tests."""

from __future__ import annotations

import numpy as np
import pandas as pd


def random_frame(n: int = 5_000, seed: int = 0) -> pd.DataFrame:
    """Two sensitive columns, label, prediction (correlated with label) and a score."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["f", "m"], n, p=[0.4, 0.6])
    race = rng.choice(["a", "b", "c", "d"], n, p=[0.4, 0.3, 0.2, 0.1])
    base = 0.3 + 0.1 * (race == "b") + 0.05 * (sex == "m")
    y = (rng.random(n) < base).astype(int)
    score = np.round(np.clip(0.5 * y + rng.normal(0.3, 0.2, n) + 0.05 * (race == "c"), 0, 1), 3)
    pred = (score > 0.5).astype(int)
    return pd.DataFrame({"sex": sex, "race": race, "y": y, "pred": pred, "score": score})
