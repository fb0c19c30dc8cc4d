"""Arabic display names of well-known places: GeoNames' old first-plausible pick, the scored
pick (geo.gazetteer._pick_arabic) and the final name (curated places.csv / CLDR override).

Run: .venv/bin/python bench/names_ar_table.py   (prints a table; no timing)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer import _geonames_dir, _pick_arabic, _script, get_gazetteer  # noqa: E402

# GeoNames ids of well-known Middle-East and world cities
CITIES = {
    170654: "Damascus", 170063: "Aleppo", 169577: "Homs", 170017: "Hama", 173576: "Latakia",
    169389: "Idlib", 170905: "Daraa", 172955: "Raqqa", 170794: "Deir ez-Zor", 173811: "Hasakah",
    173377: "Qamishli", 172256: "Kobani", 167357: "Manbij", 174186: "Afrin", 163345: "Tartus",
    172408: "Suwayda", 163808: "Palmyra", 98182: "Baghdad", 99072: "Mosul", 99532: "Basra",
    95446: "Erbil", 94787: "Kirkuk", 98717: "Ramadi", 99454: "Fallujah", 90150: "Tikrit",
    91597: "Samarra", 97990: "Baqubah", 94824: "Karbala", 98860: "Najaf", 98463: "Sulaymaniyah",
    96994: "Duhok", 99131: "Kut", 250441: "Amman", 250090: "Zarqa", 248946: "Irbid",
    276781: "Beirut", 266826: "Tripoli (LB)", 268064: "Sidon", 282239: "Ramallah", 745044: "Istanbul", 323786: "Ankara",
    314830: "Gaziantep", 298333: "Şanlıurfa", 323779: "Antakya", 2643743: "London", 2988507: "Paris",
    524901: "Moscow", 2950159: "Berlin", 4140963: "Washington", 112931: "Tehran", 360630: "Cairo",
    108410: "Riyadh", 292223: "Dubai", 290030: "Doha", 285787: "Kuwait City", 281184: "Jerusalem",
    281133: "Gaza", 2210247: "Tripoli (LY)", 2464470: "Tunis", 2507480: "Algiers", 2538475: "Rabat",
    71137: "Sanaa", 5128581: "New York", 3117735: "Madrid", 3169070: "Rome", 1850147: "Tokyo",
    1816670: "Beijing", 703448: "Kyiv", 2761369: "Vienna",
}


def main() -> None:
    with (_geonames_dir() / "cities500.json").open(encoding="utf-8") as fh:
        cities = json.load(fh)
    gaz = get_gazetteer()
    print(f"{'city':<14} {'old pick':<18} {'scored pick':<18} {'final':<18} all Arabic-script alternates")
    for gid, label in CITIES.items():
        c = cities.get(str(gid))
        if c is None:
            print(f"{label:<14} (not in cities500)")
            continue
        ar = [a for a in c.get("alternatenames") or () if _script(a) == "ar" and not set(a) & set("،,(")]
        plain = [n for n in ar if not set(n) & set("پچژگکیےۓٹڈڑںھۀہۃەۆێڵڕ")]
        old = (plain or ar or ["—"])[0]  # the previous rule: first name without Persian letters
        new = _pick_arabic(ar, c["name"], c.get("countrycode")) or "—"
        place = gaz.get(f"geonames:{gid}")
        final = (place.name_ar if place else None) or "—"
        mark = "*" if old != final else " "
        print(f"{label:<14} {old:<18} {new:<18} {final:<18}{mark} {' | '.join(ar)}")


if __name__ == "__main__":
    main()
