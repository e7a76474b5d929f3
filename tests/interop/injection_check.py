"""Feed hostile values to every /api/* query parameter of a running `hpkg serve`.

Usage: injection_check.py BASE_URL

Each value of issue 7's list must come back as an answer (a value that
matches nothing) or a 4xx naming the value as a bad value, never a 5xx, and
the store must hold the same quads afterwards.
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/")
HOSTILE = ['"', ">", "}", "#", "first line\nsecond line",
           '" . } ; DROP ALL ; #', "<http://x> } UNION { ?s ?p ?o"]
failures = []
count = 0


def check(name, ok, detail=""):
    global count
    count += 1
    if not ok:
        print(f"FAIL {name}: {detail}")
        failures.append(name)


def get(path, params):
    url = BASE + path + "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def quads():
    status, body = get("/sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                   "format": "json"})
    assert status == 200, (status, body)
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


before = quads()
status, body = get("/api/queries", {})
library = json.loads(body)
calls = []
for q in library:
    names = [p["name"] for p in q.get("params", [])]
    if names:
        calls.append((f"/api/queries/{q['name']}", names))
calls += [("/api/entity", ["ref"]), ("/api/search", ["q"]), ("/api/path", ["from", "to"]),
          ("/api/rank", ["measure"]), ("/api/rank", ["projection"]),
          ("/api/communities", ["projection"]), ("/api/export", ["projection"]),
          ("/api/export", ["format"])]
for path, names in calls:
    for value in HOSTILE:
        status, body = get(path, {n: value for n in names})
        where = f"{path} {names} = {value!r}"
        check(where + " is answered or refused as a value", status in (200, 400, 404, 409), (status, body[:300]))
        if status != 200:
            text = body.decode("utf-8", "replace")
            check(where + " never reaches a query parser", "syntax" not in text.lower() and "parse" not in text.lower(), text[:300])
check("the store holds the same quads", quads() == before, (before, quads()))
print(f"{count - len(failures)}/{count} injection checks passed")
sys.exit(1 if failures else 0)
