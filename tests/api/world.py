"""A shared review world built once through the API: users, tokens, committees, cases.

Only the first admin is created through the service (an empty database has no one to
log in as); everything else goes through HTTP, as a client would.
"""

from __future__ import annotations

import base64
import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from fastapi.testclient import TestClient

from fulcrum.api import create_app
from fulcrum.auth import UserService

API = "/api/v1"
PASSWORD = "correct horse battery"
#: The five roles and the user who plays each in the matrix.
ROLE_USERS = {
    "admin": "root",
    "chair": "chen",
    "reviewer": "fan",
    "submitter": "sam",
    "auditor": "aud",
}
#: chair, vice chair and five members: technical, ethics and law; two genders; one external.
MEMBERS = [
    ("chen", "chair", ["ethics"], False, "f"),
    ("dai", "vice_chair", ["technical"], False, "m"),
    ("eva", "member", ["law"], True, "f"),
    ("fan", "member", ["technical"], False, "m"),
    ("gao", "member", ["ethics"], False, "f"),
    ("hu", "member", ["technical"], False, "m"),
    ("ivy", "member", ["law"], False, "f"),
]
OTHER_USERS = [
    ("sam", "submitter"),
    ("olga", "submitter"),
    ("aud", "auditor"),
    ("gone", "reviewer"),
]


def profile(slug: str) -> dict[str, Any]:
    """A loan-scoring system reviewed by the Ethics committee under the general procedure."""
    return {
        "id": slug,
        "name": f"Loan scorer {slug}",
        "version": "1",
        "description": "Scores consumer loan applications.",
        "owner": "olga",
        "jurisdictions": ["CN"],
        "role": "provider",
        "purposes": ["credit_scoring"],
        "data_categories": ["personal", "financial"],
        "automation": "human_in_the_loop",
        "decision_impact": "significant",
    }


@dataclass
class World:
    """The template database and what the matrix needs to address in it."""

    path: Path
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)

    def copy_to(self, folder: Path) -> str:
        """A fresh copy of the template database; returns its URL."""
        target = folder / "world.db"
        source, copy = sqlite3.connect(self.path), sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()
        return f"sqlite:///{target}"


def _ok(response: Any, *codes: int) -> Any:
    assert response.status_code in (codes or (200, 201, 204)), (
        response.request.method,
        response.request.url,
        response.status_code,
        response.text[:500],
    )
    return response.json() if response.content else None


class Client:
    """A TestClient that acts as one user."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **kw: Any) -> Any:
        return _ok(self.client.get(API + path, headers=self.headers, **kw))

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return _ok(self.client.post(API + path, json=json, headers=self.headers, **kw))

    def patch(self, path: str, json: Any) -> Any:
        return _ok(self.client.patch(API + path, json=json, headers=self.headers))

    def delete(self, path: str) -> Any:
        return _ok(self.client.delete(API + path, headers=self.headers))


def answer_all(as_sam: Client, case_id: int) -> None:
    """Answer every required question (documents cite one uploaded file)."""
    doc = as_sam.post(
        f"/cases/{case_id}/evidence", files={"file": ("dpia.pdf", b"%PDF-1.4 impact assessment")}
    )["id"]
    answers = [
        {
            "question": q["key"],
            "value": q["choices"][0] if q["answer"] == "choice" else "yes",
            "evidence_ids": [doc] if q["answer"] == "document" else [],
        }
        for q in as_sam.get(f"/cases/{case_id}/questions", params={"limit": 1000})["data"]
        if q["required"]
    ]
    as_sam.post(f"/cases/{case_id}/answers/batch", {"answers": answers})


def _public_key() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.generate().public_key()
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def build_world(folder: Path) -> World:
    """Build the template database in ``folder`` and return it."""
    path = folder / "template.db"
    url = f"sqlite:///{path}"
    app = create_app(url)
    with app.state.db.unit_of_work() as session:
        UserService(session).add(None, "root", role="admin", password=PASSWORD)
    world = World(path)
    with TestClient(app) as http:
        login = http.post(f"{API}/auth/token", data={"username": "root", "password": PASSWORD})
        root = Client(http, _ok(login)["access_token"])
        for name, seat, *_ in MEMBERS:
            role = "chair" if seat in {"chair", "vice_chair"} else "reviewer"
            root.post("/users", {"username": name, "role": role})
        for name, role in OTHER_USERS:
            root.post("/users", {"username": name, "role": role, "password": PASSWORD})
        root.post("/committees/defaults")
        for name, seat, expertise, external, gender in MEMBERS:
            root.post(
                "/committees/ethics/members",
                {
                    "user": name,
                    "role": seat,
                    "expertise": expertise,
                    "external": external,
                    "gender": gender,
                },
            )
        for name in {*ROLE_USERS.values(), *(m[0] for m in MEMBERS), "gone"}:
            world.tokens[name] = root.post(f"/users/{name}/tokens", {"name": "matrix"})["secret"]
        as_ = {name: Client(http, secret) for name, secret in world.tokens.items()}
        sam, chen = as_["sam"], as_["chen"]
        for slug in ("sys-a", "sys-b", "sys-c", "sys-d", "sys-e", "sys-f"):
            sam.post("/systems", profile(slug))

        def opened(slug: str) -> int:
            return int(sam.post("/cases", {"system": slug})["id"])

        # A: a draft with one uploaded file
        a = opened("sys-a")
        world.ids["A"] = a
        world.ids["A_evidence"] = sam.post(
            f"/cases/{a}/evidence", files={"file": ("model-card.md", b"# Model card\n")}
        )["id"]
        questions = sam.get(f"/cases/{a}/questions", params={"limit": 1000})["data"]
        world.ids["A_question"] = next(q["key"] for q in questions if q["answer"] == "yes_no")
        # D submitted, E in screening, B in review, C approved with a condition for sam
        for key in ("D", "E", "B", "C"):
            case = opened(f"sys-{key.lower()}")
            world.ids[key] = case
            answer_all(sam, case)
            sam.post(f"/cases/{case}/submit")
            if key == "D":
                continue
            chen.post(f"/cases/{case}/screen")
            if key == "E":
                continue
            chen.post(f"/cases/{case}/start")
        c = world.ids["C"]
        for member in ("dai", "eva", "fan", "gao", "hu"):
            as_[member].post(f"/cases/{c}/votes", {"choice": "approve"})
        due = (dt.date.today() + dt.timedelta(days=90)).isoformat()
        chen.post(
            f"/cases/{c}/decisions",
            {
                "outcome": "approved_with_conditions",
                "rationale": "fair enough",
                "conditions": [{"text": "Publish the model card", "owner": "sam", "due": due}],
            },
        )
        detail = sam.get(f"/cases/{c}")
        assert detail["state"] == "monitoring", detail["state"]
        world.ids["C_condition"] = detail["conditions"][0]["id"]
        world.ids["C_evidence"] = sam.post(
            f"/cases/{c}/evidence", files={"file": ("card.md", b"# Published card\n")}
        )["id"]
        world.ids["sam_token"] = sam.get("/users/sam/tokens")["data"][0]["id"]
        world.ids["profile"] = profile("sys-a")
        world.ids["obligation"] = sam.get("/systems/sys-a/obligations")["data"][0]["obligation"]
        world.ids["A_sha"] = sam.get(f"/cases/{a}/evidence/{world.ids['A_evidence']}")["sha256"]
        root.post("/evidence/signers", {"name": "ci", "public_key": _public_key()})
        world.ids["checkpoint"] = root.get("/audit/checkpoint")
        # Tokens that must never work: expired, revoked, and a deactivated user's
        world.tokens["expired"] = _expired_token(app, "fan")
        world.tokens["revoked"] = root.post("/users/fan/tokens", {"name": "leaked"})["secret"]
        revoked_id = max(t["id"] for t in root.get("/users/fan/tokens")["data"])
        root.delete(f"/users/fan/tokens/{revoked_id}")
        world.tokens["deactivated"] = world.tokens.pop("gone")
        root.patch("/users/gone", {"active": False})
    app.state.db.dispose()
    return world


def _expired_token(app: Any, username: str) -> str:
    """A token issued two days ago for one hour (the service's clock is set back)."""
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    with (
        app.state.db.unit_of_work() as session,
        mock.patch("fulcrum.auth._service._now", return_value=past),
    ):
        service = UserService(session)
        admin = service.resolve("root")
        return service.issue_token(admin, username, name="old", ttl_hours=1).secret
