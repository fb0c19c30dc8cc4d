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

from dashboard.facets import FACETS, MAX_OPTIONS, Facet
from dashboard.filters import EARTH_RADIUS_KM, ROLE_COLUMNS, FilterState, place_point
from dashboard.search import SEARCH_TEXT_COLUMNS, search_words, word_regex

LIST_COLUMNS = ("actors",)
RESULT_CACHE = 32  # filter states whose counts are kept
# kept in memory: what filters, facets, the timeline and the map read (not sentences or counts)
FACT_COLUMNS = ("event_id", "event_type", "place_name", "place_name_ar", "country", "source", "article_id",
                "date_precision", "geo_precision", "status", "actor1", "actor2", "date_start",
                "date_end", "lat", "lon", "confidence", "headline")  # and ``ai``: the actors as codes


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

    def __init__(self, directory: str | Path, store_path: str | Path | None = None, *,
                 option_limit: int = MAX_OPTIONS):
        import duckdb

        self.directory = Path(directory)
        files = sorted(self.directory.glob("**/*.parquet")) if self.directory.is_dir() else []
        if not files:
            raise SourceError(f"{self.directory}: no Parquet files found — write a dataset with "
                              "`marsad synth --dataset DIR` or `marsad export`, or point --source at one")
        self.con = duckdb.connect(":memory:")
        self.option_limit = option_limit
        for setting in ("parquet_metadata_cache", "enable_object_cache"):  # footers read once, not per query
            try:
                self.con.execute(f"SET {setting} = true")
            except duckdb.Error:
                pass
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
            # The columns every count filters or groups on, read once into DuckDB's own (compressed,
            # in-memory) storage: a rerun then scans memory, not thousands of Parquet files.
            # The long texts (sentences, article text fields) stay in the files, read for the rows shown.
            kept = [c for c in FACT_COLUMNS if c in self.columns]
            # actors as codes into a sorted list of names: unnesting small integers is ~10× faster
            self.actor_names = [r[0] for r in self.con.execute(
                "SELECT DISTINCT a FROM (SELECT unnest(actors) AS a FROM events) WHERE a IS NOT NULL ORDER BY a"
            ).fetchall()]
            self._actor_code = {a: i + 1 for i, a in enumerate(self.actor_names)}
            self.con.execute(f"CREATE TABLE facts AS SELECT {', '.join(kept)}, list_transform(list_distinct(actors), "
                             "lambda a: list_position(?::VARCHAR[], a)::INTEGER) AS ai FROM events",
                             [self.actor_names])
            self.n = int(self._one("SELECT count(*) FROM facts")[0])
        except duckdb.Error as exc:
            raise SourceError(f"{self.directory}: not a readable events dataset ({exc})") from exc
        self._options, self._full = self._top_values()
        self.place_points = {str(p): (float(a), float(b)) for p, a, b in self._all(
            "SELECT place_name, median(lat), median(lon) FROM facts WHERE place_name IS NOT NULL "
            "AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY place_name")}
        self.place_ar = {str(p): str(a) for p, a in self._all(
            "SELECT place_name, any_value(place_name_ar) FROM facts WHERE place_name IS NOT NULL "
            "AND place_name_ar IS NOT NULL GROUP BY place_name")}
        self.article_titles: dict[str, str] = {}
        first, last, undated = self._one("SELECT min(date_start), max(coalesce(date_end, date_start)), "
                                         "count(*) FILTER (WHERE date_start IS NULL) FROM facts")
        self._days = None if first is None else (_day(first), _day(last))
        self.undated_total = int(undated)
        self._results: dict[tuple[FilterState, bool], SourceResult] = {}
        self._views: dict[tuple, Any] = {}

    # -- plumbing -----------------------------------------------------------------------------

    def _top_values(self) -> tuple[dict[str, list[str]], dict[str, bool]]:
        """Each facet's most frequent values (at most ``option_limit``; one scan), and whether
        that is all of them. A facet with more (articles at millions of events) gets its shown
        values as a table ``opts_<facet>``: its counts are then taken for those values only."""
        plain = [f for f in FACETS if f.column != "actors"]
        k = len(plain)
        cols = ", ".join(f"{_column(f)} AS c{i}" for i, f in enumerate(plain))
        flags = [f"grouping(c{i})" for i in range(k)]
        rows = self._all(
            f"SELECT {', '.join(f'c{i}' for i in range(k))}, {', '.join(flags)}, count(*) AS n "
            f"FROM (SELECT {cols} FROM facts) GROUP BY GROUPING SETS ({', '.join(f'(c{i})' for i in range(k))}) "
            f"QUALIFY row_number() OVER (PARTITION BY {', '.join(flags)} "
            f"ORDER BY n DESC, coalesce({', '.join(f'c{i}' for i in range(k))})) <= ?", [self.option_limit + 1])
        found: dict[str, list[tuple[int, str]]] = {f.name: [] for f in plain}
        for r in rows:
            i = r[k:2 * k].index(0)
            if r[i] is not None:
                found[plain[i].name].append((-int(r[-1]), str(r[i])))
        actors = self._all("SELECT a, count(*) AS n FROM (SELECT unnest(ai) AS a FROM facts) "
                           "WHERE a IS NOT NULL GROUP BY a")
        found["actors"] = [(-int(n), self.actor_names[a - 1]) for a, n in actors]
        options, full = {}, {}
        for name, pairs in found.items():
            pairs.sort()
            full[name] = len(pairs) <= self.option_limit
            options[name] = [v for _, v in pairs[: self.option_limit]]
            if not full[name] and name != "actors":
                import pyarrow as pa

                self.con.register(f"opts_{name}", pa.table({"v": pa.array(options[name], pa.string())}))
        return options, full

    def _register_curated(self, store_path: str | Path | None) -> int:
        """The store's curated events as a DuckDB table ``curated``; returns how many."""
        if store_path is None or not Path(store_path).exists():
            return 0
        import pyarrow as pa

        from events.exports import _parquet_columns, _parquet_schema, event_columns
        from events.store import Store

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

    def _from(self, state: FilterState) -> str:
        """``facts`` (in memory), or ``events`` (the files) when the query needs the long texts."""
        return "events" if search_words(state.text) else "facts"

    def options(self, name: str) -> list[str]:
        """A facet's values over the whole dataset, most frequent first."""
        return self._options[name]

    def day_range(self) -> tuple[int, int] | None:
        """First and last day (days since 1970-01-01) of the dated events, None when none is."""
        return self._days  # type: ignore[return-value]

    # -- the filters as SQL -------------------------------------------------------------------

    def where(self, state: FilterState, skip: str | None = None, rel: str | None = None) -> tuple[str, list[Any]]:
        """``WHERE`` clause and parameters for every filter of ``state`` but the facet ``skip``,
        for the relation ``rel`` (default: the one ``_from`` picks)."""
        codes = (rel or self._from(state)) == "facts"
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
                self._actor_sql(state, add, self._actor_code if codes else None)
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
    def _actor_sql(state: FilterState, add: Any, codes: Mapping[str, int] | None) -> None:
        """The actor filter on names (``actors``) or on their codes (``ai``, in ``facts``)."""
        role = state.actor_role if state.actor_role in ROLE_COLUMNS else "any"
        values: list[Any]
        if codes is None:
            column, values, kind = "actors", list(state.actors), "VARCHAR"
        else:  # a name no event has has no code: it matches nothing
            column, values, kind = "ai", [codes.get(a, -1) for a in state.actors], "INTEGER"
        if role == "any":
            add(f"list_has_any({column}, ?::{kind}[])", values)
        else:
            add(f"{ROLE_COLUMNS[role]} IN ({_marks(len(state.actors))})", *state.actors)
        if state.actor_match == "both" and len(state.actors) > 1:
            for v in values:
                add(f"list_contains({column}, ?::{kind})", v)

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

    def facet_counts(self, state: FilterState) -> dict[str, SqlCounts]:
        """Each facet's counts under the *other* filters: the facets without a choice share one
        ``GROUPING SETS`` scan, each facet with a choice gets its own; a facet with more values
        than the sidebar offers is counted for the offered (and chosen) values only."""
        out: dict[str, SqlCounts] = {}
        plain = [f for f in FACETS if f.column != "actors"]
        free = [f for f in plain if self._full[f.name] and not state.chosen(f.name)]
        if free:
            where, params = self.where(state)
            cols = ", ".join(f"{_column(f)} AS c{i}" for i, f in enumerate(free))
            sets = ", ".join(f"(c{i})" for i in range(len(free)))
            flags = ", ".join(f"grouping(c{i})" for i in range(len(free)))
            rows = self._all(f"SELECT {', '.join(f'c{i}' for i in range(len(free)))}, {flags}, count(*) "
                             f"FROM (SELECT {cols} FROM {self._from(state)} WHERE {where}) GROUP BY GROUPING SETS ({sets})",
                             params)
            k = len(free)
            found: dict[str, dict[str, int]] = {f.name: {} for f in free}
            for r in rows:
                i = r[k:2 * k].index(0)
                if r[i] is not None:
                    found[free[i].name][str(r[i])] = int(r[-1])
            out.update({name: SqlCounts(c) for name, c in found.items()})
        for f in plain:
            if f.name in out:
                continue
            where, params = self.where(state, skip=f.name)
            chosen = list(state.chosen(f.name))
            only = "" if self._full[f.name] else (
                f" AND (v IN (SELECT v FROM opts_{f.name})" + (f" OR v IN ({_marks(len(chosen))}))" if chosen else ")"))
            out[f.name] = SqlCounts({str(v): int(n) for v, n in self._all(
                f"SELECT v, count(*) FROM (SELECT {_column(f)} AS v FROM {self._from(state)} WHERE {where}) "
                f"WHERE v IS NOT NULL{only} GROUP BY v", [*params, *(chosen if only else [])])})
        out["actors"] = self._actor_counts(state)
        return out

    def _actor_counts(self, state: FilterState) -> SqlCounts:
        where, params = self.where(state, skip="actors")
        if state.actor_role in ROLE_COLUMNS:  # how many events each actor is the doer / target of
            col = ROLE_COLUMNS[state.actor_role]
            sql = f"SELECT {col}, count(*) FROM {self._from(state)} WHERE {where} AND {col} IS NOT NULL GROUP BY 1"
        elif self._from(state) == "facts":  # codes (distinct per event: an actor named twice counts once)
            rows = self._all(f"SELECT a, count(*) FROM (SELECT unnest(ai) AS a FROM facts WHERE {where}) GROUP BY a",
                             params)
            return SqlCounts({self.actor_names[a - 1]: int(n) for a, n in rows if a is not None})
        else:
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
            f"min(date_start), max(coalesce(date_end, date_start)) FROM {self._from(state)} WHERE {where}", params)
        return SourceResult(int(count), int(dated), int(located), _day(first), _day(last),
                            self.facet_counts(state) if facets else {})

    def _kept(self, key: tuple, build: Any) -> Any:
        """``build()``, kept per ``key`` (a filter state and the view's arguments): the dataset
        does not change under a running source, so a rerun with nothing changed asks DuckDB nothing."""
        if key not in self._views:
            if len(self._views) >= RESULT_CACHE:
                self._views.pop(next(iter(self._views)))
            self._views[key] = build()
        return self._views[key]

    def rows(self, state: FilterState, columns: Iterable[str], *, extra: str = "TRUE",
             limit: int | None = None) -> pd.DataFrame:
        """The matching events (newest first, undated last), only ``columns``, at most ``limit``
        (kept per state and arguments; callers treat the frame as read-only)."""
        columns = tuple(columns)
        return self._kept(("rows", state, columns, extra, limit), lambda: self._rows(state, columns, extra, limit))

    def _rows(self, state: FilterState, columns: Iterable[str], extra: str, limit: int | None) -> pd.DataFrame:
        """What :meth:`rows` returns, asked of DuckDB.

        With a limit, the newest ``limit`` are found on the dates alone first; the text columns
        are then read only from the files and row groups that can hold them (from that day on).
        """
        cols = [c for c in dict.fromkeys(["event_id", *columns]) if c in self.columns]
        order = " ORDER BY date_start IS NULL, date_start DESC, event_id"
        if limit is None:
            where, params = self.where(state, rel="events")
            return _typed(self._frame(f"SELECT {', '.join(cols)} FROM events WHERE {where} AND {extra}{order}", params))
        where, params = self.where(state)
        last = self._all(f"SELECT date_start FROM {self._from(state)} WHERE {where} AND {extra}{order} LIMIT 1 OFFSET ?",
                         [*params, max(int(limit) - 1, 0)])
        cutoff = last[0][0] if last else None
        since = "" if cutoff is None else " AND date_start >= ?"
        where, params = self.where(state, rel="events")
        return _typed(self._frame(
            f"SELECT {', '.join(cols)} FROM events WHERE {where} AND {extra}{since}{order} LIMIT {int(limit)}",
            [*params, *([cutoff] if cutoff is not None else [])]))

    def timeline_groups(self, state: FilterState, lane_by: str) -> pd.DataFrame:
        """Dated events counted per (lane, first day, last day): what the timeline bins."""
        return self._kept(("timeline", state, lane_by), lambda: self._timeline_groups(state, lane_by))

    def _timeline_groups(self, state: FilterState, lane_by: str) -> pd.DataFrame:
        where, params = self.where(state)
        rel = self._from(state)
        actor_lane = ("unnest(CASE WHEN len(ai) > 0 THEN ai ELSE [0] END)" if rel == "facts" else
                      "unnest(CASE WHEN len(actors) > 0 THEN list_distinct(actors) ELSE ['(no actor)'] END)")
        lane = {"actor": actor_lane, "place": "coalesce(place_name, '(no place)')"}.get(lane_by, "event_type")
        name = "event_type" if lane == "event_type" else "lane"
        df = self._frame(
            f"SELECT {name}, date_start, date_end, count(*) AS _n FROM (SELECT {lane} AS {name}, date_start, "
            f"coalesce(date_end, date_start) AS date_end FROM {self._from(state)} WHERE {where} AND date_start IS NOT NULL) "
            "GROUP BY ALL ORDER BY date_start", params)
        if lane_by == "actor" and rel == "facts":
            names = np.array(["(no actor)", *self.actor_names], dtype=object)
            df["lane"] = names[df["lane"].to_numpy(dtype=np.int64)]
        return _typed(df)

    def map_groups(self, state: FilterState) -> pd.DataFrame:
        """Located events counted per (place, coordinates, precision, type), with the newest
        headline and the date range of each group: what the map bins."""
        return self._kept(("map", state), lambda: self._map_groups(state))

    def _map_groups(self, state: FilterState) -> pd.DataFrame:
        where, params = self.where(state)
        return _typed(self._frame(
            "SELECT lat, lon, geo_precision, event_type, any_value(place_name) AS place_name, "
            "any_value(place_name_ar) AS place_name_ar, arg_max(headline, date_start) AS headline, "
            "min(date_start) AS date_start, max(coalesce(date_end, date_start)) AS date_end, "
            "max(date_start) AS _latest, "
            f"max(confidence) AS confidence, count(*) AS _n FROM {self._from(state)} WHERE {where} "
            "AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY lat, lon, geo_precision, event_type", params))


def _day(value: Any) -> int | None:
    if value is None:
        return None
    return int(np.datetime64(value, "D").astype(np.int64))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """DuckDB's frame in the events frame's types: datetimes, lists, categories as text."""
    for col in ("date_start", "date_end", "published", "_latest"):
        if col in df:
            df[col] = pd.to_datetime(df[col], errors="coerce")
    for col in LIST_COLUMNS:
        if col in df:
            df[col] = [list(v) if v is not None and not isinstance(v, float) else [] for v in df[col]]
    return df
