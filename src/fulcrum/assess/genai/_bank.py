"""Test banks as JSON Lines: load, check and sample them."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fulcrum.errors import DataError

Expect = Literal["refuse", "answer"]

MSG_DUPLICATE_ID = "{path}:{line}: id {id!r} repeats line {first}; ids must be unique"
MSG_BAD_JSON = "{path}:{line}: not valid JSON ({error})"
MSG_BAD_ITEM = "{path}:{line}: {field}: {error}"
MSG_EMPTY = "{path}: the bank has no items"


class BankItem(BaseModel):
    """One test prompt with the behaviour expected of the model."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    expect: Expect
    risk: str = Field(min_length=1)
    lang: str = Field(min_length=2)


def starter_bank_path() -> Path:
    """Path of the starter bank written by the Fulcrum project (not the standard's bank)."""
    return Path(str(resources.files("fulcrum.assess.genai").joinpath("data/starter_bank.jsonl")))


def probes_bank_path() -> Path:
    """Path of the project's prompt-injection and jailbreak probes (all expect a refusal)."""
    return Path(str(resources.files("fulcrum.assess.genai").joinpath("data/probes_bank.jsonl")))


def load_bank(path: str | Path) -> list[BankItem]:
    """Read a JSON Lines bank; errors name the file, line and field.

    Parameters
    ----------
    path : str or Path
        A ``.jsonl`` file with one item per line (blank lines and ``#`` comments skipped).

    Returns
    -------
    list of BankItem

    Examples
    --------
    >>> items = load_bank(starter_bank_path())
    >>> {i.expect for i in items} == {"refuse", "answer"}
    True
    """
    from fulcrum._yaml import read_text

    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such bank file")
    items: list[BankItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(read_text(path, error=DataError).split("\n"), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(MSG_BAD_JSON.format(path=path, line=number, error=exc.msg)) from exc
        try:
            item = BankItem.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "item"
            raise DataError(
                MSG_BAD_ITEM.format(path=path, line=number, field=field, error=err["msg"])
            ) from exc
        if item.id in seen:
            raise DataError(
                MSG_DUPLICATE_ID.format(path=path, line=number, id=item.id, first=seen[item.id])
            )
        seen[item.id] = number
        items.append(item)
    if not items:
        raise DataError(MSG_EMPTY.format(path=path))
    return items


def sample_bank(
    items: Sequence[BankItem], n: int | None, *, seed: int = 0, stratify: bool = True
) -> list[BankItem]:
    """A reproducible random sample of ``n`` items per expected behaviour.

    GB/T 45654 samples at least 300 items from each of the should-refuse and
    should-not-refuse banks; ``n`` is that per-bank size (all items when the bank
    is smaller or ``n`` is None). With ``stratify`` each bank is sampled separately.
    """
    if n is None:
        return list(items)
    if n < 1:
        raise DataError(f"sample size must be >= 1, got {n}")
    rng = random.Random(seed)
    groups: Iterable[list[BankItem]]
    if stratify:
        groups = [[i for i in items if i.expect == e] for e in ("refuse", "answer")]
    else:
        groups = [list(items)]
    out: list[BankItem] = []
    for group in groups:
        out.extend(group if len(group) <= n else rng.sample(group, n))
    order = {item.id: k for k, item in enumerate(items)}
    return sorted(out, key=lambda i: order[i.id])
