"""The review policy (YAML data): composition rules, procedures and committee routing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from fulcrum._yaml import load_yaml, validation_message
from fulcrum.errors import InputError

POLICY_DIR = Path(__file__).parent / "policies"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Composition(_Strict):
    """What a compliant committee looks like (Measures Art. 7)."""

    cites: str
    min_members: int
    chairs: int
    min_vice_chairs: int
    required_expertise: tuple[str, ...]
    min_genders: int
    min_external: int


class Procedure(_Strict):
    """Rules of one review procedure."""

    cites: str
    meeting: bool
    quorum: int = 0
    present_categories: tuple[tuple[str, ...], ...] = ()
    majority: tuple[int, int] = (2, 3)
    min_reviewers: int = 1
    due_hours: int


class ExpertRule(_Strict):
    """Expert re-review after the committee's approval (Arts. 25-30)."""

    cites: str
    min_experts: int
    majority: tuple[int, int]
    due_hours: int


class Route(_Strict):
    """When a committee must review: any listed condition that holds brings it in."""

    committee: str
    always: bool = False
    data_categories_any: tuple[str, ...] = ()
    biometric_modalities_any: tuple[str, ...] = ()
    purposes_any: tuple[str, ...] = ()
    public_service: bool | None = None

    def applies(self, profile: dict[str, Any]) -> bool:
        """Whether this route brings its committee in for ``profile``."""
        if self.always:
            return True
        checks = [
            (self.data_categories_any, profile.get("data_categories") or []),
            (self.biometric_modalities_any, profile.get("biometric_modalities") or []),
            (self.purposes_any, profile.get("purposes") or []),
        ]
        if any(set(wanted) & set(have) for wanted, have in checks if wanted):
            return True
        return self.public_service is not None and profile.get("public_service") is True


class Routing(_Strict):
    """Which committees review and whether in turn or at once."""

    mode: Literal["sequential", "parallel"]
    rules: tuple[Route, ...]


class CommitteeSpec(_Strict):
    """A committee the policy expects."""

    slug: str
    name: str


class ReviewPolicy(_Strict):
    """The whole review policy."""

    source: str
    composition: Composition
    procedures: dict[str, Procedure]
    expert_rereview: ExpertRule
    follow_up_months: int
    committees: tuple[CommitteeSpec, ...]
    routing: Routing

    def procedure(self, name: str) -> Procedure:
        """The rules of procedure ``name``; InputError lists the known ones."""
        if name not in self.procedures:
            known = ", ".join(sorted(self.procedures))
            raise InputError(f"unknown review procedure {name!r}; expected one of {known}")
        return self.procedures[name]

    def committees_for(self, profile: dict[str, Any]) -> list[str]:
        """Committees that must review ``profile``, in policy order, without repeats."""
        out: list[str] = []
        for route in self.routing.rules:
            if route.committee not in out and route.applies(profile):
                out.append(route.committee)
        return out


def load_policy(path: Path | None = None) -> ReviewPolicy:
    """Load and validate a policy file; InputError names the file and field."""
    path = path or POLICY_DIR / "default.yaml"
    doc = load_yaml(path)  # bounded, duplicate keys refused, errors name file:line
    try:
        return ReviewPolicy.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(validation_message(doc, exc)) from exc


@lru_cache(maxsize=1)
def default_policy() -> ReviewPolicy:
    """The bundled policy, loaded once."""
    return load_policy()


def composition_problems(members: Iterable[Any], rule: Composition) -> list[str]:
    """Why a committee's members break the composition rule (empty when compliant).

    ``members`` have ``role``, ``expertise``, ``external`` and ``gender``.
    """
    seats = list(members)
    voting = [m for m in seats if m.role != "secretary"]
    roles = Counter(m.role for m in voting)
    problems: list[str] = []
    if len(voting) < rule.min_members:
        problems.append(f"{len(voting)} members, at least {rule.min_members} needed")
    if roles["chair"] != rule.chairs:
        problems.append(f"{roles['chair']} chairs, exactly {rule.chairs} needed")
    if roles["vice_chair"] < rule.min_vice_chairs:
        problems.append(f"{roles['vice_chair']} vice-chairs, at least {rule.min_vice_chairs}")
    have = {e for m in voting for e in m.expertise}
    missing = [e for e in rule.required_expertise if e not in have]
    if missing:
        problems.append(f"no member with expertise in {', '.join(missing)}")
    genders = {m.gender for m in voting if m.gender}
    if len(genders) < rule.min_genders:
        problems.append(f"{len(genders)} gender(s) represented, at least {rule.min_genders}")
    external = sum(1 for m in voting if m.external)
    if external < rule.min_external:
        problems.append(f"{external} external members, at least {rule.min_external}")
    return [f"{p} ({rule.cites})" for p in problems]
