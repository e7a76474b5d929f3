#!/usr/bin/env bash
# Runs the whole test suite: unit, golden, integration and interop tests.
#
#   bash tests/run.sh
#
# It makes a Python venv with the pinned interop packages (rdflib, pySHACL)
# once, then runs `cargo test` with HPKG_PYTHON pointing at it. Set
# HPKG_VENV to choose where the venv lives (default: /var/tmp/hpkg-venv, kept
# between runs and outside the clone).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ldconfig -p 2>/dev/null | grep -q libclang; then
    echo "tests/run.sh: libclang is missing; the RocksDB bindings need it to build." >&2
    echo "  install it with: apt-get install -y libclang-dev" >&2
    exit 1
fi

for tool in dot sfdp chromium chromedriver; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "tests/run.sh: $tool is missing; the export and browser tests need it." >&2
        echo "  install with: apt-get install -y graphviz chromium chromium-driver fonts-noto-core" >&2
        exit 1
    fi
done

venv="${HPKG_VENV:-/var/tmp/hpkg-venv}"
req="tests/interop/requirements.txt"
stamp="$venv/.requirements"
if ! cmp -s "$req" "$stamp" 2>/dev/null; then
    echo "tests/run.sh: installing the pinned interop packages into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$stamp"
fi
export HPKG_PYTHON="$venv/bin/python"

cargo test --all-targets "$@"
