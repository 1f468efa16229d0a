"""Every endpoint x every role, plus anonymous, expired, revoked and deactivated tokens.

The expected codes are written out by hand from what each role is for (and which
user plays it in the world: ``chen`` chairs the Ethics committee reviewing every
case, ``fan`` sits on it, ``sam`` submitted every case and registered every
system, ``aud`` audits); they are deliberately not derived from the permission
table the services check. Reads share one copy of the world; every write runs
on its own fresh copy, so no cell sees another's effects.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fulcrum.api import create_app
from fulcrum.api._app import open_database
from fulcrum.api._settings import ApiSettings
from fulcrum.evidence import Evidence

from .world import API, PASSWORD, ROLE_USERS, World

ROLES = ("admin", "chair", "reviewer", "submitter", "auditor")
REFUSED = ("anonymous", "expired", "revoked", "deactivated")
ALL = (200, 200, 200, 200, 200)
DUE = (dt.date.today() + dt.timedelta(days=30)).isoformat()

#: (method, path, body) -> codes for admin, chair, reviewer, submitter, auditor.
#: Everyone in REFUSED gets 401 everywhere. ``{A}`` etc. are filled from the world.
MATRIX: list[tuple[str, str, Any, tuple[int, int, int, int, int]]] = [
    # -- systems: everyone reads; submitters (and admins) register
    ("GET", "/systems", None, ALL),
    ("GET", "/systems/sys-a", None, ALL),
    ("GET", "/systems/sys-a/versions", None, ALL),
    ("GET", "/systems/sys-a/versions/1", None, ALL),
    ("GET", "/systems/sys-a/classification", None, ALL),
    ("GET", "/systems/sys-a/obligations", None, ALL),
    ("GET", "/systems/sys-a/obligations/{obligation}", None, ALL),
    # reports: whoever reads a system may take its reports (each logged with its hash)
    ("GET", "/systems/sys-a/reports/model-card?format=md", None, ALL),
    ("POST", "/systems", "new-profile", (201, 403, 403, 201, 403)),
    ("POST", "/systems/sys-a/classification", None, (200, 200, 403, 200, 403)),
    ("POST", "/systems/sys-c/incidents", {"description": "bias"}, (201, 201, 403, 201, 403)),
    (
        "PATCH",
        "/systems/sys-a/obligations/{obligation}",
        {"owner": "sam"},
        (200, 403, 403, 200, 403),
    ),
    (
        "POST",
        "/systems/sys-a/obligations/{obligation}/evidence",
        "link",
        (200, 403, 403, 200, 403),
    ),
    # -- catalog: read-only for everyone
    ("GET", "/catalog/frameworks", None, ALL),
    ("GET", "/catalog/provisions?framework=eu-ai-act", None, ALL),
    ("GET", "/catalog/requirements?framework=eu-ai-act", None, ALL),
    ("GET", "/catalog/items?kind=principles", None, ALL),
    ("GET", "/catalog/items/eu-ai-act:art-9-risk-management", None, ALL),
    ("GET", "/catalog/crosswalks/eu-ai-act:art-9-risk-management", None, ALL),
    ("GET", "/catalog/search?q=risk", None, ALL),
    (
        "GET",
        "/catalog/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20dpv%3ALaw%20%7D",
        None,
        ALL,
    ),
    # -- cases: everyone reads
    ("GET", "/cases", None, ALL),
    ("GET", "/cases/overdue", None, ALL),
    ("GET", "/cases/{A}", None, ALL),
    ("GET", "/cases/{A}/questions", None, ALL),
    ("GET", "/cases/{A}/answers", None, ALL),
    ("GET", "/cases/{B}/votes", None, ALL),
    ("GET", "/cases/{B}/recusals", None, ALL),
    ("GET", "/cases/{C}/decisions", None, ALL),
    ("GET", "/cases/{C}/conditions", None, ALL),
    # -- the submitter's side (A is an unanswered draft: submitting it is refused, 409)
    ("POST", "/cases", {"system": "sys-f"}, (201, 403, 403, 201, 403)),
    ("POST", "/cases/{A}/answers", "answer", (201, 403, 403, 201, 403)),
    ("POST", "/cases/{A}/answers/batch", "answers", (201, 403, 403, 201, 403)),
    ("POST", "/cases/{A}/submit", None, (409, 403, 403, 409, 403)),
    ("POST", "/cases/{A}/withdraw", {"reason": "not needed"}, (200, 403, 403, 200, 403)),
    # -- the chair's side (D submitted, E in screening, B in review, C approved)
    ("POST", "/cases/{D}/screen", None, (200, 200, 403, 403, 403)),
    ("POST", "/cases/{E}/start", None, (200, 200, 403, 403, 403)),
    ("POST", "/cases/{E}/return", {"reason": "incomplete"}, (200, 200, 403, 403, 403)),
    (
        "PUT",
        "/cases/{B}/procedure",
        {"procedure": "simplified", "reason": "small"},
        (200, 200, 403, 403, 403),
    ),
    ("POST", "/cases/{C}/rereview", {"reason": "yearly"}, (201, 201, 403, 403, 403)),
    # -- the committee: seated members vote; the admin holds no seat; no quorum yet (409)
    ("POST", "/cases/{B}/votes", {"choice": "approve"}, (403, 201, 201, 403, 403)),
    ("POST", "/cases/{B}/recusals", {"reason": "conflict"}, (201, 201, 201, 403, 403)),
    ("POST", "/cases/{B}/decisions", {"outcome": "approved"}, (403, 409, 403, 403, 403)),
    ("POST", "/cases/{C}/expert-review", {"experts": 5, "agree": 5}, (409, 409, 403, 403, 403)),
    (
        "POST",
        "/cases/{C}/conditions",
        {"text": "Retrain", "owner": "sam", "due": DUE},
        (201, 201, 403, 403, 403),
    ),
    ("POST", "/cases/{C}/conditions/{C_condition}/fulfilment", "fulfil", (200, 200, 403, 200, 403)),
    # -- evidence on a case, and the store
    ("GET", "/cases/{A}/evidence", None, ALL),
    ("GET", "/cases/{A}/evidence/{A_evidence}", None, ALL),
    ("GET", "/cases/{A}/evidence/{A_evidence}/content", None, ALL),
    ("GET", "/cases/{A}/evidence/{A_evidence}/verify", None, ALL),
    ("POST", "/cases/{A}/evidence", "file", (201, 201, 403, 201, 403)),
    ("POST", "/cases/{A}/evidence/records", "record", (201, 201, 403, 201, 403)),
    ("GET", "/evidence/{A_sha}", None, ALL),
    ("GET", "/evidence/{A_sha}/verify", None, ALL),
    ("GET", "/evidence/signers", None, ALL),
    ("POST", "/evidence", "file", (201, 201, 201, 201, 403)),
    ("POST", "/evidence/records", "record", (201, 201, 201, 201, 403)),
    ("POST", "/evidence/signers", "signer", (201, 403, 403, 403, 403)),
    ("DELETE", "/evidence/signers/ci", None, (204, 403, 403, 403, 403)),
    # -- committees: everyone reads, admins manage
    ("GET", "/committees", None, ALL),
    ("GET", "/committees/ethics", None, ALL),
    ("POST", "/committees", {"slug": "audit-board"}, (201, 403, 403, 403, 403)),
    ("POST", "/committees/defaults", None, (200, 403, 403, 403, 403)),
    ("POST", "/committees/ethics/members", {"user": "olga"}, (201, 403, 403, 403, 403)),
    ("DELETE", "/committees/ethics/members/ivy", None, (204, 403, 403, 403, 403)),
    # -- users and tokens: oneself, admins for anyone, auditors read the user list
    ("GET", "/users", None, (200, 403, 403, 403, 200)),
    ("GET", "/users/me", None, ALL),
    ("GET", "/users/sam", None, (200, 403, 403, 200, 200)),
    ("GET", "/users/sam/tokens", None, (200, 403, 403, 200, 403)),
    ("POST", "/users", {"username": "newbie", "role": "reviewer"}, (201, 403, 403, 403, 403)),
    ("PATCH", "/users/sam", {"role": "reviewer"}, (200, 403, 403, 403, 403)),
    (
        "PUT",
        "/users/sam/password",
        {"new": "another long one", "current": PASSWORD},
        (204, 403, 403, 204, 403),
    ),
    ("POST", "/users/sam/tokens", {"name": "ci"}, (201, 403, 403, 201, 403)),
    ("DELETE", "/users/sam/tokens/{sam_token}", None, (204, 403, 403, 204, 403)),
    # -- audit: chairs and auditors verify, auditors export
    ("GET", "/audit/verify", None, (200, 200, 403, 403, 200)),
    ("POST", "/audit/verify", "checkpoint", (200, 200, 403, 403, 200)),
    ("GET", "/audit/events", None, (200, 200, 403, 403, 200)),
    ("GET", "/audit/export", None, (200, 403, 403, 403, 200)),
    ("GET", "/audit/checkpoint", None, (200, 200, 403, 403, 200)),
    ("GET", "/audit/public-key", None, ALL),
]


#: Values for the placeholders when matching rows against the OpenAPI paths.
_SAMPLE = {
    "A": 1,
    "B": 2,
    "C": 3,
    "D": 4,
    "E": 5,
    "obligation": "x:y",
    "C_condition": 1,
    "A_evidence": 1,
    "A_sha": "0" * 64,
    "sam_token": 1,
}

#: Cells where a service does not yet do what the table says; reported to the lead.
KNOWN_GAPS: dict[str, str] = {}


def _record() -> dict[str, Any]:
    return Evidence.build(kind="fairness", title="matrix", metrics={"n": 1}).model_dump(mode="json")


def _public_key() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _request(world: World, method: str, path: str, body: Any) -> dict[str, Any]:
    """Keyword arguments for ``TestClient.request``."""
    url = API + path.format(**world.ids)
    if body is None:
        return {"method": method, "url": url}
    if body == "file":
        return {"method": method, "url": url, "files": {"file": ("m.txt", b"matrix")}}
    payload = (
        {
            "new-profile": lambda: {**world.ids["profile"], "id": "sys-new"},
            "answer": lambda: {"question": world.ids["A_question"], "value": "yes"},
            "answers": lambda: {"answers": [{"question": world.ids["A_question"], "value": "no"}]},
            "fulfil": lambda: {"evidence_id": world.ids["C_evidence"], "note": "done"},
            "record": lambda: {"record": _record()},
            "link": lambda: {"sha256": world.ids["A_sha"]},
            "signer": lambda: {"name": "ci-2", "public_key": _public_key()},
            "checkpoint": lambda: {"checkpoint": world.ids["checkpoint"]},
        }.get(body)
        if isinstance(body, str)
        else None
    )
    return {"method": method, "url": url, "json": payload() if payload else body}


@pytest.fixture(scope="module")
def reader(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app on one copy of the world, for reads and refused identities."""
    app = create_app(world.copy_to(tmp_path_factory.mktemp("reader")), migrate=False)
    with TestClient(app) as http:
        yield http
    app.state.db.dispose()


@pytest.fixture(scope="module")
def writer(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app whose database is swapped for a fresh copy of the world before each write."""
    app = create_app(world.copy_to(tmp_path_factory.mktemp("writer")), migrate=False)
    with TestClient(app) as http:
        yield http
    app.state.db.dispose()


def _on_fresh_copy(app: FastAPI, world: World, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    app.state.db.dispose()
    app.state.db = open_database(ApiSettings(database_url=world.copy_to(folder)), migrate=False)


def _id(row: tuple[str, str, Any, Any]) -> str:
    return f"{row[0]} {row[1]}"


def _params() -> list[Any]:
    out = []
    for row in MATRIX:
        gap = KNOWN_GAPS.get(_id(row))
        marks = [pytest.mark.xfail(reason=gap, strict=False)] if gap else []
        out.append(pytest.param(row, id=_id(row), marks=marks))
    return out


@pytest.mark.parametrize("row", _params())
def test_matrix(
    row: tuple[str, str, Any, tuple[int, ...]],
    world: World,
    reader: TestClient,
    writer: TestClient,
    tmp_path: Path,
) -> None:
    method, path, body, codes = row
    expected = dict(zip(ROLES, codes, strict=True)) | dict.fromkeys(REFUSED, 401)
    write = method != "GET" and not path.startswith("/audit/verify")
    got: dict[str, int] = {}
    for who in (*ROLES, *REFUSED):
        headers = {}
        if who != "anonymous":
            token = world.tokens[ROLE_USERS.get(who, who)]
            headers["Authorization"] = f"Bearer {token}"
        client = reader
        if write and who in ROLES:
            client = writer
            _on_fresh_copy(writer.app, world, tmp_path / who)  # type: ignore[arg-type]
        response = client.request(headers=headers, **_request(world, method, path, body))
        got[who] = response.status_code
        if response.status_code >= 400:
            assert response.headers["content-type"] == "application/problem+json", response.text
        if response.status_code == 401:
            assert response.headers["www-authenticate"].startswith("Bearer")
    assert got == expected


def test_the_matrix_covers_every_endpoint(reader: TestClient) -> None:
    # Given the OpenAPI document, Then every operation but the sign-in has a row above
    spec = reader.get(f"{API}/openapi.json").json()
    documented = {
        (method.upper(), path.removeprefix(API))
        for path, operations in spec["paths"].items()
        for method in operations
    } - {("POST", "/auth/token")}
    placeholders = re.compile(r"\{[^}]+\}")
    covered = {
        (method, placeholders.sub("{}", path.split("?")[0])) for method, path, _, _ in MATRIX
    }
    for method, path in documented:
        concrete = placeholders.sub("{}", path)
        assert (method, concrete) in covered or any(
            m == method and re.fullmatch(placeholders.sub("[^/]+", path), p.format(**_SAMPLE))
            for m, p, _, _ in MATRIX
        ), f"{method} {path} has no row in MATRIX"
