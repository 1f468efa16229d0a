"""Models under test: one small wrapper over scikit-learn, ONNX, HTTP and Python callables.

Every model is seen the same way: ``predict(X)`` takes a pandas DataFrame of feature
columns and returns one prediction per row; ``predict_proba(X)`` returns class
probabilities where the model gives them. Each carries the SHA-256 of its content
(the file's bytes, or the pickled object in memory) for the evidence.
"""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from fulcrum._hashing import sha256_bytes, sha256_file, sha256_text
from fulcrum.assess.robustness._messages import (
    BAD_MODEL_FILE,
    NO_FILE,
    NOT_A_MODEL,
    PICKLE_REFUSED,
    UNKNOWN_MODEL,
    UNTRUSTED_TYPES,
)
from fulcrum.errors import InputError, missing_extra

ModelKind = Literal["sklearn", "onnx", "http", "callable"]
_PICKLES = {".joblib", ".pkl", ".pickle"}


@dataclass(frozen=True)
class Model:
    """A model seen as ``predict`` (and maybe ``predict_proba``) over a DataFrame."""

    predict_fn: Callable[[Any], np.ndarray] = field(repr=False)
    name: str
    kind: ModelKind
    sha256: str
    proba_fn: Callable[[Any], np.ndarray] | None = field(default=None, repr=False)
    classes: tuple[Any, ...] | None = None
    estimator: Any = field(default=None, repr=False)
    size_bytes: int | None = None

    def predict(self, X: Any) -> np.ndarray:
        """One prediction per row of the DataFrame ``X``."""
        return np.asarray(self.predict_fn(X)).reshape(len(X), -1)[:, 0]

    def predict_proba(self, X: Any) -> np.ndarray | None:
        """Class probabilities ``(rows, classes)``, or None when the model has none."""
        if self.proba_fn is None:
            return None
        proba = np.asarray(self.proba_fn(X), dtype=np.float64)
        return proba.reshape(len(X), -1)

    @property
    def has_proba(self) -> bool:
        """Whether the model gives class probabilities."""
        return self.proba_fn is not None


def _object_hash(obj: Any) -> str:
    try:
        return sha256_bytes(pickle.dumps(obj, protocol=4))
    except Exception:
        pass
    try:
        return sha256_text(inspect.getsource(obj))
    except (OSError, TypeError):
        return sha256_text(f"{type(obj).__module__}.{getattr(obj, '__qualname__', repr(obj))}")


def _sklearn_input(estimator: Any) -> Callable[[Any], Any]:
    names = getattr(estimator, "feature_names_in_", None)
    if names is not None:
        columns = list(names)

        def select(X: Any) -> Any:
            if not hasattr(X, "columns") or list(X.columns) == columns:
                return X  # already in the fitted order: no copy
            return X[columns]

        return select
    return lambda X: X.to_numpy() if hasattr(X, "to_numpy") else X


def from_estimator(
    estimator: Any, *, name: str | None = None, sha256: str | None = None, size: int | None = None
) -> Model:
    """Wrap a fitted scikit-learn-style estimator (anything with ``predict``)."""
    feed = _sklearn_input(estimator)
    proba = None
    if hasattr(estimator, "predict_proba"):
        proba = lambda X: estimator.predict_proba(feed(X))  # noqa: E731
    classes = getattr(estimator, "classes_", None)
    return Model(
        predict_fn=lambda X: estimator.predict(feed(X)),
        proba_fn=proba,
        name=name or type(estimator).__name__,
        kind="sklearn",
        sha256=sha256 or _object_hash(estimator),
        classes=None if classes is None else tuple(np.asarray(classes).tolist()),
        estimator=estimator,
        size_bytes=size,
    )


def from_callable(
    fn: Callable[[Any], Any],
    *,
    proba: Callable[[Any], Any] | None = None,
    classes: Sequence[Any] | None = None,
    name: str | None = None,
) -> Model:
    """Wrap a Python function from a DataFrame to predictions (and optional probabilities)."""
    return Model(
        predict_fn=fn,
        proba_fn=proba,
        name=name or str(getattr(fn, "__qualname__", type(fn).__name__)),
        kind="callable",
        sha256=_object_hash(fn),
        classes=None if classes is None else tuple(classes),
    )


def _load_skops(path: Path, trust: Sequence[str], trust_all: bool) -> Any:
    try:
        import skops.io as sio
    except ModuleNotFoundError as exc:
        raise missing_extra("skops", "robustness") from exc
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:
        raise InputError(BAD_MODEL_FILE.format(path=path, error=exc)) from exc
    refused = [t for t in untrusted if t not in set(trust)]
    if refused and not trust_all:
        raise InputError(UNTRUSTED_TYPES.format(path=path, types=", ".join(refused)))
    try:
        return sio.load(path, trusted=untrusted)
    except Exception as exc:
        raise InputError(BAD_MODEL_FILE.format(path=path, error=exc)) from exc


def _load_pickle(path: Path, trust_pickle: bool) -> Any:
    if not trust_pickle:
        raise InputError(PICKLE_REFUSED.format(path=path))
    try:
        import joblib

        return joblib.load(path)
    except Exception as exc:
        raise InputError(BAD_MODEL_FILE.format(path=path, error=exc)) from exc


def load_model(
    source: Any,
    *,
    trust_pickle: bool = False,
    trust: Sequence[str] = (),
    timeout: float = 30.0,
    batch_size: int = 1000,
) -> Model:
    """Load or wrap the model to assess.

    Parameters
    ----------
    source : path, URL, estimator, callable or Model
        A ``.skops`` file (loaded safely), an ``.onnx`` file (onnxruntime), a
        ``.joblib``/``.pkl`` file (only with ``trust_pickle``), an ``http(s)://``
        endpoint taking ``{"instances": [row, ...]}`` and answering
        ``{"predictions": [...]}``, a fitted estimator, or a function of a DataFrame.
    trust_pickle : bool, default False
        Allow unpickling (runs code from the file) and every type in a skops file.
    trust : sequence of str
        Extra type names a skops file may contain (see ``skops.io.get_untrusted_types``).
    timeout, batch_size
        For HTTP endpoints: seconds per request, rows per request.

    Returns
    -------
    Model

    Examples
    --------
    >>> from fulcrum.assess.robustness import load_model
    >>> model = load_model(lambda X: (X["x"] > 0).astype(int))
    >>> model.kind
    'callable'
    """
    if isinstance(source, Model):
        return source
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        from fulcrum.assess.robustness._http import http_model

        return http_model(source, timeout=timeout, batch_size=batch_size)
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise InputError(NO_FILE.format(path=path))
        suffix = path.suffix.lower()
        digest, size = sha256_file(path), path.stat().st_size
        if suffix == ".onnx":
            from fulcrum.assess.robustness._onnx import onnx_model

            return onnx_model(path, sha256=digest)
        if suffix == ".skops":
            estimator = _load_skops(path, trust, trust_pickle)
        elif suffix in _PICKLES:
            estimator = _load_pickle(path, trust_pickle)
        else:
            raise InputError(UNKNOWN_MODEL.format(path=path, suffix=suffix))
        if not hasattr(estimator, "predict"):
            raise InputError(NOT_A_MODEL.format(kind=f"{path}: {type(estimator).__name__}"))
        return from_estimator(estimator, name=path.name, sha256=digest, size=size)
    if hasattr(source, "predict"):
        return from_estimator(source)
    if callable(source):
        return from_callable(source)
    raise InputError(NOT_A_MODEL.format(kind=type(source).__name__))
