"""Parse an hpkg dump with rdflib and print how many statements it holds.

Usage: rdflib_count.py FORMAT FILE
"""
import sys

import rdflib

fmt, path = sys.argv[1], sys.argv[2]
rdflib_format = {
    "nquads": "nquads",
    "trig": "trig",
    "turtle": "turtle",
    "ntriples": "nt",
    "rdfxml": "xml",
    "jsonld": "json-ld",
}[fmt]
if fmt in ("nquads", "trig", "jsonld"):
    ds = rdflib.Dataset()
    ds.parse(path, format=rdflib_format)
    print(sum(1 for _ in ds.quads((None, None, None, None))))
else:
    g = rdflib.Graph()
    g.parse(path, format=rdflib_format)
    print(len(g))
