"""One safe, bounded YAML/JSON loader for every input Fulcrum reads.

Every file a user hands Fulcrum (profiles, catalog folders, policies) goes
through ``load_yaml``/``parse_yaml``, and every JSON record through
``load_json``: a safe loader (no Python objects), a size limit, a limit on
aliases and on the size of the document once aliases are expanded (a "billion
laughs" file is refused in milliseconds, before anything walks it), duplicate
keys refused, and errors that name the file, line and column. The parsed
document remembers the line of every key path, so later validation errors can
name it too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from fulcrum.errors import InputError

Path_ = tuple[str | int, ...]

#: Largest input accepted, in bytes.
MAX_BYTES = 8 * 1024 * 1024
#: Most alias references (``*name``) one document may use.
MAX_ALIASES = 5_000
#: Most nodes a document may hold once its aliases are expanded.
MAX_NODES = 500_000
#: Deepest nesting accepted.
MAX_DEPTH = 200

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that refuses duplicate keys (a silent overwrite hides typos)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key (a list or mapping used as a key)
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if duplicate:
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


def _check_bounds(root: yaml.Node, source: str, error: type[InputError]) -> None:
    """Refuse alias bombs, recursive aliases and absurd nesting before anything walks the graph.

    Expanded sizes are computed once per distinct node (memoised), so the check
    is linear in the file even when expanding the aliases would be exponential.
    """

    def refuse(node: yaml.Node, problem: str) -> InputError:
        mark = node.start_mark
        return error(f"{source}:{mark.line + 1}:{mark.column + 1}: refused: {problem}")

    sizes: dict[int, int] = {}
    open_: set[int] = set()
    aliases = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_NODES:
                raise refuse(node, f"expands to more than {MAX_NODES:,} nodes through aliases")
            continue
        if key in open_:
            raise refuse(node, "an alias refers to a node that contains it")
        if key in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise refuse(node, f"more than {MAX_ALIASES:,} aliases")
            continue
        if depth > MAX_DEPTH:
            raise refuse(node, f"nested deeper than {MAX_DEPTH} levels")
        open_.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _collect_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key, str):
                continue
            lines[(*path, key)] = key_node.start_mark.line + 1
            _collect_lines(value_node, (*path, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*path, index), lines)


def parse_yaml(text: str, source: str, *, error: type[InputError] = InputError) -> LocatedYaml:
    """Parse one YAML (or JSON) document, raising ``error`` with file, line and column."""
    if len(text) > MAX_BYTES:
        raise error(f"{source}: refused: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LocatedYaml(None, {}, source)
        _check_bounds(node, source, error)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or str(exc)
        raise error(f"{source}{at}: invalid YAML: {problem}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{source}: invalid YAML: {str(exc).splitlines()[0]}") from exc
    except RecursionError as exc:
        raise error(f"{source}: refused: nested too deeply") from exc
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    _collect_lines(node, (), lines)
    return LocatedYaml(data, lines, source)


def read_text(path: str | Path, *, error: type[InputError] = InputError) -> str:
    """Read a UTF-8 text input with the size limit and one-line errors."""
    path = Path(path)
    try:
        if path.is_dir():
            raise error(f"{path}: is a folder, expected a file")
        if path.stat().st_size > MAX_BYTES:
            raise error(f"{path}: refused: larger than {MAX_BYTES // (1024 * 1024)} MiB")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise error(f"{path}: no such file") from exc
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror}") from exc
    if b"\x00" in data:
        raise error(f"{path}: a binary file, expected UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start})") from exc


def load_yaml(path: str | Path, *, error: type[InputError] = InputError) -> LocatedYaml:
    """Read and parse a YAML (or JSON) file with line information."""
    return parse_yaml(read_text(path, error=error), str(path), error=error)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse_json(text: str, source: str, *, error: type[InputError] = InputError) -> Any:
    """Parse one JSON document with the size limit, duplicate keys refused, line and column."""
    if len(text) > MAX_BYTES:
        raise error(f"{source}: refused: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if not text.strip():
        raise error(f"{source}: empty; expected a JSON document")
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except json.JSONDecodeError as exc:
        raise error(f"{source}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    except _DuplicateKey as exc:
        # the second occurrence of the key is the duplicate; the hook has no position
        found = list(re.finditer(rf"{re.escape(json.dumps(exc.key))}\s*:", text))
        line = f":{text.count(chr(10), 0, found[1].start()) + 1}" if len(found) > 1 else ""
        raise error(f"{source}{line}: invalid JSON: duplicate key {exc.key!r}") from exc
    except RecursionError as exc:
        raise error(f"{source}: refused: nested too deeply") from exc


def load_json(path: str | Path, *, error: type[InputError] = InputError) -> Any:
    """Read and parse a JSON file (bounded, UTF-8, duplicate keys refused)."""
    return parse_json(read_text(path, error=error), str(path), error=error)


def expect_mapping(
    data: Any, source: str, what: str, *, error: type[InputError] = InputError
) -> dict[str, Any]:
    """``data`` when it is a mapping; otherwise one line saying what was found instead."""
    if isinstance(data, dict):
        return data
    found = "nothing" if data is None else f"a {type(data).__name__}"
    raise error(f"{source}: expected {what} (a JSON/YAML object), found {found}")


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
