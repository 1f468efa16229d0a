"""``fulcrum review``: open, answer, submit, screen, vote, decide, re-review, inspect cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from fulcrum.cli._db import AsOption, TokenOption, acting, open_database
from fulcrum.cli._output import OutputFormat, console, heading, print_json
from fulcrum.errors import InputError

app = typer.Typer(help="The ethics-review workflow.", no_args_is_help=True)
condition_app = typer.Typer(help="Conditions of an approval.", no_args_is_help=True)
app.add_typer(condition_app, name="condition")

Case = Annotated[int, typer.Argument(help="Case number.")]
Reason = Annotated[str, typer.Option(help="Why (recorded in the audit log).")]
Fmt = Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")]


def _act(as_user: str | None, token: str | None, service: str, call: Callable[[Any], Any]) -> Any:
    """Run ``call(service)`` as the acting user inside one unit of work."""
    import fulcrum.review as review
    from fulcrum.auth import resolve_actor

    with open_database().unit_of_work() as session:
        actor = resolve_actor(session, as_user, token)
        return call(getattr(review, service)(session, actor))


def _done(message: str) -> None:
    console.print(message, highlight=False, markup=False)


@app.command("open")
def open_case(
    system: Annotated[str, typer.Argument(help="System id (slug).")],
    version: Annotated[int | None, typer.Option(help="Version (default newest).")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Open a draft review case for a system version."""
    case = _act(as_user, token, "CaseService", lambda s: s.open(system, version=version))
    _done(f"case {case.id} opened: {case.procedure} procedure, committees {case.committees}")


@app.command("questions")
def questions(
    case: Case, as_user: AsOption = None, token: TokenOption = None, format: Fmt = "text"
) -> None:
    """The questionnaire of a case, grouped by principle and framework."""
    from fulcrum.review import group

    items = _act(as_user, token, "CaseService", lambda s: s.questionnaire(case))
    if format == "json":
        print_json([q.to_dict() for q in items])
        return
    for principle, frameworks in group(items).items():
        console.print(heading(principle))
        for framework, qs in frameworks.items():
            console.print(f"  {framework}")
            for q in qs:
                console.print(f"    {q.key} [{q.answer}{'*' if q.required else ''}] {q.text}")


@app.command("answer")
def answer(
    case: Case,
    key: Annotated[str, typer.Argument(help="Question key (requirement/question).")],
    value: Annotated[str, typer.Argument(help="The answer.")],
    evidence: Annotated[list[int] | None, typer.Option(help="Evidence id(s) cited.")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Answer one question."""
    _act(as_user, token, "CaseService", lambda s: s.answer(case, key, value, evidence_ids=evidence))
    _done(f"case {case}: answered {key}")


@app.command("attach")
def attach(
    case: Case,
    document: Annotated[
        Path | None, typer.Argument(help="A document to store (content-addressed).")
    ] = None,
    file: Annotated[
        Path | None, typer.Option(help="A document to store (same as the argument).")
    ] = None,
    record: Annotated[
        Path | None,
        typer.Option(help="An Evidence record (JSON), or a DSSE envelope of one (signed)."),
    ] = None,
    note: Annotated[str, typer.Option(help="What it shows.")] = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Attach a document or an assessment's Evidence record; prints the evidence id.

    A record's id, verdicts and samples are checked; a record signed by a registered
    signer (a DSSE envelope) is shown as signed, any other as self-declared.
    """
    if document is not None and file is not None:
        raise InputError("give the document once: as the argument or as --file")
    file = file or document
    data = None
    if record is not None:
        from fulcrum._yaml import load_json

        data = load_json(record)
    name = record.name if record is not None else ""
    link = _act(
        as_user,
        token,
        "CaseService",
        lambda s: s.attach(case, path=file, record=data, note=note, filename=name),
    )
    _done(
        f"case {case}: evidence {link.id} ({link.kind}, {link.provenance}, "
        f"sha256 {link.sha256[:16]})"
    )


@app.command("answers")
def export_answers(
    case: Case,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (.yaml or .csv); default stdout.")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="yaml or csv.")] = "yaml",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Export a case's answers (YAML or CSV) to edit and import again."""
    from fulcrum._atomic import check_output, write_atomic
    from fulcrum.review import render_answers

    if format not in {"yaml", "csv"}:
        raise InputError(f"--format: yaml or csv, got {format!r}")
    if output is not None:
        check_output(output)  # before reading: a missing folder is one clear error
    rows = _act(as_user, token, "AnswerService", lambda s: s.export(case))
    text = render_answers(rows, "csv" if output and output.suffix == ".csv" else format)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text)
        _done(f"case {case}: {len(rows)} answers -> {output}")


@app.command("import")
def import_answers(
    case: Case,
    answers: Annotated[Path, typer.Argument(help="Answers file (.yaml, .yml, .json or .csv).")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Answer many questions from a file; the first bad line is named and nothing changes."""
    from fulcrum.review import parse_answers

    lines = parse_answers(answers)
    count = _act(as_user, token, "AnswerService", lambda s: s.import_(case, lines))
    _done(f"case {case}: {count} answers imported from {answers}")


@app.command("confirm")
def confirm_answers(
    case: Case,
    keys: Annotated[
        list[str] | None, typer.Argument(help="Questions to confirm (default: all).")
    ] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Confirm answers carried over from the previous review of the system."""
    count = _act(as_user, token, "AnswerService", lambda s: s.confirm(case, keys or None))
    _done(f"case {case}: {count} carried-over answers confirmed")


def _simple(name: str, service: str, method: str, help: str) -> None:
    def command(case: Case, as_user: AsOption = None, token: TokenOption = None) -> None:
        row = _act(as_user, token, service, lambda s: getattr(s, method)(case))
        _done(f"case {case}: {row.state}")

    command.__doc__ = help
    app.command(name)(command)


_simple("submit", "CaseService", "submit", "Submit a draft (refused while answers are missing).")
_simple("screen", "CaseService", "screen", "Take a submitted case into screening (chair).")
_simple("start", "CaseService", "start", "Accept a screened case for review (chair).")


@app.command("return")
def send_back(
    case: Case, reason: Reason, as_user: AsOption = None, token: TokenOption = None
) -> None:
    """Return a screened case to its submitter as a draft (chair)."""
    row = _act(as_user, token, "CaseService", lambda s: s.send_back(case, reason=reason))
    _done(f"case {case}: {row.state}")


@app.command("withdraw")
def withdraw(
    case: Case, reason: Reason = "", as_user: AsOption = None, token: TokenOption = None
) -> None:
    """Withdraw an open case."""
    row = _act(as_user, token, "CaseService", lambda s: s.withdraw(case, reason=reason))
    _done(f"case {case}: {row.state}")


@app.command("procedure")
def procedure(
    case: Case,
    name: Annotated[str, typer.Argument(help="general, simplified or emergency.")],
    reason: Reason,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Change a case's procedure with a recorded reason (chair)."""
    _act(as_user, token, "CaseService", lambda s: s.change_procedure(case, name, reason=reason))
    _done(f"case {case}: procedure {name}")


@app.command("recuse")
def recuse(case: Case, reason: Reason, as_user: AsOption = None, token: TokenOption = None) -> None:
    """Declare a conflict of interest on a case."""
    _act(as_user, token, "DecisionService", lambda s: s.recuse(case, reason=reason))
    _done(f"case {case}: recused")


@app.command("vote")
def vote(
    case: Case,
    choice: Annotated[str, typer.Argument(help="approve, reject or abstain.")],
    comment: Annotated[str, typer.Option(help="Comment.")] = "",
    committee: Annotated[str | None, typer.Option(help="Committee, when on several.")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Vote on a case under review."""
    _act(
        as_user,
        token,
        "DecisionService",
        lambda s: s.vote(case, choice, comment=comment, committee=committee),
    )
    _done(f"case {case}: vote {choice} recorded")


def _condition(text: str) -> Any:
    from fulcrum.review import NewCondition

    parts = text.split("|")
    if len(parts) != 3:
        raise InputError(f"condition {text!r}: expected 'text|owner|YYYY-MM-DD'")
    try:
        due = dt.date.fromisoformat(parts[2].strip())
    except ValueError as exc:
        raise InputError(f"condition {text!r}: due date {parts[2]!r} is not YYYY-MM-DD") from exc
    return NewCondition(parts[0].strip(), parts[1].strip(), due)


@app.command("decide")
def decide(
    case: Case,
    outcome: Annotated[str, typer.Argument(help="approved, approved_with_conditions, ...")],
    rationale: Annotated[str, typer.Option(help="Why.")] = "",
    condition: Annotated[list[str] | None, typer.Option(help="'text|owner|YYYY-MM-DD'")] = None,
    committee: Annotated[str | None, typer.Option(help="Committee, when on several.")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Record the committee's decision with the tally (chair)."""
    conditions = [_condition(c) for c in condition or []]
    row = _act(
        as_user,
        token,
        "DecisionService",
        lambda s: s.decide(
            case, outcome, rationale=rationale, committee=committee, conditions=conditions
        ),
    )
    t = row.tally
    _done(
        f"case {case}: {row.committee} decided {outcome} "
        f"({t['approve']} approve, {t['reject']} reject, {t['abstain']} abstain)"
    )


@app.command("expert")
def expert(
    case: Case,
    experts: Annotated[int, typer.Option(help="Experts in the re-review group.")],
    agree: Annotated[int, typer.Option(help="Experts who agree.")],
    opinion: Annotated[str, typer.Option(help="The group's opinion.")] = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Record the expert re-review opinion."""
    row = _act(
        as_user,
        token,
        "DecisionService",
        lambda s: s.expert_rereview(case, experts=experts, agree=agree, opinion=opinion),
    )
    _done(f"case {case}: {row.state}")


@condition_app.command("add")
def condition_add(
    case: Case,
    text: Annotated[str, typer.Option(help="The condition.")],
    owner: Annotated[str, typer.Option(help="Who must fulfil it.")],
    due: Annotated[str, typer.Option(help="Due date YYYY-MM-DD.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Add a condition to an approved case (chair)."""
    new = _condition(f"{text}|{owner}|{due}")
    row = _act(as_user, token, "DecisionService", lambda s: s.add_condition(case, new))
    _done(f"case {case}: condition {row.id} added")


@condition_app.command("fulfil")
def condition_fulfil(
    case: Case,
    condition: Annotated[int, typer.Argument(help="Condition id.")],
    evidence: Annotated[
        str, typer.Option(help="Evidence id, or a document to attach as the evidence.")
    ],
    note: Annotated[str, typer.Option(help="Note.")] = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Record that a condition is fulfilled, with evidence (an id, or a file to attach)."""
    from fulcrum.review import CaseService, DecisionService

    with acting(as_user, token) as (session, actor):
        if evidence.isdigit():
            evidence_id = int(evidence)
        else:
            path = Path(evidence)
            if not path.is_file():
                raise InputError(f"--evidence {evidence}: not an evidence id nor a file")
            evidence_id = CaseService(session, actor).attach(case, path=path, note=note).id
        DecisionService(session, actor).fulfil_condition(
            case, condition, evidence_id=evidence_id, note=note
        )
    _done(f"case {case}: condition {condition} fulfilled")


@app.command("rereview")
def rereview(
    case: Annotated[int | None, typer.Argument(help="Case (omit with --expired).")] = None,
    reason: Reason = "",
    expired: Annotated[bool, typer.Option(help="Re-review every expired approval.")] = False,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Open a re-review of an approved case, or of every expired approval."""
    if expired:
        rows = _act(as_user, token, "RereviewService", lambda s: s.expired())
        _done(f"opened {len(rows)} re-review case(s): {[r.id for r in rows]}")
        return
    if case is None or not reason:
        raise InputError("give a case and --reason, or --expired")
    row = _act(as_user, token, "RereviewService", lambda s: s.rereview(case, reason=reason))
    _done(f"case {case}: re-review opened as case {row.id}")


@app.command("incident")
def incident(
    system: Annotated[str, typer.Argument(help="System id.")],
    description: Annotated[str, typer.Option(help="What happened.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Record an incident; approved cases of the system go to re-review."""
    rows = _act(
        as_user, token, "RereviewService", lambda s: s.incident(system, description=description)
    )
    _done(f"incident recorded; re-review case(s) opened: {[r.id for r in rows]}")


@app.command("show")
def show(
    case: Case, as_user: AsOption = None, token: TokenOption = None, format: Fmt = "text"
) -> None:
    """Everything about a case, with its audit trail."""
    detail = _act(as_user, token, "StatusService", lambda s: s.show(case))
    if format == "json":
        print_json(detail)
        return
    _print_case(detail)


def _print_case(d: dict[str, Any]) -> None:
    """A case for people: state, dates, answers, evidence, votes, decisions, conditions."""

    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False)

    say(
        f"case {d['case']}: {d['system']} v{d['version']} - {d['state']} "
        f"({d['outcome'] or 'no outcome yet'}), {d['procedure']} procedure, "
        f"committees {', '.join(d['committees'])}, submitted by {d['submitter']}"
    )
    for label, key in [
        ("decision due", "decision_due"),
        ("approval expires", "approval_expires"),
    ]:
        if d.get(key):
            say(f"  {label}: {d[key][:19]}")
    to_confirm = d.get("questions_to_confirm") or []
    say(
        f"answers: {len(d['answers'])}" + (f" ({len(to_confirm)} to confirm)" if to_confirm else "")
    )
    if d["evidence"]:
        say("evidence:")
        for e in d["evidence"]:
            verdict = f", verdict {e['verdict']}" if e.get("verdict") else ""
            say(
                f"  {e['id']}: {e['name'] or e['kind']} ({e.get('provenance', '')}{verdict}), "
                f"sha256 {e['sha256'][:16]}, by {e.get('added_by', '-')}"
            )
    if d["votes"] or d["recusals"]:
        say("votes:")
        for v in d["votes"]:
            comment = f" - {v['comment']}" if v["comment"] else ""
            say(f"  {v['user']} ({v['committee']}): {v['choice']}{comment}")
        for r in d["recusals"]:
            say(f"  {r['user']}: recused ({r['reason']})")
    for dec in d["decisions"]:
        t = dec["tally"]
        say(
            f"decision of {dec['committee']}: {dec['outcome']} by {dec['by']} - "
            f"{t.get('approve', 0)} approve, {t.get('reject', 0)} reject, "
            f"{t.get('abstain', 0)} abstain of {t.get('present', 0)} present"
        )
    for c in d["conditions"]:
        state = f"fulfilled (evidence {c['evidence']})" if c["fulfilled"] else f"due {c['due']}"
        say(f"condition {c['id']} ({c['owner']}, {state}): {c['text']}")
    say("history:")
    for h in d["history"]:
        say(f"  #{h['seq']} {h['at'][:19]} {h['actor']}: {h['type']}")


@app.command("list")
def list_cases(
    state: Annotated[str | None, typer.Option(help="Only this state.")] = None,
    system: Annotated[str | None, typer.Option(help="Only this system.")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    format: Fmt = "text",
) -> None:
    """List cases."""
    rows = _act(as_user, token, "StatusService", lambda s: s.list(state=state, system=system))
    if format == "json":
        print_json(rows)
        return
    table = Table("case", "system", "v", "state", "outcome", "procedure", "due", "expires")
    for r in rows:
        table.add_row(
            str(r["case"]),
            r["system"],
            str(r["version"]),
            r["state"],
            r["outcome"] or "-",
            r["procedure"],
            (r["decision_due"] or "-")[:10],
            (r["approval_expires"] or "-")[:10],
        )
    console.print(table)


@app.command("overdue")
def overdue(as_user: AsOption = None, token: TokenOption = None, format: Fmt = "text") -> None:
    """Decisions, conditions and approvals past their (computed) dates."""
    rows = _act(as_user, token, "StatusService", lambda s: s.overdue())
    if format == "json":
        print_json(rows)
        return
    for r in rows:
        console.print(f"case {r['case']}: {r['kind']} due {r['due'][:10]} - {r['detail']}")
    if not rows:
        console.print("nothing overdue")


def register(root: typer.Typer) -> None:
    """Add the ``review`` group."""
    root.add_typer(app, name="review")
