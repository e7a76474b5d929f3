"""Centralities of the partners graph by NetworkX, igraph and rustworkx.

Usage: centrality.py DIR  (DIR holds partners.tsv written by the analytics
bench). Prints JSON timings in seconds, measure by measure, computed as
hpkg computes them: unnormalised-by-weight betweenness (normalised as
NetworkX does), Wasserman-Faust closeness, weighted PageRank (alpha 0.85)
and unweighted eigenvector centrality.

NetworkX is pure Python: on graphs above SAMPLE_ABOVE nodes its betweenness
and closeness run from a fixed random sample of sources and the time is
scaled by n / sample (both are sums of independent single-source searches,
so their cost is linear in the sources). The output says which figures are
extrapolated.
"""
import json
import random
import sys
import time

import igraph
import networkx as nx
import rustworkx as rx

SAMPLE_ABOVE = 2000
SAMPLE = 200


def timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def main(d):
    with open(f"{d}/partners.tsv") as fh:
        n = int(fh.readline())
        edges = [(int(a), int(b), float(w)) for a, b, w in (l.split("\t") for l in fh)]
    out = {"nodes": n, "edges": len(edges)}

    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(edges)
    nxr = {}
    if n > SAMPLE_ABOVE:
        rng = random.Random(1)
        sources = rng.sample(range(n), SAMPLE)
        t = timed(lambda: nx.betweenness_centrality_subset(g, sources, list(range(n)), normalized=False))
        nxr["betweenness_s"] = t * n / SAMPLE
        t = timed(lambda: [nx.closeness_centrality(g, u=s, wf_improved=True) for s in sources])
        nxr["closeness_s"] = t * n / SAMPLE
        nxr["extrapolated"] = ["betweenness_s", "closeness_s"]
    else:
        nxr["betweenness_s"] = timed(lambda: nx.betweenness_centrality(g))
        nxr["closeness_s"] = timed(lambda: nx.closeness_centrality(g))
    nxr["pagerank_s"] = timed(lambda: nx.pagerank(g, alpha=0.85, weight="weight"))
    nxr["eigenvector_s"] = timed(lambda: nx.eigenvector_centrality(g, max_iter=10000, tol=1e-6))
    out["networkx"] = nxr

    ig = igraph.Graph(n=n, edges=[(a, b) for a, b, _ in edges], directed=False)
    ig.es["weight"] = [w for _, _, w in edges]
    out["igraph"] = {
        "betweenness_s": timed(lambda: ig.betweenness(directed=False)),
        "closeness_s": timed(lambda: ig.closeness()),
        "pagerank_s": timed(lambda: ig.pagerank(damping=0.85, weights="weight")),
        "eigenvector_s": timed(lambda: ig.eigenvector_centrality(scale=False)),
    }

    rg = rx.PyGraph()
    rg.add_nodes_from(range(n))
    rg.add_edges_from(edges)
    rd = rg.to_directed()
    out["rustworkx"] = {
        "betweenness_s": timed(lambda: rx.betweenness_centrality(rg, normalized=True)),
        "closeness_s": timed(lambda: rx.closeness_centrality(rg, wf_improved=True)),
        "pagerank_s": timed(lambda: rx.pagerank(rd, alpha=0.85, weight_fn=lambda w: w)),
        "eigenvector_s": timed(lambda: rx.eigenvector_centrality(rg, max_iter=10000, tol=1e-6)),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
