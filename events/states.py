"""State actors of every country: a force or authority word with a nationality or a country.

«الجيش المالي», «قوات الأمن الصومالية», «الشرطة النيجيرية», «جيش مالي», "Malian army",
"Kenya police", "Nigeria's army" → that country's army, security forces, police… The words
are data (``data/lexicons/nationalities.yaml``): nationality adjectives (Arabic forms made by
the nisba endings of ``morphology.yaml``), country names from CLDR (Babel) in Arabic and
English, and the role words. A nationality adjective that qualifies anything else («الحدود
السعودية», "Iraqi oil") names no actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from events.matcher import Match, PhraseMatcher, Token, phrase_words, stems
from events.morphology import load_morphology
from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, read_yaml

LEXICON = lexicon_path("nationalities.yaml")


class StatesError(LexiconError):
    """A malformed nationalities lexicon; the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Role:
    """A force or authority of a state, as the lexicon describes it."""

    key: str
    label: str
    type: str
    state: bool
    nationality_only: bool = False  # the mention covers the nationality, not the role words


@dataclass(frozen=True)
class StateMention:
    """A role of a country named in a text: [start, end) covers the role and the nationality."""

    start: int
    end: int
    country: str
    role: Role
    alone: bool = False  # the role word alone, read as the article's country's


@dataclass
class StatesLexicon:
    adjective_en: dict[str, str]          # country → the English adjective of labels
    words: PhraseMatcher                  # payload: {"adj": country, "name": country, "role": (Role, alone)}
    roles: PhraseMatcher                  # the role words alone (payload: (Role, alone))
    modifiers_en: set[str]
    role_keys: tuple[str, ...]


def _check(data: Any, path: Path) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("countries"), dict) or not isinstance(data.get("roles"), dict):
        raise StatesError(f"{path}: expected the sections 'countries' and 'roles'")
    for code, spec in data["countries"].items():
        where = f"{path}: countries: {code}"
        if not (isinstance(code, str) and len(code) == 2 and code.isupper()):
            raise StatesError(f"{where}: the key must be an ISO alpha-2 code")
        if not isinstance(spec, dict) or not spec.get("en"):
            raise StatesError(f"{where}: give at least one English adjective under 'en'")
        for key in ("en", "ar", "ar_plural", "names_ar", "names_en"):
            v = spec.get(key, [])
            if not isinstance(v, list) or not all(isinstance(a, str) and a.strip() for a in v):
                raise StatesError(f"{where}: {key} must be a list of words")
    for key, spec in data["roles"].items():
        where = f"{path}: roles: {key}"
        if not isinstance(spec, dict) or "{adj}" not in str(spec.get("label", "")):
            raise StatesError(f"{where}: 'label' must contain {{adj}}")
        if spec.get("type") not in ("state_forces", "government"):
            raise StatesError(f"{where}: type must be state_forces or government")
        if spec.get("mention", "role") not in ("role", "nationality"):
            raise StatesError(f"{where}: mention must be role or nationality")
        for k in ("ar", "en", "alone"):
            v = spec.get(k, [])
            if not isinstance(v, list) or not all(isinstance(a, str) and a.strip() for a in v):
                raise StatesError(f"{where}: {k} must be a list of words")


@lru_cache(maxsize=1)
def _cldr_territories() -> tuple[dict[str, str], dict[str, str]]:
    from babel import Locale
    return dict(Locale("ar").territories), dict(Locale("en").territories)


def _cldr_names(code: str) -> list[str]:
    """The country's CLDR names in Arabic and English (Babel), without the "X - Y" qualifiers."""
    out = []
    for names in _cldr_territories():
        name = names.get(code)
        if name and " - " not in name and "(" not in name:
            out.append(name)
    return out


@cached(LEXICON)
def load_states(p: Path) -> StatesLexicon:
    """The compiled nationalities lexicon (cached on the file)."""
    data = read_yaml(p, "the nationalities lexicon", StatesError)
    _check(data, p)
    nisba = load_morphology().nisba
    # one matcher for the three kinds of words, so a sentence is scanned once; a word of two
    # kinds («سورية»: Syrian, and Syria) keeps both readings
    readings: dict[tuple[str, ...], tuple[str, dict[str, Any], bool]] = {}

    def put(word: str, kind: str, value: Any, cs: bool = False) -> None:
        key = phrase_words(word)
        got = readings.setdefault(key, (word, {}, cs))
        got[1].setdefault(kind, value)

    adjective_en: dict[str, str] = {}
    for code, spec in data["countries"].items():
        adjective_en[code] = spec["en"][0]
        for a in spec["en"]:
            put(a, "adj", code, a.replace(".", "").isupper())  # "US" is the country, "us" a pronoun
        for a in spec.get("ar", []):
            put(a, "adj", code)
            for ending in nisba:
                put(a + ending, "adj", code)
        for a in spec.get("ar_plural", []):
            put(a, "adj", code)
        for a in _cldr_names(code) + spec.get("names_ar", []) + spec.get("names_en", []):
            put(a, "name", code, a.replace(".", "").isupper())
    roles = PhraseMatcher()
    for key, spec in data["roles"].items():
        role = Role(key, spec["label"], spec["type"], bool(spec.get("state")), spec.get("mention") == "nationality")
        alone = set(spec.get("alone", []))
        for w in dict.fromkeys(spec.get("ar", []) + spec.get("en", []) + list(alone)):
            put(w, "role", (role, w in alone))
            roles.add(w, (role, w in alone))
    for key, (_, payload, _) in readings.items():
        # «السعودية» the name and «سعودية» the adjective are one word of the text: both readings
        if key[0].startswith("ال") and (key[0][2:],) + key[1:] in readings:
            other = readings[(key[0][2:],) + key[1:]][1]
            for kind in ("adj", "name"):
                if kind in other:
                    payload.setdefault(kind, other[kind])
                if kind in payload:
                    other.setdefault(kind, payload[kind])
    words = PhraseMatcher()
    for word, payload, cs in readings.values():
        words.add(word, payload, case_sensitive=cs)
    return StatesLexicon(adjective_en, words, roles, {w.lower() for w in data.get("modifiers_en", [])},
                         tuple(data["roles"]))


def _arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


def find_states(text: str, toks: list[Token], lex: StatesLexicon | None = None) -> list[StateMention]:
    """Roles of countries in a sentence, in text order; a role word alone is returned with
    ``alone=True`` and country ``""`` (the caller decides whose it is)."""
    lex = lex or load_states()
    found = lex.words.find(toks, text)
    if not any("role" in m.payload for m in found):
        return []
    adj_start: dict[int, Match] = {}
    adj_end: dict[int, Match] = {}
    name_start: dict[int, Match] = {}
    name_end: dict[int, Match] = {}
    role_ms = []
    for m in found:
        for kind, value in m.payload.items():
            one = Match(m.i, m.j, m.start, m.end, value, m.phrase)
            if kind == "role":
                role_ms.append(one)
            elif kind == "adj":
                adj_start[m.i] = adj_end[m.j] = one
            else:
                name_start[m.i] = name_end[m.j] = one
    out: list[StateMention] = []
    for r in role_ms:
        role, alone = r.payload
        got = _arabic_nationality(toks, r, adj_start, name_start) if _arabic(toks[r.i][0]) else \
            _english_nationality(toks, r, adj_end, name_end, lex.modifiers_en)
        if got is not None:
            m, s, e = got
            if role.nationality_only:
                s, e = m.start, m.end
            out.append(StateMention(s, e, m.payload, role))
            out.extend(StateMention(o.start, o.end, o.payload, role) for o in _coordinated(toks, m, adj_start, adj_end))
        elif alone:
            out.append(StateMention(r.start, r.end, "", role, alone=True))
    return out


def _coordinated(toks: list[Token], m: Match, adj_start: dict, adj_end: dict) -> list[Match]:
    """Adjectives joined to the one next to the role: «مسؤولون أمريكيون وفرنسيون», "U.S. and
    French troops"."""
    out = []
    if _arabic(toks[m.i][0]):
        k = m.j
        while k in adj_start and toks[k][0].startswith("و"):
            out.append(adj_start[k])
            k = adj_start[k].j
    else:
        k = m.i
        while k >= 2 and toks[k - 1][0] in ("and", "or") and k - 1 in adj_end:
            out.append(adj_end[k - 1])
            k = adj_end[k - 1].i
    return out


def _arabic_nationality(toks: list[Token], r: Match, adj_start: dict, name_start: dict) -> tuple[Match, int, int] | None:
    """«الجيش المالي», «القوات الخاصة الأميركية» (up to two definite words between), «جيش مالي»."""
    k = r.j
    for _ in range(3):
        if k in adj_start:
            return adj_start[k], r.start, adj_start[k].end
        if k >= len(toks) or not toks[k][0].startswith("ال") or k in name_start:
            break
        k += 1
    last = toks[r.j - 1][0]
    if r.j in name_start and not last.startswith("ال") and stems(last)[-1] == last:
        return name_start[r.j], r.start, name_start[r.j].end  # a construct: «جيش مالي», «شرطة كينيا»
    return None


def _english_nationality(toks: list[Token], r: Match, adj_end: dict, name_end: dict,
                         modifiers: set[str]) -> tuple[Match, int, int] | None:
    """"Malian army", "Kenyan special forces", "Kenya police", "Nigeria's army"."""
    k = r.i
    for _ in range(3):
        if k in adj_end:
            return adj_end[k], adj_end[k].start, r.end
        if k in name_end:
            return name_end[k], name_end[k].start, r.end
        if k > 0 and toks[k - 1][0].endswith(("'s", "’s")):
            return _possessive(toks, k - 1, r)
        if k == 0 or toks[k - 1][0] not in modifiers:
            break
        k -= 1
    return None


def _possessive(toks: list[Token], i: int, r: Match) -> tuple[Match, int, int] | None:
    """"Nigeria's army": the country name in the possessive token."""
    start = max(0, i - 2)
    sub = toks[start:i] + [(toks[i][0][:-2], toks[i][1], toks[i][2] - 2)]
    for m in load_states().words.find(sub, None):
        if "name" in m.payload and m.j == len(sub):  # "South Sudan's army"
            return Match(m.i, m.j, m.start, m.end, m.payload["name"], m.phrase), m.start, r.end
    return None
