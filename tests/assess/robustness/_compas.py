"""ProPublica's COMPAS rows (tests/data/compas) and models fitted on them, for several tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

COMPAS = Path(__file__).resolve().parents[2] / "data" / "compas" / "compas-scores-two-years.csv"
FEATURES = [
    "age",
    "priors_count",
    "juv_fel_count",
    "juv_misd_count",
    "sex",
    "race",
    "c_charge_degree",
]
NUMERIC = ["age", "priors_count", "juv_fel_count", "juv_misd_count"]
CATEGORICAL = ["sex", "race", "c_charge_degree"]


@cache
def compas() -> pd.DataFrame:
    """ProPublica's filtered COMPAS rows with the features used here and the label."""
    frame = pd.read_csv(COMPAS)
    keep = (
        frame.days_b_screening_arrest.between(-30, 30)
        & (frame.is_recid != -1)
        & (frame.c_charge_degree != "O")
        & (frame.score_text != "N/A")
    )
    return frame.loc[keep, [*FEATURES, "two_year_recid"]].reset_index(drop=True)


@cache
def pipeline():
    """A one-hot + logistic-regression pipeline fitted on COMPAS (DataFrame in)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    frame = compas()
    pre = ColumnTransformer(
        [
            ("num", StandardScaler(), NUMERIC),
            ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ]
    )
    model = Pipeline([("pre", pre), ("clf", LogisticRegression(max_iter=1000))])
    return model.fit(frame[FEATURES], frame["two_year_recid"])


@cache
def forest():
    """A small random forest on COMPAS's numeric features (tree model for exact SHAP)."""
    from sklearn.ensemble import RandomForestClassifier

    frame = compas()
    model = RandomForestClassifier(n_estimators=20, max_depth=5, random_state=0)
    return model.fit(frame[NUMERIC], frame["two_year_recid"])
