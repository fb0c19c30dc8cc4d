"""The interop mapping tables under data/interop/: well-formed, complete, read in full."""

from __future__ import annotations

import pytest
import yaml

from events.interop.tables import (ACLED_FILE, CAMEO_FILE, COUNTRIES_FILE, TableError, acled_tables,
                                   cameo_tables, countries)
from events.schema import ACLED_MAPPING, EVENT_TYPES

# ACLED's codebook: every event type and sub-event type.
CODEBOOK = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}


def test_every_acled_sub_event_type_is_mapped():
    t = acled_tables()
    assert {(e, s) for e, subs in CODEBOOK.items() for s in subs} == set(t.sub_event_types)
    assert set(t.sub_event_types.values()) <= set(EVENT_TYPES)


def test_the_import_table_runs_the_export_mapping_backwards():
    t = acled_tables()
    for mtype, pair in ACLED_MAPPING.items():
        back = t.sub_event_types[pair]
        # several Marsad types share "Strategic developments / Other": it comes back as other
        assert back == mtype or pair == ("Strategic developments", "Other") and back == "other"


def test_every_cameo_root_is_listed_and_finer_codes_win():
    c = cameo_tables()
    assert sorted(c.roots) == [f"{n:02d}" for n in range(1, 21)]
    assert c.type_of("1831", "18") == "bombing"     # suicide bombing: 183 beats the root (assault)
    assert c.type_of("186", "18") == "attack"
    assert c.type_of("1951", "19") == "airstrike"
    assert c.type_of("173", "17") == "arrest" and c.type_of("172", "17") is None
    assert c.type_of("041", "04") is None and c.type_of("043", "04") == "meeting"


@pytest.mark.parametrize("kind, code, iso", [
    ("fips", "IZ", "IQ"), ("fips", "SY", "SY"), ("fips", "TU", "TR"), ("fips", "GZ", "PS"),
    ("fips", "WE", "PS"), ("fips", "LE", "LB"), ("fips", "EG", "EG"), ("fips", "UK", "GB"),
    ("numeric", "760", "SY"), ("numeric", "368", "IQ"), ("numeric", "275", "PS"),
    ("name", "Palestine", "PS"), ("name", "Democratic Republic of Congo", "CD"), ("name", "Syria", "SY"),
])
def test_country_codes(kind, code, iso):
    k = countries()
    got = k.from_fips.get(code) if kind == "fips" else k.iso2(numeric=code) if kind == "numeric" else k.iso2(name=code)
    assert got == iso


@pytest.mark.parametrize("path, loader", [(ACLED_FILE, acled_tables), (CAMEO_FILE, cameo_tables),
                                          (COUNTRIES_FILE, countries)])
def test_each_file_documents_its_format_and_every_section_is_read(path, loader):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#") and "Sections:" in text
    data = yaml.safe_load(text)
    for section in data:
        assert f"  {section} " in text.split("\n\n")[0] or f"#   {section}" in text, section
    loader(str(path))


@pytest.mark.parametrize("loader, text, message", [
    (acled_tables, "columns: [a]\noptional: []\ndetect: [b]\nevent_types: {}\ntime_precision: {}\n"
                   "geo_precision: {}\nexport_time_precision: {}\nexport_geo_precision: {}\n", "detect"),
    (acled_tables, "columns: [a]\noptional: []\ndetect: [a]\nevent_types:\n  Battles:\n    disorder_type: x\n"
                   "    sub_event_types: {Armed clash: fight}\ntime_precision: {}\ngeo_precision: {}\n"
                   "export_time_precision: {}\nexport_geo_precision: {}\n", "'fight' is not a Marsad event type"),
    (cameo_tables, "roots: {'01': {name: x, type: statement}}\ncodes: {}\ngeo_types: {}\n", "01–20"),
    (cameo_tables, "roots: {}\ncodes: {19: {name: x, type: attack}}\ngeo_types: {}\n", "quoted code"),
    (countries, "fips: {GZ: Gaza}\nnames: {}\n", "not an ISO alpha-2"),
])
def test_a_malformed_table_is_named(tmp_path, loader, text, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(TableError, match=message):
        loader(str(bad))
