"""The map builder: offline by default, escaped tooltips, visible precision, bounded payload."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from dashboard import map as dmap
from dashboard import maplabels
from dashboard.palette import TYPE_COLORS, rgb
from events.schema import EVENT_TYPES
from events.store import typed_frame

HOST = re.compile(r"https?://", re.I)


def frame(rows: list[dict]) -> pd.DataFrame:
    """An events frame shaped like ``Store.events_frame()`` from a few partial rows."""
    base = {"event_id": "", "event_type": "arrest", "lat": 36.378, "lon": 41.146, "geo_precision": "point",
            "headline": "Arrests in al-Hol camp", "place_name": "Al-Hol camp", "place_name_ar": "مخيم الهول",
            "date_start": "2024-03-01", "date_end": "2024-03-01", "counts": {}}
    out = []
    for i, r in enumerate(rows):
        row = dict(base, event_id=f"ev_{i}")
        row.update(r)
        out.append(row)
    return typed_frame(pd.DataFrame(out))


def deck_json(df: pd.DataFrame, **kw) -> dict:
    return json.loads(dmap.build_deck(df, **kw).to_json())


def layer(spec: dict, layer_id: str) -> dict:
    return next(l for l in spec["layers"] if l["id"] == layer_id)


def test_offline_by_default_names_no_host():
    df = frame([{}, {"event_type": "attack", "lat": 35.95, "lon": 39.01, "place_name": "Raqqa", "place_name_ar": "الرقة"}])
    text = dmap.build_deck(df).to_json()
    assert not HOST.search(text), "the default map must not reference any online host"
    spec = json.loads(text)
    assert spec["mapStyle"] == dmap.OFFLINE_STYLE_URL
    assert "mapProvider" not in spec


def test_online_basemap_is_opt_in():
    spec = deck_json(frame([{}]), online_basemap=True)
    assert "cartocdn" in spec["mapStyle"]


def test_offline_style_has_no_external_resources_and_matches_outlines():
    style = json.loads(dmap.STYLE_FILE.read_text(encoding="utf-8"))
    assert not HOST.search(json.dumps(style)), "style.json must not fetch anything"
    assert "glyphs" not in style and "sprite" not in style
    assert all(l["type"] in ("background", "fill", "line") for l in style["layers"]), "no text: no glyphs needed"
    outlines = json.loads(dmap.COUNTRIES_GEOJSON.read_text(encoding="utf-8"))
    # style.json embeds data/map/countries.geojson: regenerate with `python -m dashboard.map --write-style`
    assert style["sources"]["countries"]["data"] == outlines
    names = {f["properties"]["name"] for f in outlines["features"]}
    assert {"Syria", "Iraq", "Turkey", "Russia", "France"} <= names


@pytest.mark.parametrize("headline, place_ar", [
    ("<img src=x onerror=alert(1)>", "مخيم <b>الهول</b>"),
    ("IS & SDF \"clash\" near <Hasakah>", "الحسكة <script>alert('x')</script>"),
])
def test_tooltip_text_is_escaped(headline, place_ar):
    text = dmap.build_deck(frame([{"headline": headline, "place_name_ar": place_ar}])).to_json()
    assert "<img src=x" not in text and "<script>" not in text and "<b>الهول" not in text
    rec = layer(json.loads(text), dmap.PICK_LAYER)["data"][0]
    for value in (rec["title"], rec["place_ar"]):
        assert not set("<>&\"'") & set(value)  # no markup, and no entity to show twice-escaped
    assert "‹" in rec["place_ar"]  # the payload stays visible as text


def test_tooltip_shows_an_apostrophe_as_an_apostrophe():
    rec = layer(deck_json(frame([{"headline": "Attack near Al-Qa'im & Rawa"}])), dmap.PICK_LAYER)["data"][0]
    assert rec["title"] == "Attack near Al-Qa’im ＆ Rawa"


def test_tooltip_shows_english_headline_and_place_in_both_languages():
    spec = deck_json(frame([{"headline": "IS cell arrested in al-Hol camp"}]))
    rec = layer(spec, dmap.PICK_LAYER)["data"][0]
    assert rec["title"] == "IS cell arrested in al-Hol camp"
    assert rec["place"] == "Al-Hol camp" and rec["place_ar"] == "مخيم الهول"
    tip = dmap.build_deck(frame([{}]))._tooltip["html"]  # where st.pydeck_chart reads it
    assert "{title}" in tip and "{place}" in tip and "{place_ar}" in tip and "dir='rtl'" in tip


def test_arabic_only_in_tooltips_never_in_text_layers():
    """deck.gl's text layer does not join Arabic letters: place names on the map are English ones."""
    df = frame([{"place_name": "Hasakah", "place_name_ar": "الحسكة"},
                {"place_name": "مخيم الهول", "place_name_ar": "مخيم الهول", "lat": 36.4, "lon": 41.1}])
    spec = deck_json(df)
    texts = [l for l in spec["layers"] if l["@@type"] == "TextLayer"]
    assert [r["text"] for r in layer(spec, dmap.LABEL_LAYER)["data"]] == ["Hasakah"]
    assert "الحسكة" not in json.dumps(texts, ensure_ascii=False)
    assert not any(maplabels._ARABIC_LETTERS.search(r["text"]) for l in texts for r in l["data"])


def test_place_names_are_written_for_the_busiest_marks_only():
    df = frame([{"place_name": f"Village {i}", "lat": 30 + i * 0.3, "lon": 40} for i in range(80)]
               + [{"place_name": "Raqqa", "lat": 35.95, "lon": 39.01}] * 5)
    assert len(dmap.place_labels(dmap.map_records(df)[0])) == dmap.MAX_LABELS  # at most this many
    (labels,) = [l for l in deck_json(df)["layers"] if l["id"] == dmap.LABEL_LAYER]
    names = [r["text"] for r in labels["data"]]
    assert len(names) <= dmap.MAX_LABELS and names[0] == "Raqqa"  # the busiest first
    assert all(r["dy"] < 0 for r in labels["data"])  # above the mark, not on it
    assert all(l["id"] != dmap.LABEL_LAYER for l in deck_json(df, labels=False)["layers"])


def test_precision_rings_can_be_switched_off():
    df = frame([{"geo_precision": "country", "place_name": "Syria", "lat": 35.0, "lon": 38.5}])
    assert any(l["id"] == dmap.RING_LAYER for l in deck_json(df)["layers"])
    assert all(l["id"] != dmap.RING_LAYER for l in deck_json(df, rings=False)["layers"])
    assert "large ring" in dmap.legend_html(df) and "large ring" not in dmap.legend_html(df, rings=False)
    # no region/country place: no word about rings at all
    assert "ring" not in dmap.legend_html(frame([{}]))


def test_colour_follows_the_shared_palette():
    df = frame([{"event_type": t, "lat": 30 + i, "lon": 40} for i, t in enumerate(EVENT_TYPES)])
    data = layer(deck_json(df), dmap.PICK_LAYER)["data"]
    by_type = {r["event_type"]: r["fill"][:3] for r in data}
    assert by_type == {t: rgb(t)[:3] for t in EVENT_TYPES}
    assert len({tuple(c) for c in by_type.values()}) == len(TYPE_COLORS)


@pytest.mark.parametrize("vague, precise", [("country", "point"), ("region", "city"), ("region", "point")])
def test_vague_locations_do_not_look_pinpointed(vague, precise):
    df = frame([{"geo_precision": vague, "lat": 35.0, "lon": 38.5},
                {"geo_precision": precise, "lat": 36.5, "lon": 40.7}])
    spec = deck_json(df)
    marks = {r["precisions"]: r for r in layer(spec, dmap.PICK_LAYER)["data"]}
    v, p = marks[vague], marks[precise]
    assert v["fill"][3] < p["fill"][3], "a vague mark is translucent, a precise one solid"
    rings = {(r["lat"], r["lon"]): r["ring"] for r in layer(spec, dmap.RING_LAYER)["data"]}
    assert rings[(35.0, 38.5)] >= 75_000
    assert (36.5, 40.7) not in rings or rings[(36.5, 40.7)] < rings[(35.0, 38.5)]


def test_ring_grows_with_vagueness():
    r = dmap.PRECISION_RADIUS_M
    assert r["point"] < r["city"] < r["region"] < r["country"]


def test_events_at_one_place_stack_into_one_mark_coloured_by_the_main_type():
    df = frame([{}, {}, {}, {"event_type": "attack"}, {"lat": 35.95, "lon": 39.01, "event_type": "airstrike"}])
    data = sorted(layer(deck_json(df), dmap.PICK_LAYER)["data"], key=lambda r: -r["count"])
    assert [r["count"] for r in data] == [4, 1]
    hol = data[0]
    assert hol["fill"][:3] == rgb("arrest")[:3]
    assert hol["title"].startswith("4 events") and "arrest 3, attack 1" in hol["info"]
    assert dmap.selection_mask(df, [hol]).sum() == 4, "a click on the mark selects all its events"


def test_size_by_a_count_field():
    df = frame([{"counts": {"killed": 1}, "lat": 34.0}, {"counts": {"killed": 60}, "lat": 35.0},
                {"counts": {}, "lat": 36.0}])
    data = {r["lat"]: r["r"] for r in layer(deck_json(df, size_by="killed"), dmap.PICK_LAYER)["data"]}
    assert data[35.0] > data[34.0] >= data[36.0]
    even = {r["lat"]: r["r"] for r in layer(deck_json(df), dmap.PICK_LAYER)["data"]}
    assert even[35.0] == even[34.0], "by number of events, one event each: same size"


def test_events_without_coordinates_are_not_drawn_and_nothing_breaks():
    df = frame([{"lat": None, "lon": None}, {}])
    data = layer(deck_json(df), dmap.PICK_LAYER)["data"]
    assert sum(r["count"] for r in data) == 1
    empty = deck_json(frame([{"lat": None, "lon": None}]))
    assert layer(empty, dmap.PICK_LAYER)["data"] == []
    assert deck_json(frame([]).iloc[0:0])["layers"]


def big_frame(n: int, seed: int = 3) -> pd.DataFrame:
    """n events over many distinct places, built with numpy (fast)."""
    rng = np.random.default_rng(seed)
    types = pd.Categorical(rng.choice(list(EVENT_TYPES), n), categories=list(EVENT_TYPES))
    prec = pd.Categorical(rng.choice(["point", "city", "region", "country"], n, p=[.2, .6, .1, .1]))
    lat = np.round(rng.normal(35, 3, n), 3)
    lon = np.round(rng.normal(40, 4, n), 3)
    days = rng.integers(0, 2500, n)
    start = pd.to_datetime("2019-01-01") + pd.to_timedelta(days, unit="D")
    return pd.DataFrame({
        "event_id": [f"e{i}" for i in range(n)] if n <= 100_000 else np.arange(n).astype(str),
        "event_type": types, "geo_precision": prec, "lat": lat, "lon": lon,
        "date_start": start, "date_end": start,
        "headline": pd.Series(["Clashes between IS and SDF near a village"] * n, dtype="string"),
        "place_name": pd.Series(["Some village"] * n, dtype="string"),
        "place_name_ar": pd.Series(["قرية ما"] * n, dtype="string"),
    })


def test_payload_is_bounded_at_a_million_events_and_nothing_is_dropped():
    df = big_frame(1_000_000)
    deck = dmap.build_deck(df)
    text = deck.to_json()
    assert len(text.encode("utf-8")) <= 2_000_000
    data = layer(json.loads(text), dmap.PICK_LAYER)["data"]
    assert len(data) <= dmap.DEFAULT_MAX_POINTS
    assert sum(r["count"] for r in data) == len(df), "every located event is in some bin"


def test_many_distinct_places_aggregate_even_below_the_event_threshold():
    df = big_frame(15_000)
    records, aggregated = dmap.map_records(df, max_points=2_000)
    assert aggregated and len(records) <= 2_000
    assert sum(r["count"] for r in records) == len(df)


@pytest.mark.parametrize("n, threshold", [(40, 20_000), (30_000, 1_000)])
def test_clicking_marks_selects_exactly_their_events(n, threshold):
    df = big_frame(n, seed=n)
    records, _ = dmap.map_records(df, aggregate_threshold=threshold)
    total = 0
    for r in records[:50]:
        rt = json.loads(json.dumps(r))  # as it comes back from the browser
        m = dmap.selection_mask(df, [rt])
        assert m.sum() == r["count"], r
        total += int(m.sum())
    assert total == sum(r["count"] for r in records[:50])
    assert not dmap.selection_mask(df, []).any()


def test_legend_lists_types_present_by_frequency():
    df = frame([{}, {}, {"event_type": "attack"}])
    assert dmap.legend_items(df) == [("arrest", TYPE_COLORS["arrest"], 2), ("attack", TYPE_COLORS["attack"], 1)]
    assert "arrest (2)" in dmap.legend_html(df)


def test_units_reach_deck_gl_as_literals_not_expressions():
    spec = deck_json(frame([{"geo_precision": "country"}]))
    pick, ring = layer(spec, dmap.PICK_LAYER), layer(spec, dmap.RING_LAYER)
    assert pick["radiusUnits"] == "pixels" and pick["lineWidthUnits"] == "pixels"
    assert ring["radiusUnits"] == "meters"


def _pixel(view, lat: float, lon: float, width: int = 1000, height: int = 480) -> tuple[float, float]:
    """Where deck.gl's Web Mercator MapView draws (lat, lon) on a width×height map."""
    world = 512 * 2 ** view.zoom

    def project(la: float, lo: float) -> tuple[float, float]:
        y = math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        return world * (lo + 180) / 360, world * (1 - y / math.pi) / 2

    cx, cy = project(view.latitude, view.longitude)
    x, y = project(lat, lon)
    return x - cx + width / 2, y - cy + height / 2


@pytest.mark.parametrize("places", [
    [(36.378, 41.146), (48.853, 2.349), (55.752, 37.616), (35.0, 38.5)],  # al-Hol, Paris, Moscow, Syria
    [(36.378, 41.146), (48.853, 2.349), (55.752, 37.616), (35.0, 38.5), (36.48, 40.73), (36.5, 40.75)],
    [(36.502, 40.748), (36.478, 40.729)],                                   # two marks 3 km apart
    [(33.341, 44.401)],                                                     # one mark
])
def test_the_first_view_shows_every_mark_with_some_context(places):
    df = frame([{"lat": la, "lon": lo} for la, lo in places])
    view = dmap.build_deck(df).initial_view_state
    for la, lo in places:
        x, y = _pixel(view, la, lo)
        assert 0 < x < 1000 and 0 < y < 480, (la, lo, x, y)
    # at least ~7 degrees around the marks: coasts and borders tell where they are
    west, _ = _pixel(view, places[0][0], places[0][1] - 3.5)
    east, _ = _pixel(view, places[0][0], places[0][1] + 3.5)
    assert west > -500 and east < 1500 and east - west < 1000


def test_place_names_that_would_overlap_are_left_out():
    """Three places a few km apart (a camp, a prison, a city): at the map's zoom one name is written."""
    df = frame([{"place_name": "Al-Hol camp", "lat": 36.378, "lon": 41.146},
                {"place_name": "Ghuwayran prison", "lat": 36.478, "lon": 40.729},
                {"place_name": "Al-Hasakah", "lat": 36.502, "lon": 40.748},
                {"place_name": "Baghdad", "lat": 33.341, "lon": 44.401}])
    (labels,) = [l for l in deck_json(df)["layers"] if l["id"] == dmap.LABEL_LAYER]
    names = [r["text"] for r in labels["data"]]
    assert "Baghdad" in names and len(set(names) & {"Al-Hol camp", "Ghuwayran prison", "Al-Hasakah"}) == 1
    # without a zoom (no room to judge) every name is kept
    assert len(dmap.place_labels(dmap.map_records(df)[0])) == 4


# -- counts on marks and the online basemap's availability -----------------------------------

def test_a_place_with_several_events_shows_their_number_on_its_mark():
    df = frame([{}, {}, {}, {"event_type": "attack", "lat": 35.95, "lon": 39.01, "place_name": "Raqqa"}])
    counts = layer(deck_json(df), dmap.COUNT_LAYER)["data"]
    assert [(c["text"], c["lon"], c["lat"]) for c in counts] == [("3", 41.146, 36.378)]  # Raqqa's single: none


def test_binned_marks_show_short_counts():
    rng = np.random.default_rng(7)
    n = 30_000
    df = frame([{}]).iloc[[0] * n].reset_index(drop=True)
    df["lat"] = 36.0 + rng.random(n) * 0.02
    df["lon"] = 41.0 + rng.random(n) * 0.02
    df["event_id"] = [f"ev_{i}" for i in range(n)]
    texts = [c["text"] for c in layer(deck_json(df), dmap.COUNT_LAYER)["data"]]
    assert texts and all(re.fullmatch(r"\d{1,3}|\d+(\.\d)?k", t) for t in texts)
    assert any(t.endswith("k") for t in texts)


class _Server:
    """A local HTTP server answering every request with ``status`` (no internet needed)."""

    def __init__(self, status: int):
        import http.server
        import threading

        class H(http.server.BaseHTTPRequestHandler):
            def do_HEAD(self):  # noqa: N802 - http.server's naming
                self.send_response(status)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/style.json"

    def close(self):
        self.httpd.shutdown()


def _closed_port_url() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/style.json"


@pytest.mark.parametrize("status, expected", [(200, None), (404, "answered HTTP 404"), (503, "answered HTTP 503")])
def test_the_online_basemap_probe_reports_what_the_server_answered(status, expected):
    srv = _Server(status)
    try:
        problem = dmap.basemap_problem(srv.url, timeout=5)
    finally:
        srv.close()
    assert problem == (None if expected is None else f"{srv.url} {expected}")


def test_an_unreachable_basemap_is_reported_with_its_address():
    url = _closed_port_url()
    problem = dmap.basemap_problem(url, timeout=2)
    assert problem is not None and problem.startswith(f"{url} could not be reached (")


# -- the basemap's own labels: countries, and big cities when the map opens close ------------

@pytest.mark.parametrize("name, lon, lat", [("France", 2.5, 46.6), ("Iraq", 43.7, 33.0), ("Syria", 38.5, 35.0),
                                            ("Egypt", 29.9, 26.6), ("Indonesia", 113.0, -0.5)])
def test_a_country_name_is_placed_inside_the_country(name, lon, lat):
    points = {n: (x, y) for n, x, y, _ in maplabels.country_points()}
    x, y = points[name]
    assert abs(x - lon) < 4.5 and abs(y - lat) < 3.5, (name, x, y)


def _boxes_overlap(labels, zoom):
    boxes = []
    for lab in labels:
        x, y = maplabels._pixel(lab["lat"], lab["lon"], zoom)
        half = len(lab["text"]) * maplabels.LABEL_CHAR_PX / 2
        if any(abs(x - bx) < half + bh and abs(y - by) < maplabels.LABEL_LINE_PX - 2 for bx, by, bh in boxes):
            return True
        boxes.append((x, y, half))
    return False


def test_a_wide_view_names_countries_only_and_none_overlap():
    view = dmap.pdk.ViewState(latitude=42.0, longitude=25.0, zoom=3.0)
    labels = dmap.basemap_labels(view)
    names = {l["text"] for l in labels}
    assert {"TURKEY", "FRANCE", "IRAN"} <= names and all(l["kind"] == "country" for l in labels)
    assert not _boxes_overlap(labels, 3.0)
    assert "ARGENTINA" not in names and "JAPAN" not in names  # out of view


def test_a_close_view_names_big_cities_but_not_an_event_place_again():
    view = dmap.pdk.ViewState(latitude=34.5, longitude=40.0, zoom=5.0)
    taken = [{"lon": 36.29, "lat": 33.51, "text": "Damascus", "dy": -16.0}]
    labels = dmap.basemap_labels(view, taken)
    cities = {l["text"] for l in labels if l["kind"] == "city"}
    assert {"Baghdad", "Aleppo"} <= cities and "Damascus" not in cities
    assert {"Syria", "Iraq"} <= {l["text"] for l in labels if l["kind"] == "country"}  # not shouted when close


def test_basemap_names_follow_the_place_names_switch_and_stay_off_the_online_basemap():
    df = frame([{}, {"lat": 33.34, "lon": 44.40, "place_name": "Baghdad"}])
    assert layer(deck_json(df), dmap.BASEMAP_LABEL_LAYER)["data"]
    assert dmap.BASEMAP_LABEL_LAYER not in {l["id"] for l in deck_json(df, labels=False)["layers"]}
    assert dmap.BASEMAP_LABEL_LAYER not in {l["id"] for l in deck_json(df, online_basemap=True)["layers"]}
