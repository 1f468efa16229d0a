"""Writing an output file: never onto an input, and atomically.

Every file Fulcrum writes for a user (a report, a de-identified table, a plot, a
signed envelope, a checkpoint) is written to a temporary file beside the target
and moved onto it with ``os.replace`` only when the whole write succeeded, so a
failed or interrupted run leaves either the old file or none, never half of one.
An output that resolves to one of the command's inputs is refused before
anything is read, with ``--force`` or without.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fulcrum.errors import InputError


def check_output(
    dst: str | Path, inputs: Iterable[str | Path | None] = (), *, overwrite: bool = True
) -> Path:
    """``dst`` as a Path when it can be written; an InputError naming it otherwise."""
    dst = Path(dst)
    if dst.is_dir():
        raise InputError(f"{dst}: is a folder; give the output's file name")
    target = dst.resolve()
    for src in inputs:
        if src is not None and Path(src).exists() and Path(src).resolve() == target:
            raise InputError(f"{dst}: the output must be a new file, not the input")
    if dst.exists() and not overwrite:
        raise InputError(f"{dst}: already exists; choose a new file (or --force)")
    if not dst.parent.is_dir():
        raise InputError(f"{dst}: the folder {dst.parent} does not exist; create it first")
    return dst


@contextmanager
def atomic_output(
    dst: str | Path, *inputs: str | Path | None, overwrite: bool = False
) -> Iterator[Path]:
    """A temporary path beside ``dst`` (same suffix), moved onto ``dst`` if the block succeeds."""
    dst = check_output(dst, inputs, overwrite=overwrite)
    fd, name = tempfile.mkstemp(prefix=f".{dst.stem}.", suffix=f".tmp{dst.suffix}", dir=dst.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.chmod(0o666 & ~_umask())  # mkstemp makes it 0600; an output gets the usual mode
    try:
        yield tmp
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(
    dst: str | Path, data: bytes | str, *inputs: str | Path | None, overwrite: bool = True
) -> Path:
    """Write ``data`` (text as UTF-8) to ``dst`` atomically; never onto one of ``inputs``."""
    with atomic_output(dst, *inputs, overwrite=overwrite) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(dst)
