"""Load the catalog YAML tree, validate it once, and resolve every reference."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fulcrum._yaml import LocatedYaml, Path_, load_yaml, validation_message
from fulcrum.catalog._asof import revert
from fulcrum.catalog._conditions import Condition
from fulcrum.catalog._graph import Catalog
from fulcrum.catalog._model import Document
from fulcrum.errors import CatalogError
from fulcrum.profile import FACT_VOCABULARY, ISO_3166_ALPHA_2, Profile

DATA_DIR = Path(__file__).parent / "data"
_PROFILE_FACTS = set(Profile.model_fields)


def _documents(paths: Iterable[Path]) -> list[tuple[LocatedYaml, Document]]:
    out = []
    for path in paths:
        doc = load_yaml(path, error=CatalogError)
        if doc.data is None:
            raise CatalogError(f"{path}: empty file; a catalog file holds at least one section")
        if not isinstance(doc.data, dict):
            raise CatalogError(f"{path}: a catalog file must be a mapping of sections")
        try:
            out.append((doc, Document.model_validate(doc.data)))
        except ValidationError as exc:
            raise CatalogError(validation_message(doc, exc)) from exc
    return out


def yaml_files(root: Path) -> list[Path]:
    """Every ``*.yaml`` file under ``root``, in a stable order.

    A missing path, a file, a folder without ``*.yaml`` files, or ``*.yml`` files
    (which would be silently ignored) are errors.
    """
    if not root.exists():
        raise CatalogError(f"{root}: no such folder")
    if not root.is_dir():
        raise CatalogError(f"{root}: is a file; a catalog is a folder of *.yaml files")
    ignored = sorted(p for p in root.rglob("*.yml") if p.is_file())
    if ignored:
        raise CatalogError(
            f"{ignored[0]}: catalog files end in .yaml; rename it (a .yml file would be ignored)"
        )
    files = sorted(p for p in root.rglob("*.yaml") if p.is_file())
    if not files:
        raise CatalogError(f"{root}: no *.yaml files; a catalog folder holds framework YAML files")
    return files


def load_catalog(root: str | Path | None = None, *, extra: Iterable[str | Path] = ()) -> Catalog:
    """Load and validate every YAML file under ``root`` (default: the bundled data).

    ``extra`` adds files or folders (an organisation's own frameworks).
    """
    root = Path(root) if root else DATA_DIR
    files = yaml_files(root)
    for item in extra:
        item = Path(item)
        if item.is_file() and item.suffix == ".yaml":
            files.append(item)
        else:
            files += yaml_files(item)
    builder = _Builder()
    for doc, document in _documents(files):
        builder.add(doc, document)
    catalog = builder.finish()
    catalog.version = _ruleset_version(files)
    return catalog


def _ruleset_version(files: list[Path]) -> str:
    """A short content hash of every catalog file: the rule-set version."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _Builder:
    """Collects items from documents, remembering where each came from."""

    def __init__(self) -> None:
        self.catalog = Catalog()
        self.where: dict[str, str] = {}
        self.refs: list[tuple[str, str, str]] = []  # (location, referenced id, expected kind)
        self.conditions: list[tuple[str, Condition]] = []
        self.changes: list[tuple[str, Any]] = []
        self.precedents: list[tuple[LocatedYaml, Path_, Any]] = []

    def add(self, doc: LocatedYaml, document: Document) -> None:
        if document.framework is not None:
            self._put(doc, ("framework",), document.framework.id, document.framework, "frameworks")
        if document.framework is not None and document.framework.applies_when is not None:
            self.conditions.append(
                (doc.where(("framework", "applies_when")), document.framework.applies_when)
            )
        for section in (
            "provisions",
            "requirements",
            "controls",
            "principles",
            "rules",
            "schemes",
            "applications",
            "amendments",
            "precedents",
        ):
            for index, item in enumerate(getattr(document, section)):
                path: Path_ = (section, index)
                self._put(doc, path, item.id, item, section)
                self._collect_refs(doc, path, section, item)
        for index, mapping in enumerate(document.mappings):
            where = doc.where(("mappings", index))
            self.refs.append((f"{where}.source", mapping.source, "any"))
            self.refs.append((f"{where}.target", mapping.target, "any"))
            self.catalog.mappings.append(mapping)

    def _put(self, doc: LocatedYaml, path: Path_, item_id: str, item: Any, section: str) -> None:
        where = doc.where((*path, "id") if section != "frameworks" else path)
        if item_id in self.where:
            raise CatalogError(
                f"{where}: duplicate id {item_id!r} (first defined at {self.where[item_id]})"
            )
        self.where[item_id] = where
        getattr(self.catalog, section)[item_id] = item
        if section not in {"frameworks", "schemes"}:
            self.refs.append((where, item_id.split(":", 1)[0], "frameworks"))

    def _collect_refs(self, doc: LocatedYaml, path: Path_, section: str, item: Any) -> None:
        # a precedent may cite a provision or an obligation (requirement)
        provisions_kind = "any" if section == "precedents" else "provisions"
        for field, kind in (("provisions", provisions_kind), ("principles", "principles")):
            for index, ref in enumerate(getattr(item, field, ()) or ()):
                self.refs.append((doc.where((*path, field, index)), ref, kind))
        for field in ("parent", "provision"):
            ref = getattr(item, field, None)
            if ref:
                self.refs.append((doc.where((*path, field)), ref, "any"))
        if getattr(item, "application", None):
            self.refs.append((doc.where((*path, "application")), item.application, "applications"))
        for index, phase in enumerate(getattr(item, "phases", ()) or ()):
            self.conditions.append((doc.where((*path, "phases", index, "when")), phase.when))
        if section == "amendments":
            for index, change in enumerate(item.changes):
                where = doc.where((*path, "changes", index))
                self.refs.append((f"{where}.target", change.target, "any"))
                self.changes.append((where, change))
        if section == "precedents":
            self.precedents.append((doc, path, item))
        for field in ("applies_when", "when"):
            condition = getattr(item, field, None)
            if condition is not None:
                self.conditions.append((doc.where((*path, field)), condition))
        for index, exception in enumerate(getattr(item, "unless", ()) or ()):
            self.conditions.append((doc.where((*path, "unless", index)), exception.when))
        if section == "rules":
            for scheme in item.sets:
                self.refs.append((doc.where((*path, "sets", scheme)), scheme, "schemes"))

    def finish(self) -> Catalog:
        catalog = self.catalog
        index = catalog.index  # built once: the property merges every table
        for where, ref, kind in self.refs:
            table = index if kind == "any" else getattr(catalog, kind)
            if ref not in table:
                noun = "id" if kind == "any" else kind.rstrip("s") + " id"
                raise CatalogError(f"{where}: references unknown {noun} {ref!r}")
        facts = _PROFILE_FACTS | set(catalog.schemes)
        for where, condition in self.conditions:
            _check_condition(where, condition, facts, catalog)
        for where, change in self.changes:
            _check_change(where, change, index)
        for doc, path, precedent in self.precedents:
            _check_precedent(doc, path, precedent)
        catalog.freeze()
        return catalog


def _check_change(where: str, change: Any, index: dict[str, Any]) -> None:
    """A recorded change must name a real field, and its ``before`` value must be valid."""
    if change.action != "modified":
        return
    item = index[change.target]
    if change.field not in type(item).model_fields:
        raise CatalogError(f"{where}.field: {type(item).__name__} has no field {change.field!r}")
    try:
        revert(item, change)
    except ValidationError as exc:
        raise CatalogError(
            f"{where}.before: not a valid {change.field!r}: {exc.errors()[0]['msg']}"
        ) from exc


def _check_precedent(doc: LocatedYaml, path: Path_, precedent: Any) -> None:
    """A precedent's facts are profile facts (validated like a profile); its jurisdiction a code."""
    if precedent.jurisdiction != "EU" and precedent.jurisdiction not in ISO_3166_ALPHA_2:
        raise CatalogError(
            f"{doc.where((*path, 'jurisdiction'))}: {precedent.jurisdiction!r} is not 'EU' or an "
            "ISO 3166-1 alpha-2 code"
        )
    try:
        Profile.model_validate({"id": "precedent", **precedent.facts})
    except ValidationError as exc:
        raise CatalogError(validation_message(doc, exc, prefix=(*path, "facts"))) from exc


def _check_condition(where: str, condition: Condition, facts: set[str], catalog: Catalog) -> None:
    for fact in condition.facts_used():
        if fact not in facts:
            raise CatalogError(f"{where}: condition uses unknown fact {fact!r}")
    for fact, value in condition.tested_values():
        allowed: tuple[Any, ...] | None = FACT_VOCABULARY.get(fact)
        if fact in catalog.schemes:
            allowed = catalog.schemes[fact].values + tuple(
                v for v in (catalog.schemes[fact].outside,) if v is not None
            )
        if allowed is None:
            continue
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            if item not in allowed:
                raise CatalogError(
                    f"{where}: fact {fact!r} has no value {item!r}; "
                    f"expected one of {', '.join(map(str, allowed))}"
                )
