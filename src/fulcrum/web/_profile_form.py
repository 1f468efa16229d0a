"""A form built from the profile contract: a field per ``Profile`` field, selects for vocabularies.

The fields, their kinds and their choices are read from the pydantic model, so a field added to
the contract appears in the form without touching the UI. Validation is the model's own; its
errors are mapped back to the field they name.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from fulcrum.errors import ProfileError
from fulcrum.profile import Profile

Kind = Literal["text", "textarea", "number", "bool", "select", "multi", "list", "date"]


@dataclass(frozen=True)
class Field:
    """One input of the profile form."""

    name: str
    kind: Kind
    choices: tuple[str, ...]
    default: Any
    required: bool


def _literal_args(annotation: Any) -> tuple[str, ...] | None:
    if typing.get_origin(annotation) is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    return None


def fields() -> list[Field]:
    """The form's fields, in the contract's order."""
    out = []
    for name, info in Profile.model_fields.items():
        annotation = info.annotation
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        origin = typing.get_origin(annotation)
        kind: Kind
        choices: tuple[str, ...] = ()
        if annotation is bool:
            kind = "bool"
        elif annotation in {int, float}:
            kind = "number"
        elif (args := _literal_args(annotation)) is not None:
            kind, choices = "select", args
        elif origin is tuple:
            inner = typing.get_args(annotation)[0]
            args = _literal_args(inner)
            kind, choices = ("multi", args) if args else ("list", ())
        elif origin in {typing.Union, types.UnionType}:
            kind = "date" if dt.date in typing.get_args(annotation) else "text"
        else:
            kind = "textarea" if name == "description" else "text"
        out.append(Field(name, kind, choices, default, info.is_required()))
    return out


def values_from(profile: Profile | None) -> dict[str, Any]:
    """The form's values for an existing profile (or the contract's defaults)."""
    if profile is None:
        return {f.name: f.default for f in fields()}
    return profile.model_dump(mode="json")


def parse(form: Any) -> tuple[dict[str, Any], Profile | None, dict[str, str]]:
    """Read a submitted form: (values as entered, the profile or None, field -> error).

    A field left empty takes the contract's default; an unticked box is false when the
    whole form was shown (``__form=profile``), else the default.
    """
    whole = form.get("__form") == "profile"
    data: dict[str, Any] = {}
    for f in fields():
        if f.kind == "multi":
            if f.name in form or whole:
                data[f.name] = [str(v) for v in form.getlist(f.name)]
        elif f.kind == "list":
            raw = str(form.get(f.name) or "")
            if raw.strip() or whole:
                data[f.name] = [p.strip() for p in raw.replace(",", " ").split() if p.strip()]
        elif f.kind == "bool":
            if f.name in form or whole:
                data[f.name] = form.get(f.name) in {"on", "true", "1"}
        else:
            raw = str(form.get(f.name) or "").strip()
            if raw:
                data[f.name] = raw
    values = {**values_from(None), **data}
    try:
        return values, Profile.model_validate(data), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            loc = err.get("loc") or ("",)
            errors.setdefault(str(loc[0]), err.get("msg", "invalid"))
        return values, None, errors


def parse_upload(text: str, filename: str) -> Profile:
    """An uploaded YAML or JSON profile; ProfileError names the line and field."""
    from fulcrum.profile import parse_profile

    if not text.strip():
        raise ProfileError(f"{filename}: the file is empty")
    return parse_profile(text, filename)
