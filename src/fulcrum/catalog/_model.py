"""Typed schema of the knowledge graph: what each YAML section may contain.

Ids are stable and URN-like: ``FRAMEWORK:LOCAL`` (``eu-ai-act:art-5-1-a``); the
full URN is ``urn:fulcrum:`` followed by the id. Crosswalk edges use the SKOS
mapping relations. Dates that change, like the EU AI Act's phase-in, are data.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fulcrum.catalog._conditions import Condition
from fulcrum.evidence import Operator

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(:[A-Za-z0-9][A-Za-z0-9._-]*)?$")

FrameworkKind = Literal[
    "law", "regulation", "standard", "guideline", "code_of_ethics", "framework", "case_law"
]
Severity = Literal["critical", "high", "medium", "low"]
Relation = Literal["exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"]
Pillar = Literal["safe_controllable", "people_centric", "sustainable_development"]
Actor = Literal["provider", "deployer", "organisation"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("ids look like 'framework-id' or 'framework-id:local-id'")
    return value


class Citation(_Strict):
    """Where a statement comes from; ``verified: false`` marks what could not be checked."""

    source: str
    url: str | None = None
    locator: str | None = None
    verified: bool = True
    note: str = ""


class PhaseIn(_Strict):
    """A date from which some provisions apply."""

    date: dt.date
    applies: str
    provisions: tuple[str, ...] = ()


class Framework(_Strict):
    """A law, regulation, standard, guideline or code of ethics."""

    id: str
    title: str
    short_title: str
    kind: FrameworkKind
    jurisdiction: str | None = None
    issuer: str
    version: str
    published: dt.date | None = None
    effective: dt.date | None = None
    phase_in: tuple[PhaseIn, ...] = ()
    url: str | None = None
    eli: str | None = None
    summary: str
    citations: tuple[Citation, ...] = ()
    licence_note: str | None = None
    #: Scope of every requirement of the framework (ANDed with each ``applies_when``).
    applies_when: Condition | None = None

    _id = field_validator("id")(_check_id)


class Provision(_Strict):
    """An article, paragraph, annex point or clause of a framework (paraphrased)."""

    id: str
    ref: str
    title: str
    summary: str = ""
    parent: str | None = None
    url: str | None = None
    effective: dt.date | None = None

    _id = field_validator("id")(_check_id)


class Question(_Strict):
    """A process-check question that evidences a requirement."""

    id: str
    text: str
    required: bool = True
    answer: Literal["yes_no", "text", "choice", "document"] = "yes_no"
    choices: tuple[str, ...] = ()


class TechnicalTest(_Strict):
    """A metric threshold an assessment can check (see ``fulcrum.evidence.Threshold``)."""

    assessment: str
    metric: str
    operator: Operator
    value: float
    params: dict[str, Any] = Field(default_factory=dict)
    note: str = ""


class EvidenceSpec(_Strict):
    """What can satisfy a requirement: process checks and/or technical tests."""

    questions: tuple[Question, ...] = ()
    tests: tuple[TechnicalTest, ...] = ()


class Exception_(_Strict):
    """A written exception: when it holds, the rule does not apply, and we say so."""

    when: Condition
    cites: str
    note: str


class Requirement(_Strict):
    """An obligation or control objective with its applicability rule."""

    id: str
    title: str
    statement: str
    kind: Literal["obligation", "control_objective", "recommendation"] = "obligation"
    provisions: tuple[str, ...] = ()
    cites: str
    severity: Severity = "medium"
    actors: tuple[Actor, ...] = ()
    applies_when: Condition | None = None
    unless: tuple[Exception_, ...] = ()
    evidence: EvidenceSpec = EvidenceSpec()
    principles: tuple[str, ...] = ()
    #: When the obligation starts to apply (null: with the framework itself).
    effective: dt.date | None = None
    #: When it stops applying (a repeal or a sunset), if ever.
    applies_until: dt.date | None = None
    #: An application schedule (``applications``) whose dates depend on the system's facts.
    application: str | None = None

    _id = field_validator("id")(_check_id)


class Control(_Strict):
    """A control of a management-system standard (id and paraphrased title only)."""

    id: str
    ref: str
    title: str
    theme: str = ""
    summary: str = ""

    _id = field_validator("id")(_check_id)


class Principle(_Strict):
    """An ethics principle, e.g. of the organisation's code of ethics."""

    id: str
    title: str
    statement: str
    pillar: Pillar | None = None
    parent: str | None = None

    _id = field_validator("id")(_check_id)


class Mapping(_Strict):
    """A crosswalk edge between two catalog items, typed with a SKOS relation."""

    source: str
    target: str
    relation: Relation
    rationale: str


class Rule(_Strict):
    """A classification rule: when it holds, it sets a scheme's value (e.g. a tier)."""

    id: str
    title: str
    cites: str
    provision: str | None = None
    when: Condition
    unless: tuple[Exception_, ...] = ()
    sets: dict[str, str | bool]
    #: A fallback rule sets its value only when no ordinary rule of the scheme holds.
    fallback: bool = False

    _id = field_validator("id")(_check_id)


class Phase(_Strict):
    """One application date that holds for systems matching ``when``."""

    when: Condition
    applies_from: dt.date
    cites: str
    note: str = ""


class Application(_Strict):
    """When a group of obligations applies: the first phase whose condition holds, else the default.

    E.g. EU AI Act Chapter III: 2 December 2027 for Annex III systems, 2 August
    2028 for Annex I products (Art. 113 as amended by the Digital Omnibus on AI).
    """

    id: str
    title: str
    cites: str
    applies_from: dt.date | None = None
    phases: tuple[Phase, ...] = ()
    citations: tuple[Citation, ...] = ()

    _id = field_validator("id")(_check_id)


class Change(_Strict):
    """One change an amending act made: an item added, or one field of an item modified."""

    target: str
    action: Literal["added", "modified"]
    field: str | None = None
    before: Any = None
    after: Any = None
    locator: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _field_for_modified(self) -> Change:
        if self.action == "modified" and not self.field:
            raise ValueError("a 'modified' change names the field it changed")
        return self


class Amendment(_Strict):
    """An amending act recorded as data: what it changed, and from when the change counts.

    ``in_force`` is the day the amendment became law; the catalog ``as_of`` an
    earlier day undoes its changes (added items disappear, modified fields take
    their ``before`` values).
    """

    id: str
    title: str
    act: str
    adopted: dt.date | None = None
    published: dt.date | None = None
    in_force: dt.date
    url: str | None = None
    eli: str | None = None
    citations: tuple[Citation, ...] = ()
    verified: bool = True
    note: str = ""
    changes: tuple[Change, ...] = ()

    _id = field_validator("id")(_check_id)


class Fine(_Strict):
    """A monetary penalty."""

    amount: float
    currency: str


class Precedent(_Strict):
    """An enforcement decision or court judgment on AI or personal data.

    ``facts`` are profile facts (validated against the profile contract) that
    describe the system at issue, so precedents can be matched to systems.
    """

    id: str
    title: str
    kind: Literal["court_judgment", "dpa_decision", "regulator_decision", "settlement"]
    jurisdiction: str
    date: dt.date
    authority: str
    case_number: str = ""
    summary: str
    facts: dict[str, Any] = Field(default_factory=dict)
    provisions: tuple[str, ...] = ()
    outcome: str
    fine: Fine | None = None
    sources: tuple[Citation, ...] = Field(min_length=1)

    _id = field_validator("id")(_check_id)


class Scheme(_Strict):
    """A classification scheme, e.g. the EU AI Act tier or the ethics grade.

    ``values`` are ordered from the most to the least severe; the result is the
    most severe value any holding rule sets, else ``default``. A boolean scheme
    (``values: [true, false]``) is true when any rule sets it. ``applies_when``
    limits the scheme (outside it the value is ``outside``).
    """

    id: str
    title: str
    values: tuple[str | bool, ...]
    default: str | bool
    outside: str | bool | None = None
    applies_when: Condition | None = None
    #: Values that, when they win, make every other holding rule irrelevant (e.g. out of scope).
    exclusive: tuple[str | bool, ...] = ()


class Document(_Strict):
    """One YAML file of catalog data: any of the sections may be present."""

    framework: Framework | None = None
    provisions: tuple[Provision, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    controls: tuple[Control, ...] = ()
    principles: tuple[Principle, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    rules: tuple[Rule, ...] = ()
    schemes: tuple[Scheme, ...] = ()
    applications: tuple[Application, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    precedents: tuple[Precedent, ...] = ()
