"""Registering systems: versions are immutable, classifications stored with the rule set."""

from __future__ import annotations

import pytest

from fulcrum.auth import UserService
from fulcrum.errors import NotFoundError, PermissionDeniedError
from fulcrum.profile import parse_profile
from fulcrum.registry import Registry as _Registry

V1 = "id: gate\nname: Gate\nowner: team-a\njurisdictions: [CN]\ndata_categories: [personal]\n"
V2 = V1.replace("[personal]", "[personal, biometric, minors]")


def _people(database) -> None:
    with database.unit_of_work() as session:
        users = UserService(session)
        alice = users.add(None, "alice", role="admin")
        users.add(alice, "bob", role="admin")
        users.add(alice, "sam", role="submitter")
        users.add(alice, "ann", role="auditor")


def Registry(session, name: str = "alice") -> _Registry:
    return _Registry(session, UserService(session).resolve(name))


@pytest.fixture(autouse=True)
def people(database) -> None:
    _people(database)


def test_register_versions_and_history(database) -> None:
    # Given an empty registry
    with database.unit_of_work() as session:
        first = Registry(session, "alice").register(parse_profile(V1))
    # When the same profile is registered again, then no version is added
    with database.unit_of_work() as session:
        again = Registry(session).register(parse_profile(V1))
    assert (first.version, first.created) == (1, True)
    assert (again.version, again.created) == (1, False)
    # When a changed profile is registered, then a new version keeps the old one
    with database.unit_of_work() as session:
        second = Registry(session, "bob").register(parse_profile(V2))
    assert (second.version, second.created) == (2, True)
    assert second.classification_changed
    assert second.previous_classification["ethics_grade"] == "low"
    assert second.classification["ethics_grade"] == "high"
    with database.unit_of_work() as session:
        registry = Registry(session)
        history = registry.history("gate")
        old = registry.profile("gate", version=1)
        shown = registry.show("gate")
    assert [v.number for v in history] == [1, 2]
    assert [v.registered_by for v in history] == ["alice", "bob"]
    assert (
        history[0].classifications[0]["ruleset_version"] == first.classification["ruleset_version"]
    )
    assert old.data_categories == ("personal",)
    assert shown["version"] == 2 and shown["classification"]["ethics_grade"] == "high"
    assert history[1].registered_at.tzinfo is not None


def test_reclassify_appends_a_classification(database) -> None:
    with database.unit_of_work() as session:
        Registry(session).register(parse_profile(V1))
    with database.unit_of_work() as session:
        Registry(session).classify("gate")
    with database.unit_of_work() as session:
        [version] = Registry(session).history("gate")
    assert len(version.classifications) == 2


def test_list_and_unknown_system(database) -> None:
    with database.unit_of_work() as session:
        Registry(session).register(parse_profile(V1))
        Registry(session).register(parse_profile(V1.replace("id: gate", "id: another")))
    with database.unit_of_work() as session:
        rows, total = Registry(session).list_systems()
        assert total == 2 and [r.system for r in rows] == ["another", "gate"]
        with pytest.raises(NotFoundError, match="no registered system 'nope'"):
            Registry(session).show("nope")
        with pytest.raises(NotFoundError, match="has no version 9"):
            Registry(session).show("gate", version=9)


def test_failed_unit_of_work_writes_nothing(database) -> None:
    with pytest.raises(RuntimeError), database.unit_of_work() as session:
        Registry(session).register(parse_profile(V1))
        raise RuntimeError("crash mid-operation")
    with database.unit_of_work() as session:
        assert Registry(session).list_systems()[1] == 0


def test_registry_authorizes_and_records_every_change(database) -> None:
    from fulcrum.audit import AuditLog, verify

    # Given a system registered by the submitter sam (who thereby owns it)
    with database.unit_of_work() as session:
        Registry(session, "sam").register(parse_profile(V1))
    # When an auditor tries to register or reclassify, Then it is refused
    with database.unit_of_work() as session:
        with pytest.raises(PermissionDeniedError, match=r"system\.register"):
            Registry(session, "ann").register(parse_profile(V2))
        with pytest.raises(PermissionDeniedError, match=r"system\.classify"):
            Registry(session, "ann").classify("gate")
    # And another submitter may not add a version of sam's system
    with database.unit_of_work() as session:
        UserService(session).add(UserService(session).resolve("alice"), "tom", role="submitter")
    with database.unit_of_work() as session, pytest.raises(PermissionDeniedError, match="owner"):
        Registry(session, "tom").register(parse_profile(V2))
    # But its owner may, and both changes are events that the verifier accepts
    with database.unit_of_work() as session:
        Registry(session, "sam").register(parse_profile(V2))
        Registry(session, "sam").classify("gate")
    with database.unit_of_work() as session:
        kinds = [e.type for e in AuditLog(session).list_for("system:gate")]
        assert kinds.count("system.registered") == 2
        assert kinds.count("system.classified") == 3
        assert verify(session).ok
