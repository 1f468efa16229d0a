"""Benchmark: the REST API under 32 concurrent clients, side by side with a bare FastAPI app.

Three scenarios against ``fulcrum serve`` (one worker, embedded SQLite): listing
systems, reading a case, and casting votes (each vote by a different member, so none
conflict). Each runs next to a bare FastAPI endpoint, served the same way by uvicorn,
returning a body of the same size (prebuilt bytes: the floor of the framework).

Targets (issue 10): reads at least half of the bare endpoint's throughput; p95 under
50 ms on SQLite. The server's CPU time per request is printed too: on a busy machine
it says what each request costs when wall-clock rates and latencies are mostly queueing.
Run: .venv/bin/python bench/api.py [--clients 32] [--requests 1000] [--systems 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

API = "/api/v1"
PASSWORD = "bench password 1"
BODIES_ENV = "FULCRUM_BENCH_BODIES"


def bare_app() -> Any:
    """The bare app: each endpoint returns prebuilt bytes (read from the folder in the env)."""
    from fastapi import FastAPI, Response

    folder = Path(os.environ[BODIES_ENV])
    bodies = {p.stem: p.read_bytes() for p in folder.glob("*.json")}
    app = FastAPI()

    @app.get("/bare/{name}")
    def read(name: str) -> Response:
        return Response(bodies[name], media_type="application/json")

    @app.post("/bare/{name}")
    def write(name: str) -> Response:
        return Response(bodies[name], status_code=201, media_type="application/json")

    return app


def profile(slug: str) -> dict[str, Any]:
    """A small system (simplified procedure, few questions) reviewed by the Ethics committee."""
    return {
        "id": slug,
        "name": f"Spam filter {slug}",
        "version": "1",
        "description": "Filters bulk e-mail.",
        "owner": "sam",
        "jurisdictions": ["SG"],
        "role": "provider",
        "purposes": ["spam_filtering"],
        "automation": "human_in_the_loop",
        "decision_impact": "none",
    }


def seed(url: str, *, systems: int, cases: int, members: int) -> dict[str, Any]:
    """Users, a seated committee, systems and cases in review, through the API in process."""
    from fastapi.testclient import TestClient

    from fulcrum.api import create_app
    from fulcrum.auth import UserService

    app = create_app(url)
    with app.state.db.unit_of_work() as session:
        UserService(session).add(None, "root", role="admin", password=PASSWORD)
    out: dict[str, Any] = {"tokens": {}, "cases": []}
    with TestClient(app) as http:

        def call(method: str, path: str, token: str, **kw: Any) -> Any:
            response = http.request(
                method, API + path, headers={"Authorization": f"Bearer {token}"}, **kw
            )
            assert response.status_code < 300, (path, response.status_code, response.text)
            return response.json() if response.content else None

        root = http.post(f"{API}/auth/token", data={"username": "root", "password": PASSWORD})
        admin = root.json()["access_token"]
        call("POST", "/committees/defaults", admin)
        names = ["chen"] + [f"v{i:03d}" for i in range(members)]
        call("POST", "/users", admin, json={"username": "sam", "role": "submitter"})
        for name in names:
            role = "chair" if name == "chen" else "reviewer"
            call("POST", "/users", admin, json={"username": name, "role": role})
            seat = {"user": name, "role": "chair" if name == "chen" else "member"}
            call("POST", "/committees/ethics/members", admin, json=seat)
        for name in ["sam", *names]:
            token = call("POST", f"/users/{name}/tokens", admin, json={"name": "bench"})
            out["tokens"][name] = token["secret"]
        sam, chen = out["tokens"]["sam"], out["tokens"]["chen"]
        for i in range(systems):
            call("POST", "/systems", sam, json=profile(f"bench-{i:03d}"))
        for i in range(cases):
            case = call("POST", "/cases", sam, json={"system": f"bench-{i:03d}"})["id"]
            doc = call("POST", f"/cases/{case}/evidence", sam, files={"file": ("d.pdf", b"doc")})
            questions = call("GET", f"/cases/{case}/questions?limit=1000", sam)["data"]
            answers = [
                {
                    "question": q["key"],
                    "value": q["choices"][0] if q["answer"] == "choice" else "yes",
                    "evidence_ids": [doc["id"]] if q["answer"] == "document" else [],
                }
                for q in questions
                if q["required"]
            ]
            call("POST", f"/cases/{case}/answers/batch", sam, json={"answers": answers})
            call("POST", f"/cases/{case}/submit", sam)
            call("POST", f"/cases/{case}/screen", chen)
            call("POST", f"/cases/{case}/start", chen)
            out["cases"].append(case)
        out["admin"] = admin
        out["voters"] = [n for n in names if n != "chen"]
    app.state.db.dispose()
    return out


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(command: list[str], env: dict[str, str], probe: str) -> subprocess.Popen[bytes]:
    """Start a server process and wait until ``probe`` answers."""
    import httpx

    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(probe, timeout=1).status_code < 500:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"server did not start: {' '.join(command)}")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server process started by ``start`` (its own process group)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


Request = Callable[[int], tuple[str, str, dict[str, Any]]]


def measure(base: str, request: Request, *, total: int, clients: int, pid: int) -> dict[str, float]:
    """``load`` plus the server's CPU time per request (robust to a busy machine)."""
    before = cpu_seconds(pid)
    result = asyncio.run(load(base, request, total=total, clients=clients))
    result["cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / total
    return result


async def load(base: str, request: Request, *, total: int, clients: int) -> dict[str, float]:
    """Send ``total`` requests from ``clients`` concurrent clients; throughput and latency."""
    import httpx

    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:

        async def worker() -> None:
            nonlocal errors
            for i in counter:
                method, path, kw = request(i)
                began = time.perf_counter()
                response = await http.request(method, path, **kw)
                latencies.append(time.perf_counter() - began)
                errors += response.status_code >= 300

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "rps": total / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "errors": float(errors),
    }


def main() -> None:
    """Seed, serve, load, print."""
    import httpx

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--systems", type=int, default=20)
    parser.add_argument("--cases", type=int, default=6)
    parser.add_argument("--members", type=int, default=100)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="fulcrum-bench-api-"))
    env = {**os.environ, "FULCRUM_DATA_DIR": str(folder), BODIES_ENV: str(folder / "bodies")}
    os.environ["FULCRUM_DATA_DIR"] = str(folder)
    url = f"sqlite:///{folder / 'bench.db'}"
    began = time.perf_counter()
    world = seed(url, systems=args.systems, cases=args.cases, members=args.members)
    print(
        f"seeded {args.systems} systems, {args.cases} cases in review, "
        f"{args.members} voters in {time.perf_counter() - began:.1f} s"
    )

    port, bare_port = free_port(), free_port()
    fulcrum = start(
        [
            sys.executable,
            "-c",
            "from fulcrum.cli.main import run; run()",
            "--db",
            url,
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env,
        f"http://127.0.0.1:{port}{API}/openapi.json",
    )
    try:
        base = f"http://127.0.0.1:{port}"
        auth = {"Authorization": f"Bearer {world['tokens']['sam']}"}
        case = world["cases"][0]
        systems_body = httpx.get(f"{base}{API}/systems", headers=auth).content
        case_body = httpx.get(f"{base}{API}/cases/{case}", headers=auth).content
        bodies = folder / "bodies"
        bodies.mkdir()
        (bodies / "systems.json").write_bytes(systems_body)
        (bodies / "case.json").write_bytes(case_body)
        (bodies / "vote.json").write_bytes(
            b'{"user":"v000","committee":"ethics","choice":"approve","comment":""}'
        )
        bare = start(
            [
                sys.executable,
                "-c",
                "import uvicorn; uvicorn.run('api:bare_app', factory=True, app_dir='bench', "
                f"port={bare_port}, log_level='warning')",
            ],
            env,
            f"http://127.0.0.1:{bare_port}/bare/systems",
        )
        try:
            bare_base = f"http://127.0.0.1:{bare_port}"
            votes = [(world["tokens"][v], c) for c in world["cases"] for v in world["voters"]]
            vote_total = min(args.requests, len(votes))

            def vote(i: int) -> tuple[str, str, dict[str, Any]]:
                token, case_id = votes[i]
                return (
                    "POST",
                    f"{API}/cases/{case_id}/votes",
                    {
                        "json": {"choice": "approve"},
                        "headers": {"Authorization": f"Bearer {token}"},
                    },
                )

            scenarios: list[tuple[str, str, Request, Request, int]] = [
                (
                    "list systems",
                    f"{len(systems_body)} B",
                    lambda i: ("GET", f"{API}/systems", {"headers": auth}),
                    lambda i: ("GET", "/bare/systems", {}),
                    args.requests,
                ),
                (
                    "read a case",
                    f"{len(case_body)} B",
                    lambda i: ("GET", f"{API}/cases/{case}", {"headers": auth}),
                    lambda i: ("GET", "/bare/case", {}),
                    args.requests,
                ),
                ("cast votes", "vote", vote, lambda i: ("POST", "/bare/vote", {}), vote_total),
            ]
            print(
                f"\n{args.clients} concurrent clients; fulcrum serve (1 worker, SQLite) "
                "vs a bare FastAPI endpoint with a body of the same size\n"
            )
            print(
                f"{'scenario':<14} {'body':>8} {'server':<8} {'req/s':>8} {'p50 ms':>8} "
                f"{'p95 ms':>8} {'errors':>7} {'CPU ms/req':>10}  vs bare (req/s, CPU/req)"
            )
            for name, size, ours, floor, total in scenarios:
                warm = min(64, total)
                if name != "cast votes":
                    asyncio.run(load(base, ours, total=warm, clients=args.clients))
                asyncio.run(load(bare_base, floor, total=warm, clients=args.clients))
                mine = measure(base, ours, total=total, clients=args.clients, pid=fulcrum.pid)
                theirs = measure(bare_base, floor, total=total, clients=args.clients, pid=bare.pid)
                for label, r in (("fulcrum", mine), ("bare", theirs)):
                    ratio = ""
                    if label == "fulcrum":
                        cost = r["cpu_ms"] / theirs["cpu_ms"] if theirs["cpu_ms"] else 0.0
                        ratio = f"{r['rps'] / theirs['rps']:.2f}x, {cost:.1f}x"
                    print(
                        f"{name:<14} {size:>8} {label:<8} {r['rps']:>8.0f} {r['p50']:>8.1f} "
                        f"{r['p95']:>8.1f} {int(r['errors']):>7} {r['cpu_ms']:>10.2f}  {ratio}"
                    )
        finally:
            stop(bare)
    finally:
        stop(fulcrum)


if __name__ == "__main__":
    main()
