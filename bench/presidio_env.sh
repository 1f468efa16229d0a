#!/usr/bin/env bash
# Create the benchmark's own optional virtual environment with Microsoft Presidio.
#
# Presidio is only a point of comparison for bench/privacy.py; Fulcrum and its
# tests never need it. No spaCy model is downloaded: the benchmark configures
# Presidio's AnalyzerEngine with a no-op NLP engine and pattern recognizers only.
#
# Usage: bash bench/presidio_env.sh [VENV_DIR]   (default /tmp/fulcrum-presidio-venv)
set -euo pipefail
VENV="${1:-/tmp/fulcrum-presidio-venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet presidio-analyzer
"$VENV/bin/python" -c "import presidio_analyzer, sys; print('presidio-analyzer', presidio_analyzer.__version__ if hasattr(presidio_analyzer, '__version__') else '?', 'in', sys.prefix)"
echo "$VENV/bin/python"
