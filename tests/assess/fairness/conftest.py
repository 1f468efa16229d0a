"""Fixtures of the fairness tests."""

from __future__ import annotations

import pandas as pd
import pytest

from ._data import random_frame


@pytest.fixture
def frame() -> pd.DataFrame:
    """5,000 random rows with two sensitive columns."""
    return random_frame()
