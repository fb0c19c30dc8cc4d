"""Parts of a country named by a direction: «جنوب لبنان», «شمال شرقي سوريا», "southern
Lebanon", "north-east Syria", "Nigeria's north", "the north of Syria", «الشمال السوري»,
«شرق البلاد», "the country's north".

Such a part is a region, not the whole country: it is placed at the centre of the third of the
country's towns (GeoNames) that lie furthest in that direction (for the centre: the third
nearest the country's centre), and named from the ``parts`` section of
``data/lexicons/places.yaml``. A direction before a town («جنوب الموصل», "south of Mosul")
is not a part: the town keeps its point.

It works on the normalized words of :mod:`geo.find` (objects with ``word``, ``ns``, ``ne``,
``arabic``) and the normalized text they were cut from.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from geo.arabic import strip_clitics
from geo.context import lexicon
from geo.gazetteer import Gazetteer, Place

_MIN_TOWNS = 9  # fewer towns than this: no part is told from the whole


def is_part(place: Place) -> bool:
    """Whether a place is a part of a country made by :func:`part_of`."""
    return is_part_id(place.id)


def is_part_id(place_id: str | None) -> bool:
    """Whether a place id (an event's ``place_id``) is that of a part of a country."""
    return bool(place_id) and "#part:" in place_id  # type: ignore[operator]


def part_of(gz: Gazetteer, country: Place, bearing: float | None) -> Place | None:
    """The part of ``country`` in the direction ``bearing`` (degrees; None: its centre)."""
    pts = gz.towns_of(country.country or "")
    if len(pts) < _MIN_TOWNS:
        return None
    lat0, lon0 = country.lat, country.lon
    c = math.cos(math.radians(lat0))
    if bearing is None:
        def score(p: tuple[float, float]) -> float:
            return -(((p[1] - lon0) * c) ** 2 + (p[0] - lat0) ** 2)
    else:
        th = math.radians(bearing)

        def score(p: tuple[float, float]) -> float:
            return (p[1] - lon0) * c * math.sin(th) + (p[0] - lat0) * math.cos(th)
    third = sorted(pts, key=score)[-max(3, len(pts) // 3):]
    lat = sum(p[0] for p in third) / len(third)
    lon = sum(p[1] for p in third) / len(third)
    lx = lexicon()
    way = "centre" if bearing is None else f"{bearing:g}"
    en, ar = lx.part_names_en.get(bearing), lx.part_names_ar.get(bearing)
    return Place(id=f"{country.id}#part:{way}", name=f"{en} {country.name}" if en else country.name,
                 name_ar=f"{ar} {country.name_ar}" if ar and country.name_ar else None, kind="region",
                 country=country.country, admin1=None, lat=round(lat, 4), lon=round(lon, 4), population=0)


def _forms(word: str, arabic: bool, article: bool = False) -> list[tuple[str, int]]:
    """The word and its forms without proclitics (the article kept only when ``article``),
    with the number of clitic letters cut."""
    if not arabic:
        return [(word, 0)]
    out = [(word, 0)]
    for f in strip_clitics(word)[1:]:
        if word.endswith(f) and (article or not word[:len(word) - len(f)].endswith("ال")):
            out.append((f, len(word) - len(f)))
    return out


def _glued(toks: Sequence[Any], k: int, a: int, nt: str) -> bool:
    """Only spaces or hyphens between tokens k..a (a name's words)."""
    return all(not nt[toks[j].ne:toks[j + 1].ns].strip(" -") for j in range(k, a))


def _phrase(toks: Sequence[Any], k: int, n: int, table: dict[str, float | None], nt: str,
            article: bool = False) -> tuple[int, float | None] | None:
    """(clitic cut, bearing) when tokens k..k+n-1 are a direction phrase of ``table``."""
    if k < 0 or k + n > len(toks) or not _glued(toks, k, k + n - 1, nt):
        return None
    rest = [t.word for t in toks[k + 1:k + n]]
    for form, cut in _forms(toks[k].word, toks[k].arabic, article):
        key = " ".join([form, *rest])
        if key in table:
            return cut, table[key]
    return None


def before(toks: Sequence[Any], a: int, nt: str) -> tuple[int, int, float | None] | None:
    """A direction right before the country name at token ``a``: (its first token, the clitic
    letters cut from it, the bearing); "the north of X" too."""
    lx = lexicon()
    for n in (2, 1):
        if a - n >= 0 and _glued(toks, a - n, a, nt):
            got = _phrase(toks, a - n, n, lx.parts_before, nt)
            if got is not None and not (toks[a - n].arabic and toks[a - n].word.startswith("ال")):
                return a - n, got[0], got[1]
    # "(in) the north of Syria", "the north-east of the country"
    for n in (2, 1):
        k = a - n - 2
        if k >= 0 and toks[k].word == "the" and toks[a - 1].word == "of" and _glued(toks, k, a, nt):
            got = _phrase(toks, k + 1, n, lx.parts_after_en, nt)
            if got is not None:
                return k, 0, got[1]
    return None


def after(toks: Sequence[Any], b: int, nt: str) -> tuple[int, float | None] | None:
    """"<country>'s north": (the token after the phrase, the bearing) for a name ending at b."""
    if b + 1 >= len(toks) or toks[b].word != "s" or nt[toks[b - 1].ne:toks[b].ns] not in ("'", "’"):
        return None
    lx = lexicon()
    for n in (2, 1):
        got = _phrase(toks, b + 1, n, lx.parts_after_en, nt)
        if got is not None and not nt[toks[b].ne:toks[b + 1].ns].strip():
            return b + 1 + n, got[1]
    return None


def phrases(toks: Sequence[Any], nt: str, demonyms: dict[str, tuple[str, ...]], main: str | None
            ) -> list[tuple[int, int, int, str, float | None]]:
    """Parts named without the country's name: «الشمال السوري» (a direction with the article
    before a nationality adjective), «شرق البلاد» and "the north of the country", "the
    country's north" (``main``: the country the text is about). Each as (first token, end
    token, clitic cut, country code, bearing)."""
    lx = lexicon()
    out: list[tuple[int, int, int, str, float | None]] = []
    country = [w.split(" ") for w in lx.the_country]
    i = 0
    while i < len(toks):
        found = None
        for n in (2, 1):
            got = _phrase(toks, i, n, lx.parts_article_ar, nt, article=True) if toks[i].arabic else None
            if got is not None and i + n < len(toks) and _glued(toks, i + n - 1, i + n, nt):
                codes = demonyms.get(toks[i + n].word, ())
                if len(codes) == 1:
                    found = (i, i + n + 1, got[0], codes[0], got[1])
                    break
            got = _phrase(toks, i, n, lx.parts_before, nt) if main and toks[i].arabic else None
            if got is not None and any(_words_at(toks, i + n, w, nt) for w in country if len(w) == 1):
                found = (i, i + n + 1, got[0], main or "", got[1])
                break
        if found is None and main:
            found = _the_country_english(toks, i, nt, country, main)
        if found is not None:
            out.append(found)
            i = found[1]
        else:
            i += 1
    return out


def _words_at(toks: Sequence[Any], k: int, words: list[str], nt: str) -> bool:
    return k + len(words) <= len(toks) and [t.word for t in toks[k:k + len(words)]] == words \
        and _glued(toks, k - 1, k + len(words) - 1, nt)


def _the_country_english(toks: Sequence[Any], i: int, nt: str, country: list[list[str]], main: str
                         ) -> tuple[int, int, int, str, float | None] | None:
    """"the north of the country", "the country's north" at token i."""
    lx = lexicon()
    if toks[i].arabic or toks[i].word != "the":
        return None
    for n in (2, 1):
        got = _phrase(toks, i + 1, n, lx.parts_after_en, nt)
        if got is not None and i + n + 1 < len(toks) and toks[i + n + 1].word == "of" \
                and _words_at(toks, i + n + 2, ["the", "country"], nt):
            return i, i + n + 4, 0, main, got[1]
    if _words_at(toks, i + 1, ["country"], nt):
        tail = after(toks, i + 2, nt)
        if tail is not None:
            return i, tail[0], 0, main, tail[1]
    return None
