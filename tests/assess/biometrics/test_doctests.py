"""The Examples sections of the public biometrics API run, as written (numpydoc doctests)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import fulcrum.assess.biometrics as package

MODULES = [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
