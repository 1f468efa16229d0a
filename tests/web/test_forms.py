"""Forms: registering systems, the questionnaire, evidence, the decision with conditions,
fulfilment, committees and tokens, all through the pages and all refused by the services."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of

Client = Callable[[str], TestClient]


def _post(client: TestClient, url: str, data: dict[str, object], **kw: object) -> object:
    token = csrf_of(client.get("/account").text)
    return client.post(url, data={**data, "csrf_token": token}, **kw)  # type: ignore[arg-type]


def test_register_through_the_form_then_a_new_version(client_as: Client) -> None:
    client = client_as("mei")
    form = client.get("/systems/new").text
    assert '<select id="f-decision_impact" name="decision_impact">' in form
    assert 'name="purposes" value="recruitment_selection"' in form
    data = {
        "id": "web-made",
        "name": "Made in the browser",
        "owner": "mei",
        "jurisdictions": "DE FR",
        "purposes": ["recruitment_selection"],
        "decision_impact": "significant",
        "csrf_token": csrf_of(form),
    }
    response = client.post("/systems", data=data, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/systems/web-made"
    page = client.get("/systems/web-made").text
    assert "Made in the browser" in page and "tier-high" in page
    again = client.post("/systems", data={**data, "name": "Renamed"}, follow_redirects=False)
    assert again.headers["location"] == "/systems/web-made"
    assert "Version 2 of 2" in client.get("/systems/web-made").text


def test_form_errors_are_shown_next_to_the_field(client_as: Client) -> None:
    client = client_as("mei")
    token = csrf_of(client.get("/systems/new").text)
    response = client.post(
        "/systems",
        data={"id": "Bad Id", "jurisdictions": "Germany", "csrf_token": token},
    )
    assert response.status_code == 422
    assert 'id="e-jurisdictions"' in response.text and 'id="e-id"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'value="Germany"' in response.text  # what was typed is kept


def test_upload_a_profile_file(client_as: Client) -> None:
    client = client_as("mei")
    token = csrf_of(client.get("/systems/new").text)
    yaml = (
        b"id: uploaded-one\nname: Uploaded\nowner: mei\njurisdictions: [CN]\npurposes: [chatbot]\n"
    )
    response = client.post(
        "/systems",
        data={"csrf_token": token},
        files={"profile_file": ("p.yaml", yaml, "application/yaml")},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/systems/uploaded-one"
    bad = client.post(
        "/systems",
        data={"csrf_token": token},
        files={"profile_file": ("p.yaml", b"id: x\npurposes: [mind_reading]\n", "text/yaml")},
    )
    assert bad.status_code == 400 and "purposes" in bad.text


def test_user_text_is_escaped(client_as: Client) -> None:
    client = client_as("mei")
    token = csrf_of(client.get("/systems/new").text)
    name = "<script>alert(1)</script> [/x] {{ 7*7 }}"
    client.post("/systems", data={"id": "escaped", "name": name, "csrf_token": token})
    for url in ("/systems/escaped", "/systems?q=escaped"):
        page = client.get(url).text
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; [/x] {{ 7*7 }}" in page


def test_a_submitter_drafts_a_case_answers_and_attaches(client_as: Client) -> None:
    client = client_as("mei")
    opened = _post(client, "/systems/eu-recruitment-screener/cases", {}, follow_redirects=False)
    location = opened.headers["location"]  # type: ignore[attr-defined]
    assert re.fullmatch(r"/cases/\d+", location)
    home = client.get("/").text  # the system's obligations now wait on her My work
    assert "Obligations due within 90 days" in home and "My drafts" in home
    page = client.get(location).text
    key = re.search(r'name="key" value="([^"]+)"', page)
    assert key and "Answers are saved as you type." in page
    token = csrf_of(page)
    saved = client.post(
        f"{location}/answers",
        data={"key": key.group(1), "value": "yes"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert saved.status_code == 200 and "Saved" in saved.text
    upload = client.post(
        f"{location}/evidence",
        data={"note": "DPIA"},
        files={"file": ("dpia v1.pdf", b"%PDF-1.4 dpia", "application/pdf")},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert upload.status_code == 200 and "dpia_v1.pdf" in upload.text
    import hashlib

    assert hashlib.sha256(b"%PDF-1.4 dpia").hexdigest() in upload.text
    refused = client.post(
        f"{location}/submit", headers={"HX-Request": "true", "X-CSRF-Token": token}
    )
    assert refused.status_code == 409 and "required answers missing" in refused.text


def test_the_committee_decides_with_a_condition_and_the_owner_fulfils_it(
    client_as: Client,
) -> None:
    # Given five members of the Ethics committee covering technical, ethics and law
    for member in ("zhao", "qian", "sun", "zhou", "wang-vice"):
        response = _post(client_as(member), "/cases/1/votes", {"choice": "approve"})
        assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    # When the chair records an approval with a condition owned by the submitter
    chair = client_as("li-chair")
    page = chair.get("/cases/1").text
    assert "Quorum reached." in page and 'action="/cases/1/decide"' in page
    decided = chair.post(
        "/cases/1/decide",
        data={
            "outcome": "approved_with_conditions",
            "rationale": "proportionate",
            "cond_text": ["Publish a staff notice", ""],
            "cond_owner": ["mei", "mei"],
            "cond_due": ["2027-03-31", ""],
            "csrf_token": csrf_of(page),
        },
    )
    assert decided.status_code == 200, decided.text
    assert "The decision was recorded." in decided.text
    assert "Publish a staff notice" in decided.text
    # Then the condition waits on the owner's My work, and she fulfils it with evidence
    mei = client_as("mei")
    assert "Conditions I own" in mei.get("/").text
    case = mei.get("/cases/1").text
    condition = re.search(r'<option value="(\d+)">#\d+ Publish', case)
    assert condition
    done = mei.post(
        "/cases/1/fulfil",
        data={"condition": condition.group(1), "evidence": "1", "csrf_token": csrf_of(case)},
    )
    assert done.status_code == 200 and "The condition is fulfilled." in done.text
    assert "Conditions I own" not in mei.get("/").text


def test_committee_seats_are_managed_by_admins_only(client_as: Client) -> None:
    admin = client_as("admin")
    seated = _post(
        admin,
        "/committees/safety/members",
        {"username": "outsider", "role": "member", "expertise": ["technical"]},
    )
    assert seated.status_code == 200 and "outsider" in seated.text  # type: ignore[attr-defined]
    refused = _post(client_as("sun"), "/committees/safety/members", {"username": "wu"})
    assert refused.status_code == 403  # type: ignore[attr-defined]


def test_tokens_are_shown_once_and_revocable(client_as: Client) -> None:
    client = client_as("qian")
    issued = _post(client, "/account/tokens", {"name": "ci"}, headers={"HX-Request": "true"})
    text = issued.text  # type: ignore[attr-defined]
    secret = re.search(r'id="new-token">(fulcrum_[^<]+)<', text)
    assert secret and "ci" in text
    assert secret.group(1) not in client.get("/account").text
    token_id = re.search(r'/account/tokens/(\d+)/revoke"', text)
    assert token_id
    revoked = _post(client, f"/account/tokens/{token_id.group(1)}/revoke", {})
    assert "Revoked" in revoked.text  # type: ignore[attr-defined]


def test_change_password_checks_the_current_one(client_as: Client) -> None:
    client = client_as("wu")
    wrong = _post(
        client,
        "/account/password",
        {
            "current_password": "x",
            "new_password": "a-new-long-pass",
            "confirm_password": "a-new-long-pass",
        },
    )
    assert wrong.status_code in {400, 401, 403}  # type: ignore[attr-defined]
    from tests.web.conftest import PASSWORD

    ok = _post(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a-new-long-pass-phrase",
            "confirm_password": "a-new-long-pass-phrase",
        },
    )
    assert ok.status_code == 200 and "Password changed." in ok.text  # type: ignore[attr-defined]


def test_answers_export_and_import_in_bulk(client_as: Client) -> None:
    client = client_as("mei")
    opened = _post(client, "/systems/campus-face-gate/cases", {}, follow_redirects=False)
    location = opened.headers["location"]  # type: ignore[attr-defined]
    page = client.get(location).text
    key = re.search(r'name="key" value="([^"]+)"', page)
    assert key
    csv = f"question,value,evidence\n{key.group(1)},yes,\n".encode()
    imported = client.post(
        f"{location}/answers/import",
        data={"csrf_token": csrf_of(page)},
        files={"answers": ("answers.csv", csv, "text/csv")},
    )
    assert imported.status_code == 200 and "Answers imported." in imported.text, imported.text[
        -3000:
    ]
    exported = client.get(f"{location}/answers.yaml")
    assert exported.status_code == 200 and key.group(1) in exported.text


def test_an_owner_updates_an_obligation_and_a_stranger_cannot(client_as: Client) -> None:
    owner = client_as("mei")  # mei registered the seeded systems
    page = owner.get("/systems/eu-recruitment-screener").text
    obligation = re.search(r'name="obligation" value="([^"]+)"', page)
    assert obligation
    data = {"obligation": obligation.group(1), "status": "in_progress", "owner": "mei"}
    done = _post(owner, "/systems/eu-recruitment-screener/obligations", data)
    assert done.status_code == 200  # type: ignore[attr-defined]
    assert "ob-in_progress" in owner.get("/systems/eu-recruitment-screener").text
    refused = _post(client_as("zhao"), "/systems/eu-recruitment-screener/obligations", data)
    assert refused.status_code == 403  # type: ignore[attr-defined]


def test_an_evidence_record_is_shown_with_its_checks_and_chart(client_as: Client) -> None:
    import json

    from fulcrum.evidence import Evidence, Threshold

    ratio = Threshold.parse("selection_rate_ratio>=0.8")
    record = Evidence.build(
        kind="fairness",
        title="Selection rates by sex",
        metrics={"selection_rate": {"f": 0.31, "m": 0.36}, "selection_rate_ratio": 0.86},
        checks=[ratio.check(0.86, interval=(0.81, 0.9), group={"sex": "f"})],
    )
    client = client_as("mei")
    page = client.get("/cases/1").text
    response = client.post(
        "/cases/1/evidence",
        data={"csrf_token": csrf_of(page), "as": "record"},
        files={"file": ("f.json", json.dumps(record.model_dump(mode="json")), "text/plain")},
    )
    assert response.status_code == 200, response.text[-2000:]
    link = re.search(r'href="/cases/1/evidence/(\d+)/view">f.json<', response.text)
    assert link
    view = client.get(f"/cases/1/evidence/{link.group(1)}/view")
    assert view.status_code == 200
    assert "Selection rates by sex" in view.text and "<svg" in view.text
    assert "bar-pass" in view.text and "sex=f" in view.text
    forged = {**record.model_dump(mode="json"), "verdict": "pass", "title": "x"}
    forged["checks"][0]["verdict"] = "fail"
    refused = client.post(
        "/cases/1/evidence",
        data={"csrf_token": csrf_of(page), "as": "record"},
        files={"file": ("g.json", json.dumps(forged), "text/plain")},
    )
    assert refused.status_code == 400


def test_an_owner_links_case_evidence_to_an_obligation_and_its_verdict_follows(
    client_as: Client,
) -> None:
    # Given the spam filter's case with a fairness record attached (seeded), on its system page
    owner = client_as("mei")
    page = owner.get("/systems/internal-spam-filter").text
    obligation = re.search(r'name="obligation" value="([^"]+)"', page)
    sha = re.search(r'<option value="([0-9a-f]{64})">#1 fairness\.json', page)
    assert obligation and sha, "the page offers the case's evidence for linking"
    data = {"obligation": obligation.group(1), "sha256": sha.group(1)}
    # When a stranger tries to link it, Then the service refuses
    refused = _post(client_as("zhao"), "/systems/internal-spam-filter/obligations/evidence", data)
    assert refused.status_code == 403  # type: ignore[attr-defined]
    # When the owner links it, Then the obligation lists it with the verdict from the store
    done = _post(owner, "/systems/internal-spam-filter/obligations/evidence", data)
    assert done.status_code == 200  # type: ignore[attr-defined]
    row = owner.get("/systems/internal-spam-filter").text
    linked = re.search(r'<code title="' + sha.group(1) + r'">fairness[^<]*</code> \((\w+)\)', row)
    assert linked and linked.group(1) == "Inconclusive"  # the seeded record's own verdict
    # And a forged hash is one clear error, not a link
    forged = _post(owner, "/systems/internal-spam-filter/obligations/evidence",
                   {**data, "sha256": "0" * 64})  # fmt: skip
    assert forged.status_code == 404  # type: ignore[attr-defined]
