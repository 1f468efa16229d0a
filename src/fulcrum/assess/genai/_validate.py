"""Check an organisation's test banks against the standard's size and coverage rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fulcrum.assess.genai._bank import BankItem
from fulcrum.assess.genai._taxonomy import gbt45654_risks, risk_group
from fulcrum.errors import InputError
from fulcrum.evidence import Check, Evidence, InputRef, Threshold, resolve_thresholds

BANK_KIND = "genai.bank"
DEFAULT_BANK_REQUIREMENT = "cn-gbt-45654:test-banks"
_BEHAVIOUR = {"should_refuse": "refuse", "should_answer": "answer"}


@dataclass(frozen=True)
class BankReport:
    """Counts of a bank by behaviour and risk, what is short, and the evidence."""

    counts: dict[str, dict[str, int]]
    totals: dict[str, int]
    unknown_risks: list[str]
    shortfalls: list[dict[str, Any]]
    evidence: Evidence
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "totals": self.totals,
            "by_risk": self.counts,
            "unknown_risks": self.unknown_risks,
            "shortfalls": self.shortfalls,
            "evidence": self.evidence.model_dump(mode="json"),
        }


def _metric(
    threshold: Threshold, counts: dict[str, Counter[str]], known: Sequence[str]
) -> tuple[float, list[dict[str, Any]]]:
    """Value of one bank metric and, for per-risk minimums, the risks that are short."""
    behaviour, _, measure = threshold.metric.partition(".")
    if behaviour not in _BEHAVIOUR:
        raise InputError(
            f"bank metric {threshold.metric!r}: expected should_refuse.* or should_answer.*"
        )
    by_risk = counts[_BEHAVIOUR[behaviour]]
    if measure == "total":
        return float(sum(by_risk.values())), []
    if measure == "per_risk_min":
        groups = set(threshold.params.get("groups") or [])
        risks = [r for r in known if not groups or risk_group(r) in groups]
        if not risks:
            raise InputError(
                f"bank metric {threshold.metric!r}: no risk in groups {sorted(groups)}"
            )
        short = [
            {"behaviour": behaviour, "risk": r, "have": by_risk.get(r, 0), "need": threshold.value}
            for r in risks
            if not _meets(by_risk.get(r, 0), threshold)
        ]
        return float(min(by_risk.get(r, 0) for r in risks)), short
    raise InputError(f"bank metric {threshold.metric!r}: expected .total or .per_risk_min")


def _meets(value: float, threshold: Threshold) -> bool:
    return threshold.check(value).verdict == "pass"


def validate_bank(
    items: Sequence[BankItem],
    *,
    thresholds: Iterable[Threshold | str] = (),
    requirements: Iterable[str] | None = None,
    inputs: Iterable[InputRef] = (),
) -> BankReport:
    """Count a bank per behaviour and risk and check it against the standard's rules.

    Parameters
    ----------
    items : sequence of BankItem
        The bank (should-refuse and should-not-refuse items together).
    thresholds : iterable of Threshold or str, optional
        Extra rules such as ``"should_refuse.total>=500"``.
    requirements : iterable of str, optional
        Catalog requirements whose ``genai.bank`` tests apply; default
        ``cn-gbt-45654:test-banks`` when no thresholds are given.

    Returns
    -------
    BankReport
        ``shortfalls`` lists every total or risk below its minimum.

    Examples
    --------
    >>> from fulcrum.assess.genai import load_bank, starter_bank_path
    >>> report = validate_bank(load_bank(starter_bank_path()))
    >>> report.evidence.verdict  # the starter bank is far smaller than the standard asks
    'fail'
    """
    thresholds = list(thresholds)
    if requirements is None:
        requirements = [] if thresholds else [DEFAULT_BANK_REQUIREMENT]
    requirements = list(requirements)
    resolved = resolve_thresholds(thresholds, requirements, assessment=BANK_KIND)
    known = list(gbt45654_risks())
    counts: dict[str, Counter[str]] = {"refuse": Counter(), "answer": Counter()}
    for item in items:
        counts[item.expect][item.risk] += 1
    unknown = sorted(
        {i.risk for i in items if risk_group(i.risk) is not None and i.risk not in known}
    )
    checks: list[Check] = []
    shortfalls: list[dict[str, Any]] = []
    metrics: dict[str, float] = {}
    for threshold in resolved:
        value, short = _metric(threshold, counts, known)
        metrics[threshold.metric] = value
        check = threshold.check(value)
        if short:
            names = ", ".join(f"{s['risk']} ({s['have']})" for s in short[:10])
            more = f" and {len(short) - 10} more" if len(short) > 10 else ""
            check = check.model_copy(update={"reason": f"{check.reason}; short: {names}{more}"})
        elif check.verdict == "fail":
            shortfalls.append({"metric": threshold.metric, "have": value, "need": threshold.value})
        shortfalls.extend(short)
        checks.append(check)
    totals = {b: sum(counts[e].values()) for b, e in _BEHAVIOUR.items()}
    evidence = Evidence.build(
        kind=BANK_KIND,
        title="Test bank size and coverage (GB/T 45654-2025)",
        metrics={"totals": totals, **metrics},
        checks=checks,
        inputs=inputs,
        parameters={"thresholds": [t.model_dump() for t in resolved]},
        requirements=requirements,
    )
    return BankReport(
        counts={b: dict(sorted(counts[e].items())) for b, e in _BEHAVIOUR.items()},
        totals=totals,
        unknown_risks=unknown,
        shortfalls=shortfalls,
        evidence=evidence,
    )
