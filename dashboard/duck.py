"""Events from a Parquet dataset, read through DuckDB — the event source for data too large for pandas.

``marsad serve --source DIR/`` serves a (hive-partitioned) Parquet dataset of events: DuckDB,
in-process, scans it where it lies, and every view asks it only for what it shows — the filters
are one SQL ``WHERE`` built from :class:`~dashboard.filters.FilterState` and the facet table
(:mod:`dashboard.facets`), facet counts one ``GROUPING SETS`` query, the timeline counts per
(type, first day, last day) and the map counts per (place, type); the table gets at most
``tables.MAX_ROWS`` rows. Nothing of the size of the dataset comes back to Python.

Curation stays in SQLite: events an analyst edited, verified, rejected or added by hand in the
store (``--db``) replace the dataset's row of the same ``event_id`` (or are added).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.facets import FACETS, Facet
from dashboard.filters import EARTH_RADIUS_KM, ROLE_COLUMNS, FilterState, place_point
from dashboard.search import SEARCH_TEXT_COLUMNS, search_words, word_regex

LIST_COLUMNS = ("actors",)
RESULT_CACHE = 32  # filter states whose counts are kept


class SourceError(Exception):
    """The dataset cannot be read (no such folder, no Parquet files, unreadable files)."""


@dataclass
class SqlCounts(Mapping[str, int]):
    """A facet's counts (value → events) as returned by SQL."""

    counts: dict[str, int]

    def __getitem__(self, value: str) -> int:
        return self.counts[value]

    def get(self, value: str, default: int = 0) -> int:  # type: ignore[override]
        return self.counts.get(value, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)


@dataclass
class SourceResult:
    """What a rerun needs about the filtered events, without their rows."""

    count: int
    dated: int
    located: int
    first_day: int | None  # days since 1970-01-01 of the earliest start, None when none dated
    last_day: int | None
    facets: dict[str, SqlCounts]

    @property
    def undated(self) -> int:
        return self.count - self.dated


def _column(f: Facet) -> str:
    """The SQL expression of a facet's value (a missing cell counts as ``f.missing``)."""
    if f.missing is None:
        return f.column
    return f"coalesce(nullif({f.column}, ''), '{f.missing}')"


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class DatasetSource:
    """A DuckDB view ``events`` over the Parquet files under ``directory`` (curated rows on top)."""

    def __init__(self, directory: str | Path, store_path: str | Path | None = None):
        import duckdb

        self.directory = Path(directory)
        files = sorted(self.directory.glob("**/*.parquet")) if self.directory.is_dir() else []
        if not files:
            raise SourceError(f"{self.directory}: no Parquet files found — write a dataset with "
                              "`marsad synth --dataset DIR` or `marsad export`, or point --source at one")
        self.con = duckdb.connect(":memory:")
        self._lock = threading.Lock()  # one DuckDB connection, used by one query at a time
        # the hive layout's files only (a writer's hidden temporary folder is not part of it);
        # any other folder of Parquet files is read whole
        hive = next(self.directory.glob("year=*/month=*/*.parquet"), None) is not None
        pattern = ("year=*", "month=*", "*.parquet") if hive else ("**", "*.parquet")
        glob = str(self.directory.resolve().joinpath(*pattern)).replace("'", "''")
        try:
            self.con.execute(f"CREATE VIEW dataset AS SELECT * FROM read_parquet('{glob}', "
                             "hive_partitioning = false, union_by_name = true)")
            self.curated = self._register_curated(store_path)
            if self.curated:
                self.con.execute("CREATE VIEW events AS SELECT * FROM dataset WHERE event_id NOT IN "
                                 "(SELECT event_id FROM curated) UNION ALL BY NAME SELECT * FROM curated")
            else:
                self.con.execute("CREATE VIEW events AS SELECT * FROM dataset")
            self.columns = {r[0] for r in self.con.execute("DESCRIBE events").fetchall()}
            self.n = int(self._one("SELECT count(*) FROM events")[0])
        except duckdb.Error as exc:
            raise SourceError(f"{self.directory}: not a readable events dataset ({exc})") from exc
        self._options: dict[str, list[str]] = {}
        totals = self.facet_counts(FilterState(show_rejected=True), only_unfiltered=True)
        for f in FACETS:
            c = totals[f.name].counts
            self._options[f.name] = sorted(c, key=lambda v: (-c[v], v))
        self.place_points = {str(p): (float(a), float(b)) for p, a, b in self._all(
            "SELECT place_name, median(lat), median(lon) FROM events WHERE place_name IS NOT NULL "
            "AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY place_name")}
        self.place_ar = {str(p): str(a) for p, a in self._all(
            "SELECT place_name, any_value(place_name_ar) FROM events WHERE place_name IS NOT NULL "
            "AND place_name_ar IS NOT NULL GROUP BY place_name")}
        self.article_titles: dict[str, str] = {}
        first, last, undated = self._one("SELECT min(date_start), max(coalesce(date_end, date_start)), "
                                         "count(*) FILTER (WHERE date_start IS NULL) FROM events")
        self._days = None if first is None else (_day(first), _day(last))
        self.undated_total = int(undated)
        self._results: dict[tuple[FilterState, bool], SourceResult] = {}

    # -- plumbing -----------------------------------------------------------------------------

    def _register_curated(self, store_path: str | Path | None) -> int:
        """The store's curated events as a DuckDB table ``curated``; returns how many."""
        if store_path is None or not Path(store_path).exists():
            return 0
        import pyarrow as pa

        from events.store import Store, _parquet_columns, _parquet_schema, event_columns

        with Store.read_only(store_path) as store:
            events = store.curated_events()
        if not events:
            return 0
        table = pa.table(_parquet_columns(event_columns(events)), schema=_parquet_schema())
        self.con.register("curated", table)
        return len(events)

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.con.execute(sql, list(params)).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        return self._all(sql, params)[0]

    def _frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self._lock:
            return self.con.execute(sql, list(params)).df()

    def options(self, name: str) -> list[str]:
        """A facet's values over the whole dataset, most frequent first."""
        return self._options[name]

    def day_range(self) -> tuple[int, int] | None:
        """First and last day (days since 1970-01-01) of the dated events, None when none is."""
        return self._days  # type: ignore[return-value]

    # -- the filters as SQL -------------------------------------------------------------------

    def where(self, state: FilterState, skip: str | None = None) -> tuple[str, list[Any]]:
        """``WHERE`` clause and parameters for every filter of ``state`` but the facet ``skip``."""
        parts: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            parts.append(sql)
            params.extend(values)

        for f in FACETS:
            chosen = state.chosen(f.name)
            if not chosen or f.name == skip:
                continue
            if f.column == "actors":
                self._actor_sql(state, add)
            else:
                add(f"{_column(f)} IN ({_marks(len(chosen))})", *chosen)
        if state.date_from is not None or state.date_to is not None or not state.include_undated:
            dated = ["date_start IS NOT NULL"]
            values: list[Any] = []
            if state.date_from is not None:
                dated.append("coalesce(date_end, date_start) >= ?")
                values.append(state.date_from)
            if state.date_to is not None:
                dated.append("date_start <= ?")
                values.append(state.date_to)
            sql = " AND ".join(dated)
            add(f"(({sql}) OR date_start IS NULL)" if state.include_undated else f"({sql})", *values)
        if state.near_place:
            point = place_point(self, state.near_place)  # type: ignore[arg-type]
            if point is None:
                add("FALSE")
            else:
                lat, lon = map(math.radians, point)
                add("lat IS NOT NULL AND lon IS NOT NULL AND 2 * ? * asin(sqrt(least(1, "
                    "pow(sin((radians(lat) - ?) / 2), 2) + cos(?) * cos(radians(lat)) * "
                    "pow(sin((radians(lon) - ?) / 2), 2)))) <= ?",
                    EARTH_RADIUS_KM, lat, lat, lon, float(state.near_km))
        self._text_sql(state.text, add)
        if not state.show_rejected:
            add("coalesce(status, 'auto') != 'rejected'")
        if state.min_confidence > 0:
            add("coalesce(confidence, 0) >= ?", float(state.min_confidence) - 1e-9)
        return (" AND ".join(parts) if parts else "TRUE"), params

    @staticmethod
    def _actor_sql(state: FilterState, add: Any) -> None:
        role = state.actor_role if state.actor_role in ROLE_COLUMNS else "any"
        if role == "any":
            add("list_has_any(actors, ?::VARCHAR[])", list(state.actors))
        else:
            add(f"{ROLE_COLUMNS[role]} IN ({_marks(len(state.actors))})", *state.actors)
        if state.actor_match == "both" and len(state.actors) > 1:
            for a in state.actors:
                add("list_contains(actors, ?)", a)

    def _text_sql(self, query: str, add: Any) -> None:
        """Every word in a text column, a place name, the type or an actor (as the pandas search)."""
        for alternatives in search_words(query):
            ors: list[str] = []
            values: list[Any] = []
            for w in alternatives:
                rx = word_regex(w)
                for col in (*SEARCH_TEXT_COLUMNS, "place_name", "place_name_ar"):
                    if col in self.columns:
                        ors.append(f"coalesce(regexp_matches({col}, ?), FALSE)")
                        values.append(rx)
                ors.append("regexp_matches(replace(event_type, '_', ' '), ?)")
                ors.append("coalesce(regexp_matches(array_to_string(actors, chr(31)), ?), FALSE)")
                values += [rx, rx]
            add("(" + " OR ".join(ors) + ")", *values)

    # -- what the views ask for ---------------------------------------------------------------

    def facet_counts(self, state: FilterState, *, only_unfiltered: bool = False) -> dict[str, SqlCounts]:
        """Each facet's counts under the *other* filters: the facets without a choice share one
        ``GROUPING SETS`` scan, each facet with a choice gets its own."""
        out: dict[str, SqlCounts] = {}
        plain = [f for f in FACETS if f.column != "actors"]
        free = [f for f in plain if only_unfiltered or not state.chosen(f.name)]
        if free:
            where, params = self.where(state)
            cols = ", ".join(f"{_column(f)} AS c{i}" for i, f in enumerate(free))
            sets = ", ".join(f"(c{i})" for i in range(len(free)))
            flags = ", ".join(f"grouping(c{i})" for i in range(len(free)))
            rows = self._all(f"SELECT {', '.join(f'c{i}' for i in range(len(free)))}, {flags}, count(*) "
                             f"FROM (SELECT {cols} FROM events WHERE {where}) GROUP BY GROUPING SETS ({sets})",
                             params)
            k = len(free)
            found: dict[str, dict[str, int]] = {f.name: {} for f in free}
            for r in rows:
                i = r[k:2 * k].index(0)
                if r[i] is not None:
                    found[free[i].name][str(r[i])] = int(r[-1])
            out.update({name: SqlCounts(c) for name, c in found.items()})
        for f in plain:
            if f.name not in out:
                where, params = self.where(state, skip=f.name)
                out[f.name] = SqlCounts({str(v): int(n) for v, n in self._all(
                    f"SELECT {_column(f)} AS v, count(*) FROM events WHERE {where} AND v IS NOT NULL GROUP BY v",
                    params)})
        out["actors"] = self._actor_counts(state)
        return out

    def _actor_counts(self, state: FilterState) -> SqlCounts:
        where, params = self.where(state, skip="actors")
        if state.actor_role in ROLE_COLUMNS:  # how many events each actor is the doer / target of
            col = ROLE_COLUMNS[state.actor_role]
            sql = f"SELECT {col}, count(*) FROM events WHERE {where} AND {col} IS NOT NULL GROUP BY 1"
        else:  # an actor named twice in one event counts once
            sql = (f"SELECT a, count(*) FROM (SELECT unnest(list_distinct(actors)) AS a FROM events "
                   f"WHERE {where}) GROUP BY a")
        return SqlCounts({str(a): int(n) for a, n in self._all(sql, params) if a is not None})

    def evaluate(self, state: FilterState, *, facets: bool = True) -> SourceResult:
        """How many events match, their day range, and (by default) every facet's counts.

        Kept per filter state (the dataset does not change under a running source), so a rerun
        with the same filters asks DuckDB nothing.
        """
        key = (state, facets)
        if key not in self._results:
            if len(self._results) >= RESULT_CACHE:
                self._results.pop(next(iter(self._results)))
            self._results[key] = self._evaluate(state, facets)
        return self._results[key]

    def _evaluate(self, state: FilterState, facets: bool) -> SourceResult:
        where, params = self.where(state)
        count, dated, located, first, last = self._one(
            "SELECT count(*), count(date_start), count(*) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL), "
            f"min(date_start), max(coalesce(date_end, date_start)) FROM events WHERE {where}", params)
        return SourceResult(int(count), int(dated), int(located), _day(first), _day(last),
                            self.facet_counts(state) if facets else {})

    def rows(self, state: FilterState, columns: Iterable[str], *, extra: str = "TRUE",
             limit: int | None = None) -> pd.DataFrame:
        """The matching events (newest first, undated last), only ``columns``, at most ``limit``."""
        where, params = self.where(state)
        cols = [c for c in dict.fromkeys(["event_id", *columns]) if c in self.columns]
        sql = (f"SELECT {', '.join(cols)} FROM events WHERE {where} AND {extra} "
               "ORDER BY date_start IS NULL, date_start DESC, event_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return _typed(self._frame(sql, params))

    def timeline_groups(self, state: FilterState, lane_by: str) -> pd.DataFrame:
        """Dated events counted per (lane, first day, last day): what the timeline bins."""
        where, params = self.where(state)
        lane = {"actor": "unnest(CASE WHEN len(actors) > 0 THEN list_distinct(actors) ELSE ['(no actor)'] END)",
                "place": "coalesce(place_name, '(no place)')"}.get(lane_by, "event_type")
        name = "event_type" if lane == "event_type" else "lane"
        df = self._frame(
            f"SELECT {name}, date_start, date_end, count(*) AS _n FROM (SELECT {lane} AS {name}, date_start, "
            f"coalesce(date_end, date_start) AS date_end FROM events WHERE {where} AND date_start IS NOT NULL) "
            "GROUP BY ALL ORDER BY date_start", params)
        return _typed(df)

    def map_groups(self, state: FilterState) -> pd.DataFrame:
        """Located events counted per (place, coordinates, precision, type), with the newest
        headline and the date range of each group: what the map bins."""
        where, params = self.where(state)
        return _typed(self._frame(
            "SELECT lat, lon, geo_precision, event_type, any_value(place_name) AS place_name, "
            "any_value(place_name_ar) AS place_name_ar, arg_max(headline, date_start) AS headline, "
            "min(date_start) AS date_start, max(coalesce(date_end, date_start)) AS date_end, "
            f"max(confidence) AS confidence, count(*) AS _n FROM events WHERE {where} "
            "AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY lat, lon, geo_precision, event_type", params))


def _day(value: Any) -> int | None:
    if value is None:
        return None
    return int(np.datetime64(value, "D").astype(np.int64))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """DuckDB's frame in the events frame's types: datetimes, lists, categories as text."""
    for col in ("date_start", "date_end", "published"):
        if col in df:
            df[col] = pd.to_datetime(df[col], errors="coerce")
    for col in LIST_COLUMNS:
        if col in df:
            df[col] = [list(v) if v is not None and not isinstance(v, float) else [] for v in df[col]]
    return df
