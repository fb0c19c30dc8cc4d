"""The map as a PNG (dashboard/mapimage.py): a 16:9 slide with the marks, their counts, the
legend and the filters' caption; Arabic in a caption or a name is laid out by script runs."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from dash_sample import sample_frame
from dashboard import map as mm
from dashboard import mapimage
from dashboard.palette import color


def png(records, **kw) -> np.ndarray:
    data = mapimage.map_png(records, **kw)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(io.BytesIO(data))
    assert img.size == (mapimage.WIDTH, mapimage.HEIGHT)
    return np.asarray(img.convert("RGB")).astype(int)


def mark(lon: float, lat: float, etype: str = "arrest", count: int = 1, r: float = 12.0, ring: float = 0.0) -> dict:
    fill = [int(color(etype)[i:i + 2], 16) for i in (1, 3, 5)] + [255]
    return {"lon": lon, "lat": lat, "fill": fill, "line": [255, 255, 255, 230], "r": r, "ring": ring,
            "count": count, "place": "", "title": "", "info": ""}


@pytest.mark.parametrize("text, expected", [
    ("types: bombing", [("types: bombing", False)]),
    ("search: الهول", [("search: ", False), ("الهول", True)]),
    ("Paris · باريس (2)", [("Paris · ", False), ("باريس", True), (" (2)", False)]),
    ("places: مخيم الهول, Raqqa", [("places: ", False), ("مخيم الهول", True), (", Raqqa", False)]),
    ("«دير الزور» (3)", [("«", False), ("دير الزور", True), ("» (3)", False)]),
])
def test_a_mixed_line_is_cut_into_script_runs_in_reading_order(text, expected):
    assert mapimage.runs(text) == expected
    assert "".join(p for p, _ in mapimage.runs(text)) == text  # nothing is lost or reordered


def test_the_mark_is_drawn_in_its_type_colour_where_the_place_is():
    recs = [mark(41.146, 36.378, "arrest"), mark(44.401, 33.341, "attack")]
    img = png(recs)
    frame = mapimage._Frame(recs)
    for r, etype in zip(recs, ("arrest", "attack")):
        x, y = frame.xy(r["lon"], r["lat"])
        want = np.array([int(color(etype)[i:i + 2], 16) for i in (1, 3, 5)])
        assert np.abs(img[int(y), int(x)] - want).max() <= 12, etype
    # the marks sit inside the map band, away from its edges
    for r in recs:
        x, y = frame.xy(r["lon"], r["lat"])
        assert 100 < x < mapimage.WIDTH - 100 and mapimage.MAP_TOP + 40 < y < mapimage.MAP_BOTTOM - 40


def test_the_caption_is_written_above_the_map_and_changes_only_that_band():
    recs = [mark(41.146, 36.378)]
    plain = png(recs, caption="")
    with_caption = png(recs, caption="13 of 200 events · filters: types: arrest · search: الهول")
    band = slice(60, mapimage.MAP_TOP)
    assert (np.abs(plain[band] - with_caption[band]).max(axis=2) > 60).sum() > 300  # text was written
    assert np.array_equal(plain[mapimage.MAP_TOP:], with_caption[mapimage.MAP_TOP:])


def test_a_mark_of_several_events_carries_its_count():
    one, many = png([mark(41.146, 36.378, r=20)]), png([mark(41.146, 36.378, count=37, r=20)])
    frame = mapimage._Frame([mark(41.146, 36.378)])
    x, y = (int(v) for v in frame.xy(41.146, 36.378))
    patch = (slice(y - 12, y + 12), slice(x - 14, x + 14))
    # white figures with a dark halo inside the mark
    assert (many[patch].min(axis=2) > 235).sum() > 10 and (one[patch].min(axis=2) > 235).sum() == 0


def test_rings_of_vague_places_can_be_left_out():
    recs = [mark(38.5, 35.0, "statement", ring=300_000.0)]
    with_ring, without = png(recs, rings=True), png(recs, rings=False)
    frame = mapimage._Frame(recs)
    x, y = frame.xy(38.5, 35.0)
    edge = int(x + frame.metres(300_000.0, 35.0) * 0.8)  # inside the ring, outside the mark
    assert not np.array_equal(with_ring[int(y), edge], without[int(y), edge])


def test_overlapping_names_are_written_once_busiest_first():
    recs = [mark(41.146, 36.378, count=9), mark(41.15, 36.38, count=2)]
    labels = [{"lon": 41.146, "lat": 36.378, "text": "Al-Hol camp", "dy": -16},
              {"lon": 41.15, "lat": 36.38, "text": "Al-Hol", "dy": -16}]
    both, first = png(recs, labels=labels), png(recs, labels=labels[:1])
    assert np.array_equal(both, first)


def test_the_sample_map_has_its_legend_and_an_arabic_caption():
    f = sample_frame()
    recs, _ = mm.map_records(f)
    img = png(recs, caption="search: مخيم الهول", legend=mm.legend_items(f), labels=mm.place_labels(recs))
    legend_band = img[mapimage.MAP_BOTTOM + 18:mapimage.MAP_BOTTOM + 40]
    for _, hexcol, _ in mm.legend_items(f):
        want = np.array([int(hexcol[i:i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(legend_band - want).max(axis=2) <= 10).sum() > 40, hexcol


@pytest.mark.parametrize("n, text", [(2, "2"), (999, "999"), (1000, "1k"), (4230, "4.2k"),
                                     (12_400, "12k"), (1_000_000, "1M"), (1_340_000, "1.3M")])
def test_counts_are_written_short(n, text):
    assert mm.count_text(n) == text


def test_the_basemap_names_are_written_in_light_grey_where_no_event_name_is():
    frame = sample_frame()
    records, _ = mm.map_records(frame)
    names = mm.place_labels(records)
    basemap = mm.basemap_labels(mm.opening_view(records), names)
    assert any(b["kind"] == "country" for b in basemap)
    plain, labelled = png(records, labels=names), png(records, labels=names, basemap=basemap)
    changed = np.abs(labelled - plain).max(axis=2) > 30
    assert changed.any()
    # the change is the basemap's grey ink, inside the map band
    ys, xs = np.nonzero(changed)
    assert mapimage.MAP_TOP <= ys.min() and ys.max() < mapimage.MAP_BOTTOM
    grey = labelled[changed]
    assert (np.abs(grey - np.array([120, 128, 136])).max(axis=1) < 90).mean() > 0.5
