"""Drive a running `hpkg serve` with real clients.

Usage: server_check.py BASE_URL TOKEN MAX_BODY

The server must have been started with --write-token TOKEN, --max-body
MAX_BODY and a short --timeout (a few seconds). Checks SPARQLWrapper
(SELECT as JSON and XML, ASK, CONSTRUCT parsed by rdflib), rdflib's
SPARQLStore, protocol errors (400, 401, 406, 413, 415, 503), writes with
and without the token, SERVICE refusal with no connection attempted, the
analytics API, and /healthz during and after a cancelled query.
"""
import json
import socket
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, XML, TURTLE, SPARQLWrapper, POST

from checks import check, done, failures

BASE, TOKEN, MAX_BODY = sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3])
ENDPOINT = BASE + "/sparql"


def http(method, path, body=None, headers=None):
    req = urllib.request.Request(BASE + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
    except (urllib.error.URLError, ConnectionError) as e:
        # A connection reset instead of an answer: a failure to report, not a crash.
        return 0, {}, repr(e).encode()


def count_triples():
    s = SPARQLWrapper(ENDPOINT)
    s.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    s.setReturnFormat(JSON)
    return int(s.query().convert()["results"]["bindings"][0]["n"]["value"])


# --- SPARQLWrapper ---------------------------------------------------------
s = SPARQLWrapper(ENDPOINT)
s.setQuery("SELECT ?o ?label WHERE { ?o a hp:Organization ; rdfs:label ?label } ORDER BY ?o LIMIT 5")
s.setReturnFormat(JSON)
rows = s.query().convert()["results"]["bindings"]
check("SPARQLWrapper SELECT (JSON)", len(rows) == 5, rows)
s.setReturnFormat(XML)
doc = s.query().convert()
check("SPARQLWrapper SELECT (XML)", len(doc.getElementsByTagName("result")) == 5)
s.setQuery("ASK { <https://w3id.org/hpkg/id/org/krcs> a hp:Organization }")
s.setReturnFormat(JSON)
check("SPARQLWrapper ASK", s.query().convert()["boolean"] is True)
s.setQuery("CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a hp:Organization ; rdfs:label ?l } LIMIT 20")
s.setReturnFormat(TURTLE)
ttl = s.query().convert()
g = rdflib.Graph().parse(data=ttl, format="turtle")
check("SPARQLWrapper CONSTRUCT parsed by rdflib", len(g) == 20, len(g))
s.setMethod(POST)
s.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?a a hp:Article }")
s.setReturnFormat(JSON)
check("SPARQLWrapper POST", int(s.query().convert()["results"]["bindings"][0]["n"]["value"]) >= 31)

# --- rdflib SPARQLStore -----------------------------------------------------
store = SPARQLStore(ENDPOINT, returnFormat="json")
res = list(store.query("SELECT ?a WHERE { ?a a <https://w3id.org/hpkg/ontology#Article> } LIMIT 3"))
check("rdflib SPARQLStore query", len(res) == 3, res)

# --- protocol details -------------------------------------------------------
st, h, body = http("GET", "/sparql")
check("service description without a query", st == 200 and b"sd:Service" in body, st)
q = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p }"})
st, h, body = http("GET", "/sparql?" + q)
check("a syntax error is 400 with its message", st == 400 and b"syntax" in body.lower(), (st, body[:200]))
q = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
st, h, body = http("GET", "/sparql?" + q, headers={"Accept": "image/png"})
check("an unacceptable Accept is 406", st == 406, st)
st, h, body = http("POST", "/sparql", body=b"SELECT * {}", headers={"Content-Type": "text/plain"})
check("an unsupported content type is 415", st == 415, st)
st, h, body = http("GET", "/sparql?" + q, headers={"Accept": "text/tab-separated-values", "Origin": "http://evil.example"})
check("TSV by content negotiation", st == 200 and sorted(body.split(b"\n")[0].split(b"\t")) == [b"?o", b"?p", b"?s"], body[:80])
check("CORS is off by default", "Access-Control-Allow-Origin" not in h and "access-control-allow-origin" not in h, h)
big = b"query=" + b"x" * (MAX_BODY + 10)
st, h, body = http("POST", "/sparql", body=big, headers={"Content-Type": "application/x-www-form-urlencoded"})
check("a body over the limit is 413", st == 413, st)
gq = urllib.parse.urlencode({
    "query": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a hp:Organization }",
    "default-graph-uri": "https://w3id.org/hpkg/graph/gazetteer",
})
st, h, body = http("GET", "/sparql?" + gq, headers={"Accept": "application/sparql-results+json"})
n_gaz = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
st, h, body = http("GET", "/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a hp:Organization }"}))
n_all = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
check("default-graph-uri restricts the default graph", 0 < n_gaz < n_all + 1 and n_gaz != n_all, (n_gaz, n_all))

# --- SERVICE and LOAD never reach the network ---------------------------------
def refused_without_connection(send):
    """Runs send(port) against a listening port; returns (response, whether
    anything connected to the port)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(1.0)
    response = send(listener.getsockname()[1])
    try:
        conn, _ = listener.accept()
        conn.close()
        connected = True
    except socket.timeout:
        connected = False
    listener.close()
    return response, connected


(st, h, body), connected = refused_without_connection(lambda port: http(
    "GET", "/sparql?" + urllib.parse.urlencode({"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"})))
check("SERVICE is refused", st == 400 and b"SERVICE is disabled" in body, (st, body[:200]))
check("SERVICE attempts no connection", not connected)
# LOAD is refused the same way, even with the token.
(st, h, body), connected = refused_without_connection(lambda port: http(
    "POST", "/sparql", body=f"LOAD <http://127.0.0.1:{port}/data.ttl>".encode(),
    headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer " + TOKEN}))
check("LOAD is refused", st == 400, (st, body[:200]))
check("LOAD attempts no connection", not connected)
(st, h, body), connected = refused_without_connection(lambda port: http(
    "POST", "/sparql", body=f"LOAD <http://127.0.0.1:{port}/data.ttl>".encode(),
    headers={"Content-Type": "application/sparql-update"}))
check("LOAD without the token is 401", st == 401, (st, body[:200]))
check("... and attempts no connection", not connected)

# --- writes -----------------------------------------------------------------
before = count_triples()
upd = urllib.parse.urlencode({"update": "INSERT DATA { <http://example.org/x> <http://example.org/p> \"synthetic\" }"}).encode()
st, h, body = http("POST", "/sparql", body=upd, headers={"Content-Type": "application/x-www-form-urlencoded"})
check("an UPDATE without the token is 401", st == 401, st)
check("... and changes nothing", count_triples() == before)
st, h, body = http("POST", "/sparql", body=upd, headers={"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Bearer wrong"})
check("an UPDATE with a wrong token is 401", st == 401, st)
auth = {"Authorization": "Bearer " + TOKEN}
st, h, body = http("POST", "/sparql", body=b"INSERT DATA { <http://example.org/x> <http://example.org/p> \"synthetic\" }",
                   headers=dict(auth, **{"Content-Type": "application/sparql-update"}))
check("an UPDATE with the token works", st == 204 and count_triples() == before + 1, st)
http("POST", "/sparql", body=b"DELETE DATA { <http://example.org/x> <http://example.org/p> \"synthetic\" }",
     headers=dict(auth, **{"Content-Type": "application/sparql-update"}))

doc = {
    "article": {"id": "syn-server-check", "title": "synthetic test article", "language": "en", "published": "2025-01-01",
                "publisher": "synthetic"},
    "entities": [
        {"key": "a", "type": "organization", "name": {"en": "Synthetic Test Organisation A"}},
        {"key": "b", "type": "organization", "name": {"en": "Islamic Development Bank"}},
    ],
    "facts": [{"type": "partnership", "partners": ["a", "b"], "stage": "discussed"}],
}
payload = json.dumps(doc).encode()
st, h, body = http("POST", "/api/articles", body=payload, headers={"Content-Type": "application/json"})
check("POST /api/articles without the token is 401", st == 401, st)
st, h, body = http("POST", "/api/articles", body=payload, headers=dict(auth, **{"Content-Type": "application/json"}))
report = json.loads(body)
check("POST /api/articles with the token ingests", st == 200 and report["articles_new"] == 1, (st, report))
bad = dict(doc, article=dict(doc["article"], id="Bad Id"))
st, h, body = http("POST", "/api/articles", body=json.dumps(bad).encode(), headers=dict(auth, **{"Content-Type": "application/json"}))
check("an invalid article is 422 with a located error", st == 422 and "invalid article id" in json.loads(body)["errors"][0], body[:200])
before_delete = count_triples()
st, h, body = http("DELETE", "/api/articles/syn-server-check")
check("DELETE /api/articles/{id} without the token is 401", st == 401, st)
st, h, body = http("DELETE", "/api/articles/syn-server-check", headers={"Authorization": "Bearer wrong"})
check("... with a wrong token too", st == 401, st)
check("... and both change nothing", count_triples() == before_delete)
upd = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
st, h, body = http("POST", "/sparql", body=upd, headers={"Content-Type": "application/x-www-form-urlencoded"})
check("DROP ALL without the token is 401 and changes nothing", st == 401 and count_triples() == before_delete, st)
st, h, body = http("GET", "/sparql?" + urllib.parse.urlencode({"update": "DROP ALL"}))
check("an update by GET is refused and changes nothing", st >= 400 and count_triples() == before_delete, st)
st, h, body = http("DELETE", "/api/articles/syn-server-check", headers=auth)
check("DELETE /api/articles/{id} retracts", st == 200, (st, body))
st, h, body = http("DELETE", "/api/articles/syn-server-check", headers=auth)
check("... and a second DELETE is 404", st == 404, st)

# --- analytics API -----------------------------------------------------------
def api(path):
    st, h, body = http("GET", path)
    return st, json.loads(body)

st, e = api("/api/entity?ref=" + urllib.parse.quote("Kuwait Red Crescent Society"))
check("/api/entity gives labels in both languages", st == 200 and e["label_ar"] and any("\u0600" <= c <= "\u06ff" for c in e["label_ar"]), e.get("label_ar"))
check("/api/entity ranks partners and has a timeline", st == 200 and e["partners"] and e["timeline"], st)
st, r = api("/api/search?q=" + urllib.parse.quote("الهلال الاحمر"))
check("/api/search finds Arabic names through the normaliser", st == 200 and len(r) > 1, r[:2])
st, p = api("/api/path?from=" + urllib.parse.quote("Kuwait Red Crescent Society") + "&to=" + urllib.parse.quote("Qatar Charity") + "&k=2")
check("/api/path", st == 200 and len(p["paths"]) == 2 and p["paths"][0]["hops"][0]["relations"][0]["articles"], st)
st, r = api("/api/rank?measure=betweenness&top=5")
check("/api/rank", st == 200 and len(r) == 5 and set(r[0]) == {"iri", "label", "score", "rank"}, r[:1])
st, c = api("/api/communities")
check("/api/communities", st == 200 and c["modularity"] > 0, st)
st, h, body = http("GET", "/api/export?projection=partners&format=graphml")
check("/api/export", st == 200 and b"<graphml" in body, st)
st, qs = api("/api/queries")
check("/api/queries lists the library", st == 200 and len(qs) >= 12, st)
st, res = api("/api/queries/partners-of?org=" + urllib.parse.quote("Kuwait Red Crescent Society"))
check("/api/queries/{name} runs with parameters", st == 200 and res["results"]["bindings"], st)
st, res = api("/api/queries/partners-of?org=KRCS")
check("an ambiguous parameter is 409 with candidates", st == 409 and len(res["candidates"]) == 2, (st, res))

# --- timeout, with /healthz answering during and after ----------------------
slow = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
result = {}
t = threading.Thread(target=lambda: result.setdefault("r", http("GET", "/sparql?" + slow)))
t.start()
import time
time.sleep(0.5)
st_during, _, _ = http("GET", "/healthz")
t.join()
st_after, _, _ = http("GET", "/healthz")
check("a pathological query is cancelled with 503", result["r"][0] == 503, result["r"][:2])
check("/healthz answers during the query", st_during == 200, st_during)
check("/healthz answers after the query", st_after == 200, st_after)

print(f"{len(done) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
