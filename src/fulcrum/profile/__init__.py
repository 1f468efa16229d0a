"""The AI-system profile: the facts from which Fulcrum decides which rules apply.

``Profile`` implements the contract of ``shared/spec/profile.md`` exactly: every
field and value there is accepted with the same name, and an unknown field or
value is an error naming it (a typo must never silently lower a risk tier).
``load_profile(path)`` reads YAML or JSON and reports errors with file, line and
field; ``Profile.facts()`` gives the flat fact view the rules evaluate.
"""

from fulcrum.profile._load import load_profile, parse_profile
from fulcrum.profile._model import CONTRACT_VERSION, EU_MEMBER_STATES, Profile
from fulcrum.profile._vocab import FACT_VOCABULARY, ISO_3166_ALPHA_2, PURPOSES

__all__ = [
    "CONTRACT_VERSION",
    "EU_MEMBER_STATES",
    "FACT_VOCABULARY",
    "ISO_3166_ALPHA_2",
    "PURPOSES",
    "Profile",
    "load_profile",
    "parse_profile",
]
