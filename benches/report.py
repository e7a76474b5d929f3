"""Turns the figures of one benches/run.sh run into Markdown tables with ratios.

Usage: report.py INGEST.jsonl ANALYTICS_DIR
"""
import json
import math
import sys


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def main(ingest_path, an):
    ingest = [json.loads(l) for l in open(ingest_path)]
    print("## Ingest\n")
    print(table(
        ["articles", "quads", "hpkg s", "articles/s", "quads/s", "hpkg peak RSS MB",
         "pyoxigraph s", "hpkg / pyoxigraph", "rdflib s", "rdflib / hpkg"],
        [[r["articles"], r["quads"], f'{r["hpkg_s"]:.2f}', f'{r["articles"] / r["hpkg_s"]:.0f}',
          f'{r["quads"] / r["hpkg_s"]:.0f}', f'{r["hpkg_rss_kb"] / 1024:.0f}',
          f'{r["pyoxigraph_s"]:.2f}', f'{r["hpkg_s"] / r["pyoxigraph_s"]:.2f}',
          f'{r["rdflib_s"]:.2f}', f'{r["rdflib_s"] / r["hpkg_s"]:.1f}'] for r in ingest]))
    per = [r["hpkg_s"] / r["articles"] * 1e6 for r in ingest]
    print("\n## Growth\n")
    print(table(["articles", "hpkg µs per article", "peak RSS MB", "per article / smallest run's"],
                [[r["articles"], f"{p:.0f}", f'{r["hpkg_rss_kb"] / 1024:.0f}', f"{p / per[0]:.2f}"]
                 for r, p in zip(ingest, per)]))
    print(f"\nLargest over smallest time per article: {max(per) / min(per):.2f} (target ≤ 1.5).")
    fed = [r for r in ingest if "feed_s" in r]
    if fed:
        print("\n## A daily feed onto a store of each size\n")
        print("100 more synthetic articles (seed 2) ingested one at a time, without `--bulk`,"
              " each in its own transaction; the time includes opening the store and reading"
              " its articles once.\n")
        print(table(["stored articles", "seconds", "ms per article", "peak RSS MB"],
                    [[r["articles"], f'{r["feed_s"]:.2f}', f'{r["feed_s"] * 10:.0f}',
                      f'{r["feed_rss_kb"] / 1024:.0f}'] for r in fed]))

    h = json.load(open(f"{an}/analytics.json"))
    c = json.load(open(f"{an}/centrality.json"))
    p = json.load(open(f"{an}/paths.json"))
    q = json.load(open(f"{an}/sparql.json"))
    print(f'\n## Projections ({ingest[-1]["articles"]} articles)\n')
    print(table(["step", "seconds", "nodes", "edges"], [
        ["read the store (Corpus::scan)", f'{h["corpus_load_s"]:.2f}', "", ""],
        *([["read its snapshot (Corpus::load, store unchanged)", f'{h["corpus_snapshot_s"]:.2f}', "", ""]]
          if "corpus_snapshot_s" in h else []),
        ["partners", f'{h["project_partners_s"]:.2f}', h["partners_nodes"], h["partners_edges"]],
        ["network", f'{h["project_network_s"]:.2f}', h["network_nodes"], h["network_edges"]],
    ]))
    print(f'\n## Centrality (partners: {c["nodes"]} nodes, {c["edges"]} edges)\n')
    rows = []
    extra = set(c["networkx"].get("extrapolated", []))
    for m in ["betweenness_s", "closeness_s", "pagerank_s", "eigenvector_s"]:
        nxs = c["networkx"][m]
        rows.append([m[:-2], f"{h[m]:.3f}", f"{nxs:.1f}" + (" (extrapolated)" if m in extra else ""),
                     f'{c["igraph"][m]:.3f}', f'{c["rustworkx"][m]:.3f}',
                     f"{nxs / h[m]:.0f}", f'{h[m] / c["igraph"][m]:.2f}',
                     f'{h[m] / c["rustworkx"][m]:.2f}'])
    print(table(["measure", "hpkg s", "NetworkX s", "igraph s", "rustworkx s",
                 "NetworkX / hpkg", "hpkg / igraph", "hpkg / rustworkx"], rows))
    if "pagerank_tight_s" in h:
        print(f'\nPageRank and eigenvector above stop where NetworkX and rustworkx stop by default '
              f'(L1 change below n · 1e-6); igraph solves PageRank directly (PRPACK). At hpkg\'s own '
              f'default (1e-13 a node, what `hpkg rank` uses) they take {h["pagerank_tight_s"]:.3f} s '
              f'and {h["eigenvector_tight_s"]:.3f} s.')
    print("\n## Paths (1,000 random pairs in the largest component, median of 5 rounds)\n")
    print(table(["hpkg mean µs", "NetworkX mean µs", "NetworkX / hpkg"], [[
        f'{h["path_mean_s"] * 1e6:.2f}', f'{p["networkx_path_mean_s"] * 1e6:.1f}',
        f'{p["networkx_path_mean_s"] / h["path_mean_s"]:.1f}']]))
    print("\n## Named queries (median of 5 runs)\n")
    rows, ratios = [], []
    for name, r in sorted(h["queries"].items()):
        o = q[name]
        if r["rows"] is None:
            why = r.get("error") or "failed"
            if "cancelled" in why:
                why = "cancelled at the 60 s timeout"
            elif "SIGABRT" in why or "memory" in why:
                why = "out of memory (8 GiB cap)"
            elif "SIGKILL" in why or "status: 137" in why:
                why = "ignored the timeout; killed at 90 s"
            else:
                why = why[:60]
            rows.append([name, why, "not run", "", "", ""])
            continue
        ratio = r["median_s"] / o["median_s"]
        ratios.append(ratio)
        rows.append([name, r["rows"], o["rows"], f'{r["median_s"] * 1e3:.1f}',
                     f'{o["median_s"] * 1e3:.1f}', f"{ratio:.2f}"])
    print(table(["query", "hpkg rows", "pyoxigraph rows", "hpkg ms", "pyoxigraph ms",
                 "hpkg / pyoxigraph"], rows))
    geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
    print(f"\nGeometric mean of hpkg / pyoxigraph: {geo:.2f} (target ≤ 1.2).")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
