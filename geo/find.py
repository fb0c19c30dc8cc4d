"""Place mentions in Arabic and English text, with character offsets into the text given.

How it reads a text:

* the text is normalized once (``geo.arabic.normalize_with_index``: hamza forms, ta marbuta,
  alef maqsura, Persian letters, diacritics, tatweel, case) and cut into words;
* at every word the longest gazetteer name is tried (n-gram lookups in a dict, extended only
  while the words so far begin some longer name); an Arabic first word may carry the clitics
  و ف ب ل ك (+ ال): «وبالحسكة», «لموسكو», «ومخيم الهول»;
* names inside actor names are not places: spans of actor aliases from
  ``data/lexicons/actors.yaml`` and the hand-made multi-word phrases of ``data/gazetteer/not_places.txt``
  («قوات سوريا الديمقراطية», "Iraqi army", «نيويورك تايمز») are masked, as are the spans the
  caller passes in ``mask``;
* among places sharing a name, the best is chosen by population, kind, curation and the
  countries of the other places of the same text («باريس» is Paris, France);
* a capital, a seat of government or a country that is the subject of a verb of saying or
  acting («وتعزز واشنطن…», "Moscow said") is flagged ``metonymy=True``: it stands for a state.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from geo.arabic import normalize_with_index, strip_clitics
from geo.context import Offset, evidence, lexicon, natural, offset_before, role, unresolved_places  # noqa: F401 (re-exported)
from geo.errors import LexiconError
from geo.gazetteer import Gazetteer, Place, get_gazetteer, key_of
from geo.lexicon import ACTORS_PATH, actor_entries
from geo import parts

ACTORS_YAML = ACTORS_PATH

_WORD_RE = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
# What may stand between two words of one name: spaces, hyphens, apostrophes, the dots of "U.S."
_JOINER = re.compile(r"[\s\-'’ʿʼ.]*")

# Places that stand for a state when they act: capitals (flagged in the index), countries and
# these seats of power.
_SEATS = frozenset({"marsad:kremlin", "marsad:white-house", "marsad:pentagon"})


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text.

    Args:
        start, end: character offsets into the text (``text[start:end] == mention.text``);
            clitics glued to an Arabic name are left out («بالحسكة» → «الحسكة»).
        place: the chosen reading; ``alternatives`` holds the others, best first.
        metonymy: the name stands for a state or government («أعلنت واشنطن»), not a location.
        score: 0..1, how sure the reading is.
        role: ``"relation"``, ``"possessor"`` or ``"apposition"`` when the name is not where something happened
            (geo.context.role): "Iran-backed", «الحدود مع العراق», "bound for X", "Mali's army".
        offset: a distance and direction from this place written before it («على بعد 60
            كيلومترا جنوب الموصل»): the approximate point the text gives (geo.context.Offset).
    """

    start: int
    end: int
    text: str
    place: Place
    metonymy: bool
    score: float
    alternatives: tuple[Place, ...] = field(default=(), compare=False, repr=False)
    # "68 nautical miles southwest of X": the position the text gives, from this place
    offset: Offset | None = field(default=None, compare=False)
    # a non-place role: "relation" ("Iran-backed", «المرتبطة بإيران», "the border with X"),
    # "possessor" ("Mali's army"); None for a location
    role: str | None = field(default=None, compare=False)


# --------------------------------------------------------------------------------------------
# Words


class _Tok:
    __slots__ = ("word", "ns", "ne", "arabic")

    def __init__(self, word: str, ns: int, ne: int) -> None:
        self.word = word  # normalized
        self.ns = ns  # [ns, ne) in the normalized text
        self.ne = ne
        self.arabic = "\u0600" <= word[0] <= "\u06ff"


def _tokens(norm_text: str) -> list[_Tok]:
    out = []
    for m in _WORD_RE.finditer(norm_text):
        s, e = m.span()
        out.append(_Tok(norm_text[s:e], s, e))
    return out


def _first_word_forms(tok: _Tok) -> tuple[tuple[str, int], ...]:
    return _word_forms(tok.word, tok.arabic)


@functools.lru_cache(maxsize=65536)
def _word_forms(w: str, arabic: bool) -> tuple[tuple[str, int], ...]:
    """Forms of a first word to look up, longest first, with the number of leading normalized
    characters that are clitics (so that the mention starts after them).

    Proclitics are dropped but the article is kept: «بالحسكة» → «الحسكة», never «حسكة» (and so
    «السوري», 'the Syrian', never becomes the English county «سوري» Surrey).
    """
    if not arabic or len(w) < 3:
        return ((w, 0),)
    out = [(w, 0)]
    for c in strip_clitics(w)[1:]:
        if len(c) < 3:
            continue
        if w.endswith(c):
            cut = len(w) - len(c)
            if w[:cut].endswith("ال"):
                continue  # the article was removed: keep it
        elif c.startswith("ال") and w.startswith("لل") and w.endswith(c[2:]):
            cut = 2  # «للحسكة» = ل + الحسكة: the mention starts at the second lam
        else:
            continue
        out.append((c, cut))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Masks: actor names and non-place phrases


class _PhraseIndex:
    """Multi-word phrases (normalized keys) with their prefixes, for the same longest-match scan."""

    def __init__(self, phrases: Iterable[tuple[str, bool]]) -> None:
        self.keys: dict[str, bool] = {}  # key -> must the text be in capitals
        self.prefixes: set[str] = set()
        self.max_words = 1
        for key, caps in phrases:
            if not key:
                continue
            self.keys[key] = self.keys.get(key, True) and caps
            words = key.split(" ")
            self.max_words = max(self.max_words, len(words))
            for j in range(1, len(words)):
                self.prefixes.add(" ".join(words[:j]))


_MASK_LOCK = threading.Lock()
_MASK_CACHE: dict[tuple, _PhraseIndex] = {}


def _actor_aliases(path: Path) -> list[tuple[str, bool]]:
    """Aliases of actors.yaml as (key, must-be-capitals); bad or missing file → nothing."""
    try:
        data = actor_entries(path)
    except LexiconError:  # a broken lexicon must not break place finding (events.actors reports it)
        return []
    out: list[tuple[str, bool]] = []
    for entry in data:
        if not isinstance(entry, dict):
            continue
        names = []
        for k in ("aliases_ar", "aliases_en"):
            v = entry.get(k)
            if isinstance(v, list):
                names += [str(a) for a in v if a]
        for k in ("name",):
            if entry.get(k):
                names.append(str(entry[k]))
        for n in names:
            caps = n.isupper() and len(n.replace(".", "")) <= 5 and n.isascii()
            out.append((key_of(n), caps))
    return out


def _mask_index(gz: Gazetteer) -> _PhraseIndex:
    """Actor aliases that are not themselves place names, plus multi-word not-places."""
    try:
        mtime = ACTORS_YAML.stat().st_mtime_ns
    except OSError:
        mtime = None
    cache_key = (id(gz), mtime)
    idx = _MASK_CACHE.get(cache_key)
    if idx is None:
        with _MASK_LOCK:
            # «تركيا», "the Kremlin" as an actor stay places (metonymy decides); a GeoNames town
            # spelled like a group's name ("Hamas" ~ Hamm, "NISA" ~ Nice) is the group
            phrases = [(k, caps) for k, caps in (_actor_aliases(ACTORS_YAML) if mtime else [])
                       if k and not any(gz.is_curated(j) or gz.kind_of(j) == "country" for j in gz.find_indices(k))]
            phrases += [(k, False) for k in gz.mask_phrases]
            idx = _PhraseIndex(phrases)
            _MASK_CACHE.clear()
            _MASK_CACHE[cache_key] = idx
    return idx


# --------------------------------------------------------------------------------------------
# Metonymy

# Verbs of saying and acting whose subject can be a state (normalized; feminine 3rd person,
# the agreement a city or country takes; the prefix و/ف is removed before the check).
_AR_VERBS = set("""
قالت اعلنت اكدت نفت اتهمت حذرت ردت رفضت طالبت دعت هددت نفذت شنت ارسلت نشرت فرضت قررت وافقت
ادانت اعتبرت رحبت اعربت ابدت عبرت استنكرت نددت توعدت تعهدت اعترفت زعمت اوضحت اشارت لفتت كشفت
بدات واصلت استانفت علقت اوقفت سحبت نقلت عززت دعمت ساندت استغلت حاولت سعت ارادت تريد تري ترى
تعتبر تتهم تحذر ترفض تطالب تدعو تهدد تنفذ تشن ترسل تنشر تفرض تسعي تسعى تحاول تعزز تستغل تدعم
تقول تاكد تنفي تواصل تعمل تخطط ترغب تصر تؤكد تدين ترحب تعرب تتوعد تعترف تزعم توضح تشير تكشف
تبدا تستانف تعلق توقف تسحب تنقل تساند تتهم تبحث تدرس تنوي تعتزم تستعد تسعي تحشد تعد تبدي
ستعمل ستواصل ستقوم ستفرض سترد ستدعم ستنفذ ستشن سترسل
قال اعلن اكد نفي نفى اتهم حذر رد رفض طالب دعا هدد اعتبر رحب ادان اعرب ابدى ابدي استنكر ندد
يقول يعلن يوكد ينفي يتهم يحذر يرفض يطالب يدعو يهدد يعتبر يرحب يدين
""".split())  # masculine forms: «أكد الكرملين», «قال البيت الأبيض»
# Words that look like verbs to the t-rule but are not.
_AR_NOT_VERBS = set("""
تحت بيت وقت ثبت سبت تركيا تونس تنظيم تقرير تحالف تعاون تصريح تصريحات تقارير تهديد تهديدات
تدخل تواجد توتر تصعيد تحرك تحركات تنسيق تفجير تفجيرات توقيت تشرين تموز
""".split())
# Nouns of stance or policy whose complement is a state («موقف واشنطن», «حكومة دمشق»).
_AR_STANCE = set("""
موقف مواقف تصريحات قرار قرارات حكومه اداره نظام سياسه سياسات دعم رد اتهامات مطالب مطالبات
حلفاء شركاء ضغوط عقوبات مبعوث سفير وفد رساله رسائل تهديدات حليف بقياده قياده
""".split())
_EN_VERBS = set("""
said says say announced announces warned warns accused accuses denied denies claimed claims urged
urges called calls condemned condemns responded responds rejected rejects insisted insists
demanded demands threatened threatens launched launches struck strikes sent sends deployed deploys
imposed imposes sanctioned stated states added argued argues hoped hopes planned plans vowed vows
pledged pledges blamed blames agreed agrees refused refuses retaliated retaliates wants wanted
believes believed considers considered supports supported backed backs confirmed confirms
welcomed welcomes criticized criticised criticizes criticises expelled expels recalled recalls
ordered orders approved approves signed signs offered offers sought seeks insisted
""".split())
_EN_AUX = {"has", "have", "had", "will", "would", "is", "was", "also", "has also", "could", "may",
           "might", "should", "must", "can", "did", "does", "had"}
_EN_STANCE = set("""
policy policies position stance support decision decisions response allies ally ties relations
envoy ambassador embassy sanctions demands pressure strategy administration government
""".split())
# Between a clause start and the mention: nothing, or a conjunction.
_CLAUSE_BREAK = re.compile(r"(^|[.!?؟;:،,\n«»\"“”(\)\-–—]\s*)$")


# Prepositions and directions: after them a name is a location, whatever verb follows.
_AR_PREPS = set("""
في من الى على عن داخل خارج شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط انحاء حدود مع نحو قرب
بالقرب حول عبر باتجاه اطراف ريف مدينه العاصمه
""".split())
_EN_PREPS = {"in", "at", "from", "to", "near", "into", "outside", "inside", "of", "around", "across",
             "toward", "towards", "via", "through", "between", "and"}
# Names that are also a feminine adjective («سورية»: Syria, or 'Syrian' after a noun): a place
# only after a preposition or a proclitic («في سورية», «بسورية»).
_ADJECTIVE_LIKE = {"سوريه"}


def _strip_conj(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


# Verbs whose subject is a location, not an agent: «تشهد باريس دورة», «تستضيف عمان الاجتماع».
_AR_HOST_VERBS = set("""
تشهد شهدت يشهد شهد تستضيف استضافت يستضيف استضاف تعيش عاشت تعاني عانت تستقبل استقبلت تضم ضمت
تحتضن احتضنت تقع وقعت يقع تحتوي تمتد امتدت تبعد تبلغ
""".split())


def _ar_verb_like(word: str) -> bool:
    w = _strip_conj(word)
    if w in _AR_HOST_VERBS:
        return False
    if w in _AR_VERBS or word in _AR_VERBS:
        return True
    if w in _AR_NOT_VERBS or w.startswith("ال") or w.endswith("ات") or len(w) < 4:
        return False
    # feminine agreement with a city/country: perfect in -ت, imperfect in ت-
    return w.endswith("ت") or (w.startswith("ت") and not w.endswith("ه"))


def _metonymy(gz: Gazetteer, i: int, toks: list[_Tok], a: int, b: int, norm_text: str) -> bool:
    """Is the mention made of tokens a..b-1 the subject of a verb of saying/acting (or the
    complement of a stance noun)?"""
    if not (gz.kind_of(i) == "country" or gz.is_capital(i) or gz.place_id(i) in _SEATS):
        return False
    prev = toks[a - 1] if a > 0 else None
    nxt = toks[b] if b < len(toks) else None
    gap_before = norm_text[prev.ne:toks[a].ns] if prev else ""
    gap_after = norm_text[toks[b - 1].ne:nxt.ns] if nxt else ""
    if toks[a].arabic:
        if prev and _strip_conj(prev.word) in _AR_PREPS:
            return False
        if prev and not gap_before.strip():
            pw = _strip_conj(prev.word)
            if _ar_verb_like(prev.word) or pw in _AR_STANCE:
                return True
        # subject first: «واشنطن تتهم…» at the start of a clause
        starts_clause = (prev is None or prev.word in ("و", "ف", "ان", "بان", "لان", "فان", "وان", "حيث")
                         or bool(_CLAUSE_BREAK.search(norm_text[max(0, toks[a].ns - 4):toks[a].ns])))
        if starts_clause and nxt and not gap_after.strip() and _ar_verb_like(nxt.word) and not nxt.word.startswith("ال"):
            return True
        return False
    # English: "Washington said", "Moscow has warned", "Washington's policy"
    if prev and prev.word in _EN_PREPS:
        return False
    words = [t.word for t in toks[b:b + 3]]
    if gap_after.strip() in ("'", "’") and words[:1] == ["s"]:
        return len(words) > 1 and words[1] in _EN_STANCE
    if gap_after.strip():
        return False
    if words and words[0] in _EN_VERBS:
        return True
    if len(words) >= 2 and words[0] in _EN_AUX and (words[1] in _EN_VERBS or words[1] in _EN_AUX):
        return True
    return False


# --------------------------------------------------------------------------------------------
# Finding


class _Spans:
    """Masked spans, merged and sorted: an overlap test is one bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted((int(s), int(e)) for s, e in spans if e > s):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def blocks(self, s: int, e: int) -> bool:
        """Does a masked span overlap [s, e) without lying strictly inside it? (A longer place
        name wins over an actor name within it: «القاعدة الأمريكية في الشدادي» is a base even
        though «القاعدة» is al-Qaeda; «سوريا» inside «قوات سوريا الديمقراطية» is blocked.)"""
        j = bisect.bisect_left(self.starts, e) - 1  # the last span starting before e
        while j >= 0 and self.ends[j] > s:
            ms, me = self.starts[j], self.ends[j]
            if not (s <= ms and me <= e and me - ms < e - s):
                return True
            j -= 1
        return False


def _scan(index_keys, prefixes, max_words: int, toks: list[_Tok], norm_text: str, i: int):
    """Longest key starting at token i: (n_tokens, key, clitic_cut) or None."""
    best = None
    for form, cut in _first_word_forms(toks[i]):
        key = form
        n = 1
        found = (1, key) if key in index_keys else None
        while key in prefixes and i + n < len(toks) and n < max_words:
            gap = norm_text[toks[i + n - 1].ne:toks[i + n].ns]
            if _JOINER.fullmatch(gap) is None:
                break
            key = key + " " + toks[i + n].word
            n += 1
            if key in index_keys:
                found = (n, key)
        if found and (best is None or found[0] > best[0]):
            best = (found[0], found[1], cut)
    return best


def _scan_all(index_keys, prefixes, max_words: int, toks: list[_Tok], norm_text: str, i: int):
    """Every key starting at token i, longest first: [(n_tokens, key, clitic_cut), ...]."""
    hits = []
    for form, cut in _first_word_forms(toks[i]):
        key = form
        n = 1
        if key in index_keys:
            hits.append((1, key, cut))
        while key in prefixes and i + n < len(toks) and n < max_words:
            gap = norm_text[toks[i + n - 1].ne:toks[i + n].ns]
            if _JOINER.fullmatch(gap) is None:
                break
            key = key + " " + toks[i + n].word
            n += 1
            if key in index_keys:
                hits.append((n, key, cut))
    if len(hits) > 1:
        hits.sort(key=lambda h: -h[0])  # stable: for one length, the unclitic form first
    return hits


# Population from which a town named in the text's country is read on its name alone, and
# from which a multi-word name is read after a locative word wherever it lies.
_TOWN = 15_000


def _evidence_ok(gz: Gazetteer, j: int, key: str, ev: int, ctx: set[str]) -> bool:
    """May a place read only with evidence (``~i`` in the index) be read here?

    ``ev``: 2 a feature noun before/after it, 1 a locative word, 0 none; ``ctx``: the countries
    named in the text (or given by the caller). A small town needs its country in the text and
    a locative word; a town of 15,000 needs only its country (the old Middle-East rule, now for
    every country); a three-letter name needs a feature noun («مدينة سرت»).
    """
    in_ctx = gz.country_of(j) in ctx
    pop = gz.population(j)
    if gz.kind_of(j) == "region":
        # a first-level division ("Borno", «شمال كردفان»): in a text that names its country, a
        # one-word name after a locative word or its own kind («ولاية بورنو», "Borno state")
        return in_ctx and (ev > 0 or " " in key)
    if " " in key:
        return in_ctx or (ev > 0 and pop >= 1_000)
    if ev == 2 and pop >= _TOWN:
        return True  # «مدينة غاو», "the town of X": a town, wherever it lies
    if len(key) < 4:
        return in_ctx and (ev == 2 or ev == 1 and pop >= _TOWN)
    return in_ctx and (ev > 0 or pop >= _TOWN)


def _ev_words(toks: list[_Tok], a: int, b: int, nt: str) -> tuple[list[str], list[str]]:
    """The words before token a (two, nearest last) and after token b-1 (one), when no
    punctuation stands between them and the name."""
    prev: list[str] = []
    for k in (a - 1, a - 2):
        if k < 0 or nt[toks[k].ne:toks[k + 1].ns].strip(" \t-\"«»“”"):
            break
        prev.insert(0, toks[k].word)
    nxt = []
    if b < len(toks) and not nt[toks[b - 1].ne:toks[b].ns].strip():
        nxt.append(toks[b].word)
    return prev, nxt


def _unglued(raw: list, toks: list[_Tok], nt: str) -> list:
    """Mentions not glued by a hyphen to a word that is no place, role word or particle: in
    «كاني-بونزون», "Saint-Xyz" a town's name is part of a longer name the gazetteer lacks."""
    lx = lexicon()
    starts, ends = {r[0] for r in raw}, {r[1] for r in raw}
    out = []
    for r in raw:
        a, b = r[0], r[1]
        glued = False
        if a > 0 and nt[toks[a - 1].ne:toks[a].ns] == "-":
            w = toks[a - 1].word
            glued = w not in lx.hyphen_ok and w not in lx.roles_prefix and a not in ends
        if not glued and b < len(toks) and nt[toks[b - 1].ne:toks[b].ns] == "-":
            w = toks[b].word
            glued = w not in lx.roles_hyphen and b not in starts
        if not glued:
            out.append(r)
    return out


def find_places(text: str, *, mask: Iterable[tuple[int, int]] = (), language: str | None = None,
                countries: Iterable[str] = ()) -> list[PlaceMention]:
    """Place mentions in ``text``, in order, with offsets into ``text``.

    Args:
        text: Arabic and/or English text.
        mask: (start, end) spans of ``text`` that hold no place (e.g. actor names already found).
        language: ``"ar"`` or ``"en"`` when known; None decides word by word (mixed texts work).
        countries: ISO codes of countries the document names elsewhere (a sentence of an
            article): a small town of theirs is read on the evidence around its name.
    """
    if not text:
        return []
    gz = get_gazetteer()
    norm = normalize_with_index(text)
    nt = norm.text
    toks = _tokens(nt)
    if not toks:
        return []
    masked: list[tuple[int, int]] = [(int(s), int(e)) for s, e in mask]
    # mask actor names and non-place phrases (longest match, same scan)
    mi = _mask_index(gz)
    i = 0
    while i < len(toks):
        hit = _scan(mi.keys, mi.prefixes, mi.max_words, toks, nt, i)
        if hit:
            n, key, cut = hit
            s, e = norm.span(toks[i].ns + cut, toks[i + n - 1].ne)
            if not mi.keys[key] or text[s:e].isupper():
                masked.append((s, e))
                i += n
                continue
        i += 1

    spans = _Spans(masked)
    # candidate mentions: at each word every name the index holds, longest first
    hits_at: list[list[tuple[int, str, int, tuple[int, ...], tuple[int, ...]]]] = []
    ctx: set[str] = {c for c in countries if c}
    named = set(ctx)  # the countries given or named by a nationality adjective
    for i in range(len(toks)):
        hits = []
        for form, _ in _first_word_forms(toks[i]):
            # a nationality adjective names its country («القوات اليمنية», "Malian troops")
            if form in gz.demonyms and (toks[i].arabic or text[norm.index[toks[i].ns]].isupper()):
                ctx.update(gz.demonyms[form])
                named.update(gz.demonyms[form])
        for n, key, cut in _scan_all(gz.finder, gz.prefixes, gz.max_words, toks, nt, i):
            if cut and toks[i].word in gz.not_places:
                continue  # a common word is not a clitic + a name («وكالة» is not و + Calais)
            strong, weak = gz.find_candidates(key)
            if key in _ADJECTIVE_LIKE and not cut and not (i and _strip_conj(toks[i - 1].word) in _AR_PREPS):
                strong = weak = ()
            hits.append((n, key, cut, strong, weak))
            # the countries the text names (a country name, a curated place, a name read alone)
            for j in strong:
                if gz.kind_of(j) == "country" or len(strong) == 1:
                    ctx.add(gz.country_of(j) or "")
        hits_at.append(hits)
    raw: list[tuple[int, int, int, int, tuple[int, ...], int]] = []  # (a, b, start, end, indices, clitic cut)
    i = 0
    while i < len(toks):
        taken = None
        for n, key, cut, strong, weak in hits_at[i]:
            s, e = norm.span(toks[i].ns + cut, toks[i + n - 1].ne)
            idx = strong
            if weak:
                prev, nxt = _ev_words(toks, i, i + n, nt)
                ev = evidence(prev, toks[i].word[:cut], nxt, toks[i].arabic)
                idx = idx + tuple(j for j in weak if _evidence_ok(gz, j, key, ev, ctx))
            if not toks[i].arabic:
                # English: a name from GeoNames must be capitalized in the text ("police" is not
                # Police, Poland); curated names and countries are matched in any case
                if not text[s:s + 1].isupper():
                    idx = tuple(j for j in idx if gz.is_curated(j) or gz.kind_of(j) == "country")
            if idx and not spans.blocks(s, e):
                taken = (i, i + n, s, e, idx, cut)
                break
        if taken:
            raw.append(taken)
            i = taken[1]
        else:
            i += 1

    raw = _unglued(raw, toks, nt)

    # context: the countries of the places that are not in doubt
    sure: list[str | None] = []  # per mention: its country when the reading is not in doubt
    for _, _, _, _, idx, _ in raw:
        ranked = sorted((gz.prior(j) for j in idx), reverse=True)
        sure.append(gz.country_of(max(idx, key=gz.prior)) if len(idx) == 1 or ranked[0] - ranked[1] >= 2.0 else None)
    counts = Counter(c for c in sure if c)

    abroad = _namesakes_abroad(gz, raw, toks, nt, sure, named)
    out: list[PlaceMention] = []
    for k, (a, b, s, e, idx, cut) in enumerate(raw):
        # the countries of the *other* places of the text
        context = {c for c, n in counts.items() if n - (sure[k] == c) > 0}
        if b - a == 1 and context:
            # a one-word GeoNames town of another country than all the other places of the
            # text is more likely a word or a local name misread («Hilaliya» in a Syrian story
            # is a Qamishli district, not the Sudanese town)
            idx = tuple(j for j in idx if gz.is_curated(j) or gz.kind_of(j) == "country"
                        or gz.country_of(j) in context or gz.population(j) >= 50_000)
            if not idx:
                continue
        if abroad:
            idx = tuple(j for j in idx if j not in abroad)
            if not idx:
                continue
        # a written shadda tells عمّان (Amman) from عُمان (Oman): country names carry none
        shadda = "\u0651" in text[s:e]
        scored = sorted(((gz.prior(j) + (1.5 if gz.country_of(j) in context else 0.0)
                          - (4.0 if shadda and gz.kind_of(j) == "country" else 0.0), j) for j in idx), reverse=True)
        best_score, best = scored[0]
        if len(scored) == 1:
            conf = 0.9 if (gz.is_curated(best) or gz.kind_of(best) == "country") else (0.8 if b - a > 1 else 0.7)
        else:
            margin = best_score - scored[1][0]
            conf = max(0.3, min(0.9, 0.5 + 0.15 * margin))
        meto = _metonymy(gz, best, toks, a, b, nt)
        place = gz.place(best)
        off = None
        if place.kind != "country" and _DIGIT.search(text, max(0, s - 160), s):
            off = offset_before(text, s, place.lat, place.lon)
        ns, ne = toks[a].ns, toks[b - 1].ne
        rl = role(nt[max(0, ns - 60):ns + cut], nt[ne:ne + 24], place.kind == "country")
        if place.kind == "country" and not meto:
            # «جنوب لبنان», "southern Lebanon", "Nigeria's north": a part of the country
            part = _country_part(gz, place, toks, a, b, nt, {r[0] for r in raw})
            if part is not None:
                (ps, pe), place = norm.span(part[0], part[1]), part[2]
                s, e, rl = min(s, ps), max(e, pe), None if pe > e else rl
        out.append(PlaceMention(
            start=s, end=e, text=text[s:e], place=place, metonymy=meto, score=round(conf, 2),
            alternatives=tuple(gz.place(j) for _, j in scored[1:6]), offset=off, role=rl,
        ))
    found = Counter(m.place.country for m in out if m.place.country) + Counter(named)
    main = found.most_common(1)[0][0] if found else next(iter(named)) if len(named) == 1 else None
    return _with_parts(out, gz, toks, nt, norm, spans, main)


def _namesakes_abroad(gz: Gazetteer, raw: list, toks: list[_Tok], nt: str, sure: list[str | None],
                      named: set[str]) -> set[int]:
    """Towns that a natural feature's name rules out, wherever the name recurs in the text
    (one sense per text): «غابة بوني», "the X forest" is no namesake town of a country that
    neither a nationality adjective nor another place of the text names (the mountains of a
    town of the text's own country stay that town: «جبال القصرين»)."""
    out: set[int] = set()
    for a, b, _, _, idx, _ in raw:
        prev, nxt = _ev_words(toks, a, b, nt)
        if not natural(prev, nxt, toks[a].arabic):
            continue
        for j in idx:
            others = {sure[o] for o in range(len(raw)) if sure[o] and j not in raw[o][4]} | named
            if gz.kind_of(j) == "city" and others and gz.country_of(j) not in others:
                out.add(j)  # the text names other countries, not this town's
    return out


def _country_part(gz: Gazetteer, country: Place, toks: list[_Tok], a: int, b: int, nt: str, named: set[int]
                  ) -> tuple[int, int, Place] | None:
    """The part of a country named by a direction beside its name at tokens a..b-1, as
    (normalized start, normalized end, the part), or None; ``named``: the tokens where other
    place names start ("Sudan's South Darfur state" names no part of Sudan)."""
    got = parts.before(toks, a, nt)
    if got is not None:
        k, cut, bearing = got
        span = (toks[k].ns + cut, toks[b - 1].ne)
    else:
        tail = parts.after(toks, b, nt)
        if tail is None or any(k in named for k in range(b, tail[0])):
            return None
        span, bearing = (toks[a].ns, toks[tail[0] - 1].ne), tail[1]
    place = parts.part_of(gz, country, bearing)
    return None if place is None else (span[0], span[1], place)


def _with_parts(out: list[PlaceMention], gz: Gazetteer, toks: list[_Tok], nt: str, norm, spans: _Spans,
                main: str | None) -> list[PlaceMention]:
    """The mentions and the parts of countries named without the country's name («الشمال
    السوري», «شرق البلاد», "the country's north": ``main``, the country the text is about)."""
    extra = []
    for a, b, cut, code, bearing in parts.phrases(toks, nt, gz.demonyms, main):
        s, e = norm.span(toks[a].ns + cut, toks[b - 1].ne)
        country = gz.country(code)
        if country is None or spans.blocks(s, e) or any(m.start < e and s < m.end for m in out):
            continue
        place = parts.part_of(gz, country, bearing)
        if place is not None:
            extra.append(PlaceMention(start=s, end=e, text=norm.original[s:e], place=place, metonymy=False, score=0.7))
    out = sorted(out + extra, key=lambda m: m.start) if extra else out
    return [_apposition(out[k - 1], m, norm.original) if k and parts.is_part(m.place) else m for k, m in enumerate(out)]


_APPOSED = re.compile(r"[\s,،]*(?:(?:in|في|فى)\s+(?:the\s+)?)?")


def _apposition(prev: PlaceMention, m: PlaceMention, text: str) -> PlaceMention:
    """A part of a country right after a place inside it («محافظة كركوك شمال البلاد», "Faizabad,
    in northeastern Afghanistan") tells where that place lies: it is no place of its own."""
    if prev.place.country != m.place.country or prev.place.kind == "country" or parts.is_part(prev.place) \
            or not _APPOSED.fullmatch(text[prev.end:m.start]):
        return m
    return dataclasses.replace(m, role="apposition")
