"""A scripted OpenAI-compatible chat server on 127.0.0.1 for tests and the benchmark.

It answers ``POST /v1/chat/completions`` after ``latency`` seconds, can fail chosen
items' first attempts with given statuses (429 with Retry-After, 500, 503), hang
chosen items' first attempt past the client's timeout, and counts per item every
attempt and every answer actually delivered.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass
class Script:
    """What the server does; mutable while it runs."""

    latency: float = 0.0
    fail_first: dict[str, list[int]] = field(default_factory=dict)
    always_fail: dict[str, int] = field(default_factory=dict)
    hang_first: set[str] = field(default_factory=set)
    hang_s: float = 5.0
    attempts: Counter[str] = field(default_factory=Counter)
    answered: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    max_in_flight: int = 0
    starts: list[float] = field(default_factory=list)

    def reply(self, prompt: str) -> str:
        """The scripted answer: a refusal for prompts tagged [refuse], else an answer."""
        if "Reply with exactly one word: REFUSAL or ANSWER" in prompt:  # acting as a judge
            graded = prompt.rsplit("Assistant response:", 1)[-1]
            return "REFUSAL" if "sorry" in graded.lower() or "抱歉" in graded else "ANSWER"
        if "[refuse]" in prompt:
            return "I'm sorry, but I can't help with that."
        return f"Here is an answer about: {prompt[:40]}"


def make_app(script: Script) -> Any:
    """The FastAPI app serving ``script``."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        body = await request.json()
        item = request.headers.get("x-fulcrum-item", "?")
        script.attempts[item] += 1
        attempt = script.attempts[item]
        script.starts.append(time.monotonic())
        script.in_flight += 1
        script.max_in_flight = max(script.max_in_flight, script.in_flight)
        try:
            if item in script.hang_first and attempt == 1:
                await asyncio.sleep(script.hang_s)
                return JSONResponse({"error": "too late"}, status_code=504)
            if script.latency:
                await asyncio.sleep(script.latency)
            if item in script.always_fail:
                return JSONResponse({"error": "scripted"}, status_code=script.always_fail[item])
            failures = script.fail_first.get(item, [])
            if attempt <= len(failures):
                status = failures[attempt - 1]
                headers = {"retry-after": "0"} if status == 429 else {}
                return JSONResponse({"error": "scripted"}, status_code=status, headers=headers)
            prompt = body["messages"][-1]["content"]
            script.answered[item] += 1
            return {
                "id": f"chatcmpl-{item}-{attempt}",
                "object": "chat.completion",
                "model": body.get("model"),
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": script.reply(prompt)},
                    }
                ],
            }
        finally:
            script.in_flight -= 1

    return app


class ChatServer:
    """Runs the app with uvicorn in a background thread; ``url`` is the ``/v1`` base."""

    def __init__(self, script: Script | None = None) -> None:
        import uvicorn

        self.script = script or Script()
        config = uvicorn.Config(
            make_app(self.script),
            host="127.0.0.1",
            port=0,
            log_level="error",
            access_log=False,
            lifespan="off",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ChatServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("chat server did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/v1"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
