#!/usr/bin/env bash
# Benchmarks hpkg's ingest against its peers, side by side in one run:
#
#   bash benches/run.sh                 # 1,000, 10,000 and 100,000 synthetic articles
#   bash benches/run.sh 1000 10000      # chosen sizes
#
# Builds hpkg in release mode, installs the pinned peers of
# benches/requirements.txt in a venv (HPKG_BENCH_VENV, default
# /var/tmp/hpkg-bench-venv), generates the synthetic corpora (seed 1) and,
# for each size, times:
#   - hpkg ingest --bulk (wall time, peak RSS);
#   - pyoxigraph's bulk loader on hpkg's N-Quads dump of the same store (the floor);
#   - a straightforward rdflib script building the same kind of triples
#     from the same JSON (benches/peers/rdflib_ingest.py).
# Prints a Markdown table with ratios, also written to target/bench-ingest.md.
# Needs /usr/bin/time (Debian package `time`). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
hpkg="$CARGO_TARGET_DIR/release/hpkg"

venv="${HPKG_BENCH_VENV:-/var/tmp/hpkg-bench-venv}"
if ! cmp -s benches/requirements.txt "$venv/.requirements" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r benches/requirements.txt
    cp benches/requirements.txt "$venv/.requirements"
fi
py="$venv/bin/python"
work="${HPKG_BENCH_DIR:-/var/tmp/hpkg-bench}"
mkdir -p "$work" target

timed() { # prints "seconds max_rss_kb" of a command, its stdout to $work/last.out
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/last.out" 2> "$work/last.err" || {
        cat "$work/last.err" >&2; return 1; }
    cat "$work/time.txt"
}

out=target/bench-ingest.md
{
    echo "| articles | quads | hpkg s | articles/s | quads/s | hpkg peak RSS MB | pyoxigraph bulk s | hpkg / pyoxigraph | rdflib s | rdflib / hpkg |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$out"
for n in "${sizes[@]}"; do
    corpus="$work/corpus-$n"
    [ -d "$corpus" ] || "$hpkg" generate --articles "$n" --seed 1 -o "$corpus" 2>/dev/null
    rm -rf "$work/store-$n" "$work/pyox-$n"
    read -r hs hk < <(timed "$hpkg" --store "$work/store-$n" ingest --bulk "$corpus")
    "$hpkg" --store "$work/store-$n" dump --format nquads -o "$work/dump-$n.nq"
    quads=$(wc -l < "$work/dump-$n.nq")
    timed "$py" benches/peers/pyoxigraph_load.py "$work/dump-$n.nq" "$work/pyox-$n" > /dev/null
    ps_=$(cut -d' ' -f1 "$work/last.out")
    timed "$py" benches/peers/rdflib_ingest.py "$corpus" > /dev/null
    rs=$(cut -d' ' -f1 "$work/last.out")
    awk -v n="$n" -v q="$quads" -v hs="$hs" -v hk="$hk" -v ps="$ps_" -v rs="$rs" 'BEGIN {
        printf "| %d | %d | %.2f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.1f |\n",
            n, q, hs, n / hs, q / hs, hk / 1024, ps, hs / ps, rs, rs / hs }' >> "$out"
    tail -n 1 "$out"
done
echo
cat "$out"
