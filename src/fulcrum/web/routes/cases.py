"""Review cases: the questionnaire, evidence, workflow steps, votes, decisions, conditions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from fulcrum.auth import can
from fulcrum.errors import InputError
from fulcrum.review import CHOICES, OUTCOMES, NewCondition, allowed_actions, group
from fulcrum.web import _services as services
from fulcrum.web._context import Ctx, Web, attachment

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated when shown."""
    return message


def router(web: Web) -> APIRouter:
    """Routes under /cases."""
    r = APIRouter()

    @r.get("/cases")
    async def cases(request: Request, state: str = "") -> Response:
        """Every case, optionally in one state."""

        def work(ctx: Ctx) -> Response:
            rows = services.status(ctx).list(state=state or None)
            return ctx.render(
                "pages/cases.html.j2",
                {"rows": sorted(rows, key=lambda c: -c["case"]), "state": state},
            )

        return await web.page(request, work)

    @r.get("/cases/{case_id}")
    async def case(request: Request, case_id: int) -> Response:
        """The case page."""

        def work(ctx: Ctx) -> Response:
            return ctx.render(
                "pages/case.html.j2", case_context(ctx, case_id), part="parts/case_body.html.j2"
            )

        return await web.page(request, work)

    def step(path: str, act: Callable[[Ctx, int, FormData], Any], notice: str) -> None:
        """A workflow step posted from the case page; answers with the refreshed case body."""

        async def handler(request: Request, case_id: int) -> Response:
            def work(ctx: Ctx, form: FormData) -> Response:
                act(ctx, case_id, form)
                ctx.session.flush()
                context = {**case_context(ctx, case_id), "notice": ctx.t.gettext(notice)}
                return ctx.render("pages/case.html.j2", context, part="parts/case_body.html.j2")

            return await web.action(request, work)

        handler.__name__ = "case_" + path.strip("/").replace("/", "_")
        r.add_api_route("/cases/{case_id}" + path, handler, methods=["POST"])

    step("/submit", lambda ctx, cid, f: services.cases(ctx).submit(cid), N_("Submitted."))
    step(
        "/screen", lambda ctx, cid, f: services.cases(ctx).screen(cid), N_("Taken into screening.")
    )
    step("/start", lambda ctx, cid, f: services.cases(ctx).start(cid), N_("Review started."))
    step(
        "/return",
        lambda ctx, cid, f: services.cases(ctx).send_back(cid, reason=_text(f, "reason")),
        N_("Returned to the submitter."),
    )
    step(
        "/withdraw",
        lambda ctx, cid, f: services.cases(ctx).withdraw(cid, reason=_text(f, "reason")),
        N_("Withdrawn."),
    )
    step(
        "/procedure",
        lambda ctx, cid, f: services.cases(ctx).change_procedure(
            cid, _text(f, "procedure"), reason=_text(f, "reason")
        ),
        N_("Procedure changed."),
    )
    step(
        "/votes",
        lambda ctx, cid, f: services.decisions(ctx).vote(
            cid, _text(f, "choice"), comment=_text(f, "comment")
        ),
        N_("Your vote was recorded."),
    )
    step(
        "/recuse",
        lambda ctx, cid, f: services.decisions(ctx).recuse(cid, reason=_text(f, "reason")),
        N_("You recused yourself from this case."),
    )
    step("/decide", _decide, N_("The decision was recorded."))
    step("/fulfil", _fulfil, N_("The condition is fulfilled."))
    step("/evidence", _attach, N_("Evidence attached."))
    step("/answers/import", _import_answers, N_("Answers imported."))

    @r.post("/cases/{case_id}/answers")
    async def answer(request: Request, case_id: int) -> Response:
        """Save one answer (sent as you type); answers with the question's saved mark."""

        def work(ctx: Ctx, form: FormData) -> Response:
            key = _text(form, "key")
            evidence = [int(str(v)) for v in form.getlist("evidence") if str(v).isdigit()]
            row = services.cases(ctx).answer(
                case_id, key, _text(form, "value"), evidence_ids=evidence
            )
            return ctx.render(
                "parts/saved.html.j2",
                {"value": row.value, "at": dt.datetime.now(dt.UTC), "key": key},
            )

        return await web.action(request, work)

    @r.get("/cases/{case_id}/answers.{fmt}")
    async def export_answers(request: Request, case_id: int, fmt: str) -> Response:
        """Every answer of the case as YAML or CSV (to edit offline and import again)."""
        from fulcrum.review import render_answers

        def work(ctx: Ctx) -> Response:
            if fmt not in {"yaml", "csv"}:
                raise InputError(f"answers come as .yaml or .csv, not .{fmt}")
            body = render_answers(services.answers(ctx).export(case_id), fmt)
            media = "text/csv; charset=utf-8" if fmt == "csv" else "application/yaml"
            return attachment(body, media, f"case-{case_id}-answers.{fmt}")

        return await web.page(request, work)

    @r.get("/cases/{case_id}/evidence/{evidence_id}/view")
    async def view_evidence(request: Request, case_id: int, evidence_id: int) -> Response:
        """An Evidence record: verdict, checks against thresholds (with a chart), metrics."""
        import json

        from fulcrum.evidence import Evidence
        from fulcrum.web._evidence_views import evidence_view

        def work(ctx: Ctx) -> Response:
            _name, body = services.cases(ctx).evidence_bytes(case_id, evidence_id)
            link = next(
                e for e in services.status(ctx).show(case_id)["evidence"] if e["id"] == evidence_id
            )
            if link["kind"] != "record":
                raise InputError(f"evidence {evidence_id} is a file; download it instead")
            record = Evidence.model_validate(json.loads(body.decode("utf-8")))
            return ctx.render(
                "pages/evidence.html.j2",
                {
                    "case_id": case_id,
                    "link": link,
                    "record": record,
                    "chart": check_chart(record),
                    "view": evidence_view(record),
                    "metrics": flat_metrics(record.metrics),
                },
            )

        return await web.page(request, work)

    @r.get("/cases/{case_id}/evidence/{evidence_id}")
    async def download(request: Request, case_id: int, evidence_id: int) -> Response:
        """An attached file, after its hash is checked."""

        def work(ctx: Ctx) -> Response:
            name, body = services.cases(ctx).evidence_bytes(case_id, evidence_id)
            safe = _SAFE_NAME.sub("_", name).strip("._") or f"evidence-{evidence_id}"
            return attachment(body, "application/octet-stream", safe)

        return await web.page(request, work)

    return r


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _decide(ctx: Ctx, case_id: int, form: FormData) -> Any:
    conditions = []
    texts, owners, dues = (form.getlist(k) for k in ("cond_text", "cond_owner", "cond_due"))
    for text, owner, due in zip(texts, owners, dues, strict=False):
        if not str(text).strip():
            continue
        try:
            when = dt.date.fromisoformat(str(due))
        except ValueError as exc:
            raise InputError(
                ctx.t.gettext("Each condition needs a due date.") + f" ({due!s})"
            ) from exc
        conditions.append(NewCondition(str(text).strip(), str(owner).strip(), when))
    return services.decisions(ctx).decide(
        case_id,
        _text(form, "outcome"),
        rationale=_text(form, "rationale"),
        conditions=conditions,
    )


def _fulfil(ctx: Ctx, case_id: int, form: FormData) -> Any:
    condition = _text(form, "condition")
    evidence = _text(form, "evidence")
    if not condition.isdigit() or not evidence.isdigit():
        raise InputError(ctx.t.gettext("Choose the condition and the evidence that fulfils it."))
    return services.decisions(ctx).fulfil_condition(
        case_id, int(condition), evidence_id=int(evidence), note=_text(form, "note")
    )


def _import_answers(ctx: Ctx, case_id: int, form: FormData) -> Any:
    import tempfile

    from fulcrum.review import parse_answers

    upload = form.get("answers")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError(ctx.t.gettext("Choose a file of answers (YAML or CSV)."))
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in {".yaml", ".yml", ".json", ".csv"}:
        raise InputError(f"{upload.filename}: answers come as .yaml, .json or .csv")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (_SAFE_NAME.sub("_", Path(upload.filename).stem) + suffix)
        path.write_bytes(upload.file.read(5_000_000))
        return services.answers(ctx).import_(case_id, parse_answers(path))


def _attach(ctx: Ctx, case_id: int, form: FormData) -> Any:
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError(ctx.t.gettext("Choose a file to attach."))
    name = _SAFE_NAME.sub("_", Path(upload.filename).name).strip("._") or "evidence"
    upload.file.seek(0)
    if _text(form, "as") == "record":
        import json

        try:
            document = json.loads(upload.file.read(20_000_000).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise InputError(f"{name}: not a JSON Evidence record ({exc})") from exc
        return services.cases(ctx).attach(
            case_id, record=document, filename=name, note=_text(form, "note")
        )
    return services.cases(ctx).attach(
        case_id, stream=upload.file, filename=name, note=_text(form, "note")
    )


def case_context(ctx: Ctx, case_id: int) -> dict[str, Any]:
    """Everything the case page shows, read through the services."""
    from fulcrum.catalog import get_catalog

    status = services.status(ctx)
    detail = status.show(case_id)
    decisions = services.decisions(ctx)
    row = decisions.load(case_id)
    questions = services.cases(ctx).questionnaire(case_id)
    answered = detail["answers"]
    tallies = [decisions.tally(row, c) for c in detail["committees"]]
    procedure = decisions.policy.procedure(detail["procedure"])
    me = ctx.user.username
    seats: dict[str, str] = {}
    members: set[str] = set()
    for committee in services.committees(ctx).list():
        for member in committee.members:
            members.add(member["user"])
            if member["user"] == me and committee.slug in detail["committees"]:
                seats[committee.slug] = member["role"]
    catalog = get_catalog()
    titles = {p: v.title for p, v in catalog.principles.items()}
    titles.update({f: v.short_title for f, v in catalog.frameworks.items()})
    return {
        "case": detail,
        "questions": group(questions),
        "titles": titles,
        "question_count": len(questions),
        "required_missing": sum(1 for q in questions if q.required and q.key not in answered),
        "answers": answered,
        "tallies": tallies,
        "procedure": procedure,
        "actions": allowed_actions(detail["state"]),
        "can": lambda permission: can(ctx.user, permission),
        "seats": seats,
        "my_votes": [v for v in detail["votes"] if v["user"] == me],
        "recused": any(r["user"] == me for r in detail["recusals"]),
        "choices": CHOICES,
        "outcomes": OUTCOMES,
        "procedures": _procedure_names(decisions),
        "owners": sorted(members | {detail["submitter"]}),
        "timeline": timeline(detail["history"]),
        "notice": "",
        "today": dt.date.today(),
    }


def timeline(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The case's events, runs of the same kind by the same person folded into one line."""
    out: list[dict[str, Any]] = []
    for event in history:
        last = out[-1] if out else None
        if (
            last is not None
            and event["type"] in _FOLDED
            and last["type"] == event["type"]
            and last["actor"] == event["actor"]
        ):
            last["count"] += 1
            last["last_seq"] = event["seq"]
            continue
        out.append({**event, "count": 1, "last_seq": event["seq"]})
    return out


_FOLDED = {"case.answered", "case.evidence_linked", "state.changed"}


def _procedure_names(decisions: Any) -> list[str]:
    names = getattr(decisions.policy, "procedures", {})
    return sorted(names) if isinstance(names, dict) else []


def check_chart(record: Any, *, width: int = 560, row: int = 30) -> dict[str, Any]:
    """Geometry of a bar chart of each check's value, interval and threshold (SVG, no script).

    Each row has its own scale (metrics differ in size): the bar is the value, the line its
    interval, the mark the threshold.
    """
    bars = []
    for i, c in enumerate(c for c in record.checks if c.value is not None):
        top = max(abs(c.value), abs(c.threshold), abs(c.interval[1]) if c.interval else 0, 1e-9)
        scale = (width - 10) / (top * 1.15)
        group = ", ".join(f"{k}={v}" for k, v in (c.group or {}).items())
        bars.append(
            {
                "label": c.metric + (f" ({group})" if group else ""),
                "y": i * row + 4,
                "w": max(1.0, abs(c.value) * scale),
                "t": abs(c.threshold) * scale,
                "lo": abs(c.interval[0]) * scale if c.interval else None,
                "hi": abs(c.interval[1]) * scale if c.interval else None,
                "verdict": c.verdict,
            }
        )
    return {"bars": bars, "width": width, "height": max(1, len(bars)) * row + 8, "row": row}


def flat_metrics(metrics: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Metrics as (dotted name, value) rows; nested groups become dotted names."""
    rows: list[tuple[str, Any]] = []
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(flat_metrics(value, name + "."))
        else:
            rows.append((name, value))
    return rows[:500]
