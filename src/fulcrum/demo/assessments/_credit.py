"""The demo's credit model: a logistic regression fitted on real credit-scoring data at run time."""

from __future__ import annotations

import functools
from typing import Any

from fulcrum.demo.assessments._publish import DATA

TRAIN, TEST = DATA / "credit_train.csv", DATA / "credit_test.csv"
LABEL = "good"
CATEGORICAL = ["Marital", "Records"]
NUMERIC = ["Seniority", "Time", "Age", "Income", "Amount"]
FEATURES = NUMERIC + CATEGORICAL
SENSITIVE = ["Marital"]


@functools.cache
def credit_model() -> Any:
    """Fit the model deterministically (same data, same seed: the same trees)."""
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    train = pd.read_csv(TRAIN)
    encode = ColumnTransformer(
        [
            ("categories", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
            ("numbers", make_pipeline(SimpleImputer(), StandardScaler()), NUMERIC),
        ]
    )
    model = make_pipeline(encode, LogisticRegression(max_iter=1000))
    return model.fit(train[FEATURES], train[LABEL])
