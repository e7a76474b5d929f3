#!/usr/bin/env bash
# hpkg against its peers, side by side in one run on this machine:
#
#   bash benches/run.sh                 # 1,000, 10,000 and 100,000 synthetic articles
#   bash benches/run.sh 1000 10000      # chosen sizes
#
# Builds hpkg in release mode, installs the pinned peers of
# benches/requirements.txt in a venv (HPKG_BENCH_VENV, default
# /var/tmp/hpkg-bench-venv), generates synthetic corpora (seed 1) and:
#
# Ingest and growth, at every size:
#   - hpkg ingest --bulk (wall time, peak RSS);
#   - pyoxigraph's bulk loader on hpkg's N-Quads dump of the same store
#     (the floor; benches/peers/pyoxigraph_load.py);
#   - a straightforward rdflib script building the same kind of triples
#     from the same JSON (benches/peers/rdflib_ingest.py);
#   - a daily feed: 100 more articles (seed 2) ingested one at a time,
#     without --bulk, onto a copy of the store.
# Analytics, at the largest size (benches/analytics.rs, in process):
#   - projection build (partners, network);
#   - betweenness, closeness, PageRank, eigenvector on the partners graph,
#     against NetworkX, igraph and rustworkx on the same edge list
#     (benches/peers/centrality.py);
#   - the mean of 1,000 random path queries against NetworkX shortest_path
#     (benches/peers/paths.py);
#   - the median latency of every named query against pyoxigraph running the
#     same text with the same parameter values (benches/peers/sparql.py).
#
# Writes the tables with ratios to target/bench.md (benches/report.py).
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
# HPKG_BENCH_ANALYTICS_ONLY=1 reuses the stores and ingest figures of the
# previous run and redoes only the analytics comparison.
only_analytics="${HPKG_BENCH_ANALYTICS_ONLY:-}"
[ -n "$only_analytics" ] || : > "$work/ingest.jsonl"

timed() { # prints "seconds max_rss_kb" of a command, its stdout to $work/last.out
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/last.out" 2> "$work/last.err" || {
        cat "$work/last.err" >&2; return 1; }
    cat "$work/time.txt"
}

for n in "${sizes[@]}"; do
    [ -z "$only_analytics" ] || break
    echo "== ingest, $n articles" >&2
    corpus="$work/corpus-$n"
    [ -d "$corpus" ] || "$hpkg" generate --articles "$n" --seed 1 -o "$corpus" 2>/dev/null
    rm -rf "$work/store-$n" "$work/pyox-$n"
    read -r hs hk < <(timed "$hpkg" --store "$work/store-$n" ingest --bulk "$corpus")
    "$hpkg" --store "$work/store-$n" dump --format nquads -o "$work/dump-$n.nq"
    quads=$(wc -l < "$work/dump-$n.nq")
    read -r _ pk < <(timed "$py" benches/peers/pyoxigraph_load.py "$work/dump-$n.nq" "$work/pyox-$n")
    ps_=$(cut -d' ' -f1 "$work/last.out")
    read -r _ rk < <(timed "$py" benches/peers/rdflib_ingest.py "$corpus")
    rs=$(cut -d' ' -f1 "$work/last.out")
    feed="$work/feed-100"
    [ -d "$feed" ] || "$hpkg" generate --articles 100 --seed 2 -o "$feed" 2>/dev/null
    rm -rf "$work/fed-$n"
    cp -r "$work/store-$n" "$work/fed-$n"
    read -r fs fk < <(timed "$hpkg" --store "$work/fed-$n" ingest "$feed")
    rm -rf "$work/fed-$n"
    echo "{\"articles\": $n, \"quads\": $quads, \"hpkg_s\": $hs, \"hpkg_rss_kb\": $hk, \"pyoxigraph_s\": $ps_, \"pyoxigraph_rss_kb\": $pk, \"rdflib_s\": $rs, \"rdflib_rss_kb\": $rk, \"feed_s\": $fs, \"feed_rss_kb\": $fk}" >> "$work/ingest.jsonl"
done

big="${sizes[-1]}"
an="$work/analytics-$big"
rm -rf "$an"
mkdir -p "$an"
echo "== analytics, $big articles: hpkg" >&2
cargo bench --quiet --bench analytics -- --store "$work/store-$big" --out "$an" > "$an/analytics.json"
echo "== analytics, $big articles: NetworkX, igraph, rustworkx" >&2
"$py" benches/peers/centrality.py "$an" > "$an/centrality.json"
"$py" benches/peers/paths.py "$an" > "$an/paths.json"
echo "== named queries, $big articles: pyoxigraph" >&2
"$py" benches/peers/sparql.py "$work/pyox-$big" "$an" > "$an/sparql.json"

"$py" benches/report.py "$work/ingest.jsonl" "$an" > target/bench.md
cat target/bench.md
