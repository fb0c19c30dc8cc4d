"""Actors: who acts in a sentence, from ``data/lexicons/actors.yaml``.

Four ways an actor is found, each explainable by a line of the lexicon:

- an alias («قسد», "SDF", «قوات سوريا الديمقراطية»), with clitics and spelling variants folded;
- a word that refers back («التنظيم») — only when the actor was named earlier in the article;
- a force or authority word with a nationality or a country («الشرطة النيجيرية», "Malian army",
  «القوات الخاصة الأميركية», "U.S. troops"), for every country (``events.states``): the actor
  of the lexicon with that role and country, else the country's state actor for military roles,
  else a label made from the nationality ("Nigerian police");
- a role word alone («الشرطة», "security forces") as the role of the article's country;
- a capital in actor position («وتعزز واشنطن…», «بقيادة واشنطن»): the place finder's metonymy
  flag decides when it is available; otherwise a small positional rule does.

Named officials not in the lexicon are found by "title + name" ("Interior Minister Karl Smith",
«وزير الداخلية … فلان الفلاني») and reported under their name as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from events.matcher import Match, PhraseMatcher, Token, phrase_words, stems
from events.states import StateMention, find_states, load_states
from events.transliterate import latin_name
from geo.arabic import normalize, tokens
from geo.errors import LexiconError
from geo.lexicon import ACTORS_PATH, actor_entries, cached

LEXICON = ACTORS_PATH
ACTOR_TYPES = (
    "state_forces", "non_state_armed_group", "militia", "international_organization", "government",
    "person", "rebel_group", "civilians", "coalition",
)


@dataclass(frozen=True)
class Actor:
    """One actor of the lexicon (or a person found by title + name)."""

    name: str
    type: str
    country: str | None = None
    short: str | None = None

    @property
    def label(self) -> str:
        """Short label for headlines."""
        return self.short or self.name


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a text; ``how`` is alias, anaphora, adjective, state (a role with its
    nationality), generic, capital or title."""

    start: int
    end: int
    text: str
    actor: Actor
    how: str


# Positions in which a capital is a place, not an actor.
_PLACE_BEFORE_AR = {normalize(w) for w in "في فى الى إلى من نحو قرب داخل بين عبر العاصمة عاصمة مدينة زيارة".split()}
_PLACE_BEFORE_EN = {"in", "to", "from", "at", "near", "into", "toward", "towards", "visit", "visited", "via", "of"}
_LOCATIVE_AR = {normalize(w) for w in "في فى داخل الى إلى من نحو قرب عبر انحاء أنحاء ارجاء أرجاء".split()}
_ACTOR_BEFORE_AR = {normalize(w) for w in "بقيادة قيادة تقوده تقودها".split()}
_ACTOR_AFTER_EN = {"said", "says", "has", "have", "had", "will", "would", "announced", "warned", "launched",
                   "carried", "sent", "deployed", "claimed", "accused", "denied", "is", "was", "struck", "began"}

_TITLE_EN_RE = re.compile(
    r"\b(?i:(?:(?:US|U\.S\.|Iraqi|Syrian|Turkish|Austrian|German|French|British|Russian|Kurdish|Jordanian|Iranian)\s+)?"
    r"(?:President|Prime Minister|Premier|Chancellor|(?:Foreign|Interior|Defen[cs]e|Deputy)\s+Minister|Minister(?:\s+of\s+\w+)?|"
    r"Secretary(?:\s+of\s+\w+)?|Defen[cs]e Secretary|Secretary of State|General|Gen\.|Lt\.\s*Gen\.|Major General|Commander|"
    r"Governor|Ambassador|Envoy|Special Envoy|spokes(?:man|woman|person)|Mayor|Director|Chief|Colonel|Col\.|"
    r"Sheikh|Emir|King|Crown Prince))"
    r"(?:\s*,\s*|\s+)((?:[A-Z][\w'’\-]+|al-[A-Z][\w'’\-]+)(?:\s+(?:[A-Z][\w'’\-]+|al-[A-Z][\w'’\-]+|bin|ibn|van|von|de)){1,3})"
)
# "the deputy head of the border guard in the province, Karim Haddad, said": a title phrase,
# then the name between commas, then a verb of saying.
_APPOSITIVE_EN_RE = re.compile(
    r"\b(?i:(?:deputy\s+|assistant\s+|acting\s+|senior\s+|general\s+)?(?:commander|director(?:\s+general)?|head|chief|"
    r"spokes(?:man|woman|person)|minister|governor|mayor|ambassador|envoy|official|officer|president|secretary|leader|"
    r"coordinator|adviser|advisor|prosecutor|general))\b[^,.;:\n\"“”]{0,90}?,\s*"
    r"((?:[A-Z][\w'’\-]+|al-[A-Z][\w'’\-]+)(?:\s+(?:[A-Z][\w'’\-]+|al-[A-Z][\w'’\-]+|bin|ibn|van|von|de)){1,3})"
    r",\s*(?=(?:said|says|told|announced|added|warned|stated|explained|noted|confirmed)\b)"
)
_TITLES_AR = [normalize(w) for w in (
    "الرئيس", "رئيس الوزراء", "رئيس الحكومة", "وزير", "وزيرة", "الوزير", "المتحدث باسم", "المتحدثة باسم",
    "المتحدث الرسمي باسم", "قائد", "القائد العام", "الأمين العام", "محافظ", "السفير", "المبعوث", "الناطق باسم",
    "مدير", "رئيس", "العميد", "اللواء", "الفريق", "العقيد", "الملك", "الشيخ", "زعيم",
)]
_TITLE_INDEX: dict[str, list[tuple[str, ...]]] = {}
for _t in sorted(_TITLES_AR, key=lambda t: -len(t.split())):
    _w = tuple(_t.split())
    _TITLE_INDEX.setdefault(stems(_w[0])[-1], []).append(_w)
_NAME_STOP_AR = {normalize(w) for w in (
    "في فى من إلى الى على عن أن إن ان بأن خلال مع بعد قبل الذي التي الذين عند حول ضد لدى عبر وفق حيث بين "
    "انه أنه قال قالت أكد أكدت أعلن أعلنت إلى يوم اليوم أمس ما لا لم لن قد كان كانت هذا هذه ذلك تلك"
).split()}


def _load_yaml(path: Path) -> list[dict[str, Any]]:
    """The checked entries of an actors lexicon; a malformed entry raises :class:`LexiconError`
    naming the file, the entry and the field."""
    data = actor_entries(path)
    for n, entry in enumerate(data, 1):
        where = f"{path}: entry {n}"
        if not isinstance(entry, dict) or not entry.get("name"):
            raise LexiconError(f"{where}: each actor needs a 'name'")
        if entry.get("type") not in ACTOR_TYPES:
            raise LexiconError(f"{where} ({entry['name']}): type {entry.get('type')!r} is not one of {', '.join(ACTOR_TYPES)}")
        c = entry.get("country")
        if c is not None and not (isinstance(c, str) and len(c) == 2 and c.isupper()):
            raise LexiconError(f"{where} ({entry['name']}): country {c!r} is not an ISO alpha-2 code")
        for key in ("aliases_ar", "aliases_en", "anaphora_ar", "anaphora_en", "adjectives_ar", "adjectives_en",
                    "capitals_ar", "capitals_en", "generic_ar", "generic_en", "branch_countries", "common_ar"):
            v = entry.get(key, [])
            if not isinstance(v, list) or not all(isinstance(a, str) and a.strip() for a in v):
                raise LexiconError(f"{where} ({entry['name']}): {key} must be a list of names")
        roles = entry.get("roles", [])
        keys = load_states().role_keys + ("state",)
        if not isinstance(roles, list) or any(r not in keys for r in roles):
            raise LexiconError(f"{where} ({entry['name']}): roles must be a list of {', '.join(keys)}")
        if roles and not c:
            raise LexiconError(f"{where} ({entry['name']}): roles need the actor's country")
        if not entry.get("aliases_ar") and not entry.get("aliases_en"):
            raise LexiconError(f"{where} ({entry['name']}): give at least one alias")
        if (entry.get("generic_ar") or entry.get("generic_en")) and not c:
            raise LexiconError(f"{where} ({entry['name']}): generic names need the actor's country")
        if bool(entry.get("branch_of")) != bool(entry.get("branch_countries")):
            raise LexiconError(f"{where} ({entry['name']}): branch_of and branch_countries go together")
    names = {e["name"] for e in data}
    for e in data:
        if e.get("branch_of") and e["branch_of"] not in names:
            raise LexiconError(f"{path} ({e['name']}): branch_of {e['branch_of']!r} is not an actor of the lexicon")
    return data


class ActorLexicon:
    """The compiled lexicon: phrase matchers for each way of naming an actor."""

    def __init__(self, entries: list[dict[str, Any]]):
        self.entries = entries  # as written, for the readers of names (synth, the dashboard)
        self.actors: dict[str, Actor] = {}
        self.aliases = PhraseMatcher(morphology="names")
        self.roles: dict[tuple[str | None, str], Actor] = {}  # (country, role) → actor
        self.shared: dict[str, list[Actor]] = {}  # an alias of several actors («SNA»), as first written
        seen_alias: dict[tuple[str, ...], tuple[Actor, str]] = {}
        self.anaphora = PhraseMatcher()
        self.adjectives = PhraseMatcher()
        self.capitals = PhraseMatcher()
        self.by_country: dict[str, Actor] = {}
        self.generic: dict[str | None, PhraseMatcher] = {}
        self.branches: dict[tuple[str, str], Actor] = {}  # (parent name, country) → the branch there
        self.common: set[tuple[str, ...]] = set()  # aliases that are also common nouns («القاعدة»)
        for e in entries:
            actor = Actor(e["name"], e["type"], e.get("country"), e.get("short"))
            self.actors[actor.name] = actor
            if actor.type == "state_forces" and actor.country:
                self.by_country.setdefault(actor.country, actor)
            for r in e.get("roles", []):
                self.roles.setdefault((actor.country, r), actor)
            self.common |= {phrase_words(a) for a in e.get("common_ar", [])}
            for c in e.get("branch_countries", []):
                self.branches.setdefault((e["branch_of"], c), actor)
            for a in e.get("aliases_ar", []) + e.get("aliases_en", []):
                key = phrase_words(a)
                if key in seen_alias and seen_alias[key][0] != actor:
                    # the same name for two actors: the article's country decides (find_actors)
                    first, phrase = seen_alias[key]
                    self.shared.setdefault(phrase, [first]).append(actor)
                    continue
                seen_alias[key] = (actor, a)
                cs = a.isascii() and a.replace(".", "").isupper() and len(a.replace(".", "")) <= 5
                self.aliases.add(a, actor, case_sensitive=cs)
            for a in e.get("anaphora_ar", []) + e.get("anaphora_en", []):
                self.anaphora.add(a, actor)
            for a in e.get("adjectives_ar", []):
                self.adjectives.add(a, actor)
            for a in e.get("adjectives_en", []):
                cs = a.replace(".", "").isupper()
                self.adjectives.add(a, actor, case_sensitive=cs)
            for a in e.get("capitals_ar", []) + e.get("capitals_en", []):
                self.capitals.add(a, actor)
            for c in dict.fromkeys([actor.country] + e.get("branch_countries", [])):
                for a in e.get("generic_ar", []) + e.get("generic_en", []):
                    self.generic.setdefault(c, PhraseMatcher()).add(a, actor)

    def get(self, name: str) -> Actor | None:
        return self.actors.get(name)

    def state_actor(self, mention: StateMention, country: str) -> Actor:
        """The actor a role of a country stands for: the lexicon's actor with that role, else
        (military roles) the country's state actor, else a label from the nationality."""
        role = mention.role
        got = self.roles.get((country, role.key))
        if got is None and role.state:
            got = self.roles.get((country, "state"))
        if got is not None:
            return got
        adj = load_states().adjective_en.get(country, country)
        return Actor(role.label.format(adj=adj), role.type, country)

    def resolve(self, m: Match, country: str | None) -> Actor:
        """The actor of an alias match; a name shared by several actors («SNA») is the one of
        the article's country, else the first listed."""
        group = self.shared.get(m.phrase)
        if not group:
            return self.branch(m.payload, country)
        return self.branch(next((a for a in group if a.country and a.country == country), group[0]), country)

    def branch(self, actor: Actor, country: str | None) -> Actor:
        """The branch of a transnational group that acts in the article's country: "Islamic
        State" in an Afghan story is its Khorasan Province (``branch_of`` in the lexicon)."""
        if not country:
            return actor
        return self.branches.get((actor.name, country), actor)


@cached(LEXICON)
def load_lexicon(path: Path) -> ActorLexicon:
    """The actor lexicon (cached on the file); ``path`` defaults to the bundled ``actors.yaml``."""
    return ActorLexicon(_load_yaml(path))


def _stem(word: str) -> str:
    return stems(word)[-1]


def _after_locative(toks: list[Token], i: int) -> bool:
    if i == 0:
        return False
    prev = toks[i - 1][0]
    word = toks[i][0]
    if word[:1] in ("ب",) and stems(word)[-1] != word:  # «بروسيا»
        return True
    if prev in _DIRECTIONS or stems(prev)[-1] in _DIRECTIONS:
        return True  # «في غرب ألمانيا», «شمال العراق», "in western Germany": a part of the country
    if prev == "of" and i >= 2 and toks[i - 2][0] in _DIRECTIONS:
        return True  # "the north of Iraq"
    return prev in _LOCATIVE_AR or stems(prev)[-1] in _LOCATIVE_AR or prev in ("in", "inside", "across", "into", "to", "from")


_DIRECTIONS = {normalize(w) for w in (
    "شمال شمالي جنوب جنوبي شرق شرقي غرب غربي وسط شمالي شرقي جنوبي غربي أقصى "
    "north south east west northern southern eastern western central northeast northwest southeast southwest "
    "northeastern northwestern southeastern southwestern").split()}


_STATES_CACHE: dict[str, list[StateMention]] = {}


def _states_of(text: str, toks: list[Token]) -> list[StateMention]:
    """``find_states`` of a sentence, kept for the second reading of the same sentence (the
    extractor asks again once it knows the places)."""
    got = _STATES_CACHE.get(text)
    if got is None:
        if len(_STATES_CACHE) > 512:
            _STATES_CACHE.clear()
        got = _STATES_CACHE[text] = find_states(text, toks)
    return got


def _inside_a_name(text: str, toks: list[Token], m: Match, lex: ActorLexicon) -> bool:
    """An English country name followed by capitalised words that are not a role or a verb:
    the first words of an organisation's name ("United Kingdom Maritime Trade Operations")."""
    if m.payload.type != "state_forces" or not text[m.start:m.end].isascii() or m.j >= len(toks):
        return False
    nxt = text[toks[m.j][1]:toks[m.j][2]]
    if text[m.end:toks[m.j][1]].strip() or not nxt[:1].isupper() or nxt.isupper():
        return False
    return not load_states().roles.may_match([toks[m.j][0]]) and toks[m.j][0] not in _ACTOR_AFTER_EN


def _adjective_on_a_thing(toks: list[Token], m: Match) -> bool:
    """«الحدود السعودية»: a one-word country name that reads as the nationality adjective of the
    definite noun before it qualifies that noun; it is an actor only when the noun is a role
    («القوات السعودية»), which ``events.states`` finds with the whole phrase."""
    if m.j - m.i != 1 or m.i == 0 or m.payload.type not in ("state_forces", "government"):
        return False
    word = toks[m.i][0]
    if not toks[m.i - 1][0].startswith("ال") or word != stems(word)[0]:
        return False
    return any("adj" in p for _, entries in load_states().words._entries(word) for _, p, *_ in entries)


def _common_noun(toks: list[Token], m: Match, lex: ActorLexicon) -> bool:
    """«القاعدة العسكرية» (the military base), not al-Qaeda: an alias that is also a common noun
    (``common_ar``) followed by a definite feminine adjective that agrees with the noun."""
    if phrase_words(m.phrase) not in lex.common or m.j >= len(toks):
        return False
    nxt = toks[m.j][0]
    return nxt.startswith("ال") and nxt.endswith("ه") and len(nxt) > 4


def _capital_is_actor(toks: list[Token], m: Match, places: Iterable[Any] | None) -> bool:
    """Whether a capital name stands for its state here."""
    if places is not None:
        for p in places:
            if p.start < m.end and m.start < p.end:
                return bool(getattr(p, "metonymy", False))
    prev = toks[m.i - 1][0] if m.i > 0 else ""
    word = toks[m.i][0]
    if word[:1] in ("ب", "ل") and _stem(word) != word:  # «بواشنطن», «لواشنطن»: a place
        return False
    if prev in _ACTOR_BEFORE_AR or _stem(prev) in _ACTOR_BEFORE_AR:
        return True
    if prev in _PLACE_BEFORE_AR or _stem(prev) in _PLACE_BEFORE_AR or prev in _PLACE_BEFORE_EN:
        return False
    nxt = toks[m.j][0] if m.j < len(toks) else ""
    if nxt in _ACTOR_AFTER_EN:
        return True
    if prev.startswith(("و", "ف")) and len(prev) >= 4:
        # «وتعزز واشنطن», «ونفذت واشنطن»: a conjunction + verb before the name
        core = prev[1:]
        return core[:1] in "تيان" or core.endswith("ت")
    return prev == "by"


def find_actors(text: str, *, known: Iterable[str] = (), places: Iterable[Any] | None = None,
                toks: list[Token] | None = None, lexicon: ActorLexicon | None = None,
                persons: bool = True, country: str | None = None) -> list[ActorMention]:
    """Actor mentions in ``text`` (offsets into ``text``), in text order.

    Args:
        text: a sentence or a whole article.
        known: names of actors already named earlier in the article (for «التنظيم»).
        places: place mentions of ``text`` (``geo.find.PlaceMention``) to read the metonymy flag.
        toks: ``geo.arabic.tokens(text)`` when the caller has them already.
        lexicon: another compiled lexicon (tests); defaults to the bundled one.
        persons: also look for "title + name" officials not in the lexicon.
        country: ISO code of the country the article is about, for generic names
            («وزارة الداخلية» in an Iraqi story).
    """
    lex = lexicon or load_lexicon()
    if toks is None:
        toks = tokens(text)
    places = list(places) if places is not None else None
    out: list[ActorMention] = []
    taken: list[tuple[int, int]] = []

    def free(m: Match | StateMention) -> bool:
        return all(m.end <= s or m.start >= e for s, e in taken)

    def add(m: Match | StateMention, how: str, actor: Actor | None = None) -> None:
        if actor is None:
            assert isinstance(m, Match), "a state mention comes with the actor it stands for"
            actor = m.payload
        out.append(ActorMention(m.start, m.end, text[m.start:m.end], actor, how))
        taken.append((m.start, m.end))

    for m in lex.aliases.find(toks, text):
        actor = lex.resolve(m, country)
        if actor.type == "state_forces" and m.j - m.i == 1 and _after_locative(toks, m.i):
            continue  # «في روسيا», "in Turkey": the country is where it happened, not who acted
        if _inside_a_name(text, toks, m, lex) or _adjective_on_a_thing(toks, m) or _common_noun(toks, m, lex):
            continue  # "United Kingdom Maritime Trade Operations", «الحدود السعودية»
        add(m, "alias", actor)
    seen_here = {a.actor.name for a in out}
    known_all = set(known) | seen_here
    for m in (lex.anaphora.find(toks, text) if known_all else ()):
        target = lex.branch(m.payload, country)
        names = {m.payload.name, target.name}
        if not free(m) or not names & known_all:
            continue
        # «تنظيم» inside «تنظيم القاعدة» was taken by the alias already; «التنظيم» before the
        # first naming in this text refers back only if the article named it before.
        first_named = min((a.start for a in out if a.actor.name in names), default=None)
        if not names & set(known) and (first_named is None or first_named > m.start):
            continue
        add(m, "anaphora", target)
    states = _states_of(text, toks) if lexicon is None else find_states(text, toks)
    for m in lex.adjectives.find(toks, text):
        # «لجنة المراقبة الأممية»: an organisation's adjective next to a role word, or definite
        if free(m) and ((toks[m.i][0].startswith("ال") and m.payload.type == "international_organization")
                        or any(st.start <= m.start < st.end for st in states)):
            add(m, "adjective")
    for st in states:
        if not st.alone and free(st):
            # «مسيرة تركية»: the nationality of a weapon is an adjective mention, as the roles read it
            add(st, "adjective" if st.role.nationality_only else "state", lex.state_actor(st, st.country))
    if country and country in lex.generic:
        for m in lex.generic[country].find(toks, text):
            if free(m):
                add(m, "generic")
    if country:
        for st in states:
            if st.alone and free(st):
                add(st, "generic", lex.state_actor(st, country))
    for m in lex.capitals.find(toks, text):
        if free(m) and _capital_is_actor(toks, m, places):
            add(m, "capital")
    for mention in (_title_persons(text, toks, lex) if persons else ()):
        if all(mention.end <= s or mention.start >= e for s, e in taken):
            out.append(mention)
            taken.append((mention.start, mention.end))
    out.sort(key=lambda a: a.start)
    return out


def actor_countries(title: str | None, text: str, lead: int = 400) -> dict[str, float]:
    """Votes for the country a story is about from the states' actors named in its title
    (weight 2) and its first lines (weight 1): «أعلنت قوات الأمن الكينية …» is a Kenyan story.
    Only a force or authority of a state with its nationality counts, not a country named as a
    partner or a place."""
    votes: dict[str, float] = {}
    for part, weight in (((title or "")[:MAX_TITLE], 2.0), (text[:lead], 1.0)):
        for st in find_states(part, tokens(part)):
            # «مسيرة تركية» (a Turkish drone) over an Iraqi town says who struck, not where
            if not st.alone and not st.role.nationality_only:
                votes[st.country] = votes.get(st.country, 0.0) + weight
    return votes


MAX_TITLE = 600


def _fold_name(word: str) -> bool:
    """Whether a word is a given name of the names table («محمد»)."""
    from events.transliterate import _fold, load_names
    return _fold(word) in load_names().given


def _country_word(word: str) -> bool:
    """Whether a word is a country's name («سوريا», «بريطانيا»)."""
    return any("name" in p for _, entries in load_states().words._entries(word) for _, p, *_ in entries)


def _title_persons(text: str, toks: list[Token], lex: ActorLexicon) -> list[ActorMention]:
    """Officials named after their title ("Interior Minister Karl Smith")."""
    out = []
    for m in _TITLE_EN_RE.finditer(text):
        name = m.group(1).strip()
        words = name.split()
        # a title followed by a place or an organisation is not a person: "President of Iraq"
        if any(w in ("Iraq", "Syria", "Turkey", "State", "Forces", "Command", "Ministry") for w in words):
            continue
        out.append(ActorMention(m.start(1), m.start(1) + len(name), name, Actor(name, "person"), "title"))
    for m in _APPOSITIVE_EN_RE.finditer(text):
        name = m.group(1).strip()
        if any(o.start <= m.start(1) < o.end for o in out) or \
                any(w in ("Iraq", "Syria", "Turkey", "State", "Forces", "Command", "Ministry") for w in name.split()):
            continue
        out.append(ActorMention(m.start(1), m.start(1) + len(name), name, Actor(name, "person"), "title"))
    # Arabic: a title, up to three words that qualify it (ال- words, «باسم …»), then a name of
    # two or three words that are not function words.
    i = 0
    n = len(toks)
    while i < n:
        matched = None
        for t in _TITLE_INDEX.get(_stem(toks[i][0]), ()):
            if i + len(t) <= n and all(toks[i + k][0] == t[k] for k in range(1, len(t))):
                matched = t
                break
        if not matched:
            i += 1
            continue
        j = i + len(matched)
        skipped = 0
        while j < n and skipped < 3 and (toks[j][0].startswith("ال") or toks[j][0] in ("باسم", "لشوون", "شوون")):
            j += 1
            skipped += 1
        k = j
        name_toks: list[Token] = []
        while k < n and len(name_toks) < 3:
            w = toks[k][0]
            if w in _NAME_STOP_AR or w.isdigit() or not ("\u0600" <= w[0] <= "\u06ff"):
                break
            if name_toks and text[toks[k - 1][2]:toks[k][1]].strip():  # punctuation between words
                break
            if not name_toks and w.startswith(("ال", "لل")):
                break
            if name_toks and len(name_toks) >= 2 and w.startswith("و"):
                break  # «أسعد الشيباني ونظيره»: the name has ended
            if name_toks and (_TITLE_INDEX.get(_stem(w)) or _country_word(w)):
                break  # «… ريغي زعيم الحركة», «… أيمن الصفدي سوريا»: a title or a country ends the name
            name_toks.append(toks[k])
            k += 1
        # a title of two words («رئيس الحكومة») or with the article («الرئيس») needs no qualifier
        if (skipped or len(matched) >= 2 or toks[i][0].startswith("ال")) and len(name_toks) >= 2:
            s, e = name_toks[0][1], name_toks[-1][2]
            if text[s] == "و" and _fold_name(text[s + 1:name_toks[0][2]]):
                s += 1  # «، ومحمد الحداد»: the conjunction is not the name
            written = text[s:e]
            known = lex.aliases.find(tokens(written), written)
            if not known:  # reported under a Latin spelling, never in Arabic script
                out.append(ActorMention(s, e, written, Actor(latin_name(written), "person"), "title"))
        i = max(k, i + 1)
    return out
