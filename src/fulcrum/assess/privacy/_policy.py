"""De-identification policy: which operator applies to which entity type or column.

A YAML document validated by pydantic; errors name the file, the line and the
field. Example::

    keys:
      pseudonym: {env: FULCRUM_PSEUDONYM_KEY}     # or {file: secret.key}
      encryption: {file: aes.key}                # 16, 24 or 32 bytes (raw, hex or base64)
    entities:                                    # free text and text columns
      CN_RESIDENT_ID: {operator: pseudonym, prefix: "ID-"}
      CN_MOBILE: {operator: mask, keep_first: 3, keep_last: 4}
      EMAIL: {operator: replace, value: "<EMAIL>"}
      BANK_CARD: {operator: encrypt}
    default: {operator: redact}                  # entity types not listed (optional)
    columns:                                     # tables only
      age: {operator: generalise, method: age_band, width: 10}
      birth_date: {operator: generalise, method: date, to: year}
      region: {operator: generalise, method: prefix, keep: 2}
      name: {operator: suppress}
      notes: {operator: scan}                    # apply the entity rules inside the cell
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fulcrum.errors import InputError


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Redact(_Op):
    """Remove the value (text: the span disappears; cell: empty)."""

    operator: Literal["redact"]


class Suppress(_Op):
    """Remove the value entirely (a column becomes empty/null)."""

    operator: Literal["suppress"]


class Mask(_Op):
    """Replace characters by ``char``, keeping some at each end."""

    operator: Literal["mask"]
    char: str = Field("*", min_length=1, max_length=1)
    keep_first: int = Field(0, ge=0)
    keep_last: int = Field(4, ge=0)


class Replace(_Op):
    """Replace by a fixed text (default ``<ENTITY_TYPE>``)."""

    operator: Literal["replace"]
    value: str | None = None


class Pseudonym(_Op):
    """Keyed HMAC-SHA256 pseudonym: same input and key give the same token everywhere."""

    operator: Literal["pseudonym"]
    prefix: str = ""
    length: int = Field(16, ge=8, le=64)


class Encrypt(_Op):
    """AES-GCM encryption, reversible by whoever holds the key."""

    operator: Literal["encrypt"]


class Generalise(_Op):
    """Coarsen a value: age bands, date truncation or region/code prefixes."""

    operator: Literal["generalise", "generalize"]
    method: Literal["age_band", "date", "prefix"]
    width: int = Field(10, ge=1)
    to: Literal["month", "year"] = "year"
    keep: int = Field(2, ge=0)


class Scan(_Op):
    """Tables only: apply the entity rules to the text inside each cell."""

    operator: Literal["scan"]


Operator = Annotated[
    Redact | Suppress | Mask | Replace | Pseudonym | Encrypt | Generalise | Scan,
    Field(discriminator="operator"),
]


class KeySource(_Op):
    """Where key material comes from: an environment variable or a file."""

    env: str | None = None
    file: str | None = None

    @model_validator(mode="after")
    def _one(self) -> KeySource:
        if (self.env is None) == (self.file is None):
            raise ValueError("give exactly one of env or file")
        return self


class Keys(_Op):
    """Keys of the keyed operators."""

    pseudonym: KeySource | None = None
    encryption: KeySource | None = None


class Policy(_Op):
    """A de-identification policy."""

    version: Literal[1] = 1
    keys: Keys = Keys()
    entities: dict[str, Operator] = Field(default_factory=dict)
    default: Operator | None = None
    columns: dict[str, Operator] = Field(default_factory=dict)
    min_score: float = Field(0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _check(self) -> Policy:
        for name, op in self.entities.items():
            if isinstance(op, Generalise | Scan):
                raise ValueError(f"entities.{name}: {op.operator} applies to columns only")
        used = [*self.entities.values(), *self.columns.values(), self.default]
        if any(isinstance(op, Pseudonym) for op in used) and self.keys.pseudonym is None:
            raise ValueError("keys.pseudonym is required by the pseudonym operator")
        if any(isinstance(op, Encrypt) for op in used) and self.keys.encryption is None:
            raise ValueError("keys.encryption is required by the encrypt operator")
        return self


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file; errors name the file, line and field.

    Duplicate keys, unknown fields and entity types no recognizer finds are errors: a
    typo must never let personal data through unchanged.
    """
    from fulcrum._yaml import load_yaml, validation_message

    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError(f"{path}: a policy is a mapping with entities, columns and keys")
    try:
        policy = Policy.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(validation_message(doc, exc)) from exc
    from fulcrum.assess.privacy._recognizer import default_registry

    known = default_registry().entity_types()
    for name in policy.entities:
        if name not in known:
            raise InputError(
                f"{doc.where(('entities', name))}: unknown entity type {name!r}; "
                f"known types are {', '.join(known)}"
            )
    return policy
