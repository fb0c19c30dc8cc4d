"""Bidi controls in article text cannot reorder what a cell shows."""

from __future__ import annotations

import pytest

from dash_sample import sample_frame
from dashboard.tables import articles_html, detail_html, no_bidi, table_frame, undated_frame

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("column, value, shown", [
    ("headline", "\u202eevil", "evil"),                       # RIGHT-TO-LEFT OVERRIDE: "evil" read as "live"
    ("headline", "Attack on \u2067checkpoint\u2069 7", "Attack on checkpoint 7"),  # isolates
    ("place_name", "\u202dMosul\u202c", "Mosul"),             # LEFT-TO-RIGHT OVERRIDE … POP
    ("place_name_ar", "مخيم\u202e الهول", "مخيم الهول"),
    ("sentence", "قتل \u202e3 جنود في هجوم.", "قتل 3 جنود في هجوم."),
    ("sentence", "Police said \u202atwo\u202c men were held.", "Police said two men were held."),
])
def test_table_cells_carry_no_bidi_controls(column, value, shown):
    frame = sample_frame()
    frame.loc[frame.index[0], column] = value
    event_id = frame["event_id"].iloc[0]
    table, _ = table_frame(frame)
    cell = table.loc[event_id, {"place_name": "place", "place_name_ar": "place"}.get(column, column)]
    # the app's own right-to-left embedding around an Arabic sentence is the only control left
    inner = cell[1:-1] if cell.startswith("\u202b") and cell.endswith("\u202c") else cell
    assert not any(c in CONTROLS for c in inner)
    assert shown in inner


def test_undated_list_and_panels_carry_no_bidi_controls():
    frame = sample_frame()
    undated = frame[frame["date_start"].isna()].index[0]
    frame.loc[undated, "headline"] = "\u202eevil"
    frame.loc[undated, "place_name"] = "\u2066Raqqa\u2069"
    listed = undated_frame(frame)
    assert not any(c in CONTROLS for v in listed.to_numpy().ravel() for c in str(v))
    row = frame.loc[undated].to_dict()
    row["sentence"] = "انفجرت \u202eعبوة ناسفة في الرقة."
    html = detail_html(row, {"title": "\u202eخبر عاجل", "url": None})
    assert not any(c in CONTROLS for c in html)


def test_no_bidi_leaves_other_values_alone():
    assert no_bidi(None) is None and no_bidi(3) == 3
    assert no_bidi("مخيم\u200fالهول") == "مخيم\u200fالهول"  # a right-to-left mark is not an override


def test_the_dashboard_table_shows_an_override_inert(tmp_path, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from dash_sample import fill_store
    from events.curation import edit_event

    path = tmp_path / "marsad.db"
    store = fill_store(str(path))
    event_id = store.events()[0].event_id
    edit_event(store, event_id, {"headline": "\u202eevil"}, user="test")
    store.close()
    monkeypatch.setenv("MARSAD_DB", str(path))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    [table] = [d for d in at.dataframe if d.proto.id and "events_table" in d.proto.id]
    assert table.value.loc[event_id, "headline"] == "evil"


# --- Arabic runs inside English labels are isolated (dashboard.bidi) -------------------------

from dashboard.bidi import FSI, PDI, isolate, unisolated  # noqa: E402
from dashboard.filters import repair_choices  # noqa: E402


@pytest.mark.parametrize("label, expected", [
    # a place chip: English name, Arabic name, count
    ("Al-Hol camp · مخيم الهول (12)", f"Al-Hol camp · {FSI}مخيم الهول{PDI} (12)"),
    # an Arabic actor alone with its count: the count stays after it
    ("قوات سوريا الديمقراطية (3)", f"{FSI}قوات سوريا الديمقراطية{PDI} (3)"),
    # a search quoted in a caption
    ("all dates · search: “سجن غويران”", f"all dates · search: “{FSI}سجن غويران{PDI}”"),
    # digits inside the Arabic run belong to it; the ones after it do not
    ("headline: انفجار 2 عبوات في الرقة — 2024", f"headline: {FSI}انفجار 2 عبوات في الرقة{PDI} — 2024"),
    # two runs, each isolated on its own
    ("Raqqa · الرقة, Mosul · الموصل", f"Raqqa · {FSI}الرقة{PDI}, Mosul · {FSI}الموصل{PDI}"),
    # Persian letters are Arabic script too
    ("Tehran · تهران (1)", f"Tehran · {FSI}تهران{PDI} (1)"),
])
def test_isolate_wraps_each_right_to_left_run(label, expected):
    assert isolate(label) == expected
    assert unisolated(isolate(label)) == label


@pytest.mark.parametrize("value", ["Paris (2)", "مخيم الهول", "", None, 7])
def test_isolate_leaves_latin_text_and_a_lone_arabic_name_alone(value):
    assert isolate(value) == value


def test_a_chip_label_that_comes_back_isolated_is_repaired_to_its_raw_value():
    label = lambda p: {"Al-Hol camp": "Al-Hol camp · مخيم الهول"}.get(p, p)  # noqa: E731
    back = isolate("Al-Hol camp · مخيم الهول (4)")
    assert repair_choices([back], ["Al-Hol camp", "Raqqa"], label) == ["Al-Hol camp"]
