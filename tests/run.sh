#!/usr/bin/env bash
# Runs the test suite: unit, golden, integration and interop tests.
#
#   bash tests/run.sh                 # the fast tier (a few minutes)
#   HPKG_SLOW=1 bash tests/run.sh     # every tier, as .ci/run does
#
# It makes a Python venv with the pinned interop packages (rdflib, pySHACL,
# NetworkX, Selenium) once, then runs `cargo test --all-targets` and the
# doc tests (`cargo test --doc`, which --all-targets leaves out) with
# HPKG_PYTHON pointing at it; arguments go to both cargo test runs. Set HPKG_VENV to
# choose where the venv lives (default: /var/tmp/hpkg-venv, kept between
# runs and outside the clone).
#
# The integration tests are one binary, tests/it/ (`cargo test --test it`),
# one module per area. Its slow tier (over about 20 s each: the kill test,
# the fuzz run, the headless-Chromium checks) runs only with HPKG_SLOW=1;
# without it each slow test prints that it was skipped and passes. One test
# alone: `cargo test --test it -- --exact crash::killed_ingests_...`.
# HPKG_REQUIRE_MOUNT=1 (set by .ci/run) makes the full-disk test fail, not
# skip, when it cannot mount its tmpfs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ldconfig -p 2>/dev/null | grep -Eq 'libclang(-[0-9.]+)?\.so'; then
    echo "tests/run.sh: libclang is missing; the RocksDB bindings need it to build." >&2
    echo "  install it with: apt-get install -y libclang-dev" >&2
    exit 1
fi

# Graphviz for the export checks; Chromium and its driver for the browser
# checks, which are in the slow tier.
tools="dot sfdp"
if [ "${HPKG_SLOW:-}" = 1 ]; then tools="$tools chromium chromedriver"; fi
for tool in $tools; do
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
cargo test --doc "$@"
