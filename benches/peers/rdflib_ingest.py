"""A straightforward rdflib script doing hpkg's job: read article facts
(JSON Lines) and build the same kind of triples, one named graph per
article, identity by normalised name (no gazetteer, no ambiguity rules).

Usage: rdflib_ingest.py DIR
Prints: seconds quads
"""
import glob
import json
import re
import sys
import time
import unicodedata

from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

HP = Namespace("https://w3id.org/hpkg/ontology#")
ID = "https://w3id.org/hpkg/id/"
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
SEG = {"organization": "org", "person": "person", "initiative": "initiative", "place": "place", "group": "group"}
ROLE = {"person": "person", "organization": "organization", "participants": "participant", "host": "host",
        "topics": "topic", "partners": "partner", "signatories": "signatory", "initiative": "initiative",
        "funder": "funder", "recipient": "recipient", "by": "launchedBy", "of": "servedBy", "group": "group",
        "provider": "provider", "place": "place", "places": "areaServed"}


def norm(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    s = re.sub("[\u064b-\u065f\u0670\u0640]", "", s)
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


t0 = time.perf_counter()
ds = Dataset()
for path in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            a = doc["article"]
            art = URIRef(ID + "article/" + a["id"])
            g = ds.graph(art)
            g.add((art, RDF.type, HP.Article))
            g.add((art, DCT.title, Literal(a["title"], lang=a["language"])))
            g.add((art, DCT.issued, Literal(a["published"], datatype=XSD.date)))
            keys = {}
            for e in doc["entities"]:
                names = list(e["name"].values()) + e.get("aliases", [])
                iri = URIRef(ID + SEG[e["type"]] + "/" + norm(min(names, key=norm)).replace(" ", "-"))
                keys[e["key"]] = iri
                g.add((art, SCHEMA.mentions, iri))
                g.add((iri, RDF.type, HP[e["type"].capitalize()]))
                for lang, name in e["name"].items():
                    g.add((iri, RDFS.label, Literal(name, lang=lang)))
            for n, fact in enumerate(doc["facts"], 1):
                fi = URIRef(f"{ID}article/{a['id']}/fact/{n}")
                g.add((fi, RDF.type, HP[fact["type"].capitalize()]))
                g.add((fi, PROV.wasDerivedFrom, art))
                for field, role in ROLE.items():
                    v = fact.get(field)
                    if v is None or (field == "title"):
                        continue
                    for k in v if isinstance(v, list) else [v]:
                        if k in keys:
                            g.add((fi, HP[role], keys[k]))
                if "date" in fact:
                    g.add((fi, DCT.date, Literal(fact["date"])))
                if "stage" in fact:
                    g.add((fi, HP.stage, URIRef(ID + "concept/stage/" + fact["stage"])))
elapsed = time.perf_counter() - t0
print(f"{elapsed:.3f} {sum(len(g) for g in ds.graphs())}")
