"""HTTP behaviour: login, problem details, headers, CORS, size limits, ETags, paging."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from fulcrum.api import ApiSettings, create_app

from .conftest import bearer
from .world import API, PASSWORD, World


def test_password_flow_issues_a_working_bearer_token(client: TestClient) -> None:
    # Given a user with a password, When posting the OAuth2 form, Then a bearer token
    issued = client.post(f"{API}/auth/token", data={"username": "sam", "password": PASSWORD})
    assert issued.status_code == 200
    body = issued.json()
    assert body["token_type"] == "bearer"
    me = client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["username"] == "sam"


def test_wrong_password_is_401_problem(client: TestClient) -> None:
    wrong = client.post(f"{API}/auth/token", data={"username": "sam", "password": "nope nope"})
    assert wrong.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    assert wrong.json()["type"] == "urn:fulcrum:problem:unauthenticated"
    missing = client.post(f"{API}/auth/token", data={"username": "sam"})
    assert missing.status_code == 422


def test_errors_are_problem_details(client: TestClient, world: World) -> None:
    headers = bearer(world, "sam")
    unknown = client.get(f"{API}/cases/999999", headers=headers)
    assert unknown.status_code == 404
    problem = unknown.json()
    assert set(problem) >= {"type", "title", "status", "detail", "instance"}
    assert problem["status"] == 404 and "999999" in problem["detail"]
    invalid = client.post(
        f"{API}/cases/{world.ids['B']}/votes", json={"choice": "maybe"}, headers=headers
    )
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["loc"][-1] == "choice"
    assert client.get(f"{API}/no-such-thing", headers=headers).status_code == 404


def test_security_headers_and_no_store(client: TestClient, world: World) -> None:
    response = client.get(f"{API}/systems", headers=bearer(world, "aud"))
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"


def test_cors_is_off_by_default_and_follows_the_allow_list(world: World, tmp_path: Path) -> None:
    origin = {"Origin": "https://ui.example.org"}
    with TestClient(create_app(world.copy_to(tmp_path), migrate=False)) as off:
        response = off.get(f"{API}/systems", headers={**origin, **bearer(world, "aud")})
        assert "access-control-allow-origin" not in response.headers
    (tmp_path / "on").mkdir()
    settings = ApiSettings(
        database_url=world.copy_to(tmp_path / "on"), cors_origins=["https://ui.example.org"]
    )
    with TestClient(create_app(settings, migrate=False)) as on:
        response = on.get(f"{API}/systems", headers={**origin, **bearer(world, "aud")})
        assert response.headers["access-control-allow-origin"] == "https://ui.example.org"
        other = on.get(f"{API}/systems", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
    with pytest.raises(ValueError, match="refused"):
        ApiSettings(cors_origins=["*"])


def test_bodies_over_the_limit_are_413(world: World, tmp_path: Path) -> None:
    settings = ApiSettings(
        database_url=world.copy_to(tmp_path), max_body_bytes=2048, max_upload_bytes=4096
    )
    with TestClient(create_app(settings, migrate=False)) as small:
        headers = bearer(world, "root")
        big_json = small.post(
            f"{API}/users",
            content=b" " * 5000,
            headers={**headers, "content-type": "application/json"},
        )
        assert big_json.status_code == 413
        assert big_json.headers["content-type"] == "application/problem+json"
        case = world.ids["A"]
        fits = small.post(
            f"{API}/cases/{case}/evidence", files={"file": ("a.bin", b"x" * 3000)}, headers=headers
        )
        assert fits.status_code == 201, fits.text
        too_big = small.post(
            f"{API}/cases/{case}/evidence", files={"file": ("b.bin", b"x" * 9000)}, headers=headers
        )
        assert too_big.status_code == 413


def test_if_match_guards_case_writes(client: TestClient, world: World) -> None:
    # Given the ETag of case A
    headers = bearer(world, "sam")
    case = world.ids["A"]
    etag = client.get(f"{API}/cases/{case}", headers=headers).headers["etag"]
    answer = {"question": world.ids["A_question"], "value": "yes"}
    # When answering with a stale ETag, Then 412 and nothing changes
    stale = client.post(
        f"{API}/cases/{case}/answers", json=answer, headers={**headers, "If-Match": '"case-0-0"'}
    )
    assert stale.status_code == 412
    assert client.get(f"{API}/cases/{case}/answers", headers=headers).json()["count"] == 0
    # When answering with the current ETag, Then it is stored and a new ETag comes back
    done = client.post(
        f"{API}/cases/{case}/answers", json=answer, headers={**headers, "If-Match": etag}
    )
    assert done.status_code == 201
    assert done.headers["etag"] != etag
    # And the old ETag is now stale
    again = client.post(
        f"{API}/cases/{case}/answers", json=answer, headers={**headers, "If-Match": etag}
    )
    assert again.status_code == 412


def test_if_match_guards_user_updates(client: TestClient, world: World) -> None:
    headers = bearer(world, "root")
    etag = client.get(f"{API}/users/olga", headers=headers).headers["etag"]
    stale = client.patch(
        f"{API}/users/olga", json={"role": "chair"}, headers={**headers, "If-Match": '"x"'}
    )
    assert stale.status_code == 412
    fresh = client.patch(
        f"{API}/users/olga", json={"role": "chair"}, headers={**headers, "If-Match": etag}
    )
    assert fresh.status_code == 200 and fresh.json()["role"] == "chair"


def test_paging(client: TestClient, world: World) -> None:
    headers = bearer(world, "aud")
    page = client.get(f"{API}/systems", params={"offset": 2, "limit": 3}, headers=headers).json()
    assert page["count"] == 6
    assert [s["id"] for s in page["data"]] == ["sys-c", "sys-d", "sys-e"]
    assert client.get(f"{API}/systems", params={"limit": 0}, headers=headers).status_code == 422


def test_submitter_may_not_vote_on_own_case(client: TestClient, world: World) -> None:
    vote = client.post(
        f"{API}/cases/{world.ids['B']}/votes",
        json={"choice": "approve"},
        headers=bearer(world, "sam"),
    )
    assert vote.status_code == 403


def test_audit_verify_reports_intact_then_tampering(
    client: TestClient, world: World, app: object
) -> None:
    headers = bearer(world, "aud")
    assert client.get(f"{API}/audit/verify", headers=headers).json()["intact"] is True
    # When a vote is edited behind the log's back, Then verification names it
    with app.state.db.engine.begin() as connection:  # type: ignore[attr-defined]
        connection.execute(text("UPDATE review_votes SET choice = 'reject'"))
    report = client.get(f"{API}/audit/verify", headers=headers).json()
    assert report["intact"] is False
    assert report["table"] == "review_votes"


def test_tampered_evidence_is_never_served(client: TestClient, world: World, app: object) -> None:
    headers = bearer(world, "aud")
    case, evidence, sha = world.ids["A"], world.ids["A_evidence"], world.ids["A_sha"]
    assert client.get(f"{API}/cases/{case}/evidence/{evidence}/content", headers=headers).content
    with app.state.db.engine.begin() as connection:  # type: ignore[attr-defined]
        connection.execute(
            text("UPDATE evidence_blobs SET data = :d WHERE sha256 = :s"),
            {"d": b"# Forged card\n", "s": sha},
        )
    served = client.get(f"{API}/cases/{case}/evidence/{evidence}/content", headers=headers)
    assert served.status_code == 409
    assert served.json()["type"] == "urn:fulcrum:problem:integrity-failure"
    check = client.get(f"{API}/evidence/{sha}/verify", headers=headers).json()
    assert check["intact"] is False


def test_openapi_document_is_served(client: TestClient) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert f"{API}/systems" in spec["paths"]
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("type") == "oauth2" for s in schemes.values())


def test_system_list_pages_agree_with_each_system(
    app: object, client: TestClient, world: World
) -> None:
    from .world import profile

    changed = {**profile("sys-b"), "decision_impact": "none", "version": "2"}
    assert (
        client.post(f"{API}/systems", json=changed, headers=bearer(world, "sam")).status_code == 201
    )
    from fulcrum.registry import Registry
    from fulcrum.store.repositories.users import UserRepository

    with app.state.db.unit_of_work() as session:  # type: ignore[attr-defined]
        registry = Registry(session, UserRepository(session).get("aud"))
        everything, total = registry.list_systems(limit=1000)
        assert [s.system for s in everything] == sorted(s.system for s in everything)
        assert len(everything) == total
        for summary in everything:
            shown = registry.show(summary.system)
            classification = shown["classification"] or {}
            assert (summary.name, summary.owner, summary.versions) == (
                shown["name"],
                shown["owner"],
                shown["versions"],
            )
            assert summary.eu_tier == classification.get("eu_ai_act", {}).get("tier")
            assert summary.ethics_grade == classification.get("ethics_grade")
        for offset, limit in ((0, 100), (1, 3), (5, 10)):
            page, count = registry.list_systems(offset=offset, limit=limit)
            assert (page, count) == (everything[offset : offset + limit], total)


def test_obligation_evidence_is_linked_by_hash_with_the_stored_verdict(
    client: TestClient, world: World
) -> None:
    from fulcrum.evidence import Evidence, Threshold

    sam = bearer(world, "sam")
    check = Threshold.parse("demographic_parity_difference<=0.1").check(0.04)
    record = Evidence.build(kind="fairness", title="t", metrics={"d": 0.04}, checks=[check])
    # Given a passing record in the store
    stored = client.post(
        f"{API}/evidence/records", json={"record": record.model_dump(mode="json")}, headers=sam
    )
    assert stored.status_code == 201, stored.text
    sha = stored.json()["sha256"]
    url = f"{API}/systems/sys-a/obligations/{world.ids['obligation']}/evidence"
    # When a client tries to type the verdict, Then it is refused
    typed = client.post(url, json={"sha256": sha, "verdict": "pass"}, headers=sam)
    assert typed.status_code == 422
    # When it links the record by its hash, Then the verdict and provenance are the store's
    linked = client.post(url, json={"sha256": sha, "name": "bias audit"}, headers=sam)
    assert linked.status_code == 200, linked.text
    assert linked.json()["status"] == "evidenced"
    assert linked.json()["evidence"] == [
        {"sha256": sha, "name": "bias audit", "verdict": "pass", "provenance": "self-declared"}
    ]
    # And an unstored hash is 404
    missing = client.post(url, json={"sha256": "c" * 64}, headers=sam)
    assert missing.status_code == 404


def test_too_many_failed_sign_ins_lock_the_name_out(client: TestClient) -> None:
    for _ in range(5):
        wrong = client.post(f"{API}/auth/token", data={"username": "olga", "password": "wrong!!"})
        assert wrong.status_code == 401
    right = client.post(f"{API}/auth/token", data={"username": "olga", "password": PASSWORD})
    assert right.status_code == 401
    assert "too many" in right.json()["detail"]


def test_streamed_bodies_over_the_limit_are_413(world: World, tmp_path: Path) -> None:
    # Given a body sent in chunks without a Content-Length
    settings = ApiSettings(database_url=world.copy_to(tmp_path), max_body_bytes=2048)

    def chunks() -> Iterator[bytes]:
        yield b'{"username": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'", "role": "reviewer"}'

    with TestClient(create_app(settings, migrate=False)) as small:
        response = small.post(
            f"{API}/users",
            content=chunks(),
            headers={**bearer(world, "root"), "content-type": "application/json"},
        )
    # Then it is refused as it streams in, with a problem
    assert response.status_code == 413
    assert response.json()["type"] == "urn:fulcrum:problem:too-large"
