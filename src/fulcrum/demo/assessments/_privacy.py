"""Demo step: personal data in a sample of the mail the spam filter learns from."""

from __future__ import annotations

from fulcrum.demo._report import DemoReport
from fulcrum.demo.assessments._publish import DATA, Target, missing, publish, published
from fulcrum.store import Database

TARGET = Target(
    kind="privacy",
    system="internal-spam-filter",
    obligation="iso-iec-29151:pii-minimisation",
    subject="PII in a mail sample",
)


def run_privacy(database: Database, report: DemoReport) -> None:
    """Scan the mail sample for identifiers; the evidence goes to the filter's open case."""
    if missing(report, "privacy", "privacy", "phonenumbers") or published(database, report, TARGET):
        return
    from fulcrum.assess.privacy import assess_pii

    result = assess_pii(DATA / "mail_sample.txt", requirements=[TARGET.obligation])
    publish(database, report, TARGET, result.evidence)
