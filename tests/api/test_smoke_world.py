"""The world builds, and the contract endpoints answer as promised."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import bearer
from .world import API, World


def test_systems_need_a_token_and_list_tiers(client: TestClient, world: World) -> None:
    # Given no token, When listing systems, Then 401 with a Bearer challenge
    anonymous = client.get(f"{API}/systems")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.headers["content-type"] == "application/problem+json"
    # Given any role's token, Then 200 and items with the slug as id and the EU tier
    listed = client.get(f"{API}/systems", headers=bearer(world, "aud"))
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 6
    assert {item["id"] for item in body["data"]} >= {"sys-a", "sys-f"}
    assert all(item["tier"] for item in body["data"])
