"""``fulcrum assess genai``: test banks, refusal runs against a model service, scored evidence."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from fulcrum.cli._output import console, print_json
from fulcrum.errors import DataError, InputError

genai_app = typer.Typer(
    help="Generative-AI safety: validate test banks, run them against a model, score refusals.",
    no_args_is_help=True,
)

Format = Literal["json", "text"]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="json or text.")]
ThresholdOpt = Annotated[
    list[str] | None,
    typer.Option("--threshold", help='A limit such as "should_refuse.refusal_rate>=0.95".'),
]
RequirementOpt = Annotated[
    list[str] | None, typer.Option("--requirement", help="Catalog requirement id (repeatable).")
]


def _bank(path: str | None) -> tuple[list[Any], Path]:
    from fulcrum.assess.genai import load_bank, probes_bank_path, starter_bank_path

    named = {None: starter_bank_path, "starter": starter_bank_path, "probes": probes_bank_path}
    bank_path = named[path]() if path in named else Path(str(path))
    return load_bank(bank_path), bank_path


def _ref(path: Path, rows: int | None = None) -> Any:
    from fulcrum._hashing import sha256_file
    from fulcrum.evidence import InputRef

    return InputRef(
        name=path.name, sha256=sha256_file(path), rows=rows, size_bytes=path.stat().st_size
    )


@genai_app.command("validate")
def validate(
    bank: Annotated[
        str | None,
        typer.Argument(help="Bank JSONL, or starter / probes (bundled examples; default starter)."),
    ] = None,
    fmt: FormatOpt = "json",
    threshold: ThresholdOpt = None,
    requirement: RequirementOpt = None,
) -> None:
    """Check a bank against GB/T 45654's size and coverage rules and list what is short."""
    from fulcrum.assess.genai import validate_bank

    items, path = _bank(bank)
    report = validate_bank(
        items, thresholds=threshold or (), requirements=requirement, inputs=[_ref(path, len(items))]
    )
    if fmt == "json":
        print_json({"bank": str(path), **report.to_dict()})
        return
    console.print(f"{path}: {report.totals}")
    for short in report.shortfalls:
        console.print(f"short: {short}", highlight=False)
    console.print(f"verdict: {report.evidence.verdict}  evidence: {report.evidence.id}")


@genai_app.command("run")
def run(
    out: Annotated[Path, typer.Option("--out", help="Run file (JSONL); re-running resumes it.")],
    bank: Annotated[
        str | None,
        typer.Option("--bank", help="Bank JSONL, or starter / probes (bundled examples)."),
    ] = None,
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="Base URL, e.g. http://127.0.0.1:8000/v1.")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Model name sent in each request.")
    ] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", help="Requests in flight.")] = 8,
    rate: Annotated[
        float | None, typer.Option("--rate", help="Requests per second (default unlimited).")
    ] = None,
    api_key_env: Annotated[
        str | None, typer.Option("--api-key-env", help="Environment variable holding the API key.")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 60.0,
    retries: Annotated[int, typer.Option("--retries", help="Retries on 429/5xx/timeouts.")] = 5,
    sample: Annotated[
        int | None,
        typer.Option("--sample", help="Items sampled per behaviour (GB/T 45654: >= 300)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Sampling seed.")] = 0,
    system_prompt: Annotated[str | None, typer.Option("--system", help="System prompt.")] = None,
    responses: Annotated[
        Path | None,
        typer.Option(
            "--responses",
            help="Answers collected elsewhere (JSONL: id, response); copied to --out, none sent.",
        ),
    ] = None,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = None,
) -> None:
    """Send a bank's prompts to an OpenAI-compatible endpoint; append one JSON line per item."""
    from fulcrum.assess.genai import RunConfig, read_run, run_bank, sample_bank

    items, _ = _bank(bank)
    items = sample_bank(items, sample, seed=seed)
    if responses is not None:
        print_json(_import_responses(items, responses, out))
        return
    if not endpoint or not model:
        raise InputError("--endpoint and --model are required (or pass --responses FILE)")
    api_key = None
    if api_key_env:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            raise InputError(f"environment variable {api_key_env} is not set")
    config = RunConfig(
        endpoint=endpoint,
        model=model,
        api_key=api_key,
        concurrency=concurrency,
        rate=rate,
        timeout=timeout,
        max_retries=retries,
        system_prompt=system_prompt,
    )
    summary = run_bank(items, out, config, progress=progress)
    _, bad = read_run(out)
    print_json({"out": str(out), **summary.to_dict(), "unreadable_lines": bad})
    if summary.interrupted:
        raise typer.Exit(130)


def _import_responses(items: list[Any], responses: Path, out: Path) -> dict[str, Any]:
    from fulcrum.assess.genai import is_answered, read_run

    if not responses.is_file():
        raise DataError(f"{responses}: no such file")
    given, bad = read_run(responses, strict=True)
    existing, _ = read_run(out)
    written = 0
    with out.open("a", encoding="utf-8") as sink:
        for item in items:
            record = given.get(item.id)
            if record is None or is_answered(existing.get(item.id)):
                continue
            row = {
                "id": item.id,
                "prompt": item.prompt,
                "response": record.get("response"),
                "latency_s": record.get("latency_s"),
                "error": record.get("error"),
                "source": str(responses),
            }
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    return {
        "out": str(out),
        "imported": written,
        "missing": sum(1 for i in items if i.id not in given),
        "unreadable_lines": bad,
    }


@genai_app.command("score")
def score(
    run_file: Annotated[Path, typer.Argument(help="Run file (JSONL with id and response).")],
    bank: Annotated[
        str | None,
        typer.Option("--bank", help="Bank JSONL, or starter / probes (bundled examples)."),
    ] = None,
    fmt: FormatOpt = "json",
    threshold: ThresholdOpt = None,
    requirement: RequirementOpt = None,
    judge: Annotated[
        str, typer.Option("--judge", help="rules, or llm (uses --judge-endpoint/--judge-model).")
    ] = "rules",
    judge_endpoint: Annotated[
        str | None, typer.Option("--judge-endpoint", help="Judge base URL.")
    ] = None,
    judge_model: Annotated[
        str | None, typer.Option("--judge-model", help="Judge model name.")
    ] = None,
    judge_key_env: Annotated[
        str | None, typer.Option("--judge-key-env", help="Env var with the judge's key.")
    ] = None,
    basis: Annotated[
        str, typer.Option("--basis", help="interval (whole CI must meet the limit) or point.")
    ] = "interval",
    level: Annotated[float, typer.Option("--ci", help="Confidence level of the intervals.")] = 0.95,
    items: Annotated[bool, typer.Option("--items", help="Include every item's judgement.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when the verdict is fail.")
    ] = False,
) -> None:
    """Judge refusals and check the refusal rates against GB/T 45654's limits."""
    from fulcrum.assess.genai import LlmJudge, RuleJudge, judge_accuracy, read_run, score_run

    if basis not in ("interval", "point"):
        raise InputError(f"--basis must be interval or point, got {basis!r}")
    if not run_file.is_file():
        raise DataError(f"{run_file}: no such run file")
    bank_items, bank_path = _bank(bank)
    records, _ = read_run(run_file, strict=True)
    chosen: Any
    report = None
    if judge == "rules":
        chosen = RuleJudge()
    elif judge == "llm":
        if not judge_endpoint or not judge_model:
            raise InputError("--judge llm needs --judge-endpoint and --judge-model")
        key = os.environ.get(judge_key_env) if judge_key_env else None
        chosen = LlmJudge(judge_endpoint, judge_model, api_key=key)
        report = judge_accuracy(chosen, level=level)
    else:
        raise InputError(f"--judge must be rules or llm, got {judge!r}")
    result = score_run(
        bank_items,
        records,
        judge=chosen,
        thresholds=threshold or (),
        requirements=requirement,
        level=level,
        basis=basis,  # type: ignore[arg-type]
        inputs=[_ref(bank_path, len(bank_items)), _ref(run_file, len(records))],
        judge_report=report,
    )
    payload = result.to_dict(items=items)
    if fmt == "json":
        print_json(payload)
    else:
        for group in ("should_refuse", "should_answer"):
            g = payload[group]
            rate = "—" if g["refusal_rate"] is None else f"{g['refusal_rate']:.3f}"
            console.print(
                f"{group}: n={g['n']} refused={g['refused']} rate={rate} CI={g['interval']}"
            )
        for check in payload["checks"]:
            console.print(
                f"[{check['verdict']}] {check['metric']}: {check['reason']}", markup=False
            )
        console.print(f"verdict: {payload['verdict']}  evidence: {payload['evidence']['id']}")
    if strict and payload["verdict"] == "fail":
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``fulcrum assess genai``."""
    app.add_typer(genai_app, name="genai")
