"""Sign-in, sign-out, session cookies, CSRF, and refusals coming from the services."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import PASSWORD, csrf_of, sign_in


def test_pages_need_sign_in(app: FastAPI) -> None:
    client = TestClient(app)
    response = client.get("/systems?q=x", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/systems%3Fq%3Dx"
    htmx = client.get("/cases/1", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.headers["HX-Redirect"].startswith("/login")


def test_sign_in_sets_a_safe_session_cookie_and_goes_on(app: FastAPI) -> None:
    client = TestClient(app)
    page = client.get("/login?next=/catalog")
    assert 'name="username"' in page.text and 'name="password"' in page.text
    response = client.post(
        "/login",
        data={
            "username": "ana",
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
            "next": "/catalog",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/catalog"
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("fulcrum_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_without_saying_which(app: FastAPI) -> None:
    client = TestClient(app)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "ana", "password": "nope", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 401
    assert "Wrong user name or password." in response.text


def test_sign_in_without_its_csrf_token_is_refused(app: FastAPI) -> None:
    client = TestClient(app)
    client.get("/login")
    response = client.post("/login", data={"username": "ana", "password": PASSWORD})
    assert response.status_code == 403


def test_open_redirects_are_refused(app: FastAPI) -> None:
    client = TestClient(app)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": "ana",
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"
    lang = client.get("/lang?lang=zh-CN&next=https://evil.example/", follow_redirects=False)
    assert lang.headers["location"] == "/"


def test_sign_out_revokes_the_token(app: FastAPI) -> None:
    client = sign_in(TestClient(app), "ana")
    page = client.get("/")
    secret = client.cookies["fulcrum_session"]
    client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    other = TestClient(app)
    other.cookies.set("fulcrum_session", secret)
    assert other.get("/", follow_redirects=False).status_code == 303


def test_forms_without_the_session_csrf_token_are_refused(
    client_as: Callable[[str], TestClient],
) -> None:
    client = client_as("zhao")
    response = client.post("/cases/1/votes", data={"choice": "approve", "csrf_token": "forged"})
    assert response.status_code == 403
    assert client.get("/cases/1").text.count('class="badge vote-') == 0


def test_a_member_votes_through_htmx(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("zhao")
    token = csrf_of(client.get("/cases/1").text)
    response = client.post(
        "/cases/1/votes",
        data={"choice": "approve", "comment": "proportionate"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="case-body">')
    assert "Your vote was recorded." in response.text and "proportionate" in response.text


def test_a_reviewer_cannot_decide_the_service_refuses(
    client_as: Callable[[str], TestClient],
) -> None:
    client = client_as("zhao")
    page = client.get("/cases/1").text
    assert 'action="/cases/1/decide"' not in page  # not offered ...
    response = client.post(  # ... and refused by the service when forced
        "/cases/1/decide",
        data={"outcome": "approved", "csrf_token": csrf_of(page)},
    )
    assert response.status_code == 403
    assert "may not case.decide" in response.text or "not allowed" in response.text.lower()


def test_refusals_reach_htmx_as_a_message(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("mei")  # the submitter may not vote on her own case
    token = csrf_of(client.get("/cases/1").text)
    response = client.post(
        "/cases/1/votes",
        data={"choice": "approve"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#messages"
    assert 'role="alert"' in response.text


def test_an_auditor_verifies_but_cannot_write(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("ana")
    token = csrf_of(client.get("/audit").text)
    verified = client.post("/audit/verify", data={"csrf_token": token})
    assert verified.status_code == 200 and "Intact." in verified.text
    refused = client.post("/cases/1/votes", data={"choice": "approve", "csrf_token": token})
    assert refused.status_code == 403
    export = client.get("/audit/export.jsonl")
    assert export.status_code == 200 and export.text.count("\n") > 10


def test_a_reviewer_cannot_verify_the_audit_log(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("qian")
    token = csrf_of(client.get("/audit").text)
    assert client.post("/audit/verify", data={"csrf_token": token}).status_code == 403


def test_an_auditor_downloads_a_signed_checkpoint_and_verifies_against_it(
    client_as: Callable[[str], TestClient],
) -> None:
    client = client_as("ana")
    checkpoint = client.get("/audit/checkpoint.json")
    assert checkpoint.status_code == 200 and '"signature"' in checkpoint.text
    assert "BEGIN PUBLIC KEY" in client.get("/audit/public-key.pem").text
    token = csrf_of(client.get("/audit").text)
    verified = client.post(
        "/audit/verify",
        data={"csrf_token": token},
        files={"checkpoint": ("cp.json", checkpoint.content, "application/json")},
    )
    assert verified.status_code == 200 and "Matches the checkpoint signed by key" in verified.text


def test_the_session_cookie_is_secure_over_https(app: FastAPI) -> None:
    client = TestClient(app, base_url="https://testserver")
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "ana", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("fulcrum_session=")
    )
    assert "Secure" in cookie and "HttpOnly" in cookie
