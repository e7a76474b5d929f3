"""Read hpkg's graph exports back with independent readers.

Usage: export_check.py HPKG_BINARY STORE_DIR WORK_DIR

For the partners and network projections: NetworkX reads the GraphML, GEXF
and node-link outputs (node and edge counts, total weight and one Arabic
label equal hpkg's own figures from its node-link export and `rank`),
networkx.cytoscape_graph reads the Cytoscape JSON, Python's csv module
reads nodes.csv and edges.csv, and Graphviz renders the DOT with dot and
sfdp. Exits 1 on any disagreement.
"""
import csv
import json
import os
import subprocess
import sys

import networkx as nx

HPKG, STORE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []
checks = 0


def run(*args):
    p = subprocess.run([HPKG, "--store", STORE, *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"hpkg {' '.join(args)} failed: {p.stderr}")
    return p.stdout


def check(name, ok, detail=""):
    global checks
    checks += 1
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        failures.append(name)


KRCS = "https://w3id.org/hpkg/id/org/krcs"
for proj in ("partners", "network"):
    base = os.path.join(WORK, proj)
    args = ["--projection", proj, "--lang", "ar"]
    files = {}
    for fmt in ("graphml", "gexf", "node-link", "cytoscape", "dot"):
        files[fmt] = f"{base}.{fmt}"
        run("export", "--format", fmt, "-o", files[fmt], *args)
    run("export", "--format", "csv", "-o", base + "-csv", *args)
    # hpkg's own figures: rank lists every node; node-link gives edges.
    nodes = len(json.loads(run("rank", "--measure", "degree", "--top", "0", "--format", "json", "--projection", proj)))
    nl = json.load(open(files["node-link"], encoding="utf-8"))
    edges = len(nl["links"])
    weight = sum(l["weight"] for l in nl["links"])
    arabic = next(n["label"] for n in nl["nodes"] if n["id"] == KRCS)
    check(f"{proj}: the Arabic label is Arabic", any("\u0600" <= c <= "\u06ff" for c in arabic), arabic)

    readers = {
        "graphml": lambda: nx.read_graphml(files["graphml"]),
        "gexf": lambda: nx.read_gexf(files["gexf"], version="1.3"),
        "node-link": lambda: nx.node_link_graph(nl, edges="links"),
        "cytoscape": lambda: nx.cytoscape_graph(json.load(open(files["cytoscape"], encoding="utf-8"))),
    }
    for fmt, read in readers.items():
        g = read()
        check(f"{proj} {fmt}: {nodes} nodes", g.number_of_nodes() == nodes, g.number_of_nodes())
        check(f"{proj} {fmt}: {edges} edges", g.number_of_edges() == edges, g.number_of_edges())
        w = sum(float(d.get("weight", 0)) for _, _, d in g.edges(data=True))
        check(f"{proj} {fmt}: total weight {weight}", abs(w - weight) < 1e-9, w)
        label = g.nodes[KRCS].get("label") or g.nodes[KRCS].get("name")
        check(f"{proj} {fmt}: Arabic label {arabic}", label == arabic, label)

    with open(os.path.join(base + "-csv", "nodes.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    check(f"{proj} nodes.csv: {nodes} rows", len(rows) == nodes, len(rows))
    check(f"{proj} nodes.csv: Arabic label", any(r["iri"] == KRCS and r["label"] == arabic for r in rows))
    with open(os.path.join(base + "-csv", "edges.csv"), newline="", encoding="utf-8") as f:
        erows = list(csv.DictReader(f))
    check(f"{proj} edges.csv: {edges} rows", len(erows) == edges, len(erows))
    check(f"{proj} edges.csv: total weight", abs(sum(float(r["weight"]) for r in erows) - weight) < 1e-9)

    for engine in ("dot", "sfdp"):
        svg = f"{base}.{engine}.svg"
        p = subprocess.run([engine, "-Tsvg", files["dot"], "-o", svg], capture_output=True, text=True, timeout=300)
        ok = p.returncode == 0 and os.path.getsize(svg) > 1000
        check(f"{proj}: Graphviz {engine} renders the DOT", ok, p.stderr[:300])
        if ok:
            check(f"{proj}: the {engine} SVG carries the Arabic label", arabic in open(svg, encoding="utf-8").read())

print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
