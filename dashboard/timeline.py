"""Timeline figures (plotly) — pure: an events frame in, a ``go.Figure`` out.

Up to :data:`MAX_MARKS` marks, one mark per event in lanes (by type, actor or place): a day
event is a point, an event known only to a week, month, season or year is a bar over its
interval, planned events are open points / hatched bars. Above it, counts per day, week or month
stacked by type, so what goes to the browser stays bounded (≤ 2 MB) whatever the number of events;
there an event known only to a month, season or year is spread evenly over its interval
(fractional counts) instead of piling up on the interval's first day.
Undated events cannot sit on a time axis: :func:`undated` lists them for the page to show beside.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.bidi import isolate
from dashboard.palette import LOW_CONFIDENCE, TYPE_LABELS, color

MAX_MARKS = 3000  # one mark per event up to here (measured: ≤ ~1 MB of JSON at the cap)
MAX_LANES = 30
LANES = ("type", "actor", "place")
LANE_LABELS = {"type": "Event type", "actor": "Actor", "place": "Place"}
# customdata[0] of an aggregated bar ("~bin:actor" / "~bin:place" for lanes): short, as it is sent
# once per bin and type, and never the start of an event id ("ev_…")
BIN_MARK = "~bin"
DAY_MS = 86_400_000

_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<br>%{customdata[4]}"
    "<extra>%{fullData.name}</extra>"
)


def _clip(values: Iterable[Any], n: int) -> list[str]:
    out = []
    for v in values:
        s = "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
        # plotly renders a subset of HTML (<b>, <a href>, <span style>) in hover labels: escape
        # article text after cutting it, so no entity is cut in half
        out.append(isolate(html.escape(s if len(s) <= n else s[: n - 1] + "…", quote=False)))
    return out


def _actors_text(values: Iterable[Any]) -> list[str]:
    return [", ".join(a) if isinstance(a, (list, tuple, np.ndarray)) else "" for a in values]


def dated(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["date_start"].notna()] if len(frame) else frame


def undated(frame: pd.DataFrame) -> pd.DataFrame:
    """Events without a date: shown beside the timeline, never dropped silently."""
    return frame[frame["date_start"].isna()] if len(frame) else frame


def _busiest(sizes: pd.Series) -> pd.Series:
    """Lane sizes, largest first; equal sizes by name (not by where they first appear)."""
    return sizes.sort_index(kind="stable").sort_values(ascending=False, kind="stable")


def lanes_of(frame: pd.DataFrame, lane_by: str, max_lanes: int = MAX_LANES) -> pd.DataFrame:
    """One row per (event, lane): actors explode (an event with two actors is in two lanes).

    Lanes beyond the ``max_lanes`` busiest are merged into «other …» so the chart stays legible.
    """
    if lane_by not in LANES:
        raise ValueError(f"lane_by must be one of {', '.join(LANES)}, not {lane_by!r}")
    if lane_by == "actor":
        lists = [a if isinstance(a, (list, tuple)) and len(a) else ["(no actor)"] for a in frame["actors"]]
        out = frame.loc[frame.index.repeat([len(a) for a in lists])].copy()
        out["lane"] = [x for a in lists for x in a]
    else:
        out = frame.copy()
        col = "event_type" if lane_by == "type" else "place_name"
        lane = out[col].astype("object")
        if lane_by == "type":
            lane = lane.map(lambda t: TYPE_LABELS.get(t, t))
        out["lane"] = lane.where(lane.notna(), "(no place)" if lane_by == "place" else "(none)")
    counts = _busiest(out["lane"].value_counts())
    if len(counts) > max_lanes:
        keep = set(counts.index[: max_lanes - 1])
        rest = len(counts) - len(keep)
        out["lane"] = out["lane"].where(out["lane"].isin(keep), f"other ({rest} more)")
    return out


def build_timeline(
    frame: pd.DataFrame,
    *,
    lane_by: str = "type",
    presentation: bool = False,
    title: str | None = None,
    max_marks: int = MAX_MARKS,
    highlight: Iterable[str] | None = None,
    window: tuple[Any, Any] | None = None,
    caption: str | None = None,
    n_undated: int | None = None,
    n_dated: int | None = None,
) -> go.Figure:
    """The timeline of ``frame``'s dated events.

    Args:
        frame: events (an ``events_frame()`` or a filtered part of it).
        lane_by: "type", "actor" or "place".
        presentation: larger type and a title, for screenshots.
        title: the title (presentation mode always has one).
        max_marks: above this many marks, counts per day/week/month instead of one mark per event.
        highlight: event ids drawn emphasised (the current selection), others faded.
        window: the time window (first, last day) shaded on the chart, which keeps its context.
        caption: a line stating the filters, written under the title so that the PNG the chart's
            camera button saves says what it shows.
        n_undated, n_dated: the undated / dated events, when ``frame`` does not hold them one
            row each (pre-counted lanes of actors count an event once per actor).

    ``frame`` may also be events already counted: one row per (``event_type`` or ``lane``,
    ``date_start``, ``date_end``) with ``_n`` the number of events it stands for (what a
    dataset source returns); they are always drawn as counts.
    """
    d = dated(frame)
    grouped = "_n" in frame
    rows = lanes_of(d, lane_by) if len(d) and len(d) <= max_marks and not grouped else None
    if rows is not None and len(rows) <= max_marks:
        fig = _marks(rows, set(highlight or ()))
        mode = f"one mark per event, lanes by {LANE_LABELS[lane_by].lower()}"
    elif len(d):
        fig, unit = _counts(d, lane_by)
        by = "type" if lane_by == "type" else LANE_LABELS[lane_by].lower()
        total = n_dated if n_dated is not None else int(d["_n"].sum()) if grouped else len(d)
        mode = f"{total:,} events: counts per {unit}, stacked by {by}"
    else:
        fig = go.Figure()
        fig.add_annotation(text="No dated events under the current filters", showarrow=False,
                           x=0.5, y=0.5, xref="paper", yref="paper")
        mode = "no dated events"
    n_undated = len(frame) - len(d) if n_undated is None else n_undated
    if len(d):
        fig.update_xaxes(range=axis_range(d))
    marks = rows is not None and len(rows) <= max_marks
    # marks are coloured by type whatever the lanes; counts lanes by actor or place are coloured by lane
    legend_title = "Event type" if marks or lane_by == "type" else LANE_LABELS[lane_by]
    _layout(fig, presentation=presentation, title=title, mode=mode, n_undated=n_undated,
            lanes=rows["lane"].nunique() if marks and rows is not None else 0, caption=caption,
            legend_title=legend_title)
    if window is not None:
        shade_window(fig, window)
    return fig


WINDOW_FILL = "rgba(245, 166, 35, 0.20)"


def shade_window(fig: go.Figure, window: tuple[Any, Any]) -> None:
    """Shade the time window (whole days, its last day included) and label it above the chart."""
    lo = pd.Timestamp(window[0])
    hi = pd.Timestamp(window[1]) + pd.Timedelta(days=1)
    fig.add_vrect(x0=_day(lo), x1=_day(hi), fillcolor=WINDOW_FILL, layer="below",
                  line=dict(color="rgba(245, 166, 35, 0.9)", width=1), name="time window")
    fig.add_annotation(x=_day(lo), xref="x", y=1.0, yref="paper", yanchor="bottom",
                       xanchor="left", showarrow=False, font=dict(size=11, color="#9a5b00"),
                       text=f"time window {_day(lo)} – {_day(pd.Timestamp(window[1]))}")


# The days a date axis can show: 4-digit years (what ISO text, plotly and Python's date hold).
_AXIS_MIN, _AXIS_MAX = np.datetime64("0001-01-01", "D"), np.datetime64("9999-12-31", "D")


def axis_range(d: pd.DataFrame) -> list[str]:
    """The x range for dated events: their span padded by 3 % (at least 15 days each side, so a
    few days of data do not zoom to milliseconds), kept within years 1–9999 so that a stored
    date at an extreme (a store written before dates were range-checked) never breaks the chart."""
    start = d["date_start"].to_numpy(dtype="datetime64[D]")
    end = d["date_end"].to_numpy(dtype="datetime64[D]") if "date_end" in d else start
    lo = start.min()
    hi = max(start.max(), end[~np.isnat(end)].max() if (~np.isnat(end)).any() else start.max())
    span = int((hi - lo).astype(np.int64)) + 1
    pad = np.timedelta64(max(15, int(span * 0.03)), "D")
    lo = lo - pad if lo - _AXIS_MIN > pad else _AXIS_MIN
    hi = hi + np.timedelta64(1, "D")
    hi = hi + pad if _AXIS_MAX - hi > pad else _AXIS_MAX
    return [str(np.datetime_as_string(lo, unit="D")), str(np.datetime_as_string(hi, unit="D"))]


def _day(ts: pd.Timestamp) -> str:
    """``YYYY-MM-DD`` with four-digit years (``strftime('%Y')`` writes year 60 as ``60``)."""
    return ts.date().isoformat()


def _marks(rows: pd.DataFrame, highlight: set[str]) -> go.Figure:
    fig = go.Figure()
    start = pd.to_datetime(rows["date_start"])
    end = pd.to_datetime(rows["date_end"]).fillna(start)
    precision = rows["date_precision"].astype("object").to_numpy()
    planned = (rows["tense"].astype("object") == "planned").to_numpy()
    is_point = (precision == "day") & (end == start).to_numpy()
    place = rows["place_name"].astype("object")
    place_ar = rows["place_name_ar"].astype("object") if "place_name_ar" in rows else place
    place_txt = [
        f"{p} — {a}" if isinstance(a, str) and a and isinstance(p, str) else (p if isinstance(p, str) else (a if isinstance(a, str) else "no place"))
        for p, a in zip(place, place_ar)
    ]
    date_txt = rows["date_text"].astype("object") if "date_text" in rows else pd.Series([""] * len(rows))
    when = [
        _day(s) + ("" if p else f" – {_day(e)}") + f" ({pr}{', planned' if pl else ''})"
        + (f" · «{t}»" if isinstance(t, str) and t else "")
        for s, e, p, pr, pl, t in zip(start, end, is_point, precision, planned, date_txt)
    ]
    conf = (pd.to_numeric(rows["confidence"], errors="coerce").fillna(1.0).to_numpy(float)
            if "confidence" in rows else np.ones(len(rows)))
    faint = conf < LOW_CONFIDENCE  # drawn faded, like marks outside a selection
    heads = [h + (f" · low confidence ({c:.2f})" if f else "") for h, f, c in zip(_clip(rows["headline"], 90), faint, conf)]
    custom = np.column_stack([
        rows["event_id"].astype(str).to_numpy(),
        heads,
        _clip(when, 70),
        _clip(place_txt, 50),
        _clip(_actors_text(rows["actors"]), 60),
    ])
    faded = np.array([bool(highlight) and e not in highlight for e in rows["event_id"]])
    faded = faded | faint
    types = rows["event_type"].astype("object").to_numpy()
    # lane names (actors, places) become tick labels, which plotly also renders as HTML
    lanes = np.array([html.escape(str(v), quote=False) for v in rows["lane"]], dtype=object)
    for t in [t for t in TYPE_LABELS if t in set(types)] + sorted(set(types) - set(TYPE_LABELS)):
        sel_t = types == t
        label = TYPE_LABELS.get(t, t)
        shown = False
        pts = sel_t & is_point
        if pts.any():
            fig.add_trace(go.Scatter(
                x=start[pts].dt.strftime("%Y-%m-%d").to_numpy(dtype=str), y=lanes[pts].astype(str), mode="markers",
                name=label, legendgroup=t, showlegend=True,
                marker=dict(
                    color=color(t), size=11, line=dict(width=2, color=color(t)),
                    symbol=np.where(planned[pts], "circle-open", "circle").tolist(),
                    opacity=np.where(faded[pts], 0.25, 0.95).tolist(),
                ),
                customdata=custom[pts], hovertemplate=_HOVER,
            ))
            shown = True
        bars = sel_t & ~is_point
        if bars.any():
            s, e = start[bars], end[bars]
            width = ((e - s).dt.days.to_numpy() + 1) * DAY_MS
            fig.add_trace(go.Bar(
                base=s.dt.strftime("%Y-%m-%d").to_numpy(dtype=str), x=width, y=lanes[bars].astype(str),
                orientation="h", name=label, legendgroup=t, showlegend=not shown, width=0.55,
                marker=dict(
                    color=color(t), line=dict(width=1, color=color(t)),
                    opacity=np.where(faded[bars], 0.2, 0.55).tolist(),
                    # Planned: hatched; past/ongoing: solid.
                    pattern=dict(shape=np.where(planned[bars], "/", "").tolist(), fgcolor="#ffffff",
                                 solidity=0.45, fillmode="overlay"),
                ),
                customdata=custom[bars], hovertemplate=_HOVER,
            ))
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(type="category", categoryorder="array",
                     categoryarray=list(pd.Series(lanes).value_counts().index[::-1]), automargin=True)
    return fig


def bin_unit(first_day: int, last_day: int) -> str:
    """Day bins up to two years, weeks up to fifteen, months up to seventy, years beyond (≤ ~850
    bins for news; a store spanning centuries still gets one bar a year, not tens of thousands)."""
    span = last_day - first_day
    if span <= 731:
        return "day"
    if span <= 15 * 366:
        return "week"
    if span <= 70 * 366:
        return "month"
    return "year"


def _bins(days: np.ndarray, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """Bin start and end (inclusive) as datetime64[D] for each day number."""
    if unit == "day":
        s = days.astype("datetime64[D]")
        return s, s
    if unit == "week":
        monday = days - ((days + 3) % 7)  # 1970-01-01 was a Thursday
        s = monday.astype("datetime64[D]")
        return s, s + np.timedelta64(6, "D")
    m = days.astype("datetime64[D]").astype("datetime64[M]" if unit == "month" else "datetime64[Y]")
    return m.astype("datetime64[D]"), (m + 1).astype("datetime64[D]") - np.timedelta64(1, "D")


SPREAD_LABEL = "events (spread over their date interval)"


def spread_counts(start_day: np.ndarray, end_day: np.ndarray, unit: str,
                  weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Events per bin, each event spread uniformly over the days of its interval.

    An event known only to a month, season or year is one event somewhere in that interval;
    counting it on its first day draws a spike on the 1st of each month and on 1 January. Here
    each of its days holds ``1 / days``, so a bin gets the share of the interval it covers and the
    bins of all events still sum to the number of events. A day event counts 1 in its bin.

    Args:
        start_day, end_day: day numbers (days since 1970-01-01); a missing end is the start.
        unit: "day", "week", "month" or "year" (:func:`bin_unit`).
        weights: how many events each interval stands for (default one each).

    Returns:
        ``(bin_start_days, counts, spread_part)``: the bins that hold events (day numbers of
        their first day), the (fractional) number of events in each, and how much of it comes
        from events longer than a day.
    """
    start = np.asarray(start_day, dtype=np.int64)
    end = np.maximum(np.asarray(end_day, dtype=np.int64), start)
    if not len(start):
        empty = np.zeros(0)
        return empty.astype(np.int64), empty, empty
    base = int(start.min())
    width = int(end.max()) - base + 2
    weight = (1.0 if weights is None else np.asarray(weights, dtype=float)) / (end - start + 1)
    # A difference array over days: +w on the first day, -w the day after the last; the running
    # sum is each day's share. Linear in events + days whatever the interval lengths.
    def density(sel: np.ndarray | slice) -> np.ndarray:
        d = (np.bincount(start[sel] - base, weights=weight[sel], minlength=width)
             - np.bincount(end[sel] + 1 - base, weights=weight[sel], minlength=width))
        return np.cumsum(d)[: width - 1]

    days = np.arange(base, base + width - 1, dtype=np.int64)
    bin_of_day = _bins(days, unit)[0].astype(np.int64)
    firsts, which = np.unique(bin_of_day, return_inverse=True)
    total = np.bincount(which, weights=density(slice(None)), minlength=len(firsts))
    longer = end > start
    spread = (np.bincount(which, weights=density(longer), minlength=len(firsts)) if longer.any()
              else np.zeros(len(firsts)))
    keep = total > 1e-9
    # Floating sums of shares: round off the noise (1e-12) so a whole bin shows 12, not 11.999….
    # (+ 0.0 turns a rounded -0.0 into 0.0: the hover would say "of which -0.0")
    return firsts[keep], np.round(total[keep], 6) + 0.0, np.round(spread[keep], 6) + 0.0


def overlap_counts(start_day: np.ndarray, end_day: np.ndarray, unit: str, firsts: np.ndarray,
                   weights: np.ndarray | None = None) -> np.ndarray:
    """How many events overlap each bin of ``firsts`` (bin start days): what selecting a bin takes.

    An event overlaps every bin from the one holding its first day to the one holding its last.
    ``firsts`` must hold every bin any of the events touches (as :func:`spread_counts` returns).
    """
    start = np.asarray(start_day, dtype=np.int64)
    end = np.maximum(np.asarray(end_day, dtype=np.int64), start)
    firsts = np.asarray(firsts, dtype=np.int64)
    if not len(start) or not len(firsts):
        return np.zeros(len(firsts), dtype=np.int64)
    lo = np.searchsorted(firsts, _bins(start, unit)[0].astype(np.int64))
    hi = np.searchsorted(firsts, _bins(end, unit)[0].astype(np.int64))
    diff = (np.bincount(lo, weights=weights, minlength=len(firsts) + 1)
            - np.bincount(hi + 1, weights=weights, minlength=len(firsts) + 1))
    return np.rint(np.cumsum(diff)[: len(firsts)]).astype(np.int64)


LANE_COLORS = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2", "#ff9da6",
               "#9d755d", "#bab0ac")  # lanes other than types (actors, places): a qualitative set


MAX_COUNT_LANES = 12  # stacked lanes in count mode: beyond, «other (N more)»


def _count_groups(d: pd.DataFrame, lane_by: str) -> tuple[pd.DataFrame, str]:
    """Rows to count and the column grouping them: types, or lanes (an actor event once per actor)."""
    if lane_by == "type" or lane_by not in LANES:
        return d, "event_type"
    if "lane" in d and "_n" in d:  # already one row per lane: merge all but the busiest
        sizes = _busiest(d.groupby("lane", sort=False)["_n"].sum())
        if len(sizes) > MAX_COUNT_LANES:
            keep = set(sizes.index[: MAX_COUNT_LANES - 1])
            d = d.assign(lane=d["lane"].where(d["lane"].isin(keep), f"other ({len(sizes) - len(keep)} more)"))
        return d, "lane"
    return lanes_of(d, lane_by, max_lanes=MAX_COUNT_LANES), "lane"


def _counts(d: pd.DataFrame, lane_by: str = "type") -> tuple[go.Figure, str]:
    rows, group = _count_groups(d, lane_by)
    start = rows["date_start"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    if "date_end" in rows:
        e = rows["date_end"].to_numpy(dtype="datetime64[D]")
        end = np.where(np.isnat(e), start, e.astype(np.int64))
    else:
        end = start
    unit = bin_unit(int(start.min()), int(max(end.max(), start.max())))
    codes, uniques = pd.factorize(rows[group].astype("object"))
    names = [str(t) for t in uniques]
    weights = rows["_n"].to_numpy(dtype=float) if "_n" in rows else None
    if group == "event_type":
        order = [t for t in TYPE_LABELS if t in names] + sorted(set(names) - set(TYPE_LABELS))
    else:  # busiest lane at the bottom of the stack, «other …» last
        sizes = np.bincount(codes, weights=weights, minlength=len(names))
        order = [names[i] for i in np.lexsort((np.array(names, dtype=object), -sizes))]
    fig = go.Figure()
    any_spread = False
    noun = "events" if group == "event_type" else f"events ({LANE_LABELS[lane_by].lower()} lanes)"
    for k, t in enumerate(order):
        sel = codes == names.index(t)
        w = None if weights is None else weights[sel]
        firsts, n, spread = spread_counts(start[sel], end[sel], unit, w)
        overlap = overlap_counts(start[sel], end[sel], unit, firsts, w)
        any_spread = any_spread or bool(spread.any())
        s_iso = np.datetime_as_string(firsts.astype("datetime64[D]"), unit="D")
        e_iso = np.datetime_as_string(_bins(firsts, unit)[1], unit="D")
        label = TYPE_LABELS.get(t, t) if group == "event_type" else t
        # Numbers, not sentences, per bin: at a million events there are ~3,000 bins to send.
        mark = BIN_MARK if group == "event_type" else f"{BIN_MARK}:{lane_by}"
        custom = np.column_stack([np.full(len(s_iso), mark), np.full(len(s_iso), t), s_iso, e_iso,
                                  np.round(spread, 1).astype(str), overlap.astype(str)])
        safe = html.escape(label, quote=False)
        fig.add_trace(go.Bar(
            x=s_iso, y=np.round(n, 3), name=safe,
            marker_color=color(t) if group == "event_type" else LANE_COLORS[k % len(LANE_COLORS)],
            customdata=custom,
            hovertemplate=f"<b>{safe}</b><br>%{{customdata[2]}} – %{{customdata[3]}}"
                          f"<br><b>%{{customdata[5]}} {noun} in this {unit}</b> (a click selects them)"
                          f"<br>%{{y:,.1~f}} {SPREAD_LABEL}<br>of which %{{customdata[4]}} from events known"
                          " only to a longer interval<extra></extra>",
        ))
    fig.update_layout(barmode="stack", bargap=0.05)
    fig.update_yaxes(title_text=f"events per {unit}" + (" (longer intervals spread)" if any_spread else ""))
    return fig, unit


LEGEND_ROW_PX = (29, 36)  # a legend entry's height at the normal and the presentation font size


def legend_entries(fig: go.Figure) -> int:
    """How many entries the figure's legend lists (one per legend group or unnamed trace shown)."""
    seen = set()
    for k, tr in enumerate(fig.data):
        if tr.showlegend is not False:
            seen.add(tr.legendgroup or tr.name or k)
    return len(seen)


def chart_height(fig: go.Figure, *, lanes: int, presentation: bool, caption: bool) -> int:
    """Tall enough for every lane and for the whole legend beside them (plotly would cut a legend
    taller than the plot area and hide the rest behind a scroll bar)."""
    top = (80 if presentation else 60) + (22 if caption else 0)
    legend = 40 + LEGEND_ROW_PX[presentation] * legend_entries(fig)  # its title, then the entries
    # the plot area is the height less the margins, the date ticks and the range slider
    need = top + 10 + (0 if presentation else 60) + legend + 40
    return max(360, min(1100, 150 + 30 * lanes), min(1100, need)) + (80 if presentation else 0)


def _layout(fig: go.Figure, *, presentation: bool, title: str | None, mode: str, n_undated: int,
            lanes: int, caption: str | None = None, legend_title: str = "Event type") -> None:
    base = 18 if presentation else 13
    heading = html.escape(title, quote=False) if title else ("Timeline" if presentation else None)
    sub = mode + (f" · {n_undated:,} undated events listed beside" if n_undated else "")
    if caption:  # filter values come from the URL: plotly renders some HTML, so escape them
        sub += "<br>" + html.escape(caption if len(caption) <= 220 else caption[:219] + "…", quote=False)
    fig.update_layout(
        title=dict(text=(f"{heading}<br><sup>{sub}</sup>" if heading else f"<sup>{sub}</sup>"),
                   x=0.01, xanchor="left"),
        font=dict(size=base, family="Noto Sans, Noto Sans Arabic, sans-serif"),
        legend=dict(title_text=legend_title, orientation="v", font=dict(size=base - 1)),
        showlegend=True,
        height=chart_height(fig, lanes=lanes, presentation=presentation, caption=bool(caption)),
        margin=dict(l=10, r=10, t=(80 if presentation else 60) + (22 if caption else 0), b=10),
        hoverlabel=dict(font_size=base, align="left"),
        hovermode="closest",
    )
    # a slide shows no range slider (its handles are controls, not data)
    fig.update_xaxes(type="date", rangeslider=dict(visible=not presentation, thickness=0.08), title_text=None)


def selected_event_ids(selection: Mapping[str, Any] | None, frame: pd.DataFrame) -> set[str]:
    """Event ids behind a plotly selection (``st.plotly_chart(on_select=…)``'s ``selection``).

    A mark carries its event id; an aggregated bar (group, bin) stands for every event of that
    group in ``frame`` whose date interval overlaps the bin — exactly the number its tooltip
    gives. A group is a type, or an actor/place lane (``frame`` then needs the actors or places).
    """
    if not selection:
        return set()
    ids: set[str] = set()
    bins: dict[str, list[tuple[str, str, str]]] = {}
    for p in selection.get("points", []) or []:
        cd = p.get("customdata")
        if not cd:
            continue
        if str(cd[0]).startswith(BIN_MARK) and len(cd) >= 4:
            by = str(cd[0]).partition(":")[2] or "event_type"
            bins.setdefault(by, []).append((str(cd[1]), str(cd[2]), str(cd[3])))
        else:
            ids.add(str(cd[0]))
    for by, wanted in bins.items():
        if not len(frame):
            break
        rows = frame if by == "event_type" else lanes_of(dated(frame), by, max_lanes=MAX_COUNT_LANES)
        start = rows["date_start"]
        # an interval event is spread over its bins, so a bin stands for every event overlapping it
        end = rows["date_end"].fillna(start) if "date_end" in rows else start
        groups = rows[by if by == "event_type" else "lane"].astype("object")
        for t, a, b in wanted:
            m = (groups == t) & (start <= pd.Timestamp(b)) & (end >= pd.Timestamp(a))
            ids.update(rows.loc[m, "event_id"].astype(str))
    return ids


def figure_bytes(fig: go.Figure) -> int:
    """Size of the JSON Streamlit sends for this figure."""
    import plotly.io as pio

    return len(pio.to_json(fig, validate=False).encode("utf-8"))
