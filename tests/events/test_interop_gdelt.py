"""GDELT 2.0 event files (61 tab-separated columns, no header), plain and zipped."""

from __future__ import annotations

import pytest

from events.cli import main
from events.interop.load import detect, import_file
from events.store import Store
from interop_samples import GDELT_IMPORTED, GDELT_ROWS, gdelt_row, gdelt_text, write_gdelt


@pytest.mark.parametrize("zipped", [False, True])
def test_cameo_events_of_marsads_kinds_are_imported_and_the_rest_counted(tmp_path, zipped):
    name = "20240322153000.export.CSV" + (".zip" if zipped else "")
    path = write_gdelt(tmp_path / name, GDELT_ROWS, zipped=zipped)
    assert detect(path) == "gdelt"
    with Store(tmp_path / "m.db") as store:
        report = import_file(store, path, "gdelt", say=pytest.fail)
        got = {e.event_id.removeprefix("gdelt:"): e.event_type for e in store.events()}
        clash = store.event("gdelt:1168834981")
        weight = store.conn.execute("SELECT attrs FROM source_attrs WHERE event_id='gdelt:1168834981'").fetchone()[0]
    assert got == GDELT_IMPORTED
    assert report.rows == len(GDELT_ROWS) and sum(report.skipped.values()) == 2
    assert set(report.skipped) == {"03 Express intent to cooperate", "08 Yield"}
    assert clash.actors == ["Syria", "Rebel"] and (clash.actor1, clash.actor2) == ("Syria", "Rebel")
    assert (clash.place_name, clash.admin1, clash.country, clash.geo_precision) == ("Idlib", "Idlib", "SY", "city")
    assert (clash.date_start, clash.date_precision, clash.lat) == ("2024-03-22", "day", 35.9306)
    assert clash.url == "https://www.example-news.com/syria/idlib-clashes" and clash.source == "www.example-news.com"
    assert '"weight": "14"' in weight


@pytest.mark.parametrize("fips, iso", [("SY", "SY"), ("IZ", "IQ"), ("WE", "PS"), ("GZ", "PS"), ("EG", "EG")])
def test_fips_country_codes_become_iso(tmp_path, fips, iso):
    from events.interop.gdelt import COLUMNS
    path = write_gdelt(tmp_path / "20240322153000.export.CSV", GDELT_ROWS)
    ids = [r[0] for r in GDELT_ROWS if r[COLUMNS.index("ActionGeo_CountryCode")] == fips]
    with Store(tmp_path / "m.db") as store:
        import_file(store, path, "gdelt", say=pytest.fail)
        countries = {store.event(f"gdelt:{i}").country for i in ids}
    assert countries == {iso}


def test_a_file_without_the_gdelt_name_is_known_by_its_61_columns(tmp_path):
    path = tmp_path / "events.tsv"
    path.write_text(gdelt_text(GDELT_ROWS[:1]), encoding="utf-8")
    assert detect(path) == "gdelt"


def test_bad_rows_are_reported_by_line_and_the_rest_imported(tmp_path, capsys):
    rows = [GDELT_ROWS[0], ["1168834990", "20240322", "202403"],
            gdelt_row(GLOBALEVENTID="1168834991", SQLDATE="20240231", EventCode="190", EventRootCode="19"),
            gdelt_row(GLOBALEVENTID="1168834992", EventCode="190", EventRootCode="19", ActionGeo_Type="4",
                      ActionGeo_FullName="Aleppo, Halab, Syria", ActionGeo_Lat="36.2", ActionGeo_Long=""),
            GDELT_ROWS[1]]
    path = write_gdelt(tmp_path / "20240322153000.export.CSV.zip", rows, zipped=True)
    db = tmp_path / "m.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:2: row: has 3 tab-separated fields" in err
    assert f"{path}:3: SQLDATE: '20240231' is not a date" in err
    assert f"{path}:4: ActionGeo_Long: is empty" in err
    with Store(db) as store:
        assert {e.event_id for e in store.events()} == {"gdelt:1168834981", "gdelt:1168834982"}


def test_a_zip_with_two_files_is_one_clear_error(tmp_path, capsys):
    import zipfile
    path = tmp_path / "two.export.CSV.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.export.CSV", gdelt_text(GDELT_ROWS[:1]))
        zf.writestr("b.export.CSV", gdelt_text(GDELT_ROWS[1:2]))
    assert main(["import", str(path), "--format", "gdelt", "--db", str(tmp_path / "m.db")]) == 1
    assert "holds 2 files" in capsys.readouterr().err
