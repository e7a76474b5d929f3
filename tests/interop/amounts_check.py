"""Money on the partners edges, computed apart from hpkg.

Usage: amounts_check.py DUMP.nq EXPORT.graphml [DIRECTED_FUNDING.graphml]

Reads hpkg's N-Quads dump with rdflib and sums, for every pair of
organisations that a fact with an amount links, the amounts by currency,
counting a sum that one article records twice once (the same two ends,
amount and currency within one article are one sum). Compares the result
with the amount_* attributes of the partners GraphML export (read by
NetworkX). With a third file, does the same for the directed funding
projection (funder -> recipient of funding facts).
"""
import sys
from collections import defaultdict

import networkx as nx
from rdflib import Dataset, Namespace, URIRef
from rdflib.namespace import RDF

from checks import check, failures

HP = Namespace("https://w3id.org/hpkg/ontology#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")

# The roles whose entities a fact links in the partners projection
# (README, "Analysing the network"; src/model/schema.rs).
PARTNER_ROLES = {
    "Meeting": ["participant", "host"],
    "Partnership": ["partner"],
    "Funding": ["funder", "recipient"],
    "Launch": ["launchedBy", "partner"],
    "Aid": ["provider"],
}

dump, partners_file = sys.argv[1], sys.argv[2]
funding_file = sys.argv[3] if len(sys.argv) > 3 else None

ds = Dataset(default_union=True)
ds.parse(dump, format="nquads")
g = ds  # every quad, across graphs
orgs = {s for s, _, _ in g.triples((None, RDF.type, HP.Organization))}


def amount(fact):
    for m in g.objects(fact, HP.amount):
        v = next(g.objects(m, SCHEMA.value), None)
        cur = next(g.objects(m, SCHEMA.currency), None)
        if v is not None and cur is not None:
            return float(v), str(cur)
    return None


partners = defaultdict(lambda: defaultdict(float))
funding = defaultdict(lambda: defaultdict(float))
seen_partners, seen_funding = set(), set()
facts = 0
for cls, roles in PARTNER_ROLES.items():
    for fact in set(g.subjects(RDF.type, HP[cls])):
        a = amount(fact)
        if a is None:
            continue
        facts += 1
        article = str(next(g.objects(fact, PROV.wasDerivedFrom)))
        members = sorted({str(e) for r in roles for e in g.objects(fact, HP[r]) if e in orgs})
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                key = (article, x, y, a[0], a[1])
                if key not in seen_partners:
                    seen_partners.add(key)
                    partners[(x, y)][a[1]] += a[0]
        if cls == "Funding":
            for x in g.objects(fact, HP.funder):
                for y in g.objects(fact, HP.recipient):
                    key = (article, str(x), str(y), a[0], a[1])
                    if key not in seen_funding:
                        seen_funding.add(key)
                        funding[(str(x), str(y))][a[1]] += a[0]


def exported(path, directed):
    G = nx.read_graphml(path)
    out = {}
    for u, v, d in G.edges(data=True):
        am = {k[len("amount_"):]: float(x) for k, x in d.items() if k.startswith("amount_")}
        if am:
            key = (u, v) if directed else tuple(sorted((u, v)))
            out[key] = am
    return out


check(f"the dump has facts with amounts ({facts})", facts > 0)
want = {k: dict(v) for k, v in partners.items()}
got = exported(partners_file, False)
diff = {k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)}
check(f"every partners edge carries its sums once ({len(want)} edges with money)", not diff,
      sorted(diff.items())[:5])
if funding_file:
    want = {k: dict(v) for k, v in funding.items()}
    got = exported(funding_file, True)
    diff = {k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)}
    check(f"every funding edge carries its sums once ({len(want)} edges with money)", not diff,
          sorted(diff.items())[:5])
print(f"{len(failures) == 0 and 'all' or 'some'} checks done")
sys.exit(1 if failures else 0)
