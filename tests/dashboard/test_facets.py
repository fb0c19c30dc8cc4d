"""Every facet is declared once (dashboard/facets.py): its filter, link, sidebar widget and caption
wording all follow from that line — checked here facet by facet, on the page and in the URL."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dash_sample import EN_TITLE, sample_articles, sample_events
from dashboard.bidi import unisolated
from dashboard.edit import md_escape
from dashboard.facets import FACETS, NO_VALUE
from dashboard.filters import FilterState
from dashboard.state import ViewState, from_query_string, to_query_string
from test_app import db  # noqa: F401 - the sample store as $MARSAD_DB

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
EN_ARTICLE = sample_articles()[1].id

# facet, a value of the sample events, how the caption states the choice
CHOICES = [
    ("actors", "Islamic State", "actors: Islamic State"),
    ("places", "Kirkuk", "places: Kirkuk"),
    ("types", "prison_break", "types: prison break"),
    ("countries", "IQ", "countries: IQ"),
    ("outlets", "البوابة نيوز", "outlets: البوابة نيوز"),
    ("articles", EN_ARTICLE, f"articles: {EN_TITLE}"),
    ("date_precisions", "unknown", "date precision: unknown"),
    ("geo_precisions", "country", "place precision: country"),
]
FACET = {f.name: f for f in FACETS}


def value_of(event, facet: str) -> list[str]:
    """The facet values of a sample event, read from the event record itself."""
    if facet == "actors":
        return list(event.actors)
    column = FACET[facet].column
    v = {"source": event.source, "article_id": event.article_id}.get(column, getattr(event, column, None))
    if v in (None, ""):
        return [FACET[facet].missing] if FACET[facet].missing else []
    return [v]


def test_every_choice_is_a_sample_value_and_every_facet_is_tested():
    assert sorted(c[0] for c in CHOICES) == sorted(f.name for f in FACETS)
    for facet, value, _ in CHOICES:
        assert any(value in value_of(e, facet) for e in sample_events()), (facet, value)


def test_the_filter_state_has_one_field_per_facet_and_links_one_parameter_each():
    names = [f.name for f in fields(FilterState)]
    assert names[: len(FACETS)] == [f.name for f in FACETS]
    assert len({f.param for f in FACETS}) == len(FACETS) and len({f.widget for f in FACETS}) == len(FACETS)
    assert FACET["geo_precisions"].missing == NO_VALUE


@pytest.mark.parametrize("facet, value, wording", CHOICES)
def test_a_facet_round_trips_through_its_own_url_parameter(facet, value, wording):
    view = ViewState(filters=FilterState(**{facet: (value, "x y")}))
    query = to_query_string(view)
    assert query.startswith(f"?{FACET[facet].param}=")
    assert from_query_string(query) == view


@pytest.mark.parametrize("facet, value, wording", CHOICES)
def test_choosing_a_value_in_each_facet_widget_narrows_the_page_and_the_link(db, facet, value, wording):
    f = FACET[facet]
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    widget = at.multiselect(key=f.widget)
    assert widget.label == f.label
    widget.set_value([value]).run()
    assert not at.exception, [e.value for e in at.exception]
    want = {e.event_id for e in sample_events() if e.status != "rejected" and value in value_of(e, facet)}
    table = next(d for d in at.dataframe if d.proto.id and "events_table" in d.proto.id)
    assert set(table.value.index) == want
    captions = [c.value for c in at.get("caption") if "filters:" in c.value]
    assert captions and md_escape(wording) in unisolated(captions[0])  # the caption escapes markdown
    assert at.query_params.get(f.param) in (value, [value])
