"""Threshold strings parsed by a grammar: ``METRIC OP NUMBER``, nothing else.

``METRIC`` is an identifier (letters, digits, underscores), ``OP`` one of ``<=``,
``>=``, ``<``, ``>``, and ``NUMBER`` a finite decimal (``0.1``, ``1e-4``). NaN,
infinities, ``=>``, ``==`` and trailing text are refused with the text quoted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from fulcrum.errors import InputError
from fulcrum.evidence import Threshold

GRAMMAR = re.compile(
    r"^\s*(?P<metric>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op><=|>=|<|>)\s*"
    r"(?P<value>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$"
)
BAD_THRESHOLD = (
    "threshold {text!r} is not METRIC OP NUMBER (OP one of <=, >=, <, >; NUMBER finite), "
    'e.g. "fpr_difference<=0.1"'
)


def parse_threshold(text: str) -> Threshold:
    """One threshold from its text, or an InputError quoting it.

    Examples
    --------
    >>> parse_threshold("fnmr <= 1e-2").value
    0.01
    >>> parse_threshold("x<=nan")
    Traceback (most recent call last):
    ...
    fulcrum.errors.InputError: threshold 'x<=nan' is not METRIC OP NUMBER ...
    """
    match = GRAMMAR.match(text)
    if match is None or not math.isfinite(float(match["value"])):
        raise InputError(BAD_THRESHOLD.format(text=text))
    return Threshold(
        metric=match["metric"],
        operator=match["op"],  # type: ignore[arg-type]
        value=float(match["value"]),
    )


def parse_thresholds(items: Iterable[Threshold | str]) -> list[Threshold]:
    """Strings parsed by the grammar; Threshold objects pass through."""
    return [t if isinstance(t, Threshold) else parse_threshold(t) for t in items]
