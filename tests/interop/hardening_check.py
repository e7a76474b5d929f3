"""Attack a running `hpkg serve` the ways a hostile client would.

Usage: hardening_check.py BASE_URL SERVER_PID IDLE_TIMEOUT MAX_CONNECTIONS QUERY_TIMEOUT

The server runs with --idle-timeout IDLE_TIMEOUT, --max-connections
MAX_CONNECTIONS and --timeout QUERY_TIMEOUT. Checks:
- every response carries X-Content-Type-Options, and the pages a
  Content-Security-Policy (the workbench's own, the HTML export's own);
- oversized headers, too many headers and an oversized request line are
  refused with 431, a body announced over --max-body with 413 before it
  is sent, a body that stalls is ended after IDLE_TIMEOUT, and the server
  answers normally afterwards;
- idle connections and slowloris clients (a header byte every 0.3 s) do not
  starve a normal client, and the server closes them after IDLE_TIMEOUT;
- beyond MAX_CONNECTIONS a connection gets 503 with Retry-After at once;
- a query past its timeout answers 503 and frees its worker: the server's
  CPU time stops growing (read from /proc/SERVER_PID/stat); an aggregate
  that oxigraph stops late still answers 503 by its timeout.
Prints a summary line with the number of requests served under load.
"""
import json
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from checks import check, done, failures

BASE = sys.argv[1].rstrip("/")
PID = int(sys.argv[2])
IDLE = float(sys.argv[3])
MAX_CONN = int(sys.argv[4])
QUERY_TIMEOUT = float(sys.argv[5])
HOST, PORT = urllib.parse.urlparse(BASE).hostname, urllib.parse.urlparse(BASE).port


def http(path, headers=None, timeout=30):
    req = urllib.request.Request(BASE + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def raw(data, timeout=10):
    """Sends raw bytes on a new connection; returns the first bytes back."""
    s = socket.create_connection((HOST, PORT))
    s.settimeout(timeout)
    try:
        s.sendall(data)
        return s.recv(4096)
    except OSError as e:
        return repr(e).encode()
    finally:
        s.close()


def cpu_seconds():
    fields = open(f"/proc/{PID}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


# --- security headers -----------------------------------------------------
for path in ["/", "/entity", "/assets/app.js", "/healthz", "/api/queries",
             "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}), "/no-such-page",
             "/api/entity?ref=nothing-of-that-name"]:
    st, h, _ = http(path)
    check(f"{path} ({st}) carries X-Content-Type-Options: nosniff", h.get("X-Content-Type-Options") == "nosniff", dict(h))
    check(f"{path} ({st}) carries a Content-Security-Policy", "default-src 'none'" in (h.get("Content-Security-Policy") or ""), dict(h))
st, h, _ = http("/")
csp = h.get("Content-Security-Policy", "")
check("the workbench's policy allows only its own scripts", "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], csp)
check("the workbench may not be framed", h.get("X-Frame-Options") == "DENY" and "frame-ancestors 'none'" in csp, dict(h))
st, h, body = http("/api/export?projection=partners&format=html")
check("the HTML export keeps its own policy (inline script, nothing fetched)",
      st == 200 and h.get("Content-Security-Policy", "").startswith("default-src 'none'; script-src 'unsafe-inline'"), dict(h))
check("the HTML export may be framed by the workbench and no other site",
      h.get("X-Frame-Options") == "SAMEORIGIN" and "frame-ancestors 'self'" in h.get("Content-Security-Policy", ""), dict(h))
check("the workbench may frame this server's pages", "frame-src 'self'" in csp, csp)

# --- oversized requests -----------------------------------------------------
r = raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
check("a 100 KB header is refused with 431", r.startswith(b"HTTP/1.1 431"), r[:80])
r = raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: 1\r\n" % i for i in range(200)) + b"\r\n")
check("200 header fields are refused with 431", r.startswith(b"HTTP/1.1 431"), r[:80])
r = raw(b"GET /sparql?query=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
check("a 100 KB request line is refused with 431", r.startswith(b"HTTP/1.1 431"), r[:80])
r = raw(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 999999999\r\n\r\n")
check("a body announced over --max-body is refused with 413", r.startswith(b"HTTP/1.1 413"), r[:80])
# A body that stalls (slow POST) is ended after the idle timeout.
s = socket.create_connection((HOST, PORT))
s.settimeout(IDLE + 10)
s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
          b"Content-Length: 1000\r\n\r\nSELECT")
t0 = time.time()
try:
    r = s.recv(4096)
except OSError as e:
    r = repr(e).encode()
check("a stalled body is ended with 4xx after --idle-timeout",
      r[:12] in (b"HTTP/1.1 400", b"HTTP/1.1 408") and time.time() - t0 < IDLE + 3, (r[:120], time.time() - t0))
s.close()
st, _, _ = http("/healthz")
check("the server answers normally afterwards", st == 200, st)

# --- idle connections and slowloris ------------------------------------------
idle = [socket.create_connection((HOST, PORT)) for _ in range(MAX_CONN // 2)]
stop = threading.Event()
loris_closed = []


def slowloris():
    s = socket.create_connection((HOST, PORT))
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 1000 + b"\r\n\r\n"
    try:
        for b in request:
            if stop.is_set():
                return
            s.sendall(bytes([b]))
            time.sleep(0.3)
    except OSError:
        loris_closed.append(time.time())
    finally:
        s.close()


loris = [threading.Thread(target=slowloris, daemon=True) for _ in range(50)]
started = time.time()
for t in loris:
    t.start()
served, slowest = 0, 0.0
while time.time() - started < IDLE + 2:
    t0 = time.time()
    st, _, body = http("/api/queries", timeout=10)
    slowest = max(slowest, time.time() - t0)
    served += st == 200
check(f"{len(idle)} idle connections and 50 slowloris clients starve no one",
      served > 10 and slowest < 2.0, f"{served} served, slowest {slowest:.2f} s")
time.sleep(1)
check("the server closed every slowloris client", len(loris_closed) == 50, f"{len(loris_closed)} of 50")
closed = 0
for s in idle:
    s.settimeout(0.5)
    try:
        closed += s.recv(1) == b""
    except OSError:
        closed += 1
    s.close()
check("the server closed every idle connection", closed == len(idle), f"{closed} of {len(idle)}")
stop.set()

# A kept-alive connection that goes quiet is closed too.
s = socket.create_connection((HOST, PORT))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
s.settimeout(IDLE + 5)
first = s.recv(4096)
t0 = time.time()
try:
    rest = s.recv(4096)
except OSError:
    rest = b""
check("a kept-alive connection idle for --idle-timeout is closed",
      first.startswith(b"HTTP/1.1 200") and rest == b"" and time.time() - t0 < IDLE + 3, (first[:40], rest[:40]))
s.close()

# --- the connection limit ------------------------------------------------------
held = [socket.create_connection((HOST, PORT)) for _ in range(MAX_CONN)]
time.sleep(0.3)
t0 = time.time()
r = raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", timeout=5)
check("one connection over --max-connections gets 503 at once",
      r.startswith(b"HTTP/1.1 503") and b"Retry-After: 1" in r and b"max-connections" in r and time.time() - t0 < 2, r[:120])
for s in held:
    s.close()
time.sleep(0.5)
st, _, _ = http("/healthz")
check("... and is served once connections free up", st == 200, st)

# --- a query past its timeout frees its worker --------------------------------
product = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
for attempt in range(3):
    t0 = time.time()
    st, _, body = http("/sparql?" + urllib.parse.urlencode({"query": product}), timeout=120)
    took = time.time() - t0
    check(f"a runaway query is cancelled with 503 ({attempt + 1})", st == 503 and b"cancelled" in body, (st, body[:200]))
    check(f"... near its timeout ({took:.1f} s)", took < QUERY_TIMEOUT + 5, took)
c0 = cpu_seconds()
time.sleep(2)
used = cpu_seconds() - c0
check(f"... and the worker is freed: {used:.2f} CPU s in the 2 s after", used < 0.5, used)
st, _, body = http("/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}),
                   headers={"Accept": "application/sparql-results+json"})
check("the next query runs normally", st == 200 and json.loads(body)["results"]["bindings"], st)

# An aggregate over a join held in memory: oxigraph notices the cancellation
# late (it checks only when it reads the store), but the client still has
# its 503 by the timeout, and other queries still run.
count_product = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
t0 = time.time()
st, _, body = http("/sparql?" + urllib.parse.urlencode({"query": count_product}), timeout=120)
took = time.time() - t0
check(f"an aggregate over a huge join answers 503 by its timeout ({took:.1f} s)",
      st == 503 and took < QUERY_TIMEOUT + 3, (st, body[:200], took))
st, _, _ = http("/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
check("... while other queries still run", st == 200, st)

print(f"{len(done) - len(failures)}/{len(done)} hardening checks passed; {served} requests served under "
      f"{len(idle)} idle connections and 50 slowloris clients")
sys.exit(1 if failures else 0)
