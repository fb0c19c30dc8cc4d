"""Convert world-atlas's Natural Earth TopoJSON to the GeoJSON committed in data/map/ (run once).

    cd "$(mktemp -d)" && npm pack world-atlas && tar xzf world-atlas-*.tgz
    .venv/bin/python tools/topojson_to_geojson.py package/countries-110m.json data/map/countries.geojson

A small TopoJSON decoder (quantized, delta-encoded arcs → rings), so no JavaScript tool is needed.
Coordinates are rounded to ``--digits`` decimals to keep the file small.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat for every arc (undoing quantization and delta encoding)."""
    t = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for p in arc:
            if t:
                x += p[0]
                y += p[1]
                pts.append((x * t["scale"][0] + t["translate"][0], y * t["scale"][1] + t["translate"][1]))
            else:
                pts.append((p[0], p[1]))
        arcs.append(pts)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]], digits: int) -> list[list[float]]:
    """Stitch arcs into one closed ring; a negative index (~i) means arc i reversed."""
    out: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])  # consecutive arcs share an end point
    coords = [[round(x, digits), round(y, digits)] for x, y in out]
    # drop consecutive duplicates that rounding created
    dedup = [coords[0]] + [c for a, c in zip(coords, coords[1:]) if c != a]
    if dedup[0] != dedup[-1]:
        dedup.append(dedup[0])
    return dedup


def to_geojson(topo: dict, name: str = "countries", digits: int = 2) -> dict:
    arcs = decode_arcs(topo)
    features = []
    for g in topo["objects"][name]["geometries"]:
        if g["type"] == "Polygon":
            rings = [ring(r, arcs, digits) for r in g["arcs"]]
            geom = {"type": "Polygon", "coordinates": [r for r in rings if len(r) >= 4]}
        elif g["type"] == "MultiPolygon":
            polys = [[ring(r, arcs, digits) for r in poly] for poly in g["arcs"]]
            geom = {"type": "MultiPolygon", "coordinates": [[r for r in p if len(r) >= 4] for p in polys if len(p[0]) >= 4]}
        else:
            continue
        if not geom["coordinates"]:
            continue
        # The ISO 3166 numeric code goes into the properties: Mapbox/MapLibre GL reject string
        # feature ids (and some Natural Earth features have none), which blanks the whole source.
        features.append({"type": "Feature",
                         "properties": {"name": g.get("properties", {}).get("name", ""), "iso_n3": g.get("id")},
                         "geometry": geom})
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("topojson", type=Path)
    ap.add_argument("output", type=Path)
    ap.add_argument("--digits", type=int, default=2)
    args = ap.parse_args()
    gj = to_geojson(json.loads(args.topojson.read_text()), digits=args.digits)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(gj, separators=(",", ":"), ensure_ascii=False))
    print(f"{args.output}: {len(gj['features'])} features, {args.output.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
