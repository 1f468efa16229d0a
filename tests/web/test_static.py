"""Vendored assets are the released files, and static files are served."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

STATIC = Path(__file__).parents[2] / "src" / "fulcrum" / "web" / "static"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"


def test_vendored_htmx_is_the_released_file_with_its_licence() -> None:
    body = (STATIC / "htmx-2.0.11.min.js").read_bytes()
    assert hashlib.sha256(body).hexdigest() == HTMX_SHA256
    assert "Zero-Clause BSD" in (STATIC / "htmx-LICENSE.txt").read_text()
    assert HTMX_SHA256 in (STATIC / "VENDORED.md").read_text()


def test_static_files_are_served(app: FastAPI) -> None:
    client = TestClient(app)
    js = client.get("/static/htmx-2.0.11.min.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert client.get("/static/fulcrum.css").status_code == 200
