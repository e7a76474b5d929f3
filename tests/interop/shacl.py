"""Validate RDF data against SHACL shapes with pySHACL.

Usage: shacl.py DATA SHAPES
DATA may be N-Quads (read as the union of its graphs) or N-Triples.
Exits 0 when the data conforms, 1 otherwise, printing the report.
"""
import sys

import rdflib
from pyshacl import validate

data_path, shapes_path = sys.argv[1], sys.argv[2]
data = rdflib.Graph()
if data_path.endswith(".nq"):
    ds = rdflib.Dataset()
    ds.parse(data_path, format="nquads")
    for s, p, o, _g in ds.quads((None, None, None, None)):
        data.add((s, p, o))
else:
    data.parse(data_path, format="nt")
shapes = rdflib.Graph().parse(shapes_path, format="turtle")
conforms, _graph, text = validate(data, shacl_graph=shapes, inference="none", advanced=True)
print(text)
sys.exit(0 if conforms else 1)
