"""The dashboard's facets, each declared once: the filter state, the URL, the sidebar, the caption
and both event sources (pandas index, DuckDB over a dataset) are derived from this table.

Adding a facet is one line here (and its place in the sidebar's layout in ``app.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from events.schema import DATE_PRECISIONS, GEO_PRECISIONS

NO_VALUE = "(none)"  # facet label for a missing place / precision
MAX_OPTIONS = 1000  # facet choices offered in a multiselect (the busiest; chosen ones always kept)


@dataclass(frozen=True)
class Facet:
    """One multi-valued filter over a column of the events: choose values, see their counts."""

    name: str  # FilterState attribute holding the chosen values
    column: str  # events-frame column ("actors": the list of names, one match per name)
    param: str  # URL query parameter, repeated per value (``?type=arrest&type=attack``)
    widget: str  # the sidebar multiselect's key (``st-key-<widget>`` in the page)
    label: str  # the sidebar multiselect's label
    wording: str  # how the caption names the choice ("date precision: day")
    key: str = ""  # EventIndex.codes key (defaults to the column)
    missing: str | None = None  # the value a missing cell counts as (None: not counted)
    show: str = "plain"  # how a value is shown: plain, type, place, title (see dashboard.app)
    fixed: tuple[str, ...] = ()  # the sidebar offers these (in this order) instead of the data's values
    help: str | None = None

    @property
    def index_key(self) -> str:
        return self.key or self.column


FACETS: tuple[Facet, ...] = (
    Facet("actors", "actors", "actor", "f_actors", "Actors", "actors"),
    Facet("places", "place_name", "place", "f_places", "Places", "places", key="place", show="place"),
    Facet("types", "event_type", "type", "f_types", "Event types", "types", show="type"),
    Facet("countries", "country", "country", "f_countries", "Countries", "countries"),
    Facet("outlets", "source", "outlet", "f_outlets", "Outlets", "outlets", key="outlet"),
    Facet("articles", "article_id", "article", "f_articles", "Articles", "articles", key="article",
          show="title"),
    Facet("date_precisions", "date_precision", "dprec", "f_dprec", "Date precision", "date precision",
          missing="unknown", fixed=tuple(DATE_PRECISIONS),
          help="Keep only these (e.g. day and week to hide vague dates)."),
    Facet("geo_precisions", "geo_precision", "gprec", "f_gprec", "Place precision", "place precision",
          missing=NO_VALUE, fixed=(*GEO_PRECISIONS, NO_VALUE),
          help="Keep only these (e.g. point and city to hide region/country-level places)."),
)
FACET = {f.name: f for f in FACETS}
