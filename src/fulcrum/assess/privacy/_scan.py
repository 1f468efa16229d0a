"""Scan a text file (streamed in chunks of lines, character offsets preserved)."""

from __future__ import annotations

from pathlib import Path

from fulcrum.assess.privacy._analyzer import Analyzer
from fulcrum.assess.privacy._progress import progress_bar
from fulcrum.assess.privacy._recognizer import Span
from fulcrum.errors import DataError

TABLE_SUFFIXES = {".csv", ".tsv", ".parquet", ".pq"}
_CHUNK = 1 << 22


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
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    analyzer = analyzer or Analyzer()
    spans: list[Span] = []
    offset = 0
    lines_read = 0
    with (
        open(path, encoding="utf-8", newline="") as handle,
        progress_bar(progress, total=path.stat().st_size, description="scanning") as advance,
    ):
        while True:
            try:
                lines = handle.readlines(_CHUNK)
            except UnicodeDecodeError as exc:
                raise DataError(
                    f"{path}: not UTF-8 text after line {lines_read} (byte {exc.start} of a chunk)"
                ) from exc
            if not lines:
                break
            chunk = "".join(lines)
            for s in analyzer.analyze(chunk):
                spans.append(s._replace(start=s.start + offset, end=s.end + offset))
            offset += len(chunk)
            lines_read += len(lines)
            advance(len(chunk.encode("utf-8")))
    return spans
