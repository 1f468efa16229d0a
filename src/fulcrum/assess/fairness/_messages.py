"""Error messages of the fairness assessment, kept as constants so tests can assert on them."""

from __future__ import annotations

MISSING_VALUES = (
    "column {column!r} has {count} rows with missing values{where}; drop or impute them"
)
NOT_BINARY = (
    "column {column!r} has {count} distinct values ({values}); the {role} must be binary "
    "(two values, the positive one given by pos_label={pos_label!r})"
)
NO_POSITIVE = (
    "column {column!r} has the single value {value!r}, which is not pos_label={pos_label!r}; "
    "set pos_label to the value meaning 'positive'"
)
LENGTH_MISMATCH = "inputs have different lengths: {lengths}"
EMPTY = "the data has no rows"
NO_SENSITIVE = "give at least one sensitive column"
BAD_CI = "confidence_level must be between 0 and 1 (exclusive), got {ci}"
BAD_BOOTSTRAP = "bootstrap must be >= 0, got {bootstrap}"
BAD_MIN_GROUP = "min_group_size must be >= 1, got {value}"
UNKNOWN_REFERENCE = "reference group {reference!r} not found; groups are {groups}"
UNKNOWN_METRIC = "unknown metric {metric!r} in a threshold; known metrics are {known}"
SCORE_NOT_NUMERIC = "column {column!r} must be numeric to be used as a score"
NOT_ONE_DIMENSIONAL = "{name} must be one-dimensional, got shape {shape}"
BAD_WEIGHTS = "sample_weight must be finite and non-negative with a positive sum; {problem}"
EMPTY_STRINGS = (
    "column {column!r} has {count} rows with an empty value{where}; "
    "a missing group cannot be placed: drop or fill them"
)
REFERENCE_ARITY = (
    "reference {reference!r} gives {given} value(s) but there are {expected} sensitive columns "
    "({columns}); give one value per column, e.g. {example!r}"
)
WEIGHT_ENGINE = "sample_weight on engine {engine!r} must be a column name of the data"
