"""The pydantic model of a profile and its flat fact view."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fulcrum.profile._vocab import (
    ISO_3166_ALPHA_2,
    AffectedGroup,
    AnnexISection,
    Art63Exemption,
    Automation,
    BiometricModality,
    BiometricMode,
    DataCategory,
    DecisionImpact,
    DeployerType,
    EmotionRecognitionReason,
    GenerativeOutput,
    InferredAttribute,
    LawEnforcementException,
    Purpose,
    Role,
    ScopeExclusion,
    Setting,
)

EU_MEMBER_STATES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()  # noqa: SIM905
)
#: Contract version this model implements (shared/spec/profile.md).
CONTRACT_VERSION = 2
_NOT_ISO = {"EL": "GR", "UK": "GB"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Profile(BaseModel):
    """The facts about one AI system (shared/spec/profile.md), validated strictly."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str
    name: str = ""
    version: str = "1"
    description: str = ""
    owner: str = ""
    jurisdictions: tuple[str, ...] = ()
    role: Role = "both"
    deployer_type: DeployerType = "private"
    purposes: tuple[Purpose, ...] = ()
    settings: tuple[Setting, ...] = ()
    biometric_modalities: tuple[BiometricModality, ...] = ()
    biometric_mode: BiometricMode = "none"
    law_enforcement_exception: LawEnforcementException = "none"
    inferred_attributes: tuple[InferredAttribute, ...] = ()
    emotion_recognition_reason: EmotionRecognitionReason = "none"
    data_categories: tuple[DataCategory, ...] = ()
    affected_persons: int = Field(default=0, ge=0)
    public_service: bool = False
    public_opinion_attributes: bool = False
    generative_outputs: tuple[GenerativeOutput, ...] = ()
    general_purpose_model: bool = False
    training_compute_flops: float = Field(default=0.0, ge=0.0)
    automation: Automation = "human_in_the_loop"
    decision_impact: DecisionImpact = "none"
    profiling: bool = False
    safety_or_health_risk: bool = False
    human_machine_integration: bool = False
    cross_border_transfer: bool = False
    safety_component_of_regulated_product: bool = False
    art6_3_exemption: Art63Exemption = "none"
    # contract version 2
    is_ai_system: bool = True
    scope_exclusions: tuple[ScopeExclusion, ...] = ()
    affected_groups: tuple[AffectedGroup, ...] = ()
    acts_for_public_authority: bool = False
    authorised_by_law_for_criminal_offences: bool = False
    assistive_editing_only: bool = False
    public_interest_text: bool = False
    editorial_control: bool = False
    annex_i_section: AnnexISection = "none"
    election_logistics_only: bool = False
    lawful_dataset_labelling: bool = False
    open_source_model: bool = False
    placed_on_market: dt.date | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("must be a slug of lower-case letters, digits, '.', '_' or '-'")
        return value

    @field_validator("jurisdictions", mode="before")
    @classmethod
    def _country_codes(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            return value
        codes = []
        for item in value:
            code = str(item).strip().upper()
            if code != "EU" and code not in ISO_3166_ALPHA_2:
                hint = f" (use {_NOT_ISO[code]!r})" if code in _NOT_ISO else ""
                raise ValueError(
                    f"{item!r} is not 'EU' or an ISO 3166-1 alpha-2 country code{hint}"
                )
            codes.append(code)
        return tuple(dict.fromkeys(codes))

    @property
    def in_eu(self) -> bool:
        """True when the EU or one of its member states is a jurisdiction."""
        return any(code == "EU" or code in EU_MEMBER_STATES for code in self.jurisdictions)

    def facts(self) -> dict[str, Any]:
        """The flat fact view rules evaluate: lists become frozensets, ``EU`` is derived."""
        facts: dict[str, Any] = {
            name: frozenset(value) if isinstance(value, tuple) else value
            for name, value in self.__dict__.items()
        }
        jurisdictions = set(self.jurisdictions)
        if self.in_eu:
            jurisdictions.add("EU")
        facts["jurisdictions"] = frozenset(jurisdictions)
        return facts
