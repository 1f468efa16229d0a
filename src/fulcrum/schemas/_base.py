"""The base every schema shares, and the generic page of a list."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Schema(BaseModel):
    """A schema read from ORM rows or dataclasses as well as dicts."""

    model_config = ConfigDict(from_attributes=True)


class Page(Schema, Generic[T]):
    """One page of a list: ``data`` and the total ``count`` before paging."""

    data: list[T]
    count: int


class Message(Schema):
    """A plain acknowledgement."""

    message: str
