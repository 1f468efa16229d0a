"""Scan a text file (streamed in chunks of lines, character offsets preserved)."""

from __future__ import annotations

from pathlib import Path

from fulcrum.assess.privacy._analyzer import Analyzer
from fulcrum.assess.privacy._progress import progress_bar
from fulcrum.assess.privacy._recognizer import Span
from fulcrum.errors import DataError

TABLE_SUFFIXES = {".csv", ".tsv", ".parquet", ".pq"}
_CHUNK = 1 << 22


def check_text_file(path: str | Path) -> Path:
    """An existing, non-binary regular file, or a DataError naming it and what was expected."""
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path}: is a directory; expected a UTF-8 text, CSV or Parquet file")
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if b"\x00" in head:
        raise DataError(f"{path}: looks binary (NUL bytes); expected UTF-8 text")
    return path


def not_utf8(path: Path) -> DataError:
    """The error for a text file that is not UTF-8, naming its first bad line."""
    from fulcrum.assess.privacy._tables import first_non_utf8_line

    found = first_non_utf8_line(path)
    where = f"line {found[0]} (byte {found[1]} of the line)" if found else "somewhere"
    return DataError(f"{path}: {where} is not UTF-8 text; re-save the file as UTF-8")


def scan_text_file(
    path: str | Path, *, analyzer: Analyzer | None = None, progress: bool | None = False
) -> list[Span]:
    """Entities of a UTF-8 text file with character offsets into the decoded text.

    Parameters
    ----------
    path : path
        Text file (UTF-8; a BOM is kept as one character).
    analyzer : Analyzer, optional
        Recognizers to use.
    progress : bool or None
        Progress bar on stderr (``None``: when stderr is a terminal).

    Returns
    -------
    list of Span
    """
    path = check_text_file(path)
    analyzer = analyzer or Analyzer()
    spans: list[Span] = []
    offset = 0
    with (
        open(path, encoding="utf-8", newline="") as handle,
        progress_bar(progress, total=path.stat().st_size, description="scanning") as advance,
    ):
        while True:
            try:
                lines = handle.readlines(_CHUNK)
            except UnicodeDecodeError as exc:
                raise not_utf8(path) from exc
            if not lines:
                break
            chunk = "".join(lines)
            for s in analyzer.analyze(chunk):
                spans.append(s._replace(start=s.start + offset, end=s.end + offset))
            offset += len(chunk)
            advance(len(chunk.encode("utf-8")))
    return spans
