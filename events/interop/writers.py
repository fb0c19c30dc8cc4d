"""Exports in the formats analysts present with: TimelineJS3 JSON, KML 2.2, a kepler.gl map and an
ACLED-shaped CSV (beside CSV/JSONL/GeoJSON/Parquet in :mod:`events.exports`).

Each writer takes the column chunks of :mod:`events.exports` (a store is streamed, a frame or a
list comes as one chunk) and writes into a binary stream. What a format cannot hold is left
out and counted: undated events (TimelineJS, ACLED), events without coordinates (KML, kepler).
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, BinaryIO
from xml.sax.saxutils import escape as xml_escape

from events.schema import EVENT_TYPES, FIELDS

INTEROP_FORMATS = ("timelinejs", "kml", "kepler", "acled")
MEDIA_TYPES = {"timelinejs": "application/json", "kml": "application/vnd.google-earth.kml+xml",
               "kepler": "application/json", "acled": "text/csv"}
# Colours of the kepler.gl layer, one per type in EVENT_TYPES order (kepler colours an ordinal
# field by its sorted values; the config lists them so).
_KEPLER_COLORS = ("#d62728", "#ff7f0e", "#9467bd", "#6a3d9a", "#8c564b", "#e377c2", "#1f77b4",
                  "#17becf", "#2ca02c", "#bcbd22", "#f0a30a", "#7f7f7f", "#b0b0b0")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
Columns = dict[str, list[Any]]


@dataclass
class Summary:
    """What an interop export wrote, and what it left out."""

    format: str
    written: int = 0
    undated: int = 0
    without_coordinates: int = 0

    def message(self, target: str = "") -> str:
        where = f" to {target}" if target else ""
        text = f"wrote {self.written} event{'s' if self.written != 1 else ''}{where} ({self.format})"
        if self.undated:
            text += f"; {self.undated} undated event{'s' if self.undated != 1 else ''} left out ({self.format} needs a date)"
        if self.without_coordinates:
            n = self.without_coordinates
            text += (f"; {n} event{'s' if n != 1 else ''} without coordinates "
                     + ("written with empty latitude/longitude" if self.format == "acled"
                        else f"left out ({self.format} places each event on the map)"))
        return text


def _records(cols: Columns) -> Iterable[dict[str, Any]]:
    return (dict(zip(FIELDS, values)) for values in zip(*(cols[f] for f in FIELDS)))


def _located(cols: Columns, summary: Summary) -> Iterable[dict[str, Any]]:
    """The records with coordinates; the others are counted in ``summary.without_coordinates``."""
    for ev in _records(cols):
        if ev["lat"] is None or ev["lon"] is None:
            summary.without_coordinates += 1
            continue
        yield ev


# -- TimelineJS3 ------------------------------------------------------------------------------


def _tl_date(iso: str, precision: str) -> dict[str, int]:
    """A TimelineJS date object at the event's precision (a month is year+month, a year the year)."""
    y, m, d = (int(x) for x in iso.split("-"))
    if precision in ("day", "week"):
        return {"year": y, "month": m, "day": d}
    if precision in ("month", "season"):
        return {"year": y, "month": m}
    return {"year": y}


def timeline_slide(ev: dict[str, Any]) -> dict[str, Any]:
    """One dated event as a TimelineJS3 slide (text HTML-escaped)."""
    start = _tl_date(ev["date_start"], ev["date_precision"])
    end = _tl_date(ev["date_end"], ev["date_precision"])
    lines = [html.escape(ev["sentence"] or "")]
    place = " · ".join(html.escape(p) for p in (ev["place_name"], ev["place_name_ar"]) if p)
    if place:
        lines.append(place)
    if ev["actors"]:
        lines.append(html.escape(", ".join(ev["actors"])))
    slide: dict[str, Any] = {
        "unique_id": ev["event_id"], "start_date": start,
        "text": {"headline": html.escape(ev["headline"] or ev["event_type"].replace("_", " ")),
                 "text": "".join(f"<p>{line}</p>" for line in lines if line)},
        "group": ev["event_type"],
    }
    if end != start:
        slide["end_date"] = end
    if ev["date_text"]:
        slide["display_date"] = html.escape(ev["date_text"])
    return slide


def _write_timelinejs(chunks: Iterable[Columns], fh: BinaryIO, summary: Summary, **_: Any) -> None:
    fh.write(b'{"title": {"text": {"headline": "Marsad events", "text": ""}}, "events": [')
    for cols in chunks:
        parts = []
        for ev in _records(cols):
            if ev["date_start"] is None:
                summary.undated += 1
                continue
            parts.append(json.dumps(timeline_slide(ev), ensure_ascii=False))
        if parts:
            fh.write(((",\n" if summary.written else "\n") + ",\n".join(parts)).encode("utf-8"))
            summary.written += len(parts)
    fh.write(b'\n]}\n')


# -- KML 2.2 ----------------------------------------------------------------------------------


def _x(value: Any) -> str:
    """Text escaped for XML, without the characters XML 1.0 cannot hold."""
    return xml_escape(_XML_BAD.sub("", str(value)))


def kml_placemark(ev: dict[str, Any]) -> str:
    """One located event as a KML Placemark: name, escaped HTML description, TimeSpan, data, point."""
    desc = "".join(f"<p>{html.escape(str(v))}</p>" for v in (
        ev["sentence"], " · ".join(p for p in (ev["place_name"], ev["place_name_ar"]) if p),
        ", ".join(ev["actors"] or [])) if v)
    data = {"event_id": ev["event_id"], "event_type": ev["event_type"], "date_text": ev["date_text"],
            "date_precision": ev["date_precision"], "place_name": ev["place_name"],
            "place_name_ar": ev["place_name_ar"], "country": ev["country"], "admin1": ev["admin1"],
            "geo_precision": ev["geo_precision"], "actors": "; ".join(ev["actors"] or []) or None,
            "killed": (ev["counts"] or {}).get("killed"), "source": ev["source"], "url": ev["url"]}
    parts = [f"<Placemark><name>{_x(ev['headline'] or ev['event_type'])}</name>",
             f"<description>{_x(desc)}</description>"]
    if ev["date_start"]:
        parts.append(f"<TimeSpan><begin>{ev['date_start']}</begin><end>{ev['date_end']}</end></TimeSpan>")
    parts.append("<ExtendedData>" + "".join(
        f'<Data name="{k}"><value>{_x(v)}</value></Data>' for k, v in data.items() if v not in (None, "")) + "</ExtendedData>")
    parts.append(f"<Point><coordinates>{ev['lon']!r},{ev['lat']!r}</coordinates></Point></Placemark>")
    return "".join(parts)


def _write_kml(chunks: Iterable[Columns], fh: BinaryIO, summary: Summary, **_: Any) -> None:
    fh.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
             b"<Document><name>Marsad events</name>\n")
    for cols in chunks:
        parts = [kml_placemark(ev) for ev in _located(cols, summary)]
        if parts:
            fh.write(("\n".join(parts) + "\n").encode("utf-8"))
            summary.written += len(parts)
    fh.write(b"</Document></kml>\n")


# -- kepler.gl --------------------------------------------------------------------------------

_KEPLER_FIELDS = (  # (name, kepler type, format, analyzer type)
    ("event_id", "string", "", "STRING"), ("event_type", "string", "", "STRING"),
    ("date_start", "timestamp", "x", "INT"), ("date_end", "timestamp", "x", "INT"),
    ("date_precision", "string", "", "STRING"), ("date_text", "string", "", "STRING"),
    ("headline", "string", "", "STRING"), ("place_name", "string", "", "STRING"),
    ("place_name_ar", "string", "", "STRING"), ("country", "string", "", "STRING"),
    ("admin1", "string", "", "STRING"), ("lat", "real", "", "FLOAT"), ("lon", "real", "", "FLOAT"),
    ("geo_precision", "string", "", "STRING"), ("actors", "string", "", "STRING"),
    ("killed", "integer", "", "INT"), ("sentence", "string", "", "STRING"),
    ("source", "string", "", "STRING"), ("url", "string", "", "STRING"),
)
DATA_ID = "marsad_events"


def _ms(iso: str | None) -> int | None:
    if iso is None:
        return None
    return int(datetime.combine(date.fromisoformat(iso), datetime.min.time(), timezone.utc).timestamp() * 1000)


def _kepler_row(ev: dict[str, Any]) -> list[Any]:
    values = dict(ev, date_start=_ms(ev["date_start"]), date_end=_ms(ev["date_end"]),
                  actors="; ".join(ev["actors"] or []), killed=(ev["counts"] or {}).get("killed"))
    return [values[name] for name, *_ in _KEPLER_FIELDS]


def kepler_config(first_ms: int | None, last_ms: int | None, lat: float, lon: float) -> dict[str, Any]:
    """The map config: a point layer coloured by type, a time filter over the dates, the view."""
    filters = [] if first_ms is None else [{
        "dataId": [DATA_ID], "id": "date_filter", "name": ["date_start"], "type": "timeRange",
        "value": [first_ms, last_ms], "enlarged": True, "plotType": "histogram",
        "animationWindow": "free", "yAxis": None, "speed": 1}]
    colours = {"name": "Marsad event types", "type": "qualitative", "category": "Custom",
               "colors": [_KEPLER_COLORS[EVENT_TYPES.index(t)] for t in sorted(EVENT_TYPES)]}
    layer = {
        "id": "events", "type": "point",
        "config": {"dataId": DATA_ID, "label": "Events by type", "color": [31, 119, 180],
                   "columns": {"lat": "lat", "lng": "lon", "altitude": None}, "isVisible": True,
                   "visConfig": {"radius": 6, "fixedRadius": False, "opacity": 0.8, "outline": False,
                                 "thickness": 2, "colorRange": colours, "radiusRange": [0, 50], "filled": True},
                   "hidden": False, "textLabel": []},
        "visualChannels": {"colorField": {"name": "event_type", "type": "string"}, "colorScale": "ordinal",
                           "sizeField": None, "sizeScale": "linear"},
    }
    tooltip = [{"name": n, "format": None} for n in ("headline", "event_type", "date_text", "place_name", "actors")]
    return {"version": "v1", "config": {
        "visState": {"filters": filters, "layers": [layer], "layerBlending": "normal", "splitMaps": [],
                     "interactionConfig": {"tooltip": {"enabled": True, "fieldsToShow": {DATA_ID: tooltip},
                                                       "compareMode": False, "compareType": "absolute"},
                                           "brush": {"enabled": False, "size": 0.5},
                                           "geocoder": {"enabled": False}, "coordinate": {"enabled": False}},
                     "animationConfig": {"currentTime": None, "speed": 1}},
        "mapState": {"bearing": 0, "pitch": 0, "latitude": lat, "longitude": lon, "zoom": 4,
                     "dragRotate": False, "isSplit": False},
        "mapStyle": {"styleType": "positron"},
    }}


def _write_kepler(chunks: Iterable[Columns], fh: BinaryIO, summary: Summary, **_: Any) -> None:
    fields = [{"name": n, "type": t, "format": f, "analyzerType": a} for n, t, f, a in _KEPLER_FIELDS]
    fh.write(('{"datasets": [{"version": "v1", "data": {"id": "' + DATA_ID + '", "label": "Marsad events", '
              '"color": [31, 119, 180], "fields": ' + json.dumps(fields) + ', "allData": [').encode("utf-8"))
    first = last = None
    lat_sum = lon_sum = 0.0
    for cols in chunks:
        parts = []
        for ev in _located(cols, summary):
            row = _kepler_row(ev)
            parts.append(json.dumps(row, ensure_ascii=False, allow_nan=False))
            lat_sum, lon_sum = lat_sum + ev["lat"], lon_sum + ev["lon"]
            if ev["date_start"]:
                first = ev["date_start"] if first is None else min(first, ev["date_start"])
                last = ev["date_end"] if last is None else max(last, ev["date_end"])
        if parts:
            fh.write(((",\n" if summary.written else "\n") + ",\n".join(parts)).encode("utf-8"))
            summary.written += len(parts)
    n = summary.written or 1
    config = kepler_config(_ms(first), _ms(last), round(lat_sum / n, 4), round(lon_sum / n, 4))
    info = {"app": "kepler.gl", "source": "Marsad",
            "created_at": datetime.now(timezone.utc).strftime("%a %b %d %Y %H:%M:%S GMT+0000")}
    fh.write(("\n]}}], \"config\": " + json.dumps(config) + ', "info": ' + json.dumps(info) + "}\n").encode("utf-8"))


# -- ACLED ------------------------------------------------------------------------------------


def _write_acled(chunks: Iterable[Columns], fh: BinaryIO, summary: Summary,
                 kept_conn: sqlite3.Connection | None = None, **_: Any) -> None:
    import csv
    import io

    from events.interop import kept
    from events.interop.acled import export_row
    from events.interop.tables import acled_tables, countries
    from events.exports import csv_escape

    t, k = acled_tables(), countries()
    fh.write(("\ufeff" + ",".join(t.columns) + "\r\n").encode("utf-8"))
    for cols in chunks:
        attrs = kept.read(kept_conn, cols["event_id"]) if kept_conn is not None else {}
        buf = io.StringIO(newline="")
        out = csv.writer(buf, lineterminator="\r\n")
        for ev in _records(cols):
            if ev["date_start"] is None:
                summary.undated += 1
                continue
            if ev["lat"] is None:
                summary.without_coordinates += 1
            row = export_row(ev, t, k, attrs.get(ev["event_id"], {}))
            out.writerow([csv_escape(v) if isinstance(v, str) else "" if v is None else v
                          for v in (row[c] for c in t.columns)])
            summary.written += 1
        fh.write(buf.getvalue().encode("utf-8"))


WRITERS: dict[str, Callable[..., None]] = {
    "timelinejs": _write_timelinejs, "kml": _write_kml, "kepler": _write_kepler, "acled": _write_acled,
}


def write(chunks: Iterable[Columns], fmt: str, fh: BinaryIO, *,
          kept_conn: sqlite3.Connection | None = None) -> Summary:
    """Encode column chunks as ``fmt`` (one of INTEROP_FORMATS) into ``fh``. ``kept_conn``: a
    store connection whose kept ACLED attributes the ``acled`` export gives back."""
    summary = Summary(fmt)
    WRITERS[fmt](chunks, fh, summary, kept_conn=kept_conn)
    return summary
