"""Declarative applicability conditions, compiled once into fast predicates.

A condition in the catalog YAML is one of::

    {all: [COND, ...]}            every sub-condition holds
    {any: [COND, ...]}            at least one holds
    {not: COND}                   the sub-condition does not hold
    {fact: NAME, OP: VALUE}       a test of one profile fact

with ``OP`` one of ``contains`` / ``contains_any`` / ``contains_all`` (list
facts), ``equals`` / ``in`` / ``not_in`` (single-valued facts), ``is`` (booleans)
``gte`` / ``gt`` / ``lte`` / ``lt`` (numbers) and ``before`` / ``on_or_after``
(dates; an unknown date never matches). Facts are the profile fields
plus the results of classification schemes computed earlier (e.g.
``eu_ai_act.tier``). ``evaluate`` returns whether it holds and the facts it read,
so every verdict can say which facts it used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Facts = Mapping[str, Any]
Predicate = Callable[[Facts], bool]

LIST_OPS = ("contains", "contains_any", "contains_all", "contains_none")
SCALAR_OPS = ("equals", "in", "not_in")
NUMBER_OPS = ("gte", "gt", "lte", "lt")
DATE_OPS = ("before", "on_or_after")
OPERATORS = (*LIST_OPS, *SCALAR_OPS, *NUMBER_OPS, *DATE_OPS, "is")


class Condition(BaseModel):
    """One node of an applicability condition (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    all_: tuple[Condition, ...] | None = Field(default=None, alias="all")
    any_: tuple[Condition, ...] | None = Field(default=None, alias="any")
    not_: Condition | None = Field(default=None, alias="not")
    fact: str | None = None
    contains: str | None = None
    contains_any: tuple[str, ...] | None = None
    contains_all: tuple[str, ...] | None = None
    contains_none: tuple[str, ...] | None = None
    equals: str | bool | float | None = None
    in_: tuple[str, ...] | None = Field(default=None, alias="in")
    not_in: tuple[str, ...] | None = None
    is_: bool | None = Field(default=None, alias="is")
    gte: float | None = None
    gt: float | None = None
    lte: float | None = None
    lt: float | None = None
    before: dt.date | None = None
    on_or_after: dt.date | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        groups = [g for g in (self.all_, self.any_, self.not_) if g is not None]
        ops = self.operators()
        if self.fact is None:
            if len(groups) != 1 or ops:
                raise ValueError("a condition is exactly one of all/any/not, or fact with one test")
        elif groups or len(ops) != 1:
            raise ValueError(f"fact {self.fact!r} needs exactly one test of {', '.join(OPERATORS)}")
        return self

    def operators(self) -> dict[str, Any]:
        """The fact tests set on this node (normally one)."""
        names = {"in_": "in", "is_": "is"}
        out = {}
        for field in (
            "contains",
            "contains_any",
            "contains_all",
            "contains_none",
            "equals",
            "in_",
            "not_in",
            "is_",
            "gte",
            "gt",
            "lte",
            "lt",
            "before",
            "on_or_after",
        ):
            value = getattr(self, field)
            if value is not None:
                out[names.get(field, field)] = value
        return out

    def facts_used(self) -> set[str]:
        """Every fact this condition reads."""
        if self.fact is not None:
            return {self.fact}
        children = self.all_ or self.any_ or ((self.not_,) if self.not_ else ())
        return set().union(*(c.facts_used() for c in children))

    def tested_values(self) -> list[tuple[str, Any]]:
        """(fact, value) pairs of every leaf test, for vocabulary checks at load time."""
        if self.fact is not None:
            return [(self.fact, value) for value in self.operators().values()]
        children = self.all_ or self.any_ or ((self.not_,) if self.not_ else ())
        return [pair for c in children for pair in c.tested_values()]

    def compile(self) -> Predicate:
        """A fast predicate over a fact mapping, generated as one Python expression."""
        constants: dict[str, Any] = {}
        predicate: Predicate = eval(  # source is built only from validated fact names
            f"lambda f: {self._source(constants)}", constants
        )
        return predicate

    def _source(self, constants: dict[str, Any]) -> str:
        if self.all_ is not None:
            return (
                "(" + " and ".join(c._source(constants) for c in self.all_) + ")"
                if self.all_
                else "True"
            )
        if self.any_ is not None:
            return (
                "(" + " or ".join(c._source(constants) for c in self.any_) + ")"
                if self.any_
                else "False"
            )
        if self.not_ is not None:
            return f"(not {self.not_._source(constants)})"
        op, value = next(iter(self.operators().items()))
        name = f"_k{len(constants)}"
        constants[name] = frozenset(value) if isinstance(value, tuple) else value
        fact = f"f[{self.fact!r}]"
        return _TEMPLATES[op].format(fact=fact, k=name)

    def describe(self) -> str:
        """A short human-readable rendering, for explanations."""
        if self.all_ is not None:
            if not self.all_:
                return "always"
            return " and ".join(f"({c.describe()})" for c in self.all_)
        if self.any_ is not None:
            return " or ".join(f"({c.describe()})" for c in self.any_)
        if self.not_ is not None:
            return f"not ({self.not_.describe()})"
        op, value = next(iter(self.operators().items()))
        shown = ", ".join(map(str, value)) if isinstance(value, tuple) else value
        return f"{self.fact} {op.replace('_', ' ')} {shown}"


_TEMPLATES = {
    "contains": "({k} in {fact})",
    "contains_any": "(not {k}.isdisjoint({fact}))",
    "contains_all": "({k} <= {fact})",
    "contains_none": "{k}.isdisjoint({fact})",
    "equals": "({fact} == {k})",
    "in": "({fact} in {k})",
    "not_in": "({fact} not in {k})",
    "is": "(bool({fact}) is {k})",
    "gte": "({fact} >= {k})",
    "gt": "({fact} > {k})",
    "lte": "({fact} <= {k})",
    "lt": "({fact} < {k})",
    "before": "({fact} is not None and {fact} < {k})",
    "on_or_after": "({fact} is not None and {fact} >= {k})",
}
