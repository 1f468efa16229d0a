"""Benchmark: web UI page times at real sizes, on the server and fully loaded in a browser.

The issue's pages: the inventory (`/systems`) with 1,000 registered systems and a review case
whose questionnaire has at least 100 questions. For each it reports the server's time (the
request through the app in process, median of ``--repeat``) and, when Playwright and Debian's
chromium are present, the browser's full load (navigation start to the load event, median),
against the app served by uvicorn on a free port.

Run: .venv/bin/python bench/web.py [--systems 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import track

from fulcrum.api import create_app
from fulcrum.auth import UserService
from fulcrum.demo._systems import PROFILES
from fulcrum.profile import Profile, load_profile
from fulcrum.registry import Registry
from fulcrum.review import CaseService, CommitteeService
from fulcrum.store import Database

PASSWORD = "correct horse battery staple"
CHROMIUM = os.environ.get("FULCRUM_CHROMIUM", "/usr/bin/chromium")
console = Console()


def seed(db: Database, systems: int) -> int:
    """``systems`` registered systems and one open case with many questions; the case id."""
    with db.unit_of_work() as session:
        UserService(session).add(None, "admin", role="admin", password=PASSWORD)
        CommitteeService(session, UserService(session).resolve("admin")).ensure_defaults()
    bases = [load_profile(p).model_dump(mode="json") for p in sorted(PROFILES.glob("*.yaml"))]
    for n in track(range(systems), description="registering systems", console=console):
        facts = {**bases[n % len(bases)], "id": f"system-{n:04d}", "name": f"System {n}"}
        with db.unit_of_work() as session:
            admin = UserService(session).resolve("admin")
            Registry(session, admin).register(Profile.model_validate(facts))
    wide = {
        **load_profile(PROFILES / "campus-face-gate.yaml").model_dump(mode="json"),
        "id": "wide-system",
        "jurisdictions": ["CN", "DE"],
    }
    with db.unit_of_work() as session:
        admin = UserService(session).resolve("admin")
        Registry(session, admin).register(Profile.model_validate(wide))
        cases = CaseService(session, admin)
        case = cases.open("wide-system")
        questions = len(cases.questionnaire(case.id))
    console.print(f"case {case.id}: {questions} questions")
    return int(case.id)


def sign_in(client: Any) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, "no CSRF token on /login"
    answer = client.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text[:300]


def server_times(app: Any, urls: list[str], repeat: int) -> dict[str, float]:
    """Median seconds per page through the app in process (no network)."""
    from fastapi.testclient import TestClient

    client = TestClient(app)
    sign_in(client)
    out = {}
    for url in urls:
        client.get(url)  # warm
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code, response.text[-600:])
        out[url] = statistics.median(times)
    return out


def browser_times(app: Any, urls: list[str], repeat: int) -> dict[str, float] | None:
    """Median seconds from navigation start to the load event in headless chromium."""
    try:
        import uvicorn
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    out = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(f"{base}/login")
            page.fill("#username", "admin")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("load")
            for url in urls:
                times = []
                for _ in range(repeat):
                    page.goto(f"{base}{url}", wait_until="load")
                    times.append(
                        page.evaluate(
                            "() => { const n = performance.getEntriesByType('navigation')[0];"
                            " return (n.loadEventEnd - n.startTime) / 1000; }"
                        )
                    )
                out[url] = statistics.median(times)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'fulcrum.db'}"
        db = Database(url)
        case = seed(db, args.systems)
        db.dispose()
        app = create_app(url, migrate=False)
        pages = ["/systems", f"/cases/{case}", "/"]
        server = server_times(app, pages, args.repeat)
        browser = browser_times(app, pages, args.repeat)
        app.state.db.dispose()
    load = os.getloadavg()[0]
    console.print(f"{args.systems:,} systems; load average {load:.1f}; median of {args.repeat}")
    for page in pages:
        shown = f"{browser[page] * 1000:8.0f} ms" if browser else "     (no browser)"
        console.print(f"{page:16} server {server[page] * 1000:8.0f} ms   full load {shown}")


if __name__ == "__main__":
    main()
