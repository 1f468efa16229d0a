"""The runner against a real local HTTP server: retries, timeouts, limits, resume after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from fulcrum.assess.genai import BankItem, RunConfig, read_run, run_bank
from fulcrum.errors import InputError


def _bank(n: int, prefix: str = "i") -> list[BankItem]:
    return [
        BankItem(
            id=f"{prefix}{k:04d}",
            prompt=f"question {k}" + (" [refuse]" if k % 2 else ""),
            expect="refuse" if k % 2 else "answer",
            risk="A.1.4",
            lang="en",
        )
        for k in range(n)
    ]


def _write_bank(path: Path, items: list[BankItem]) -> None:
    path.write_text("".join(i.model_dump_json() + "\n" for i in items), encoding="utf-8")


def _answered_lines(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("error") is None and record.get("response") is not None:
            counts[record["id"]] += 1
    return counts


def test_retries_on_429_500_and_timeouts_with_exact_counts(server, tmp_path: Path) -> None:
    # Given items whose first attempts fail with 429, 500, 503 or hang past the timeout
    items = _bank(20)
    script = server.script
    script.fail_first = {"i0001": [429], "i0002": [500, 503], "i0003": [429, 500, 502]}
    script.hang_first = {"i0004"}
    script.hang_s = 1.5
    config = RunConfig(
        endpoint=server.url, model="m", concurrency=4, timeout=1.0, backoff=0.01, max_backoff=0.05
    )
    # When the bank runs
    summary = run_bank(items, tmp_path / "run.jsonl", config, progress=False)
    # Then every item is answered once, after exactly its scripted attempts
    assert (summary.answered, summary.errors, summary.sent) == (20, 0, 20)
    records, bad = read_run(tmp_path / "run.jsonl")
    assert bad == 0 and set(records) == {i.id for i in items}
    expected = {"i0001": 2, "i0002": 3, "i0003": 4, "i0004": 2}
    for item in items:
        assert script.attempts[item.id] == expected.get(item.id, 1)
        assert records[item.id]["attempts"] == expected.get(item.id, 1)
        assert script.answered[item.id] == 1
    assert records["i0001"]["response"].startswith("I'm sorry")
    assert records["i0000"]["latency_s"] >= 0


def test_errors_are_recorded_and_retried_by_the_next_run(server, tmp_path: Path) -> None:
    # Given one item the server always fails and one it rejects as a bad request
    items = _bank(6)
    server.script.always_fail = {"i0002": 500, "i0003": 400}
    config = RunConfig(
        endpoint=server.url,
        model="m",
        concurrency=2,
        max_retries=2,
        backoff=0.001,
        max_backoff=0.01,
    )
    out = tmp_path / "run.jsonl"
    first = run_bank(items, out, config, progress=False)
    # Then the failures are written, not dropped; 400 is not retried, 500 is
    records, _ = read_run(out)
    assert (first.answered, first.errors) == (4, 2)
    assert records["i0002"]["error"] == "HTTP 500" and records["i0002"]["attempts"] == 3
    assert records["i0003"]["error"] == "HTTP 400" and records["i0003"]["attempts"] == 1
    # When the server recovers and the same command runs again
    server.script.always_fail = {}
    second = run_bank(items, out, config, progress=False)
    # Then only the two failed items are sent, and now answered
    assert (second.skipped, second.sent, second.answered) == (4, 2, 2)
    assert all(server.script.answered[i.id] == 1 for i in items)
    assert _answered_lines(out) == Counter({i.id: 1 for i in items})


def test_concurrency_is_bounded_and_rate_is_limited(server, tmp_path: Path) -> None:
    server.script.latency = 0.05
    config = RunConfig(endpoint=server.url, model="m", concurrency=3)
    run_bank(_bank(15), tmp_path / "a.jsonl", config, progress=False)
    assert server.script.max_in_flight == 3
    # 10 requests at 20 per second: starts spread over at least 9 intervals of 50 ms
    server.script.starts.clear()
    server.script.latency = 0.0
    limited = RunConfig(endpoint=server.url, model="m", concurrency=10, rate=20.0)
    run_bank(_bank(10, "r"), tmp_path / "b.jsonl", limited, progress=False)
    starts = sorted(server.script.starts)
    assert starts[-1] - starts[0] >= 9 * 0.05 * 0.9


def test_a_partial_last_line_is_sealed_and_never_taken_for_an_answer(
    server, tmp_path: Path
) -> None:
    out = tmp_path / "run.jsonl"
    out.write_text(
        '{"id": "i0000", "response": "ok", "error": null}\n{"id": "i0001", "resp', "utf-8"
    )
    summary = run_bank(_bank(3), out, RunConfig(endpoint=server.url, model="m"), progress=False)
    assert (summary.skipped, summary.sent) == (1, 2)
    records, bad = read_run(out)
    assert bad == 1 and set(records) == {"i0000", "i0001", "i0002"}
    assert server.script.attempts["i0000"] == 0


def _spawn_run(bank: Path, out: Path, url: str) -> subprocess.Popen[bytes]:
    """A separate process running the bank (the library call the CLI makes)."""
    code = (
        "import sys; from fulcrum.assess.genai import RunConfig, load_bank, run_bank; "
        "run_bank(load_bank(sys.argv[1]), sys.argv[2], "
        "RunConfig(endpoint=sys.argv[3], model='m', concurrency=4), progress=False)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(bank), str(out), url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _wait_for_lines(out: Path, n: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= n:
            return
        if proc.poll() is not None:
            raise AssertionError(f"run ended early: {proc.communicate()}")
        time.sleep(0.01)
    raise AssertionError("the run wrote nothing")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_killed_and_resumed_run_loses_nothing(server, tmp_path: Path, sig: int) -> None:
    # Given a run of 80 prompts (20 ms each, 4 in flight) in another process, killed part-way
    items = _bank(80)
    bank, out = tmp_path / "bank.jsonl", tmp_path / "run.jsonl"
    _write_bank(bank, items)
    server.script.latency = 0.02
    proc = _spawn_run(bank, out, server.url)
    _wait_for_lines(out, 12, proc)
    proc.send_signal(sig)
    proc.communicate(timeout=30)
    before = _answered_lines(out)
    assert 0 < len(before) < len(items)
    # When the same run is started again and goes to the end
    config = RunConfig(endpoint=server.url, model="m", concurrency=4)
    summary = run_bank(items, out, config, progress=False)
    # Then every item has exactly one answer in the run file, and none answered before was resent
    after = _answered_lines(out)
    assert after == Counter({i.id: 1 for i in items})
    assert summary.skipped == len(before)
    assert all(server.script.attempts[i] == 1 for i in before)
    resent = [i.id for i in items if server.script.answered[i.id] > 1]
    if sig == signal.SIGTERM:
        # a graceful stop finishes the requests in flight: nothing is sent twice
        assert resent == []
    else:
        # a hard kill can lose only the answers in flight (at most the concurrency)
        assert len(resent) <= 4
    assert sum(server.script.answered.values()) == len(items) + len(resent)


def test_config_is_validated() -> None:
    with pytest.raises(InputError, match="concurrency must be >= 1, got 0"):
        RunConfig(endpoint="http://x", model="m", concurrency=0)
    with pytest.raises(InputError, match="endpoint must be an http"):
        RunConfig(endpoint="ftp://x", model="m")
