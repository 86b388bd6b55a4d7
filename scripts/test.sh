#!/usr/bin/env bash
# Install kg with its test dependencies into .venv, lint and format-check the
# code with ruff, and run the test suite.
# Used by the README and by CI (.ci/run). Needs only Python 3.11+ and pip;
# installs Debian's chromium for the browser tests when apt-get is available.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; browser tests will be skipped" >&2
  fi
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff check kg tests benchmarks
.venv/bin/ruff format --check kg tests benchmarks
exec .venv/bin/python -m pytest -q "$@"
