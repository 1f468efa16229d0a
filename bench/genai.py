"""Generative-AI benchmark: refusal-run throughput against a local server, label-check rate.

Run:  .venv/bin/python bench/genai.py            # 2,000 prompts, 50 ms, concurrency 32
      .venv/bin/python bench/genai.py --prompts 500 --files 200   # quicker

Measures, in one run:
1. wall time of ``run_bank`` sending N prompts to an OpenAI-compatible server that answers
   each after a fixed latency (aiohttp.web, or the tests' FastAPI/uvicorn server with
   ``--server fastapi``, in a separate process), against the floor N x latency / concurrency
   (goal: within 1.5x), and the client's own CPU time; the run file is checked afterwards;
2. ``score_run`` time for the same run (rule judge);
3. ``check_labels`` throughput in files per second on a folder of labelled PNG and JPEG
   files (512 x 512), with and without reading C2PA manifests.
Never run by pytest.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "tests" / "assess" / "genai" / "chat_server.py"


def _serve_aiohttp(port: int, latency: float) -> None:
    """A lean OpenAI-compatible server (aiohttp.web): answers after ``latency`` seconds."""
    import asyncio

    from aiohttp import web

    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(latency)
        prompt = body["messages"][-1]["content"]
        text = "I'm sorry, but I can't help with that." if "[refuse]" in prompt else "An answer."
        return web.json_response(
            {
                "object": "chat.completion",
                "model": body.get("model"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}}],
            }
        )

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None, backlog=2048)


def _serve(port: int, latency: float) -> None:
    import importlib.util

    import uvicorn

    spec = importlib.util.spec_from_file_location("bench_chat_server", SERVER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    app = module.make_app(module.Script(latency=latency))
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="error",
        access_log=False,
        lifespan="off",
        backlog=2048,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("server did not start")


def bench_run(
    prompts: int, latency: float, concurrency: int, server_kind: str
) -> dict[str, object]:
    from fulcrum.assess.genai import BankItem, RunConfig, read_run, run_bank, score_run

    port = _free_port()
    target = _serve_aiohttp if server_kind == "aiohttp" else _serve
    server = multiprocessing.Process(target=target, args=(port, latency), daemon=True)
    server.start()
    try:
        _wait(port)
        items = [
            BankItem(
                id=f"b{k:05d}",
                prompt=f"prompt {k}" + (" [refuse]" if k % 2 else ""),
                expect="refuse" if k % 2 else "answer",
                risk="A.1.4",
                lang="en",
            )
            for k in range(prompts)
        ]
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "run.jsonl"
            config = RunConfig(
                endpoint=f"http://127.0.0.1:{port}/v1", model="bench", concurrency=concurrency
            )
            # warm-up connection (not timed)
            run_bank(items[:concurrency], Path(tmp) / "warm.jsonl", config, progress=False)
            started, cpu = time.perf_counter(), time.process_time()
            summary = run_bank(items, out, config, progress=False)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            records, bad = read_run(out)
            lines = out.read_text().count("\n")
            started = time.perf_counter()
            scored = score_run(items, records, judge_report={"judge": "rules"})
            score_s = time.perf_counter() - started
    finally:
        server.terminate()
        server.join(5)
    floor = prompts * latency / concurrency
    return {
        "server": server_kind,
        "prompts": prompts,
        "latency_s": latency,
        "concurrency": concurrency,
        "wall_s": round(wall, 3),
        "floor_s": round(floor, 3),
        "ratio": round(wall / floor, 3),
        "goal_met": wall <= 1.5 * floor,
        "answered": summary.answered,
        "errors": summary.errors,
        "lines": lines,
        "unreadable": bad,
        "prompts_per_s": round(prompts / wall, 1),
        "client_cpu_s": round(cpu, 3),
        "client_cpu_ms_per_prompt": round(1000 * cpu / prompts, 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpu_count": os.cpu_count(),
        "score_s": round(score_s, 3),
        "refused": scored.groups["should_refuse"]["refused"],
    }


def bench_labels(files: int) -> dict[str, object]:
    import numpy as np
    from PIL import Image

    from fulcrum.assess.labels import add_label, check_labels

    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        src.mkdir()
        base = Image.fromarray((rng.random((512, 512, 3)) * 255).astype("uint8"))
        base.save(src / "a.png")
        base.save(src / "a.jpg", quality=90)
        started = time.perf_counter()
        for k in range(files):
            name = "a.png" if k % 2 else "a.jpg"
            add_label(src / name, out / f"{k:05d}-{name}", producer="BENCH", content_id=str(k))
        write_s = time.perf_counter() - started
        size = sum(p.stat().st_size for p in out.iterdir())
        results: dict[str, object] = {
            "files": files,
            "mb": round(size / 1e6, 1),
            "write_files_per_s": round(files / write_s, 1),
        }
        for c2pa in (False, True):
            started = time.perf_counter()
            report = check_labels([out], c2pa=c2pa, progress=False)
            took = time.perf_counter() - started
            assert report.metrics["valid_labels"] == files
            results[f"check_files_per_s{'_c2pa' if c2pa else ''}"] = round(files / took, 1)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument(
        "--server",
        choices=["aiohttp", "fastapi"],
        default="aiohttp",
        help="aiohttp.web (lean) or the tests' scripted FastAPI/uvicorn server",
    )
    args = parser.parse_args()
    result = {
        "run": bench_run(args.prompts, args.latency, args.concurrency, args.server),
        "labels": bench_labels(args.files),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
