"""Evidence: the immutable, reproducible result of a technical assessment.

An assessment (fairness, biometrics, privacy, ...) returns one ``Evidence``
record: its metrics, the thresholds it was checked against (taken from a
catalog requirement or given by the user), a verdict per check and overall,
the content hashes of its inputs, its parameters and the versions of the
tools that computed it. The review workflow cites evidence by ``id``; the id
is derived from the content, so the same inputs and parameters give the same id.
"""

from __future__ import annotations

import math
import platform
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from fulcrum import __version__
from fulcrum._hashing import sha256_json

Verdict = Literal["pass", "fail", "inconclusive", "not_evaluated"]
Operator = Literal["<=", "<", ">=", ">"]

__all__ = [
    "Check",
    "Evidence",
    "InputRef",
    "Operator",
    "Threshold",
    "Verdict",
    "combine_verdicts",
    "evaluate_threshold",
    "resolve_thresholds",
    "tool_versions",
]


class InputRef(BaseModel):
    """One input of an assessment, identified by its content hash."""

    model_config = ConfigDict(frozen=True)

    name: str
    sha256: str
    rows: int | None = None
    size_bytes: int | None = None


class Threshold(BaseModel):
    """A limit on one metric, usually taken from a catalog requirement's technical test.

    ``params`` qualifies where the metric is read, e.g. ``{"at_fmr": 1e-4}`` for a
    biometric error rate or ``{"min_group_size": 30}``.
    """

    model_config = ConfigDict(frozen=True)

    metric: str
    operator: Operator
    value: float
    requirement: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def parse(cls, text: str, *, requirement: str | None = None) -> Threshold:
        """Parse ``"fpr_difference<=0.1"`` (operators ``<=``, ``<``, ``>=``, ``>``)."""
        from fulcrum.errors import InputError

        for op in ("<=", ">=", "<", ">"):
            metric, sep, number = text.partition(op)
            if sep:
                try:
                    value = float(number)
                except ValueError:
                    break
                if metric.strip():
                    return cls(
                        metric=metric.strip(),
                        operator=op,
                        value=value,  # type: ignore[arg-type]
                        requirement=requirement,
                    )
        raise InputError(f"threshold {text!r} is not of the form METRIC<=NUMBER (or <, >=, >)")

    def check(
        self,
        value: float | None,
        *,
        interval: tuple[float, float] | None = None,
        group: dict[str, str] | None = None,
    ) -> Check:
        """Judge a measured value (and its interval) against this threshold."""
        verdict, reason = evaluate_threshold(value, self.operator, self.value, interval=interval)
        return Check(
            metric=self.metric,
            operator=self.operator,
            threshold=self.value,
            value=value,
            interval=interval,
            group=group,
            requirement=self.requirement,
            verdict=verdict,
            reason=reason,
        )


class Check(BaseModel):
    """One metric compared with one threshold, with the verdict and why."""

    model_config = ConfigDict(frozen=True)

    metric: str
    operator: Operator
    threshold: float
    value: float | None
    interval: tuple[float, float] | None = None
    group: dict[str, str] | None = None
    requirement: str | None = None
    verdict: Verdict
    reason: str


def _holds(value: float, operator: Operator, threshold: float) -> bool:
    if operator == "<=":
        return value <= threshold
    if operator == "<":
        return value < threshold
    if operator == ">=":
        return value >= threshold
    return value > threshold


def evaluate_threshold(
    value: float | None,
    operator: Operator,
    threshold: float,
    *,
    interval: tuple[float, float] | None = None,
) -> tuple[Verdict, str]:
    """Judge ``value operator threshold``, honestly when an interval is known.

    With an interval the verdict is ``pass`` only when the whole interval meets
    the threshold, ``fail`` only when none of it does, and ``inconclusive``
    when the interval straddles the threshold. An undefined value is
    ``inconclusive``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "inconclusive", "the metric is undefined (empty denominator)"
    if interval is None:
        ok = _holds(value, operator, threshold)
        return ("pass" if ok else "fail"), f"{value:.6g} {operator} {threshold:g} is {ok}"
    lo, hi = interval
    lo_ok, hi_ok = _holds(lo, operator, threshold), _holds(hi, operator, threshold)
    if lo_ok and hi_ok:
        return "pass", f"the whole interval [{lo:.6g}, {hi:.6g}] satisfies {operator} {threshold:g}"
    if not lo_ok and not hi_ok:
        return (
            "fail",
            f"no part of the interval [{lo:.6g}, {hi:.6g}] satisfies {operator} {threshold:g}",
        )
    return (
        "inconclusive",
        f"the interval [{lo:.6g}, {hi:.6g}] straddles the threshold {threshold:g}",
    )


def resolve_thresholds(
    thresholds: Iterable[Threshold | str] = (),
    requirements: Iterable[str] = (),
    *,
    assessment: str,
) -> list[Threshold]:
    """Thresholds given directly (objects or ``"metric<=value"``) plus each requirement's.

    A requirement's thresholds are the catalog's technical tests for ``assessment``;
    naming a requirement that has none for it is an error, not a silent pass.
    """
    from fulcrum.errors import InputError

    out = [t if isinstance(t, Threshold) else Threshold.parse(t) for t in thresholds]
    requirements = list(requirements)
    if requirements:
        from fulcrum.catalog import thresholds_for

        for requirement in requirements:
            found = thresholds_for(requirement, assessment)
            if not found:
                raise InputError(
                    f"requirement {requirement!r} has no technical test for {assessment}"
                )
            out.extend(found)
    return out


def combine_verdicts(verdicts: Iterable[Verdict]) -> Verdict:
    """Overall verdict: any fail fails, else any inconclusive, else pass."""
    seen = set(verdicts)
    if not seen or seen == {"not_evaluated"}:
        return "not_evaluated"
    for verdict in ("fail", "inconclusive"):
        if verdict in seen:
            return verdict  # type: ignore[return-value]
    return "pass"


def tool_versions(*packages: str) -> dict[str, str]:
    """Versions of Fulcrum, Python and the named libraries, for reproducibility."""
    versions = {"fulcrum": __version__, "python": platform.python_version()}
    for package in packages:
        version = _package_version(package)
        if version is not None:
            versions[package] = version
    return versions


@cache
def _package_version(package: str) -> str | None:
    """An installed package's version (cached: each metadata look-up scans site-packages)."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


class Evidence(BaseModel):
    """The result of one assessment, citable by a review case."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: str
    title: str
    requirements: tuple[str, ...] = ()
    inputs: tuple[InputRef, ...] = ()
    parameters: dict[str, Any] = Field(default_factory=dict)
    metrics: dict[str, Any] = Field(default_factory=dict)
    checks: tuple[Check, ...] = ()
    verdict: Verdict
    versions: dict[str, str] = Field(default_factory=dict)
    created_at: datetime

    @classmethod
    def build(
        cls,
        *,
        kind: str,
        title: str,
        metrics: Mapping[str, Any],
        checks: Iterable[Check] = (),
        inputs: Iterable[InputRef] = (),
        parameters: Mapping[str, Any] | None = None,
        requirements: Iterable[str] = (),
        libraries: Iterable[str] = (),
    ) -> Evidence:
        """Assemble an evidence record; its id is the hash of its content."""
        checks = tuple(checks)
        inputs = tuple(inputs)
        requirements = tuple(
            dict.fromkeys([*requirements, *(c.requirement for c in checks if c.requirement)])
        )
        content = {
            "kind": kind,
            "inputs": [i.model_dump() for i in inputs],
            "parameters": dict(parameters or {}),
            "metrics": dict(metrics),
            "checks": [c.model_dump() for c in checks],
        }
        return cls(
            id=f"urn:fulcrum:evidence:{sha256_json(content)[:32]}",
            kind=kind,
            title=title,
            requirements=requirements,
            inputs=inputs,
            parameters=dict(parameters or {}),
            metrics=dict(metrics),
            checks=checks,
            verdict=combine_verdicts(c.verdict for c in checks),
            versions=tool_versions(*libraries),
            created_at=datetime.now(UTC),
        )

    @property
    def content_hash(self) -> str:
        """Hash of the whole record as serialised, for tamper checks."""
        return sha256_json(self.model_dump(mode="json"))
