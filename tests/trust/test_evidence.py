"""Evidence you can trust: checked records, DSSE-signed envelopes, verdicts never typed by hand."""

from __future__ import annotations

import base64
import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fulcrum.audit._signing import key_id, public_from_private
from fulcrum.auth import UserService
from fulcrum.cli.main import app
from fulcrum.errors import InputError, IntegrityError, PermissionDeniedError
from fulcrum.evidence import Evidence, InputRef, Threshold
from fulcrum.store import Database
from fulcrum.trust import EvidenceService, check_record, open_envelope, sign_evidence

SIGNER = bytes(range(7, 39))
OTHER = bytes(range(40, 72))


def _record(value: float = 0.04, **metrics: Any) -> dict[str, Any]:
    check = Threshold.parse("demographic_parity_difference<=0.1").check(value)
    evidence = Evidence.build(
        kind="fairness",
        title="Selection rates by group",
        metrics={"demographic_parity_difference": value, **metrics},
        checks=[check],
        inputs=[InputRef(name="scores.csv", sha256="ab" * 32, rows=100)],
    )
    return evidence.model_dump(mode="json")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'e.db'}")
    with database.unit_of_work() as session:
        users = UserService(session)
        root = users.add(None, "root", role="admin")
        users.add(root, "sam", role="submitter")
        users.add(root, "ann", role="auditor")
        public = base64.b64encode(public_from_private(SIGNER)).decode()
        EvidenceService(session, root).add_signer("ci-runner", public)
    return database


def _service(session: Any, name: str) -> EvidenceService:
    return EvidenceService(session, UserService(session).resolve(name))


def test_a_real_record_is_stored_self_declared(db: Database) -> None:
    with db.unit_of_work() as session:
        stored = _service(session, "sam").store_record(_record())
    assert (stored.provenance, stored.verdict) == ("self-declared", "pass")
    with db.unit_of_work() as session:
        assert json.loads(_service(session, "ann").read(stored.sha256)) == stored.record


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda r: r.update(verdict="fail"), "does not follow"),
        (lambda r: r["checks"][0].update(verdict="pass", value=0.5), "id does not match"),
        (lambda r: r["metrics"].update(demographic_parity_difference=0.0), "id does not match"),
        (lambda r: r.clear() or r.update(verdict="pass"), "field"),
    ],
    ids=["overall-verdict", "check-verdict", "metric", "hand-written"],
)
def test_a_typed_or_edited_verdict_is_refused(edit: Any, words: str) -> None:
    record = _record()
    edit(record)
    with pytest.raises(InputError, match=words):
        check_record(record)


def test_a_lenient_check_verdict_is_refused_even_with_a_recomputed_id() -> None:
    # An attacker who also recomputes the content id still cannot call a fail a pass
    from fulcrum._hashing import sha256_json

    record = _record(value=0.5)
    record["checks"][0]["verdict"] = "pass"
    record["verdict"] = "pass"
    content = {k: record[k] for k in ("kind", "inputs", "parameters", "metrics", "checks")}
    record["id"] = f"urn:fulcrum:evidence:{sha256_json(content)[:32]}"
    with pytest.raises(InputError, match=r"checks\[0\].*'fail'"):
        check_record(record)


def test_unmasked_samples_are_refused() -> None:
    with pytest.raises(InputError, match="unmasked"):
        check_record(_record(samples=["110101199003074578"]))
    assert check_record(_record(samples=["1101**********4578"])).verdict == "pass"


def test_a_signed_envelope_is_accepted_and_shown_as_signed(db: Database) -> None:
    envelope = sign_evidence(_record(), SIGNER)
    with db.unit_of_work() as session:
        stored = _service(session, "sam").store_record(envelope)
    assert stored.provenance == "signed:ci-runner" and stored.verdict == "pass"


def test_bad_envelopes_are_refused(db: Database) -> None:
    keys = {key_id(public_from_private(SIGNER)): public_from_private(SIGNER)}
    # signed by a key nobody registered
    with pytest.raises(IntegrityError, match="not signed by any registered"):
        open_envelope(sign_evidence(_record(), OTHER), keys)
    # payload swapped after signing
    envelope = sign_evidence(_record(), SIGNER)
    forged = copy.deepcopy(envelope)
    forged["payload"] = sign_evidence(_record(value=0.2), SIGNER)["payload"]
    forged["signatures"] = envelope["signatures"]
    with pytest.raises(IntegrityError, match="signature"):
        open_envelope(forged, keys)
    # subjects that do not match the inputs
    statement = json.loads(base64.b64decode(envelope["payload"]))
    statement["subject"][0]["digest"]["sha256"] = "cd" * 32
    from fulcrum.audit._signing import sign
    from fulcrum.trust._dsse import PAYLOAD_TYPE, pae

    payload = json.dumps(statement).encode()
    mismatched = {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(payload).decode(),
        "signatures": [
            {
                "keyid": key_id(public_from_private(SIGNER)),
                "sig": base64.b64encode(sign(SIGNER, pae(PAYLOAD_TYPE, payload))).decode(),
            }
        ],
    }
    with pytest.raises(InputError, match="subjects"):
        open_envelope(mismatched, keys)


def test_auditors_cannot_upload_or_register_signers(db: Database) -> None:
    with db.unit_of_work() as session:
        with pytest.raises(PermissionDeniedError):
            _service(session, "ann").store_file(io.BytesIO(b"x"), name="x.txt")
        with pytest.raises(PermissionDeniedError):
            _service(session, "sam").add_signer("mine", "AAAA")


def test_cli_keygen_sign_register_and_attach(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    key, record, envelope = tmp_path / "ci.pem", tmp_path / "r.json", tmp_path / "r.dsse.json"
    result = runner.invoke(app, ["signer", "keygen", "-o", str(key)])
    assert result.exit_code == 0 and "BEGIN PUBLIC KEY" in result.output
    public = tmp_path / "ci.pub"
    public.write_text(result.output)
    record.write_text(json.dumps(_record()))
    assert (
        runner.invoke(
            app, ["signer", "sign", str(record), "--key", str(key), "-o", str(envelope)]
        ).exit_code
        == 0
    )
    assert runner.invoke(app, ["--db", url, "user", "add", "root"]).exit_code == 0
    result = runner.invoke(app, ["--db", url, "signer", "add", "ci", str(public)])
    assert result.exit_code == 0, result.output
    # Given a registered system and a case, when the envelope is attached it shows as signed
    profile = tmp_path / "p.yaml"
    profile.write_text("id: bot\nname: Bot\nowner: root\njurisdictions: [CN]\n")
    assert runner.invoke(app, ["--db", url, "system", "register", str(profile)]).exit_code == 0
    assert runner.invoke(app, ["--db", url, "review", "open", "bot"]).exit_code == 0
    result = runner.invoke(app, ["--db", url, "review", "attach", "1", "--record", str(envelope)])
    assert result.exit_code == 0 and "signed:ci" in result.output, result.output
    # A hand-written record is refused with one line and exit 2
    fake = tmp_path / "fake.json"
    fake.write_text('{"verdict": "pass"}')
    result = runner.invoke(app, ["--db", url, "review", "attach", "1", "--record", str(fake)])
    assert result.exit_code == 2 and "fake.json" in result.output
