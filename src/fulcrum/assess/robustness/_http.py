"""A prediction endpoint over HTTP: ``{"instances": [row, ...]}`` in, predictions out.

The request body is JSON with one object per row (feature name to value, missing
values as ``null``), sent in batches. The reply must be ``{"predictions": [...]}``
with one value per row. The standard library's ``urllib`` does the requests.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import numpy as np

from fulcrum._hashing import sha256_text
from fulcrum.assess.robustness._messages import HTTP_BAD_REPLY, HTTP_FAILED
from fulcrum.assess.robustness._models import Model
from fulcrum.errors import DataError, InputError


class EndpointUnreachable(InputError):
    """The endpoint could not be reached at all (not a verdict on the rows sent)."""


def _records(X: Any) -> list[dict[str, Any]]:
    frame = X.astype(object).where(X.notna(), None)
    rows = frame.to_dict(orient="records")
    return [
        {str(k): (v.item() if isinstance(v, np.generic) else v) for k, v in r.items()} for r in rows
    ]


def _post(url: str, rows: list[dict[str, Any]], timeout: float) -> dict[str, Any]:
    body = json.dumps({"instances": rows}, allow_nan=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            payload = json.loads(reply.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise InputError(
            HTTP_FAILED.format(url=url, error=f"HTTP {exc.code} {exc.reason}")
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise EndpointUnreachable(HTTP_FAILED.format(url=url, error=exc)) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(HTTP_BAD_REPLY.format(url=url, detail=f"not JSON: {exc}")) from exc
    predictions = payload.get("predictions") if isinstance(payload, dict) else None
    if not isinstance(predictions, list) or len(predictions) != len(rows):
        got = len(predictions) if isinstance(predictions, list) else "no"
        raise DataError(
            HTTP_BAD_REPLY.format(url=url, detail=f"{got} predictions for {len(rows)} rows")
        )
    return payload


def http_model(url: str, *, timeout: float = 30.0, batch_size: int = 1000) -> Model:
    """Wrap an HTTP endpoint; the content hash is of the URL (the model itself is remote)."""

    def predict(X: Any) -> np.ndarray:
        out: list[Any] = []
        for start in range(0, len(X), batch_size):
            out.extend(
                _post(url, _records(X.iloc[start : start + batch_size]), timeout)["predictions"]
            )
        return np.asarray(out)

    return Model(
        predict_fn=predict,
        name=url,
        kind="http",
        sha256=sha256_text(url),
    )
