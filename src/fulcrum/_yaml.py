"""YAML loading that remembers the line of every key, so errors can name it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fulcrum.errors import InputError

Path_ = tuple[str | int, ...]


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that refuses duplicate keys (a silent overwrite hides typos)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)


class LocatedYaml:
    """A parsed YAML document plus the line of each key path."""

    def __init__(self, data: Any, lines: dict[Path_, int], source: str) -> None:
        self.data = data
        self.lines = lines
        self.source = source

    def line_of(self, path: Path_) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def where(self, path: Path_) -> str:
        """``file:line: a.b[2].c`` for messages."""
        line = self.line_of(path)
        location = f"{self.source}:{line}" if line else self.source
        return f"{location}: {format_path(path)}" if path else location


def format_path(path: Path_) -> str:
    """``articles[4].obligations[1]`` style path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _collect_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = key_node.start_mark.line + 1
            _collect_lines(value_node, (*path, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*path, index), lines)


def parse_yaml(text: str, source: str, *, error: type[InputError] = InputError) -> LocatedYaml:
    """Parse one YAML document, raising ``error`` with file and line on syntax errors."""
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LocatedYaml(None, {}, source)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise error(f"{source}{line}: invalid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{source}: invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    _collect_lines(node, (), lines)
    return LocatedYaml(data, lines, source)


def load_yaml(path: str | Path, *, error: type[InputError] = InputError) -> LocatedYaml:
    """Read and parse a YAML (or JSON) file with line information."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text") from exc
    return parse_yaml(text, str(path), error=error)


def validation_message(doc: LocatedYaml, exc: Any, prefix: Path_ = ()) -> str:
    """One line naming file, line, field and problem for a pydantic ValidationError."""
    first = exc.errors()[0]
    known_keys = {part for path in doc.lines for part in path}
    # pydantic adds union tags and validator names to locations; keep real keys and indexes
    path = tuple(p for p in (*prefix, *first["loc"]) if isinstance(p, int) or p in known_keys)
    kind, got = first["type"], first.get("input")
    if kind == "extra_forbidden":
        problem = "unknown field"
    elif kind in {"literal_error", "enum"}:
        problem = f"unknown value {got!r}; expected {first['ctx']['expected']}"
    elif kind == "missing":
        problem = f"required field {first['loc'][-1]!r} is missing"
    else:
        problem = f"{first['msg']} (got {got!r})"
    count = len(exc.errors())
    more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
    return f"{doc.where(path)}: {problem}{more}"
