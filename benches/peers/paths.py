"""Mean time of NetworkX shortest_path over the analytics bench's pairs.

Usage: paths.py DIR  (DIR holds partners.tsv and pairs.tsv). Unweighted,
as hpkg's timed path queries, in five rounds over the pairs, the median
round reported, as the analytics bench does. Prints JSON.
"""
import json
import statistics
import sys
import time

import networkx as nx


def main(d):
    with open(f"{d}/partners.tsv") as fh:
        n = int(fh.readline())
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from((int(a), int(b)) for a, b, _ in (l.split("\t") for l in fh))
    with open(f"{d}/pairs.tsv") as fh:
        pairs = [tuple(int(x) for x in l.split("\t")) for l in fh]
    rounds = []
    for _ in range(5):
        t = time.perf_counter()
        for a, b in pairs:
            nx.shortest_path(g, a, b)
        rounds.append(time.perf_counter() - t)
    print(json.dumps({"networkx_path_mean_s": statistics.median(rounds) / len(pairs)}))


if __name__ == "__main__":
    main(sys.argv[1])
