"""Reading profiles from YAML or JSON with errors that name file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fulcrum._yaml import load_yaml, parse_yaml, validation_message
from fulcrum.errors import ProfileError
from fulcrum.profile._model import Profile


def parse_profile(text: str, source: str = "<profile>") -> Profile:
    """Validate a profile given as YAML/JSON text."""
    doc = parse_yaml(text, source, error=ProfileError)
    return _validate(doc.data, doc)


def load_profile(path: str | Path) -> Profile:
    """Read and validate one profile file (YAML or JSON)."""
    doc = load_yaml(path, error=ProfileError)
    return _validate(doc.data, doc)


def _validate(data: Any, doc: Any) -> Profile:
    if not isinstance(data, dict):
        raise ProfileError(
            f"{doc.source}: a profile must be a mapping of fields, got {type(data).__name__}"
        )
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(validation_message(doc, exc)) from exc
