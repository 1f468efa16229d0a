#!/usr/bin/env bash
# Install the development extras and run the whole suite: pytest, ruff, mypy.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages for the browser and PDF tests (CI runs this first; here it may lack root).
bash scripts/system-packages.sh || echo "note: system packages not installed; their tests skip"
FULCRUM_EXTRAS=dev bash scripts/setup.sh
# pycanon is only a test oracle; its exact pins clash with pydantic, so skip its dependencies.
.venv/bin/python -m pip install --quiet --no-deps "pycanon>=1.0"
# torch (CPU build) for the blocked GPU code path, where the machine offers the local wheel.
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet "torch==2.13.0" 2>/dev/null \
    || echo "note: torch not installed; its tests are skipped"
fi
.venv/bin/python -m pytest "$@"
.venv/bin/ruff check src tests bench
.venv/bin/mypy src/fulcrum
