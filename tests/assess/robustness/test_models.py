"""Loading models: skops (safe), pickles only when trusted, ONNX, HTTP endpoints, callables."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from fulcrum._hashing import sha256_file
from fulcrum.assess.robustness import assess_robustness, from_callable, load_model
from fulcrum.assess.robustness._messages import PICKLE_REFUSED, UNKNOWN_MODEL
from fulcrum.errors import DataError, InputError

from ._compas import FEATURES, compas, pipeline


@pytest.fixture(scope="module")
def cancer() -> tuple[pd.DataFrame, np.ndarray, object]:
    data = load_breast_cancer(as_frame=True)
    X = data.data.iloc[:, :6]
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X.to_numpy(), data.target)
    return X, data.target.to_numpy(), model


def test_skops_round_trip_predicts_like_the_estimator(tmp_path) -> None:
    import skops.io as sio

    path = tmp_path / "model.skops"
    sio.dump(pipeline(), path)
    model = load_model(path)
    frame = compas()[FEATURES].iloc[:200]
    assert np.array_equal(model.predict(frame), pipeline().predict(frame))
    assert model.sha256 == sha256_file(path)
    assert model.kind == "sklearn"


def test_skops_untrusted_types_are_refused_until_trusted(tmp_path) -> None:
    import skops.io as sio

    X, y = compas()[["age", "priors_count"]], compas()["two_year_recid"]
    path = tmp_path / "hgb.skops"
    sio.dump(HistGradientBoostingClassifier(max_iter=3).fit(X, y), path)
    untrusted = sio.get_untrusted_types(file=path)
    assert untrusted  # the premise: this estimator holds a type skops does not trust by default
    with pytest.raises(InputError, match="not trusted by default") as info:
        load_model(path)
    assert str(path) in str(info.value) and untrusted[0] in str(info.value)
    assert load_model(path, trust=untrusted).predict(X.iloc[:5]).shape == (5,)


def test_pickle_needs_trust(tmp_path) -> None:
    import joblib

    path = tmp_path / "model.joblib"
    joblib.dump(pipeline(), path)
    with pytest.raises(InputError) as info:
        load_model(path)
    assert str(info.value) == PICKLE_REFUSED.format(path=path)
    model = load_model(path, trust_pickle=True)
    assert model.sha256 == sha256_file(path)


def test_unknown_and_missing_files(tmp_path) -> None:
    bad = tmp_path / "model.h5"
    bad.write_bytes(b"x")
    with pytest.raises(InputError) as info:
        load_model(bad)
    assert str(info.value) == UNKNOWN_MODEL.format(path=bad, suffix=".h5")
    with pytest.raises(InputError, match="no such model file"):
        load_model(tmp_path / "absent.skops")
    broken = tmp_path / "broken.skops"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"broken\.skops"):
        load_model(broken)


def test_onnx_matches_scikit_learn(tmp_path, cancer) -> None:
    from skl2onnx import to_onnx

    X, _, estimator = cancer
    path = tmp_path / "model.onnx"
    path.write_bytes(to_onnx(estimator, X.to_numpy()[:1].astype(np.float32)).SerializeToString())
    model = load_model(path)
    assert model.kind == "onnx" and model.sha256 == sha256_file(path)
    assert np.array_equal(model.predict(X), estimator.predict(X.to_numpy()))
    proba = model.predict_proba(X)
    assert np.allclose(proba, estimator.predict_proba(X.to_numpy()), atol=1e-5)
    text = X.assign(mean_radius_text=X["mean radius"].astype(str))
    with pytest.raises(DataError, match="'mean_radius_text' is not numeric"):
        model.predict(text)


class _Handler(BaseHTTPRequestHandler):
    """A prediction server: 1 when the first feature exceeds the server's cut."""

    cut = 14.0

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        rows = body["instances"]
        if self.path == "/strict" and any(v is None for r in rows for v in r.values()):
            self.send_error(422, "missing values")
            return
        if self.path == "/short":
            rows = rows[:-1]
        predictions = [int((r["mean radius"] or 0.0) > self.cut) for r in rows]
        payload = json.dumps({"predictions": predictions}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_http_endpoint(server: str, cancer) -> None:
    X, y, _ = cancer
    model = load_model(server + "/predict", batch_size=100)
    expected = (X["mean radius"] > _Handler.cut).astype(int).to_numpy()
    assert np.array_equal(model.predict(X), expected)
    # Missing values travel as JSON null (the server reads them as 0).
    result = assess_robustness(
        server + "/predict",
        X.assign(y=y),
        label="y",
        corruptions=["missing"],
        severities={"missing": [0.2]},
        stability_repeats=1,
    )
    point = result.report["curves"]["missing"]["points"][0]
    assert "error" not in point and 0.0 < point["flip_rate"] < 0.5


def test_http_refusal_of_corrupted_rows_is_a_finding(server: str, cancer) -> None:
    X, y, _ = cancer
    result = assess_robustness(
        server + "/strict",
        X.assign(y=y),
        label="y",
        corruptions=["missing", "gaussian"],
        severities={"missing": [0.2], "gaussian": [0.1]},
        stability_repeats=1,
    )
    missing = result.report["curves"]["missing"]["points"][0]
    assert "HTTP 422" in missing["error"] and "/strict" in missing["error"]
    assert "error" not in result.report["curves"]["gaussian"]["points"][0]
    with pytest.raises(InputError, match="the prediction endpoint failed"):
        assess_robustness("http://127.0.0.1:9/p", X.assign(y=y), label="y")


def test_http_errors_name_the_url(server: str, cancer) -> None:
    X = cancer[0]
    with pytest.raises(DataError, match="/short: the reply"):
        load_model(server + "/short").predict(X.iloc[:3])
    with pytest.raises(InputError, match=r"127\.0\.0\.1:9/p: the prediction endpoint failed"):
        load_model("http://127.0.0.1:9/p", timeout=2).predict(X.iloc[:3])


def test_callables_are_hashed_by_content() -> None:
    def rule_a(X):
        return X["x"] > 0

    def rule_b(X):
        return X["x"] > 1

    a, b = from_callable(rule_a), from_callable(rule_b)
    assert a.sha256 != b.sha256
    assert load_model(rule_a).sha256 == a.sha256
    with pytest.raises(InputError, match="no predict method"):
        load_model(42)


def test_onnx_with_one_input_per_column(tmp_path) -> None:
    # Given the COMPAS pipeline (text and integer columns) exported with one input per column
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import Int64TensorType, StringTensorType

    from ._compas import CATEGORICAL, NUMERIC

    types = [(c, Int64TensorType([None, 1])) for c in NUMERIC]
    types += [(c, StringTensorType([None, 1])) for c in CATEGORICAL]
    classifier = pipeline().steps[-1][1]
    exported = convert_sklearn(
        pipeline(), initial_types=types, options={id(classifier): {"zipmap": False}}
    )
    path = tmp_path / "columns.onnx"
    path.write_bytes(exported.SerializeToString())
    # When it is loaded, Then it predicts as scikit-learn does, column by column
    model = load_model(path)
    frame = compas()[FEATURES].iloc[:400]
    assert np.array_equal(model.predict(frame), pipeline().predict(frame))
    assert np.allclose(model.predict_proba(frame), pipeline().predict_proba(frame), atol=1e-5)
    with pytest.raises(DataError, match="expects input 'race'"):
        model.predict(frame.drop(columns=["race"]))
    # noisy counts are rounded to the nearest whole number, not truncated
    nudged = frame.assign(age=frame["age"] + 0.6)
    rounded = frame.assign(age=frame["age"] + 1)
    assert np.array_equal(model.predict_proba(nudged), model.predict_proba(rounded))
    with pytest.raises(
        DataError, match=r"input 'age' is tensor\(int64\), which cannot hold missing"
    ):
        model.predict(frame.assign(age=frame["age"].where(frame["age"] > 30)))
