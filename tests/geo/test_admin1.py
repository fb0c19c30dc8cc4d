"""First-level divisions for every country (data/gazetteer/admin1.csv, GeoNames admin1 names)."""

from __future__ import annotations

import csv
import re

import pytest

from geo import gazetteer as G

ARABIC = re.compile("[\u0600-\u06ff]")


def rows() -> list[dict[str, str]]:
    with G.ADMIN1_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_table_covers_every_country_with_divisions_once():
    table = rows()
    keys = [(r["country"], r["code"]) for r in table]
    assert len(keys) == len(set(keys))
    assert len({r["country"] for r in table}) > 200
    for r in table:
        assert re.fullmatch(r"[A-Z]{2}", r["country"]) and r["code"] and r["name"].strip(), r
        assert not r["name_ar"] or ARABIC.search(r["name_ar"]), r


@pytest.mark.parametrize("country, code, name, name_ar", [
    ("SY", "01", "Al-Hasakah Governorate", "محافظة الحسكة"),   # curated rows are kept as they were
    ("IQ", "15", "Nineveh Governorate", "محافظة نينوى"),
    ("EG", "11", "Al Qāhirah", "محافظة القاهرة"),
    ("JO", "20", "‘Ajlūn", "محافظة عجلون"),
    ("FR", "84", "Auvergne-Rhône-Alpes", ""),
])
def test_divisions_have_geonames_names_and_arabic_where_known(country, code, name, name_ar):
    row = next(r for r in rows() if (r["country"], r["code"]) == (country, code))
    assert (row["name"], row["name_ar"]) == (name, name_ar)


@pytest.mark.parametrize("city, country, admin1", [
    ("Cairo", "EG", "Al Qāhirah"),
    ("Benghazi", "LY", "Banghāzī"),
    ("Aden", "YE", "‘Adan"),
    ("Gaziantep", "TR", "Gaziantep"),
    ("Lyon", "FR", "Auvergne-Rhône-Alpes"),
    ("Mogadishu", "SO", "Banaadir"),
    ("Mosul", "IQ", "Nineveh Governorate"),
])
def test_places_of_every_country_carry_their_province(city, country, admin1):
    place = G.get_gazetteer().lookup(city)[0]
    assert (place.country, place.admin1) == (country, admin1)
