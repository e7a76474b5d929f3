"""The floor for ingest: pyoxigraph's own bulk loader on hpkg's N-Quads dump,
followed by the same compaction (optimize) hpkg runs after a bulk load.

Usage: pyoxigraph_load.py DUMP.nq STORE_DIR
Prints: seconds quads
"""
import sys
import time

import pyoxigraph

dump, directory = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
store = pyoxigraph.Store(directory)
store.bulk_load(path=dump, format=pyoxigraph.RdfFormat.N_QUADS)
store.flush()
store.optimize()
elapsed = time.perf_counter() - t0
print(f"{elapsed:.3f} {len(store)}")
