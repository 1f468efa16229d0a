"""SQLAlchemy models, one module per aggregate.

Importing this package imports every module beside it, so each table is on
``Base.metadata`` for Alembic and tests; a new aggregate is a new module.
"""

import importlib
import pkgutil

from fulcrum.store.models._base import Base
from fulcrum.store.models.systems import ClassificationRow, SystemRow, SystemVersionRow

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["Base", "ClassificationRow", "SystemRow", "SystemVersionRow"]
