"""Error messages of the robustness and explainability assessments (asserted on in tests)."""

NO_FILE = "{path}: no such model file"
UNKNOWN_MODEL = (
    "{path}: unknown model type {suffix!r}; use .skops (scikit-learn, safe), .onnx, "
    ".joblib/.pkl (with --trust-pickle) or an http(s):// prediction endpoint"
)
PICKLE_REFUSED = (
    "{path}: refusing to unpickle: loading a pickle runs any code its author put in it. "
    "Save the model with skops (skops.io.dump) or ONNX, or pass --trust-pickle if you trust "
    "the file's author"
)
UNTRUSTED_TYPES = (
    "{path}: the skops file contains types that are not trusted by default: {types}. "
    "Check them, then pass --trust-type for each (or --trust-pickle to trust them all)"
)
BAD_MODEL_FILE = "{path}: cannot load the model: {error}"
NOT_A_MODEL = "the model object has no predict method and is not callable: {kind}"
NO_COLUMN = "{source}: no column {column!r}; the columns are {columns}"
EMPTY = "{source}: the data has no rows"
LABEL_MISSING = "{source}: column {column!r} has {count} rows with no value; drop or fill them"
NO_FEATURES = "{source}: no feature columns are left after removing the label"
NOT_NUMERIC = (
    "{source}: column {column!r} is not numeric ({dtype}); the ONNX model takes one numeric "
    "matrix, so encode it first or export a model with one input per column"
)
ONNX_INPUT = "{path}: the ONNX model expects input {name!r}, which is not a column of the data"
HTTP_FAILED = "{url}: the prediction endpoint failed: {error}"
HTTP_BAD_REPLY = (
    '{url}: the reply is not JSON of the form {{"predictions": [...]}} with one prediction per '
    "row ({detail})"
)
PREDICT_FAILED = "{source}: the model failed to predict on the clean data: {error}"
PRED_LENGTH = "the model returned {got} predictions for {rows} rows"
BAD_SEVERITY = "severity for {corruption} must be between 0 and {top}, got {value}"
UNKNOWN_CORRUPTION = "unknown corruption {name!r}; choose from {known}"
BAD_REPEATS = "repeats must be >= 1, got {value}"
BAD_CI = "ci must be between 0 and 1, got {value}"
TOO_MANY_VALUES = (
    "{source}: sensitive column {column!r} has {count} distinct values; counterfactual "
    "flips need a categorical attribute with at most {limit}"
)
UNKNOWN_METRIC = "unknown {assessment} metric {metric!r}; known metrics are {known}"
NO_PROBA = "{what} needs class probabilities, which this model does not give"
