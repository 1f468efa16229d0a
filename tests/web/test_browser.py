"""End to end in a real browser: Debian's chromium driven by Playwright (no browser download).

One server (uvicorn in a thread, on a copy of the seeded database) and one browser serve every
test here. Screenshots of each page in English and Chinese go to ``$FULCRUM_WEB_SCREENSHOTS``
(default: a temporary folder); axe-core checks each page for serious accessibility problems.
Skipped when Playwright or ``/usr/bin/chromium`` is missing (``apt-get install -y chromium``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, build_app

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("FULCRUM_CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {
    "home": "/",
    "systems": "/systems",
    "system": "/systems/eu-recruitment-screener",
    "catalog": "/catalog",
    "framework-pipl": "/catalog/frameworks/cn-pipl",
    "crosswalk": "/catalog/items/eu-ai-act:art-10-data-governance",
    "case": "/cases/1",
    "evidence": "/cases/1/evidence/2/view",
    "committees": "/committees",
    "audit": "/audit",
    "register": "/systems/new",
}


@pytest.fixture(scope="module")
def server(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on a free local port, on its own copy of the seeded database."""
    import uvicorn

    path = tmp_path_factory.mktemp("web-browser") / "fulcrum.db"
    shutil.copyfile(template_db, path)
    app = build_app(f"sqlite:///{path}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.db.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless chromium for the module."""
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go."""
    target = os.environ.get("FULCRUM_WEB_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def signed_in(browser: Any, server: str, username: str) -> Any:
    """A new page in a fresh context, signed in through the form."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server}/")
    return page


def axe_problems(page: Any) -> list[str]:
    """Serious or critical axe-core violations on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} - {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_a_member_signs_in_and_votes_without_a_reload(
    browser: Any, server: str, shots: Path
) -> None:
    # Given a committee member signed in, whose My work lists the case in review
    page = signed_in(browser, server, "zhao")
    assert page.get_by_role("heading", name="Awaiting my vote").is_visible()
    # When she opens the case and casts her vote through the form
    page.get_by_role("link", name="#1").first.click()
    page.wait_for_url(f"{server}/cases/1")
    page.get_by_label("Approve").check()
    page.get_by_label("Comment", exact=True).last.fill("proportionate; publish the notice")
    page.get_by_role("button", name="Cast vote").click()
    # Then htmx swaps the case in place and her vote shows in the tally and the timeline
    page.get_by_text("Your vote was recorded.").wait_for()
    assert page.url == f"{server}/cases/1"
    assert page.locator("table").get_by_text("proportionate; publish the notice").is_visible()
    assert page.locator(".timeline").get_by_text("Vote cast").count() >= 1
    assert page.get_by_text("You voted: Approve.").is_visible()
    assert page.get_by_role("button", name="Cast vote").count() == 0
    page.screenshot(path=str(shots / "en-case-after-vote.png"), full_page=True)
    page.context.close()


def test_a_refusal_is_shown_as_a_message_not_a_crash(browser: Any, server: str) -> None:
    # Given the submitter on her own case, where a chair's step is not offered to her
    page = signed_in(browser, server, "mei")
    page.goto("/cases/1")
    assert page.get_by_role("button", name="Record the decision").count() == 0
    # When a forged htmx request tries it anyway, the service refuses and the page says so
    page.evaluate(
        "htmx.ajax('POST', '/cases/1/decide',"
        " {target: '#case-body', values: {outcome: 'approved'}})"
    )
    alert = page.locator("#messages [role=alert]")
    alert.wait_for()
    assert "Not allowed." in alert.inner_text()
    page.context.close()


def test_pages_in_english_and_chinese_are_accessible(
    browser: Any, server: str, shots: Path
) -> None:
    page = signed_in(browser, server, "li-chair")
    problems: dict[str, list[str]] = {}
    for lang, switch in (("en", "English"), ("zh-CN", "中文")):
        page.get_by_role("link", name=switch).click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == lang
        for name, url in PAGES.items():
            page.goto(url)
            page.screenshot(path=str(shots / f"{lang}-{name}.png"), full_page=True)
            found = axe_problems(page)
            if found:
                problems[f"{lang} {url}"] = found
    assert "审查记录" in page.goto("/systems/eu-recruitment-screener").text()  # type: ignore[union-attr]
    page.context.close()
    assert not problems, problems


def test_keyboard_reaches_the_content_and_the_filters(browser: Any, server: str) -> None:
    page = signed_in(browser, server, "ana")
    page.goto("/systems")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.get_by_label("Search").focus()
    page.keyboard.type("spam")
    table = page.locator("#systems-table")
    sync_api.expect(table).not_to_contain_text("eu-recruitment-screener")
    sync_api.expect(table).to_contain_text("internal-spam-filter")
    assert "q=spam" in page.url  # the filter is in the address, so it can be shared
    page.context.close()


def as_user(browser: Any, server: str, token: str, lang: str) -> Any:
    """A page whose session cookie holds a seeded token (no password round trip)."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {"name": "fulcrum_session", "value": token, "url": server},
            {"name": "fulcrum_lang", "value": lang, "url": server},
        ]
    )
    return context.new_page()


def click(page: Any, selector: str) -> None:
    """Click a button that posts through htmx; wait for the answer to be swapped in."""
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.locator(selector).first.click()
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling")
    sync_api.expect(busy).to_have_count(0)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_the_whole_committee_flow(
    browser: Any,
    server: str,
    shots: Path,
    seeded: tuple[Path, dict[str, str]],
    lang: str,
) -> None:
    tokens = seeded[1]
    slug = f"hr-screener-{lang.lower()}"
    step = 0

    def shot(page: Any, name: str) -> None:
        nonlocal step
        step += 1
        page.screenshot(path=str(shots / f"flow-{lang}-{step:02d}-{name}.png"), full_page=True)

    # An admin seats a member on the Products committee
    admin = as_user(browser, server, tokens["admin"], lang)
    admin.goto("/committees")
    form = admin.locator('form[action="/committees/products/members"]')
    form.locator('input[name="username"]').fill("outsider" if lang == "en" else "admin")
    form.locator('input[value="technical"]').check()
    form.locator('button[type="submit"]').click()
    admin.wait_for_load_state()
    assert "message ok" in admin.content()
    shot(admin, "committees")
    admin.context.close()

    # A submitter registers a system through the form and opens a case
    mei = as_user(browser, server, tokens["mei"], lang)
    mei.goto("/systems/new")
    mei.fill("#f-id", slug)
    mei.fill("#f-name", "CV screening (browser)")
    mei.fill("#f-owner", "mei")
    mei.fill("#f-jurisdictions", "DE FR")
    mei.check('input[name="purposes"][value="recruitment_selection"]')
    mei.select_option("#f-decision_impact", "significant")
    shot(mei, "register")
    mei.locator('form.profile-form button[type="submit"]').click()
    mei.wait_for_url(f"{server}/systems/{slug}")
    assert "tier-high" in mei.content()
    shot(mei, "system")
    mei.locator(f'form[action="/systems/{slug}/cases"] button').click()
    mei.wait_for_url("**/cases/*")
    case_url = mei.url
    # ... attaches evidence and answers the questionnaire (saved as she types)
    mei.set_input_files(
        "#ev-file", files=[{"name": "dpia.txt", "mimeType": "text/plain", "buffer": b"DPIA v1"}]
    )
    click(mei, '#evidence form button[type="submit"]')
    assert "dpia.txt" in mei.locator("#evidence").inner_text()
    mei.locator("details.group").evaluate_all("els => els.forEach(e => e.open = true)")
    forms = mei.locator("#questionnaire .question form")
    for i in range(forms.count()):
        form = forms.nth(i)
        if form.locator('input[type="radio"][value="yes"]').count():
            # a click event on the radio itself: immune to the layout moving as marks appear
            form.locator('input[type="radio"][value="yes"]').dispatch_event("click")
        elif form.locator('select[name="evidence"]').count():
            form.locator('select[name="evidence"]').select_option(index=1)
        elif form.locator('select[name="value"]').count():
            form.locator('select[name="value"]').select_option(index=1)
        else:
            form.locator('textarea[name="value"]').fill("Documented in the DPIA, section 2.")
    sync_api.expect(mei.locator("#questionnaire .saved.ok")).to_have_count(forms.count())
    mei.reload()
    shot(mei, "questionnaire")
    click(mei, 'form[action$="/submit"] button')
    assert "state-submitted" in mei.content(), mei.locator("#messages").inner_text()

    # The chair screens and starts the review
    chair = as_user(browser, server, tokens["li-chair"], lang)
    chair.goto(case_url)
    click(chair, 'form[action$="/screen"] button')
    click(chair, 'form[action$="/start"] button')
    assert "state-in_review" in chair.content()

    # Members vote; one declares a conflict and recuses
    for member, choice in [
        ("zhao", "approve"),
        ("qian", "approve"),
        ("sun", "approve"),
        ("zhou", "abstain"),
        ("wang-vice", "approve"),
    ]:
        page = as_user(browser, server, tokens[member], lang)
        page.goto(case_url)
        page.check(f'input[name="choice"][value="{choice}"]')
        click(page, 'form.vote-form button[type="submit"]')
        sync_api.expect(page.locator(".message.ok")).to_be_visible()
        page.context.close()
    wu = as_user(browser, server, tokens["wu"], lang)
    wu.goto(case_url)
    wu.fill("#recuse-reason", "manages the recruiting team")
    click(wu, 'form[action$="/recuse"] button')
    shot(wu, "recused")
    wu.context.close()

    # The chair decides with a condition owned by the submitter
    chair.reload()
    shot(chair, "tally")
    chair.select_option("#outcome", "approved_with_conditions")
    chair.fill("#rationale", "proportionate with a published notice")
    chair.fill("#ct0", "Publish a notice to applicants")
    chair.select_option("#co0", "mei")
    chair.fill("#cd0", "2027-03-31")
    click(chair, 'form.decide-form button[type="submit"]')
    assert "outcome-approved_with_conditions" in chair.content()
    shot(chair, "decided")
    chair.context.close()

    # The owner fulfils the condition with the evidence
    mei.goto(case_url)
    click(mei, 'form[action$="/fulfil"] button')
    sync_api.expect(mei.locator("#conditions")).to_contain_text("✓")
    shot(mei, "fulfilled")
    mei.context.close()

    # An auditor verifies the log
    ana = as_user(browser, server, tokens["ana"], lang)
    ana.goto("/audit")
    click(ana, 'form[action="/audit/verify"] button')
    sync_api.expect(ana.locator("#verification .message.ok")).to_be_visible()
    shot(ana, "audit")
    ana.context.close()
