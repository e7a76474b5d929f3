"""A bounded load test of `hpkg serve` on loopback.

Usage: load_check.py BASE_URL TOKEN [CLIENTS] [SECONDS]

CLIENTS threads (default 20) run a mix of named queries, path and rank
requests for SECONDS (default 20) while two writers POST synthetic articles
at once (ids syn-load-a-N and syn-load-b-N, publisher "synthetic"), and a
watcher asks, again and again, for every synthetic article's facts, content
hash and source document in one query: each answer (one snapshot) must show
every article whole, never half of one. Afterwards both writers' articles
must all be there, whole. Prints throughput, p50/p99 latency and the
snapshots checked; exits 1 if any request failed.
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BASE, TOKEN = sys.argv[1].rstrip("/"), sys.argv[2]
CLIENTS = int(sys.argv[3]) if len(sys.argv) > 3 else 20
SECONDS = float(sys.argv[4]) if len(sys.argv) > 4 else 20.0
q = urllib.parse.quote

READS = [
    "/api/queries/partners-of?org=" + q("Kuwait Red Crescent Society"),
    "/api/queries/counts",
    "/api/queries/timeline?entity=" + q("Islamic Development Bank"),
    "/api/path?from=" + q("Kuwait Red Crescent Society") + "&to=" + q("Qatar Charity") + "&k=2",
    "/api/path?from=UNICEF&to=" + q("World Food Programme"),
    "/api/rank?measure=degree&top=10",
    "/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?f a hp:Partnership }"}),
]


def request(method, path, body=None, headers=None):
    req = urllib.request.Request(BASE + path, data=body, method=method, headers=headers or {})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = f"{e.code} {e.read()[:300]!r}"
    except Exception as e:  # connection errors count as failures
        status = repr(e)
    return status, time.perf_counter() - t0


def synthetic(n, w):
    return {
        "article": {"id": f"syn-load-{w}-{n}", "title": f"synthetic load article {n}", "language": "en",
                    "published": "2025-01-01", "publisher": "synthetic"},
        "entities": [
            {"key": "a", "type": "organization", "name": {"en": f"Synthetic Load Organisation {w} {n}"}},
            {"key": "b", "type": "organization", "name": {"en": f"Synthetic Load Organisation {w} {n + 1}"}},
            {"key": "p", "type": "person", "name": {"en": f"Synthetic Person {w} {n}"}},
        ],
        "facts": [
            {"type": "partnership", "partners": ["a", "b"], "stage": "signed", "date": "2025-01"},
            {"type": "role", "person": "p", "organization": "a", "title": {"en": "synthetic director"}},
        ],
    }


latencies, failures, lock = [], [], threading.Lock()
stop = time.monotonic() + SECONDS


def reader(i):
    k = i
    while time.monotonic() < stop:
        path = READS[k % len(READS)]
        k += 1
        status, dt = request("GET", path)
        with lock:
            latencies.append(dt)
            if status != 200:
                failures.append((path, status))


posted = []


def writer(w):
    n = 0
    while time.monotonic() < stop:
        body = (json.dumps(synthetic(n, w)) + "\n").encode()
        status, dt = request("POST", "/api/articles", body,
                             {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/x-ndjson"})
        with lock:
            latencies.append(dt)
            if status != 200:
                failures.append((f"POST /api/articles (writer {w})", status))
            else:
                posted.append(f"{w}-{n}")
        n += 1


# Facts, content hash and source document of every synthetic article, from
# one query: one snapshot of the store.
ARTICLE = "https://w3id.org/hpkg/id/article/syn-load-"
WHOLE_QUERY = ("SELECT ?a (COUNT(DISTINCT ?f) AS ?facts) (COUNT(DISTINCT ?h) AS ?hash) (COUNT(DISTINCT ?d) AS ?doc) "
               "WHERE { { ?f prov:wasDerivedFrom ?a } UNION { ?a hp:contentHash ?h } UNION { ?a hp:sourceDocument ?d } "
               f"FILTER(STRSTARTS(STR(?a), '{ARTICLE}')) }} GROUP BY ?a")
snapshots, seen, halves = [0], set(), []


def watcher():
    path = "/sparql?" + urllib.parse.urlencode({"query": WHOLE_QUERY})
    while time.monotonic() < stop:
        req = urllib.request.Request(BASE + path, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                rows = json.loads(r.read())["results"]["bindings"]
        except Exception as e:
            with lock:
                failures.append(("watcher", repr(e)))
            continue
        with lock:
            snapshots[0] += 1
            for b in rows:
                got = (int(b["facts"]["value"]), int(b["hash"]["value"]), int(b["doc"]["value"]))
                seen.add(b["a"]["value"])
                if got != (2, 1, 1):
                    halves.append((b["a"]["value"], got))


threads = ([threading.Thread(target=reader, args=(i,)) for i in range(CLIENTS)]
           + [threading.Thread(target=writer, args=(w,)) for w in "ab"] + [threading.Thread(target=watcher)])
t0 = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - t0

# Every posted article is whole.
broken = []
for n in posted:
    art = ARTICLE + n
    query = ("SELECT (COUNT(DISTINCT ?f) AS ?facts) (COUNT(DISTINCT ?h) AS ?hash) (COUNT(DISTINCT ?d) AS ?doc) WHERE { "
             f"OPTIONAL {{ ?f prov:wasDerivedFrom <{art}> }} OPTIONAL {{ <{art}> hp:contentHash ?h }} "
             f"OPTIONAL {{ <{art}> hp:sourceDocument ?d }} }}")
    req = urllib.request.Request(BASE + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        b = json.loads(r.read())["results"]["bindings"][0]
    got = (int(b["facts"]["value"]), int(b["hash"]["value"]), int(b["doc"]["value"]))
    if got != (2, 1, 1):
        broken.append((n, got))

lat = sorted(latencies)
p = lambda x: lat[min(len(lat) - 1, int(x * len(lat)))] * 1000 if lat else 0.0
print(f"load: {CLIENTS} readers + 2 writers + 1 watcher for {SECONDS:.0f} s on loopback")
print(f"requests: {len(lat)} ({len(lat) / elapsed:.1f}/s), failed: {len(failures)}")
print(f"latency: p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, max {p(1.0):.1f} ms")
by_writer = {w: sum(1 for p in posted if p.startswith(w + "-")) for w in "ab"}
print(f"articles posted: {len(posted)} ({by_writer['a']} and {by_writer['b']}), incomplete afterwards: {len(broken)}")
print(f"snapshots checked during writes: {snapshots[0]}, articles seen: {len(seen)}, seen half-written: {len(halves)}")
for f in failures[:10]:
    print("failed:", f)
for b in broken[:10]:
    print("incomplete:", b)
for h in halves[:10]:
    print("seen half-written:", h)
ok = (not failures and not broken and not halves and by_writer["a"] > 0 and by_writer["b"] > 0
      and snapshots[0] > 0 and seen)
print(f"{2 if ok else 0} passed, {0 if ok else 2} failed")
sys.exit(0 if ok else 1)
