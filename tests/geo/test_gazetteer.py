"""The offline gazetteer: curated data well-formed, names in both languages resolve to the right place."""

from __future__ import annotations

import csv

import pytest

from geo import gazetteer as G
from geo.gazetteer import Place, findable, findable_with_evidence, get_gazetteer, key_of, read_not_places, read_places_csv
from geo.geocode import distance_km


@pytest.fixture(scope="module")
def gz():
    return get_gazetteer()


# (query, lat, lon, country) — coordinates from general knowledge, tolerance 25 km
PLACES = [
    ("مخيم الهول", 36.38, 41.15, "SY"),
    ("ومخيم الهول", 36.38, 41.15, "SY"),
    ("al-Hol camp", 36.38, 41.15, "SY"),
    ("Al Hawl camp", 36.38, 41.15, "SY"),
    ("الحسكة", 36.50, 40.75, "SY"),
    ("بالحسكة", 36.50, 40.75, "SY"),
    ("حسكة", 36.50, 40.75, "SY"),
    ("Hasakah", 36.50, 40.75, "SY"),
    ("Al-Hasakah", 36.50, 40.75, "SY"),
    ("Hasaka", 36.50, 40.75, "SY"),
    ("باريس", 48.857, 2.352, "FR"),
    ("وباريس", 48.857, 2.352, "FR"),
    ("Paris", 48.857, 2.352, "FR"),
    ("موسكو", 55.756, 37.617, "RU"),
    ("لموسكو", 55.756, 37.617, "RU"),
    ("مسکو", 55.756, 37.617, "RU"),  # Persian kaf
    ("Moscow", 55.756, 37.617, "RU"),
    ("كراسنوغورسك", 55.82, 37.33, "RU"),
    ("کراسنوگورسک", 55.82, 37.33, "RU"),  # Persian kaf and gaf, as in the seed's spellings
    ("Krasnogorsk", 55.82, 37.33, "RU"),
    ("دمشق", 33.513, 36.277, "SY"),
    ("بدمشق", 33.513, 36.277, "SY"),
    ("Damascus", 33.513, 36.277, "SY"),
    ("دير الزور", 35.336, 40.14, "SY"),
    ("ديرالزور", 35.336, 40.14, "SY"),
    ("Deir ez-Zor", 35.336, 40.14, "SY"),
    ("Deir al-Zour", 35.336, 40.14, "SY"),
    ("القامشلي", 37.05, 41.22, "SY"),
    ("Qamishli", 37.05, 41.22, "SY"),
    ("Qamishlo", 37.05, 41.22, "SY"),
    ("الرقة", 35.95, 39.01, "SY"),
    ("الرقه", 35.95, 39.01, "SY"),
    ("Raqqa", 35.95, 39.01, "SY"),
    ("الشدادي", 36.06, 40.73, "SY"),
    ("al-Shaddadi", 36.06, 40.73, "SY"),
    ("الموصل", 36.34, 43.13, "IQ"),
    ("بالموصل", 36.34, 43.13, "IQ"),
    ("Mosul", 36.34, 43.13, "IQ"),
    ("كركوك", 35.47, 44.39, "IQ"),
    ("Kirkuk", 35.47, 44.39, "IQ"),
    ("ديالى", 33.9, 45.0, "IQ"),  # the governorate (Baqubah is 35 km from its centre)
    ("ديالي", 33.9, 45.0, "IQ"),
    ("Diyala", 33.9, 45.0, "IQ"),
    ("سجن غويران", 36.47, 40.75, "SY"),
    ("سجن الصناعة", 36.47, 40.75, "SY"),
    ("Crocus City Hall", 55.826, 37.389, "RU"),
    ("قاعدة التنف", 33.5, 38.65, "SY"),
    ("Ain al-Asad", 33.8, 42.44, "IQ"),
    ("البادية السورية", 34.5, 38.5, "SY"),
    ("شمال وشرق سوريا", 36.5, 40.5, "SY"),
    ("إقليم كردستان", 36.2, 44.3, "IQ"),
    ("عين العرب", 36.89, 38.35, "SY"),
    ("Kobani", 36.89, 38.35, "SY"),
    ("السليمانية", 35.56, 45.43, "IQ"),
    ("أربيل", 36.19, 44.01, "IQ"),
    ("عمّان", 31.95, 35.93, "JO"),
    ("فيينا", 48.21, 16.37, "AT"),
    ("Solingen", 51.17, 7.08, "DE"),
    ("Kizlyar", 43.85, 46.71, "RU"),
]


@pytest.mark.parametrize("query,lat,lon,country", PLACES)
def test_name_resolves_within_25_km(gz, query, lat, lon, country):
    found = gz.lookup(query)
    assert found, f"{query!r} not found"
    best = found[0]
    assert best.country == country
    assert distance_km(best.lat, best.lon, lat, lon) < 25, (query, best)


@pytest.mark.parametrize("query,iso", [
    ("Syria", "SY"), ("سوريا", "SY"), ("سورية", "SY"), ("سوریا", "SY"),
    ("Iraq", "IQ"), ("العراق", "IQ"), ("بالعراق", "IQ"),
    ("Turkey", "TR"), ("Türkiye", "TR"), ("تركيا", "TR"),
    ("Russia", "RU"), ("روسيا", "RU"), ("لروسيا", "RU"),
    ("France", "FR"), ("فرنسا", "FR"),
])
def test_countries_have_the_right_iso_code(gz, query, iso):
    best = gz.lookup(query)[0]
    assert (best.kind, best.country) == ("country", iso)


def test_paris_france_before_paris_texas(gz):
    found = gz.lookup("باريس")
    assert found[0].country == "FR"
    assert any(p.country == "US" for p in found[1:]), "namesakes are still listed, after"


def test_get_and_search(gz):
    camp = gz.get("marsad:al-hol-camp")
    assert isinstance(camp, Place) and camp.name_ar == "مخيم الهول" and camp.kind == "site"
    assert "al-Hawl camp" in camp.aliases and "Al-Hol camp" in camp.aliases
    paris = gz.get("geonames:2988507")
    assert paris is not None and paris.name == "Paris" and paris.name_ar == "باريس"
    assert gz.get("geonames:0") is None and gz.get("marsad:no-such-place") is None
    assert "Qamishli" in [p.name for p in gz.search("Qamish", limit=5)]
    assert "Qamishli" in [p.name for p in gz.search("القامش", limit=5)]
    assert "Damascus" in [p.name for p in gz.search("Damascuss", limit=5)]  # a typo still finds it
    assert "Al-Hol camp" in [p.name for p in gz.search("الهول", limit=5)]  # a word inside a curated name
    assert gz.search("tanf")[0].name == "al-Tanf base"


def test_admin1_of_geonames_cities_in_syria_and_iraq(gz):
    assert gz.lookup("Mosul")[0].admin1 == "Nineveh Governorate"
    assert gz.lookup("Baqubah")[0].admin1 == "Diyala Governorate"
    assert gz.lookup("Manbij")[0].admin1 == "Aleppo Governorate"


# ---- the curated data files ----

def test_places_csv_is_well_formed():
    rows, errors = read_places_csv()
    assert errors == []
    assert len(rows) > 150
    admin1 = {r["name"] for r in csv.DictReader(G.ADMIN1_CSV.open(encoding="utf-8"))}
    for r in rows:
        if r.id.startswith("marsad:"):
            assert r.name and r.kind in G.KINDS and r.lat is not None and r.lon is not None, r
            assert r.name_ar, f"line {r.line}: {r.id} has no Arabic name"
        if r.country in ("SY", "IQ") and r.kind != "country" and r.admin1:
            assert r.admin1 in admin1, f"line {r.line}: admin1 {r.admin1!r} is not in admin1.csv"
        assert len(set(map(key_of, r.aliases))) == len({key_of(a) for a in r.aliases})


def test_every_geonames_override_exists(gz):
    rows, _ = read_places_csv()
    for r in rows:
        if r.id.startswith("geonames:"):
            assert gz.get(r.id) is not None, f"line {r.line}: {r.id} is not a GeoNames place"


def test_bad_csv_rows_are_reported_with_line_and_field(tmp_path):
    p = tmp_path / "places.csv"
    p.write_text(
        ",".join(G.CSV_COLUMNS) + "\n"
        "marsad:ok,Good place,مكان جيد,,site,SY,,36.0,40.0,\n"
        "marsad:bad-lat,Bad,مكان,,site,SY,,136.0,40.0,\n"
        "marsad:bad-kind,Bad,مكان,,village,SY,,36.0,40.0,\n"
        "Not An Id,Bad,مكان,,site,SY,,36.0,40.0,\n"
        "marsad:ok,Again,مكان,,site,SY,,36.0,40.0,\n",
        encoding="utf-8",
    )
    rows, errors = read_places_csv(p)
    assert [r.id for r in rows] == ["marsad:ok"]  # the good row is kept
    joined = "\n".join(errors)
    assert f"{p}:3: field lat" in joined
    assert f"{p}:4: field kind" in joined
    assert f"{p}:5: field id" in joined
    assert f"{p}:6: field id: marsad:ok already defined on line 2" in joined


def test_not_places_file_blocks_common_words_not_curated_names():
    stop = read_not_places()
    for word in ("الأمن", "عمل", "مدينة", "إطار", "Police"):
        assert key_of(word) in stop
    rows, _ = read_places_csv()
    for r in rows:
        if r.name_ar and r.kind != "country":
            # curated names are findable whatever the list says; a clash is a sign of a mistake
            assert key_of(r.name_ar) not in stop or " " in key_of(r.name_ar), r.name_ar


@pytest.mark.parametrize("key,kind,country,pop,curated,expected", [
    ("عمل", "city", "SY", 20_000, False, False),        # too short a word
    ("الامن", "city", "SY", 20_000, False, False),      # stop-listed
    ("تدمر", "city", "SY", 51_000, False, False),       # a town: read with evidence (geo.find)
    ("الموصل", "city", "IQ", 1_700_000, False, True),   # a city: on its name alone
    ("kaduna", "city", "NG", 1_500_000, False, True),   # wherever it lies
    ("قريه", "city", "SY", 800, False, False),          # one word, a village
    ("تل ابيض", "city", "SY", 16_000, False, True),     # two words need less
    ("tal afar", "city", "IQ", 1_500, False, False),    # …but more than a hamlet
    ("springfield", "city", "US", 60_000, False, False),  # a one-word small city far away
    ("حسكه", "city", "SY", 0, True, True),              # curated: always
    ("فرنسا", "country", "FR", 0, False, True),
])
def test_findable_rule(key, kind, country, pop, curated, expected):
    """Read on the name alone: the same thresholds for every region of the world."""
    assert findable(key, kind, country, pop, curated, {"الامن"}) is expected


@pytest.mark.parametrize("key,expected", [
    ("تدمر", True), ("macomia", True), ("غاو", True),   # towns: readable with evidence
    ("الامن", False),                                   # stop-listed: never
    ("عن", False),                                      # two letters: never
])
def test_findable_with_evidence_rule(key, expected):
    assert findable_with_evidence(key, {"الامن"}) is expected


def test_index_signature_follows_the_curated_csv(tmp_path, monkeypatch):
    p = tmp_path / "places.csv"
    p.write_text(",".join(G.CSV_COLUMNS) + "\n", encoding="utf-8")
    monkeypatch.setattr(G, "PLACES_CSV", p)
    before = G._signature()
    p.write_text(",".join(G.CSV_COLUMNS) + "\nmarsad:x,X,س,,site,SY,,36,40,\n", encoding="utf-8")
    assert G._signature() != before  # an edited CSV rebuilds the index on next use


# ---- the Arabic display name (Place.name_ar) ----

# (English query, country, the Arabic display name an Arabic reader expects)
DISPLAY_NAMES = [
    ("Damascus", "SY", "دمشق"), ("Aleppo", "SY", "حلب"), ("Hama", "SY", "حماة"),
    ("Latakia", "SY", "اللاذقية"), ("Daraa", "SY", "درعا"), ("Qamishli", "SY", "القامشلي"),
    ("Kobani", "SY", "عين العرب"), ("Raqqa", "SY", "الرقة"), ("Deir ez-Zor", "SY", "دير الزور"),
    ("Baghdad", "IQ", "بغداد"), ("Mosul", "IQ", "الموصل"), ("Basra", "IQ", "البصرة"),
    ("Ramadi", "IQ", "الرمادي"), ("Karbala", "IQ", "كربلاء"), ("Erbil", "IQ", "أربيل"),
    ("Amman", "JO", "عمّان"), ("Beirut", "LB", "بيروت"), ("Istanbul", "TR", "إسطنبول"),
    ("Ankara", "TR", "أنقرة"), ("Gaziantep", "TR", "غازي عنتاب"), ("London", "GB", "لندن"),
    ("Paris", "FR", "باريس"), ("Moscow", "RU", "موسكو"), ("Tehran", "IR", "طهران"),
    ("Cairo", "EG", "القاهرة"), ("Riyadh", "SA", "الرياض"), ("Rome", "IT", "روما"),
    ("Algiers", "DZ", "الجزائر"), ("Madrid", "ES", "مدريد"), ("Kyiv", "UA", "كييف"),
]


@pytest.mark.parametrize("query,country,name_ar", DISPLAY_NAMES)
def test_arabic_display_name_of_well_known_cities(gz, query, country, name_ar):
    place = next(p for p in gz.lookup(query) if p.country == country)
    assert place.name_ar == name_ar


# GeoNames-style candidate lists (untagged Arabic-script alternate names) → the display choice
@pytest.mark.parametrize("latin,country,candidates,expected", [
    ("Damascus", "SY", ["د مشق", "دمشق", "دیمەشق", "دەمەشىق"], "دمشق"),      # a split word loses
    ("London", "GB", ["لأندأن", "لندن", "لوندون", "لەندەن"], "لندن"),        # the consonants most names share
    ("‘Ayn al ‘Arab", "SY", ["عرب بينار", "عين العرب"], "عين العرب"),        # closest to the Latin name
    ("Dar‘ā", "SY", ["أذرِعات", "درعا", "دەرعا"], "درعا"),
    ("Amman", "JO", ["ئاممان", "امان", "عمان", "عمان شہر", "عَمّان"], "عمان"),  # Kurdish ئ, Urdu ہ out
    ("Al Qāmishlī", "SY", ["القامشلو", "القامشلي", "قامشلۆ", "قامشلی"], "القامشلي"),
    ("Ramadi", "IQ", ["الرمادى", "الرمادي", "رمادی", "ڕەمادی"], "الرمادي"),  # -i is ي
    ("Riyadh", "SA", ["رياض", "الرياض", "ریاض"], "الرياض"),                  # the article in the Arab world
    ("Ankara", "TR", ["آنقره", "انقره", "أنقرة", "ئەنقەرە"], "أنقرة"),        # final ة
    ("Kuwait City", "KW", ["اَلْكُوَيْت", "مدينة الكويت"], "الكويت"),          # shown without harakat
    ("Panama City", "PA", ["شهر پاناما"], None),                              # Persian only: no Arabic name
    ("Kermanshah", "IR", ["کرمانشاه"], "كرمانشاه"),                           # Persian ک is Arabic ك
    ("Ramallah", "PS", ["رامالله", "رام الله", "رام\u200cالله", "رام اللہ"], "رام الله"),  # compounds keep the space
    ("Nazareth", "IL", ["الناصرة", "ناصرة", "ناصره", "ناصرہ"], "الناصرة"),
])
def test_pick_arabic_scores_candidates(latin, country, candidates, expected):
    assert G._pick_arabic(candidates, latin, country) == expected


@pytest.mark.parametrize("name,ok", [
    ("دمشق", True), ("ديالى", True), ("الحسكة", True), ("عمّان", True),
    ("پاریس", False), ("گازی", False), ("ڕەمادی", False), ("کابل", False), ("ئاممان", False),
    ("قاھىرە", False), ("دەمەشىق", False), ("ااالخرطوم", False),
])
def test_is_arabic_spelling(name, ok):
    assert G.is_arabic_spelling(name) is ok


def test_display_only_row_changes_the_name_not_the_matching(gz, tmp_path):
    p = tmp_path / "places.csv"
    p.write_text(",".join(G.CSV_COLUMNS) + "\n"
                 "geonames:3169070,,روما,,,,,,,\n"
                 "geonames:2643743,,لندن,العاصمة البريطانية,,,,,,\n", encoding="utf-8")
    rows, errors = read_places_csv(p)
    assert errors == [] and [r.display_only for r in rows] == [True, False]
    # the shipped display-only row for Rome: its Arabic name is shown, yet the place gets no
    # curated ranking bonus (place finding is what GeoNames alone gives)
    i = next(i for i in gz.indices(key_of("Rome")) if gz.place_id(i) == "geonames:3169070")
    assert gz.place(i).name_ar == "روما" and not gz.is_curated(i)


@pytest.mark.parametrize("query,country,lat,lon", [
    ("North Kordofan", "SD", 13.6, 30.0),     # placed at the centre of its towns (±150 km)
    ("Cabo Delgado", "MZ", -12.5, 39.8),
    ("محافظة شمال سيناء", "EG", 31.0, 33.8),
])
def test_first_level_divisions_of_every_country(gz, query, country, lat, lon):
    place = next(p for p in gz.lookup(query) if p.kind == "region")
    assert place.country == country
    assert distance_km(place.lat, place.lon, lat, lon) < 150
