"""The words around a place name: the evidence that it is a place (a locative word, a feature
noun), read from ``data/lexicons/places.yaml``.

Shared by :mod:`geo.find`; it works on the normalized words of ``geo.arabic``.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from geo.arabic import normalize, normalize_with_index, strip_clitics
from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, normalized, read_sections

LEXICON_PATH = lexicon_path("places.yaml")
REQUIRED_SECTIONS = ("locative", "locative_clitics", "features", "distance_units", "directions", "roles",
                     "unresolved", "divisions", "hyphen_joined", "parts")


@dataclass(frozen=True)
class PlaceLexicon:
    """The place words, normalized."""

    locative_ar: frozenset[str]
    locative_en: frozenset[str]
    locative_clitics: frozenset[str]
    features_ar: frozenset[str]
    features_en_before: frozenset[str]
    features_en_after: frozenset[str]
    natural_ar: frozenset[str]
    natural_en: frozenset[str]
    units: dict[str, float]  # normalized unit → km
    directions: dict[str, float]  # normalized compass word → bearing in degrees
    roles_before: tuple[str, ...]  # normalized phrases right before a name in a non-place role
    roles_hyphen: frozenset[str]
    roles_prefix: frozenset[str]
    hyphen_ok: frozenset[str]
    divisions: frozenset[str]  # kind words of administrative divisions, both languages
    unresolved_ar: frozenset[str]
    unresolved_en_before: frozenset[str]
    unresolved_en_after: frozenset[str]
    unresolved_stop_ar: frozenset[str]
    # parts of a country (geo.parts): normalized direction phrase → bearing, None for the centre
    parts_before: dict[str, float | None] = field(default_factory=dict)
    parts_after_en: dict[str, float | None] = field(default_factory=dict)
    parts_article_ar: dict[str, float | None] = field(default_factory=dict)
    the_country: frozenset[str] = frozenset()
    part_names_en: dict[float | None, str] = field(default_factory=dict)
    part_names_ar: dict[float | None, str] = field(default_factory=dict)


def _words(raw: dict, section: str, key: str, path: Path) -> frozenset[str]:
    v = raw.get(section)
    items = v.get(key) if isinstance(v, dict) else None
    if not isinstance(items, list) or not all(isinstance(w, (str, int)) for w in items):
        raise LexiconError(f"{path}: section {section}: {key} must be a list of words")
    return normalized(items)


def _numbers(raw: dict, section: str, path: Path) -> dict[str, float]:
    v = raw.get(section)
    out: dict[str, float] = {}
    for lang in ("ar", "en"):
        items = v.get(lang) if isinstance(v, dict) else None
        if not isinstance(items, dict):
            raise LexiconError(f"{path}: section {section}: {lang} must map words to numbers")
        for w, n in items.items():
            if not isinstance(n, (int, float)) or isinstance(n, bool):
                raise LexiconError(f"{path}: section {section}: {lang}: {w!r} must map to a number, not {n!r}")
            out[normalize(str(w))] = float(n)
    return out


def _bearing(v: object) -> float | None:
    return None if v == "centre" else float(v)  # type: ignore[arg-type]


def _parts(raw: dict, key: str, path: Path, names: bool = False) -> dict:
    """A map of section ``parts``: direction phrase → bearing (or bearing → name)."""
    v = raw.get("parts")
    items = v.get(key) if isinstance(v, dict) else None
    if not isinstance(items, dict):
        raise LexiconError(f"{path}: section parts: {key} must map directions to bearings")
    out: dict = {}
    for w, n in items.items():
        b, d = (w, n) if names else (n, w)
        if not (b == "centre" or isinstance(b, (int, float)) and not isinstance(b, bool)):
            raise LexiconError(f"{path}: section parts: {key}: {w!r}: a bearing is a number or centre")
        if names:
            out[_bearing(b)] = str(d)
        else:
            out[" ".join(normalize(str(d)).replace("-", " ").split())] = _bearing(b)
    return out


def build_lexicon(path: Path) -> PlaceLexicon:
    """Read and check a places lexicon; a bad file raises :class:`LexiconError` naming it."""
    raw = read_sections(path, "the places lexicon", REQUIRED_SECTIONS)
    return PlaceLexicon(
        locative_ar=_words(raw, "locative", "ar", path),
        locative_en=_words(raw, "locative", "en", path),
        locative_clitics=_words(raw, "locative_clitics", "ar", path),
        features_ar=_words(raw, "features", "ar", path),
        features_en_before=_words(raw, "features", "en_before", path),
        features_en_after=_words(raw, "features", "en_after", path),
        natural_ar=_words(raw, "features", "natural_ar", path),
        natural_en=_words(raw, "features", "natural_en", path),
        units=_numbers(raw, "distance_units", path),
        directions=_numbers(raw, "directions", path),
        roles_before=tuple(sorted(_words(raw, "roles", "before_ar", path) | _words(raw, "roles", "before_en", path),
                                  key=len, reverse=True)),
        roles_hyphen=_words(raw, "roles", "hyphen_en", path),
        roles_prefix=_words(raw, "roles", "prefix_en", path),
        hyphen_ok=_words(raw, "hyphen_joined", "ok", path),
        divisions=_words(raw, "divisions", "ar", path) | _words(raw, "divisions", "en", path),
        unresolved_ar=_words(raw, "unresolved", "ar", path),
        unresolved_en_before=_words(raw, "unresolved", "en_before", path),
        unresolved_en_after=_words(raw, "unresolved", "en_after", path),
        unresolved_stop_ar=_words(raw, "unresolved", "stop_ar", path),
        parts_before=_parts(raw, "before_ar", path) | _parts(raw, "before_en", path),
        parts_after_en=_parts(raw, "after_en", path),
        parts_article_ar=_parts(raw, "article_ar", path),
        the_country=_words(raw, "parts", "country_ar", path) | _words(raw, "parts", "country_en", path),
        part_names_en=_parts(raw, "names_en", path, names=True),
        part_names_ar=_parts(raw, "names_ar", path, names=True),
    )


lexicon = cached(LEXICON_PATH)(build_lexicon)
"""``lexicon(path=None)``: the places lexicon, cached on the file (the bundled one by default)."""


@functools.lru_cache(maxsize=65536)
def _ar_stems(word: str) -> tuple[str, ...]:
    """A normalized Arabic word and its forms without proclitics («وبمدينه» → «مدينه»)."""
    return tuple(strip_clitics(word))


def ar_in(word: str, words: frozenset[str]) -> bool:
    """Is the normalized Arabic ``word``, with or without its proclitics, in ``words``?"""
    return any(w in words for w in _ar_stems(word))


def evidence(prev: list[str], clitic: str, nxt: list[str], arabic: bool) -> int:
    """How strongly the words around a name say it is a place: 2 a feature noun («مدينة X»,
    "the town of X", "X district"), 1 a locative word or clitic («في X», «بX», "in X"), else 0.

    Args:
        prev: the normalized words before the name, nearest last (two are enough).
        clitic: the proclitic letters glued to the name's first word («ب» of «بتعز»).
        nxt: the normalized words after the name, nearest first.
    """
    lx = lexicon()
    if arabic:
        if prev and ar_in(prev[-1], lx.features_ar):
            return 2
        if any(c in lx.locative_clitics for c in clitic):
            return 1
        if prev and ar_in(prev[-1], lx.locative_ar):
            return 1
        return 0
    if nxt and nxt[0] in lx.features_en_after:
        return 2
    if prev and prev[-1] == "the":
        prev = prev[:-1]  # "in the X area", "near the town of X"
    if prev:
        if prev[-1] == "of" and len(prev) > 1 and prev[-2] in lx.features_en_before:
            return 2
        if prev[-1] == "of" and len(prev) > 1 and prev[-2] in lx.locative_en:
            return 1  # "north of X"
        if prev[-1] in lx.locative_en:
            return 1
    return 0


def natural(prev: list[str], nxt: list[str], arabic: bool) -> bool:
    """Is the name that these words surround that of a natural feature: a forest, a mountain, a
    river, a lake («غابة X», "the X forest", "Mount X", "the forest of X")?"""
    lx = lexicon()
    if arabic:
        return bool(prev) and ar_in(prev[-1], lx.natural_ar)
    if nxt and nxt[0] in lx.natural_en:
        return True
    if prev and prev[-1] == "of" and len(prev) > 1:
        return prev[-2] in lx.natural_en
    return bool(prev) and prev[-1] in lx.natural_en


# --------------------------------------------------------------------------------------------
# Offsets: "68 nautical miles southwest of Hodeidah", «على بعد 60 كيلومترا جنوب الموصل»

# Half the sector of an eight-point compass word: how far off the true bearing the text may be.
_HALF_SECTOR = math.radians(22.5)


@dataclass(frozen=True)
class Offset:
    """A position given as a distance and a direction from a named place.

    Args:
        km, bearing: the distance in kilometres and the compass bearing in degrees.
        start: where the phrase begins in the text (the number).
        lat, lon: the point it gives; ``uncertainty_km`` how far off it may be (the sector of
            the compass word at that distance).
    """

    km: float
    bearing: float
    start: int
    lat: float
    lon: float
    uncertainty_km: float


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _offset_re() -> re.Pattern[str]:
    lx = lexicon()
    unit, way = _alternation(lx.units), _alternation(lx.directions)
    # the number, its unit (an aside in brackets may follow: "(126 kilometres)"), the direction,
    # then "of" and up to six words ("of the rebel-held port city of"), or in Arabic up to two
    # words («جنوب غرب مدينة») before the name
    return re.compile(
        rf"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>{unit})(?![^\W\d_])\s*(?:\([^()]{{0,40}}\)\s*)?[,،]?\s*"
        rf"(?:(?:الى|إلى|to the)\s+)?(?P<dir>{way})(?![^\W\d_])"
        rf"(?:\s+of(?:\s+[^\s.;:!?]+){{0,6}}?|(?:\s+[^\s.;:!?a-z]+){{0,2}}?)\s*$")


def destination(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` away from (lat, lon) on ``bearing`` (a sphere of radius 6371 km)."""
    d, th = km / 6371.0, math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(th))
    l2 = l1 + math.atan2(math.sin(th) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 4), round((math.degrees(l2) + 540.0) % 360.0 - 180.0, 4)


def offset_before(text: str, start: int, lat: float, lon: float) -> Offset | None:
    """The offset phrase that ends right before a place name at ``start``, if any."""
    lo = max(0, start - 160)
    norm = normalize_with_index(text[lo:start])
    m = _offset_re().search(norm.text)
    if m is None:
        return None
    lx = lexicon()
    km = float(m.group("num").replace(",", ".")) * lx.units[" ".join(m.group("unit").split())]
    bearing = lx.directions[" ".join(m.group("dir").split())]
    if not 0 < km < 2000:
        return None
    plat, plon = destination(lat, lon, km, bearing)
    return Offset(km=round(km, 1), bearing=bearing, start=lo + norm.span(m.start(), m.end())[0],
                  lat=plat, lon=plon, uncertainty_km=round(km * math.tan(_HALF_SECTOR), 1))


# --------------------------------------------------------------------------------------------
# Roles: a place name that is not where something happened


def role(before: str, after: str, country: bool) -> str | None:
    """The non-place role of a name, from the normalized text right before it (its clitic
    included: «… المرتبطه ب») and right after it: ``"relation"`` ("Iran-backed", «المدعومة
    من إيران», "pro-Iran"), ``"possessor"`` (a country with 's: "Mali's army"), or None.

    Borders and destinations («الحدود مع العراق», "bound for Israel's ports") are relations too.
    """
    lx = lexicon()
    tail = " ".join(before[-60:].split())
    for phrase in lx.roles_before:
        if tail.endswith(phrase) and (len(tail) == len(phrase) or not tail[-len(phrase) - 1].isalnum()):
            return "relation"
    m = re.search(r"([^\W\d_]+)-$", before)
    if m and m.group(1) in lx.roles_prefix:
        return "relation"
    m = re.match(r"-([^\W\d_]+)", after)
    if m and m.group(1) in lx.roles_hyphen:
        return "relation"
    if country and re.match(r"['’]s\b", after):
        prev = tail.rsplit(" ", 1)[-1] if tail else ""
        return None if prev in lx.locative_en else "possessor"
    return None


# --------------------------------------------------------------------------------------------
# Unresolved places: «قرية X», "X village", "the town of X" where the gazetteer lacks X

def _feature_ar(word: str) -> int:
    """-1 when an Arabic word is not an indefinite settlement noun («قرية», «وبقرية»; not
    «القرية»), else the number of proclitic letters before it («بقرية» → 1)."""
    lx = lexicon()
    for stem in _ar_stems(word):
        if stem in lx.unresolved_ar and word.endswith(stem) and "ال" not in word[:len(word) - len(stem)][-2:]:
            return len(word) - len(stem)
    return -1


_norm_word = functools.lru_cache(maxsize=65536)(normalize)


@functools.lru_cache(maxsize=1)
def _feature_re() -> re.Pattern[str]:
    """Any settlement noun of the lexicon as a word of a normalized text (clitics allowed)."""
    lx = lexicon()
    ar = _alternation(lx.unresolved_ar)
    en = _alternation(lx.unresolved_en_before | lx.unresolved_en_after)
    return re.compile(rf"(?<![^\W\d_])(?:[وفبلك]{{0,2}}(?:{ar})|(?:{en}))(?![^\W\d_])")


_NAME_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W\d_]+)*")


def unresolved_places(text: str, known: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of place phrases whose name no mention covers: a feature noun with the name after
    it (Arabic «قرية الزهيرات», «منطقة "أم الخير"»; English "the village of X") or before it
    (English "X village", "Y district"). The phrase keeps the feature noun; the name runs for
    up to three words, up to a punctuation mark, a locative or feature word, or a known place.

    Args:
        known: (start, end) spans of the place mentions found in ``text``.
    """
    lx = lexicon()
    out: list[tuple[int, int]] = []
    if not _feature_re().search(normalize(text)):
        return out  # most sentences name no settlement: one search decides
    words = [(m.start(), m.end(), _norm_word(m.group(0))) for m in _NAME_WORD.finditer(text)]

    def free(s: int, e: int) -> bool:
        return not any(ks < e and s < ke for ks, ke in known)

    def gap(i: int, j: int) -> str:
        return text[words[i][1]:words[j][0]]

    stop_ar = lx.locative_ar | lx.features_ar
    for k, (s, e, w) in enumerate(words):
        arabic = bool(re.match(r"[\u0600-\u06ff]", w))
        if arabic and _feature_ar(w) >= 0 or not arabic and w in lx.unresolved_en_before and k + 1 < len(words) \
                and words[k + 1][2] == "of" and not gap(k, k + 1).strip():
            first = k + 1 if arabic else k + 2
            n = first
            while n < len(words) and n - first < 3 and gap(n - 1, n).strip(" \"“”«»'") == "":
                nw = words[n][2]
                if arabic and (nw in stop_ar or nw in lx.unresolved_stop_ar or nw[:1] in "وف" and nw[1:] in lx.unresolved_stop_ar
                               or nw[:1] in "بل" and n == first
                               or any(c in nw[:1] for c in lx.locative_clitics) and nw[1:] in stop_ar):
                    break  # «منطقة قبل القصف», «محلية بوقوع»: no name follows
                if not arabic and not text[words[n][0]].isupper():
                    break
                n += 1
            if n > first and free(words[first][0], words[n - 1][1]):
                end = words[n - 1][1]
                if text[end:end + 1] in "\"”»" and any(q in text[s:end] for q in "\"“«"):
                    end += 1  # the closing quote of «منطقة "أم الخير"»
                out.append((s + max(0, _feature_ar(w)) if arabic else s, end))
        elif not arabic and w in lx.unresolved_en_after and k > 0 and not gap(k - 1, k).strip():
            first = k
            while first > 0 and k - first < 3 and text[words[first - 1][0]].isupper() and not gap(first - 1, first).strip():
                first -= 1
            opens = first == 0 or text[:words[first][0]].rstrip().endswith((".", "!", "?", ":", "\n"))
            if opens:  # a capital that opens a sentence is no evidence of a name
                first += 1
            if first < k and free(words[first][0], words[k - 1][1]):
                out.append((words[first][0], e))
    return out
