"""Presentation mode, in AppTest: an editable title and subtitle in the URL, one view per slide,
no controls in the slide (range slider, row checkboxes), the legend kept."""

from __future__ import annotations

import json

import pytest

from test_app import db, run  # noqa: F401


def events_tables(at) -> list:
    """The events table (its columns tell it from the undated list; without selection it has no id)."""
    return [d for d in at.dataframe if "sentence" in d.value.columns]


def spec(at) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def test_title_and_subtitle_from_the_url_head_the_slide(db):
    at = run({"present": "1", "title": "الاعتقالات في شمال شرق سوريا", "subtitle": "Arrests & prison breaks, 2022–2024"})
    assert at.title[0].value == "الاعتقالات في شمال شرق سوريا"
    assert any("Arrests & prison breaks, 2022–2024" in m.value for m in at.markdown)


def test_editing_the_title_goes_in_the_url(db):
    at = run()
    at.text_input(key="p_title").input("Islamic State attacks, 2024").run()
    at.toggle(key="present").set_value(True).run()
    assert at.title[0].value == "Islamic State attacks, 2024"
    assert at.query_params.get("title") in ("Islamic State attacks, 2024", ["Islamic State attacks, 2024"])


@pytest.mark.parametrize("slide, charts, decks, tables", [
    ("timeline", 1, 0, 0),
    ("map", 0, 1, 0),
    ("table", 0, 0, 1),
    ("all", 1, 1, 1),
])
def test_one_view_per_slide(db, slide, charts, decks, tables):
    at = run({"present": "1", "slide": slide})
    assert len(at.get("plotly_chart")) == charts
    assert len(at.get("deck_gl_json_chart")) == decks
    assert len(events_tables(at)) == tables


def test_a_slide_has_no_controls_but_keeps_the_legend(db):
    at = run({"present": "1"})
    fig = spec(at)
    assert fig["layout"]["xaxis"]["rangeslider"]["visible"] is False
    assert json.loads(at.get("plotly_chart")[0].proto.config)["displayModeBar"] is False
    (table,) = events_tables(at)
    assert not table.proto.selection_mode  # no row checkboxes
    assert any("border-radius:50%" in h.proto.body for h in at.get("html"))  # the map's legend
    normal = run()
    assert events_tables(normal)[0].proto.selection_mode


def test_the_timeline_png_carries_the_filters(db):
    """The chart's camera button saves the figure: its subtitle states the filters."""
    at = run({"type": "arrest", "q": "<b>Kirkuk</b>"})
    title = spec(at)["layout"]["title"]["text"]
    assert "filters: all dates · types: arrest · search: “&lt;b&gt;Kirkuk&lt;/b&gt;”" in title
    assert "<b>Kirkuk" not in title
