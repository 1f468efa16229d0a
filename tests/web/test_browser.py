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
    "case": "/cases/1",
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
