"""A map mark holding several types shows their mix as nested discs (dashboard/mapmix.py)."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image

from dashboard import map as dmap
from dashboard import mapimage, mapmix
from dashboard.palette import rgb
from test_map import deck_json, frame, layer

TYPES = ["arrest", "attack", "statement", "meeting", "protest"]


@pytest.mark.parametrize("counts, expected", [
    # one type: no inner disc
    ([5, 0, 0, 0, 0], []),
    # half and half: the inner disc holds half the area, radius √½ of the mark's
    ([3, 3, 0, 0, 0], [(math.sqrt(0.5), "attack")]),
    # 12 arrests, 5 attacks, 3 statements: discs of √(8/20) and √(3/20)
    ([12, 5, 3, 0, 0], [(math.sqrt(8 / 20), "attack"), (math.sqrt(3 / 20), "statement")]),
    # the most frequent type is outermost whatever its position in the list
    ([1, 0, 6, 0, 0], [(math.sqrt(1 / 7), "arrest")]),
    # four types: each its own colour
    ([8, 4, 2, 2, 0], [(math.sqrt(8 / 16), "attack"), (math.sqrt(4 / 16), "statement"), (math.sqrt(2 / 16), "meeting")]),
])
def test_each_ring_area_is_its_types_share(counts, expected):
    got = mapmix.slices(np.array(counts), TYPES, 215)
    assert [(round(f, 3), c[:3]) for f, c in got] == [(round(f, 3), rgb(t)[:3]) for f, t in expected]
    assert all(c[3] == 215 for _, c in got)


def test_beyond_four_types_the_rest_is_one_pale_disc_at_the_centre():
    got = mapmix.slices(np.array([6, 4, 3, 2, 1]), TYPES, 215)
    assert [c[:3] for _, c in got] == [rgb("attack")[:3], rgb("statement")[:3], rgb("meeting")[:3], list(mapmix.REST)]
    assert got[-1][0] == pytest.approx(math.sqrt(1 / 16), abs=1e-3)


def test_a_mixed_place_gets_discs_in_the_deck_and_a_clean_one_none():
    df = frame([{}, {}, {}, {"event_type": "attack"}, {"lat": 35.95, "lon": 39.01, "event_type": "airstrike"}])
    spec = deck_json(df)
    marks = {r["count"]: r for r in layer(spec, dmap.PICK_LAYER)["data"]}
    discs = layer(spec, mapmix.MIX_LAYER)["data"]
    # al-Hol: 3 arrests and 1 attack → one attack disc inside the arrest mark; Raqqa: none
    assert len(discs) == 1
    hol = marks[4]
    assert (discs[0]["lon"], discs[0]["lat"]) == (hol["lon"], hol["lat"])
    assert discs[0]["fill"][:3] == rgb("attack")[:3]
    assert discs[0]["px"] == pytest.approx(mapmix.mark_radius_px(hol["r"], 1.0) * math.sqrt(0.25), abs=0.01)
    assert not layer(spec, mapmix.MIX_LAYER)["pickable"]  # a click still takes the whole mark


def test_the_map_png_draws_the_inner_disc():
    df = frame([{}, {}, {"event_type": "attack"}, {"event_type": "attack"}])
    records, _ = dmap.map_records(df)
    img = np.asarray(Image.open(io.BytesIO(mapimage.map_png(records))).convert("RGB")).astype(int)
    x, y = mapimage._Frame(records).xy(records[0]["lon"], records[0]["lat"])
    outer, inner = records[0]["fill"], records[0]["mix"][0][1]
    assert outer[:3] != inner[:3]
    rad = max(3.0, min(40.0, float(records[0]["r"])))
    inside = rad * float(records[0]["mix"][0][0])
    centre = img[int(round(y - 0.75 * inside)), int(round(x))]  # above the count written on the mark
    # inside the inner disc: the inner type's colour (blended over the outer one at its alpha)
    assert np.abs(centre - np.array(inner[:3])).max() < np.abs(centre - np.array(outer[:3])).max()
