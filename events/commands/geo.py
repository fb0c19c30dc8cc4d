"""`marsad geocode`, `marsad places`: thin over geo.geocode and geo.find."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from events.cli import CliError
from geo.geocode import GeocodeError, get_geocoder


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "geocode", help="look a place name up (offline gazetteer; Nominatim with --online)",
        description="Candidates for a place name in Arabic or English, best first, from the offline "
                    "gazetteer (GeoNames + curated places). With --online (or MARSAD_ONLINE_GEOCODER=1) "
                    "OpenStreetMap's Nominatim is asked instead, one request a second, answers cached "
                    "in .cache/nominatim.json. Exit status 1 when nothing matches.",
    )
    p.add_argument("query", metavar="QUERY", help="a place name, e.g. 'مخيم الهول' or Hasakah")
    p.add_argument("--json", action="store_true", help="print a JSON list of candidates")
    p.add_argument("--limit", type=int, default=10, help="at most this many candidates (default 10)")
    p.add_argument("--online", action="store_true", default=None,
                   help="use Nominatim (network) instead of the offline gazetteer")
    p.set_defaults(func=cmd_geocode)

    p = sub.add_parser(
        "places", help="find the places named in a text",
        description="Place mentions in an Arabic or English text, with character offsets, the place "
                    "each resolves to, and whether the name stands for a state (metonymy, e.g. "
                    "«أعلنت واشنطن»).",
    )
    p.add_argument("text", nargs="?", metavar="TEXT", help="the text (or use --file)")
    p.add_argument("--file", "-f", metavar="FILE", help="read the text from a UTF-8 file ('-' for stdin)")
    p.add_argument("--json", action="store_true", help="print a JSON list of mentions")
    p.set_defaults(func=cmd_places)


def _candidate(loc) -> dict:
    raw = loc.raw or {}
    if raw.get("source") == "gazetteer":
        keys = ("id", "name", "name_ar", "kind", "country", "admin1", "lat", "lon", "population")
        return {k: raw.get(k) for k in keys}
    # Nominatim
    return {"id": f"osm:{raw.get('osm_type', '?')}/{raw.get('osm_id', '?')}", "name": loc.address,
            "name_ar": None, "kind": raw.get("addresstype") or raw.get("type"), "country": None,
            "admin1": None, "lat": loc.latitude, "lon": loc.longitude, "population": None}


def cmd_geocode(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be 1 or more")
    # geopy's RateLimiter logs every retry with a traceback: the one-line error below is enough
    logging.getLogger("geopy").setLevel(logging.ERROR)
    try:
        geocoder = get_geocoder(online=args.online)
        if geocoder.name == "gazetteer":
            geocoder.limit = args.limit  # type: ignore[attr-defined]
        found = geocoder.geocode(args.query, exactly_one=False) or []
    except GeocodeError as exc:
        raise CliError(str(exc)) from None
    cands = [_candidate(loc) for loc in found][: args.limit]
    if args.json:
        json.dump(cands, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0 if cands else 1
    if not cands:
        print(f"marsad geocode: no place matches {args.query!r}", file=sys.stderr)
        return 1
    for n, c in enumerate(cands, 1):
        ar = f" ({c['name_ar']})" if c.get("name_ar") else ""
        where = ", ".join(x for x in (c.get("admin1"), c.get("country")) if x)
        print(f"{n}. {c['name']}{ar} — {c.get('kind') or '?'}{', ' + where if where else ''} — "
              f"{c['lat']:.4f}, {c['lon']:.4f}  [{c['id']}]")
    return 0


def _read_text(args: argparse.Namespace) -> str:
    if args.file and args.text:
        raise CliError("give either TEXT or --file, not both")
    if args.file == "-":
        return sys.stdin.read()
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            raise CliError(f"{path}: no such file")
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CliError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    if args.text is None:
        raise CliError("give a TEXT or --file FILE")
    return args.text


def cmd_places(args: argparse.Namespace) -> int:
    from geo.find import find_places

    text = _read_text(args)
    mentions = find_places(text)
    if args.json:
        out = [{
            "start": m.start, "end": m.end, "text": m.text, "metonymy": m.metonymy, "score": m.score,
            "place": {"id": m.place.id, "name": m.place.name, "name_ar": m.place.name_ar, "kind": m.place.kind,
                      "country": m.place.country, "admin1": m.place.admin1, "lat": m.place.lat, "lon": m.place.lon},
        } for m in mentions]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if not mentions:
        print("no places found", file=sys.stderr)
        return 0
    for m in mentions:
        p = m.place
        flag = "  (stands for the state)" if m.metonymy else ""
        print(f"{m.start}-{m.end}\t{m.text}\t→ {p.name}{' / ' + p.name_ar if p.name_ar else ''} "
              f"[{p.kind}, {p.country or '-'}] {p.lat:.4f}, {p.lon:.4f} {p.id}{flag}")
    return 0
