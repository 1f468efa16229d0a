"""ONNX models through onnxruntime: one numeric matrix input, or one input per column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.assess.robustness._messages import BAD_MODEL_FILE, NOT_NUMERIC, ONNX_INPUT
from fulcrum.assess.robustness._models import Model
from fulcrum.errors import DataError, InputError, missing_extra

_DTYPES = {
    "tensor(float)": np.float32,
    "tensor(double)": np.float64,
    "tensor(int64)": np.int64,
    "tensor(int32)": np.int32,
    "tensor(string)": object,
    "tensor(bool)": np.bool_,
}


def _feeds(session: Any, path: Path, X: Any) -> dict[str, np.ndarray]:
    inputs = session.get_inputs()
    if len(inputs) == 1 and inputs[0].name not in X.columns:
        spec = inputs[0]
        for column in X.columns:
            if X[column].dtype == object or str(X[column].dtype) in {"category", "string", "str"}:
                raise DataError(
                    NOT_NUMERIC.format(source=path, column=column, dtype=X[column].dtype)
                )
        return {spec.name: X.to_numpy(dtype=_DTYPES.get(spec.type, np.float32))}
    feeds = {}
    for spec in inputs:
        if spec.name not in X.columns:
            raise DataError(ONNX_INPUT.format(path=path, name=spec.name))
        values = X[spec.name].to_numpy()
        dtype = _DTYPES.get(spec.type, np.float32)
        if dtype in (np.int64, np.int32, np.bool_) and X[spec.name].isna().any():
            raise DataError(
                f"{path}: input {spec.name!r} is {spec.type}, which cannot hold missing values"
            )
        if dtype is object:
            values = values.astype(str)
        elif dtype in (np.int64, np.int32) and values.dtype.kind == "f":
            values = np.rint(values)  # noisy counts go to the nearest whole number
        feeds[spec.name] = values.astype(dtype)[:, None]
    return feeds


def _probabilities(raw: Any) -> tuple[np.ndarray, tuple[Any, ...] | None]:
    if isinstance(raw, list) and raw and isinstance(raw[0], dict):  # ZipMap output
        keys = sorted(raw[0])
        return np.asarray([[row[k] for k in keys] for row in raw], dtype=np.float64), tuple(keys)
    return np.asarray(raw, dtype=np.float64), None


def onnx_model(path: Path, *, sha256: str) -> Model:
    """Wrap an ONNX file; the first output is the prediction, a second one probabilities."""
    try:
        import onnxruntime as ort
    except ModuleNotFoundError as exc:
        raise missing_extra("onnxruntime", "robustness") from exc
    try:
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    except Exception as exc:
        raise InputError(BAD_MODEL_FILE.format(path=path, error=exc)) from exc
    outputs = [o.name for o in session.get_outputs()]

    def predict(X: Any) -> np.ndarray:
        return np.asarray(session.run(outputs[:1], _feeds(session, path, X))[0]).reshape(len(X))

    def proba(X: Any) -> np.ndarray:
        return _probabilities(session.run(outputs[1:2], _feeds(session, path, X))[0])[0]

    has_proba = len(outputs) > 1 and "prob" in outputs[1].lower()
    return Model(
        predict_fn=predict,
        proba_fn=proba if has_proba else None,
        name=path.name,
        kind="onnx",
        sha256=sha256,
        size_bytes=path.stat().st_size,
    )
