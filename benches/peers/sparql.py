"""Median latency of each named query run by pyoxigraph on a copy of the data.

Usage: sparql.py STORE DIR  (STORE: a pyoxigraph store of hpkg's N-Quads
dump; DIR: the analytics bench's output, with queries/*.rq, prefixes.json and
the bindings in analytics.json), compacted after loading as hpkg's is. Each query runs as many times as hpkg ran it
(five, or once when slow), with the same parameter values, reading every
solution; prints JSON.
"""
import json
import statistics
import sys
import time

import pyoxigraph as ox

def term(text):
    if text.startswith("<"):
        return ox.NamedNode(text[1:-1])
    return ox.Literal(json.loads(text.split("^^")[0]))


def main(store_dir, d):
    store = ox.Store(store_dir)
    prefixes = json.load(open(f"{d}/prefixes.json"))
    bench = json.load(open(f"{d}/analytics.json"))
    out = {}
    for name, info in sorted(bench["queries"].items()):
        text = open(f"{d}/queries/{name}.rq").read()
        subs = {ox.Variable(k): term(v) for k, v in info["bindings"].items()}
        if info["rows"] is None:
            # hpkg stopped it at its timeout; pyoxigraph, the same engine,
            # has no timeout to stop it with.
            out[name] = {"median_s": None, "rows": None}
            continue
        runs = []
        rows = 0
        for _ in range(info["runs"]):
            t = time.perf_counter()
            r = store.query(text, prefixes=prefixes, use_default_graph_as_union=True,
                            substitutions=subs)
            if isinstance(r, bool):
                rows = 1
            else:
                rows = len([tuple(s) if isinstance(s, ox.QuerySolution) else s for s in r])
            runs.append(time.perf_counter() - t)
        out[name] = {"median_s": statistics.median(runs), "rows": rows}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
