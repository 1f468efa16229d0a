"""Fixtures built from real parts: demo profiles, the catalog, fairness on COMPAS."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from fulcrum.demo._systems import PROFILES
from fulcrum.evidence import Evidence
from fulcrum.profile import load_profile
from fulcrum.reports import (
    AuditEventItem,
    CheckpointInfo,
    CommitteeMember,
    ConditionItem,
    DecisionItem,
    DossierInput,
    IntegrityAppendix,
    RecusalItem,
    ReviewRecord,
    VersionInfo,
    VoteItem,
    dossier_input,
)
from fulcrum.rules import classify

COMPAS = Path(__file__).parents[1] / "data" / "compas" / "compas-scores-two-years.csv"
SYSTEM = "eu-recruitment-screener"
AS_OF = dt.date(2026, 9, 1)
ISSUED = dt.datetime(2026, 9, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def compas_frame() -> Any:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(COMPAS, usecols=["sex", "race", "score_text", "two_year_recid"])
    frame["high_risk"] = (frame["score_text"] != "Low").astype(int)
    return frame


@pytest.fixture(scope="session")
def compas_evidence(compas_frame: Any) -> Evidence:
    """Fairness evidence by sex x race on ProPublica's COMPAS data."""
    from fulcrum.assess.fairness import assess_fairness

    result = assess_fairness(
        compas_frame,
        label="two_year_recid",
        pred="high_risk",
        sensitive=["sex", "race"],
        thresholds=["demographic_parity_ratio>=0.8"],
        mitigation=False,
    )
    return result.evidence.model_copy(update={"created_at": dt.datetime(2026, 9, 2, tzinfo=dt.UTC)})


@pytest.fixture(scope="session")
def evidence_file(compas_evidence: Evidence, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("evidence") / "compas.json"
    path.write_text(json.dumps({"evidence": compas_evidence.model_dump(mode="json")}))
    return path


def screener_record(evidence: Evidence | None = None, **tracking: Any) -> DossierInput:
    """The EU recruitment screener with a full review and integrity appendix."""
    profile = load_profile(PROFILES / "eu-recruitment-screener.yaml")
    result = classify(profile, as_of=AS_OF).to_dict()
    review = ReviewRecord(
        case=7,
        state="monitoring",
        outcome="approved_with_conditions",
        procedure="general",
        procedure_reason="high-risk recruitment system",
        committees=("ethics",),
        members=(
            CommitteeMember(
                user="li-chair", committee="ethics", role="chair", expertise=("ethics",)
            ),
            CommitteeMember(user="zhao", committee="ethics", role="member", external=True),
        ),
        votes=(
            VoteItem(user="zhao", committee="ethics", choice="approve", comment="proportionate"),
            VoteItem(user="qian", committee="ethics", choice="approve"),
            VoteItem(user="zhou", committee="ethics", choice="abstain"),
        ),
        recusals=(RecusalItem(user="wu", reason="manages the hiring team"),),
        decisions=(
            DecisionItem(
                committee="ethics",
                outcome="approved_with_conditions",
                tally={"approve": 2, "abstain": 1},
                by="li-chair",
                rationale="bias audit before each hiring season",
                at="2026-09-03T10:00:00+00:00",
            ),
        ),
        conditions=(
            ConditionItem(
                id=1,
                text="Publish the bias audit summary",
                owner="people-analytics",
                due=dt.date(2026, 12, 1),
            ),
        ),
    )
    integrity = IntegrityAppendix(
        events=(
            AuditEventItem(
                seq=11, type="system.registered", actor="mei", subject=f"system:{SYSTEM}",
                at="2026-09-01T08:00:00+00:00", hash="a1" * 32,
            ),
            AuditEventItem(
                seq=19, type="decision.recorded", actor="li-chair", subject="case:7",
                at="2026-09-03T10:00:00+00:00", hash="b2" * 32,
            ),
        ),
        log_count=40,
        head_hash="c3" * 32,
        chain_ok=True,
        checkpoint=CheckpointInfo(
            count=38, head_hash="d4" * 32, at="2026-09-04T00:00:00+00:00", signer="ana-auditor",
            verifies=True,
        ),
    )  # fmt: skip
    return dossier_input(
        profile.model_dump(mode="json"),
        result,
        version=VersionInfo(
            number=2,
            label="1.4",
            registered_at=dt.datetime(2026, 9, 1, 8, tzinfo=dt.UTC),
            registered_by="mei",
            profile_hash="e5" * 32,
        ),
        tracking=tracking,
        evidence=[evidence] if evidence else [],
        review=review,
        integrity=integrity,
        organisation="Example GmbH",
        issued_at=ISSUED,
    )


class Tables(HTMLParser):
    """Every table of an HTML page by id, as rows of cell texts; and all headings."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.headings: list[str] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self._anon = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            name = dict(attrs).get("id") or f"table{self._anon}"
            self._anon += 1
            self.tables[name] = []
            self._stack.append(self.tables[name])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []
        elif tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._stack:
            self._stack.pop()
        elif tag in ("td", "th") and self._cell is not None and self._stack:
            self._stack[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)
