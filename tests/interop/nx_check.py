"""Check hpkg's analytics against NetworkX on the same graphs.

Usage: nx_check.py HPKG_BINARY STORE_DIR

For several projections (and filter variants) it exports the projection as
node-link JSON, rebuilds it in NetworkX, and compares:
  - every centrality `hpkg rank` computes, per node, within 1e-9;
  - shortest-path lengths and the k shortest simple paths;
  - articulation points and bridges;
  - Louvain: hpkg's reported modularity equals NetworkX's modularity of
    hpkg's partition (1e-9), and is within 0.02 of NetworkX's own
    louvain_communities at the same seed.
Prints one line per check and exits 1 on any disagreement.
"""
import itertools
import json
import subprocess
import sys

import networkx as nx

HPKG, STORE = sys.argv[1], sys.argv[2]
TOL = 1e-9
failures = []
checks = 0


def run(*args, ok_codes=(0,)):
    p = subprocess.run([HPKG, "--store", STORE, *args], capture_output=True, text=True)
    if p.returncode not in ok_codes:
        raise SystemExit(f"hpkg {' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return p


def check(name, ok, detail=""):
    global checks
    checks += 1
    if not ok:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}")


def load(variant):
    data = json.loads(run("export", "--format", "node-link", *variant).stdout)
    g = nx.node_link_graph(data, edges="links")
    return g


def nx_measure(g, measure, weighted):
    if measure == "degree":
        return nx.degree_centrality(g)
    if measure == "strength":
        return dict(g.degree(weight="weight"))
    if measure == "betweenness":
        return nx.betweenness_centrality(g, normalized=True, weight="cost" if weighted else None)
    if measure == "closeness":
        return nx.closeness_centrality(g, distance="cost" if weighted else None)
    if measure == "harmonic":
        return nx.harmonic_centrality(g, distance="cost" if weighted else None)
    if measure == "pagerank":
        return nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-15, max_iter=1_000_000)
    if measure == "eigenvector":
        return nx.eigenvector_centrality(g, max_iter=10_000, tol=1e-15, weight="weight" if weighted else None)
    raise ValueError(measure)


def compare_rank(g, variant, measure, weighted):
    args = ["rank", "--measure", measure, "--top", "0", "--format", "json", *variant]
    if weighted:
        args.append("--weighted")
    name = f"{measure}{' weighted' if weighted else ''} {' '.join(variant)}"
    try:
        theirs = nx_measure(g, measure, weighted)
    except nx.PowerIterationFailedConvergence:
        # Undefined here (e.g. eigenvector on a DAG): hpkg must refuse too.
        p = run(*args, ok_codes=(0, 2))
        check(name + " (no convergence)", p.returncode == 2 and "did not converge" in p.stderr, p.stderr)
        return
    ours = {r["iri"]: r["score"] for r in json.loads(run(*args).stdout)}
    check(name + " node set", set(ours) == set(theirs), f"{len(ours)} vs {len(theirs)} nodes")
    worst = max((abs(ours[n] - theirs[n]) for n in theirs if n in ours), default=0.0)
    check(name, worst <= TOL, f"max difference {worst:.3e}")


def compare_structure(g, variant):
    u = g.to_undirected()
    ours = {r["iri"] for r in json.loads(run("rank", "--measure", "articulation", "--top", "0", "--format", "json", *variant).stdout)}
    check(f"articulation points {' '.join(variant)}", ours == set(nx.articulation_points(u)), f"{sorted(ours)} vs {sorted(nx.articulation_points(u))}")
    ob = {frozenset((r["from"], r["to"])) for r in json.loads(run("rank", "--measure", "bridges", "--format", "json", *variant).stdout)}
    tb = {frozenset(e) for e in nx.bridges(u)}
    check(f"bridges {' '.join(variant)}", ob == tb, f"{len(ob)} vs {len(tb)}")


def compare_paths(g, variant, weighted, k=4, pairs=12):
    nodes = sorted(g.nodes)
    largest = sorted(max(nx.weakly_connected_components(g) if g.is_directed() else nx.connected_components(g), key=len))
    chosen = list(itertools.combinations(largest, 2))[:: max(1, len(largest) // 3)][:pairs]
    # One pair across components, which must have no path.
    others = [n for n in nodes if n not in set(largest)]
    if others:
        chosen.append((largest[0], others[0]))
    w = "cost" if weighted else None
    for a, b in chosen:
        args = ["path", a, b, "--k", str(k), "--format", "json", *variant]
        if weighted:
            args.append("--weighted")
        p = run(*args, ok_codes=(0, 1))
        ours = json.loads(p.stdout)["paths"] if p.stdout.strip() else []
        try:
            theirs = list(itertools.islice(nx.shortest_simple_paths(g, a, b, weight=w), k + 1))
        except nx.NetworkXNoPath:
            theirs = []
        name = f"paths{' weighted' if weighted else ''} {a.rsplit('/', 1)[-1]}->{b.rsplit('/', 1)[-1]} {' '.join(variant)}"
        if not theirs:
            check(name + " (none)", not ours and p.returncode == 1, f"hpkg found {len(ours)}")
            continue
        cost = (lambda path: nx.path_weight(g, path, "cost")) if weighted else (lambda path: len(path) - 1)
        tc = [cost(t) for t in theirs[:k]]
        oc = [q["cost"] for q in ours]
        check(name + " costs", len(oc) == len(tc) and all(abs(x - y) <= TOL for x, y in zip(oc, tc)), f"{oc} vs {tc}")
        # The set of k shortest is only defined when the k-th and (k+1)-th differ.
        if len(theirs) <= k or cost(theirs[k]) - cost(theirs[k - 1]) > TOL:
            ts = {tuple(t) for t in theirs[:k]}
            os = {tuple(n["iri"] for n in q["nodes"]) for q in ours}
            # Ties inside the list may order differently; among equal costs
            # only the set matters, which this compares.
            check(name + " set", ts == os, f"{len(os)} vs {len(ts)} differ")
        check(name + " length", abs(oc[0] - (nx.shortest_path_length(g, a, b, weight=w))) <= TOL, "")


def compare_louvain(g, variant):
    doc = json.loads(run("communities", "--format", "json", "--seed", "1", *variant).stdout)
    parts = [{m["iri"] for m in c["members"]} for c in doc["communities"]]
    u = g.to_undirected() if g.is_directed() else g
    q_of_ours = nx.community.modularity(u, parts, weight="weight")
    check(f"louvain modularity of hpkg's partition {' '.join(variant)}", abs(q_of_ours - doc["modularity"]) <= TOL, f"{doc['modularity']} vs {q_of_ours}")
    theirs = nx.community.louvain_communities(u, weight="weight", seed=1)
    q_theirs = nx.community.modularity(u, theirs, weight="weight")
    check(f"louvain vs networkx {' '.join(variant)}", abs(doc["modularity"] - q_theirs) <= 0.02, f"{doc['modularity']:.4f} vs {q_theirs:.4f}")


VARIANTS = [
    ["--projection", "partners"],
    ["--projection", "partners", "--rollup"],
    ["--projection", "partners", "--since", "2022"],
    ["--projection", "network"],
    ["--projection", "funding"],
]
MEASURES = ["degree", "strength", "betweenness", "closeness", "harmonic", "pagerank", "eigenvector"]

for variant in VARIANTS:
    g = load(variant)
    print(f"{' '.join(variant)}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, directed={g.is_directed()}")
    for m in MEASURES:
        for weighted in (False, True):
            if m in ("degree", "strength", "pagerank") and weighted:
                continue  # these take weights (or not) the same way either way
            compare_rank(g, variant, m, weighted)
    compare_structure(g, variant)
    if not g.is_directed():
        compare_louvain(g, variant)
    compare_paths(g, variant, weighted=False)
    compare_paths(g, variant, weighted=True)

print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
