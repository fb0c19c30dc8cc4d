"""Light Arabic morphology for matching lexicon words across inflection (tables in
``data/lexicons/morphology.yaml``).

A lexicon word is written once in its base form; a word of the text matches it when stripping
listed endings (dual, plurals, feminine, subject endings, attached pronouns) and imperfect
prefixes gives that base: «اعتقلوهم» → «اعتقل», «تبناهما» → «تبنى», «يهاجمون» → «هاجم»,
«غارات» → «غارة». Verbs also match their regular verbal nouns, made from the verb's pattern
(«اعتقل» → «اعتقال», «هاجم» → «مهاجمة», «استهدف» → «استهداف»). Nothing is stripped that would
turn a relational adjective into its noun: «الاجتماعي» is not «اجتماع».

This is a matcher's stemmer, not an analyser: it proposes bases and the lexicon decides, so a
word matches only what the lexicon lists. Every base is the word with letters removed at its
ends, so a match still covers the whole written word and offsets stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.arabic import normalize
from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, read_yaml

LEXICON = lexicon_path("morphology.yaml")
_ROOT = "فعل"  # the placeholders of a pattern: first, second and third root letter


class MorphologyError(LexiconError):
    """A malformed morphology table; the message names the file and the section."""


@dataclass(frozen=True)
class Morphology:
    nisba: tuple[str, ...]
    noun_endings: tuple[str, ...]
    fem_plural: tuple[str, ...]
    pronouns: tuple[str, ...]
    verb_endings: tuple[str, ...]
    verb_prefixes: tuple[str, ...]
    final_letters: dict[str, tuple[str, ...]]
    derivations: dict[str, tuple[str, ...]]
    not_after: tuple[str, ...]
    min_stem: int


_LISTS = ("nisba", "noun_endings", "fem_plural", "pronouns", "verb_endings", "verb_prefixes", "not_after")


@cached(LEXICON)
def load_morphology(p: Path) -> Morphology:
    """The morphology tables (cached on the file), normalized like the text."""
    data = read_yaml(p, "the morphology tables", MorphologyError)
    if not isinstance(data, dict):
        raise MorphologyError(f"{p}: expected a mapping of sections")
    for key in _LISTS:
        v = data.get(key)
        if not isinstance(v, list) or not all(isinstance(a, str) and a.strip() for a in v):
            raise MorphologyError(f"{p}: {key} must be a list of letters")
    for key in ("final_letters", "derivations"):
        v = data.get(key)
        if not isinstance(v, dict) or not all(isinstance(x, list) for x in v.values()):
            raise MorphologyError(f"{p}: {key} must map a string to a list")
    if not isinstance(data.get("min_stem"), int) or data["min_stem"] < 2:
        raise MorphologyError(f"{p}: min_stem must be a whole number of at least 2")

    def norm(xs: list) -> tuple[str, ...]:
        # longest first: «هما» is tried before «ها» and «ه»
        return tuple(sorted({normalize(str(x)) for x in xs}, key=lambda s: (-len(s), s)))

    return Morphology(
        nisba=norm(data["nisba"]), noun_endings=norm(data["noun_endings"]), fem_plural=norm(data["fem_plural"]),
        pronouns=norm(data["pronouns"]), verb_endings=norm(data["verb_endings"]),
        verb_prefixes=norm(data["verb_prefixes"]),
        final_letters={normalize(k): norm(v) for k, v in data["final_letters"].items()},
        derivations={normalize(k): norm(v) for k, v in data["derivations"].items()},
        not_after=norm(data["not_after"]),
        min_stem=data["min_stem"],
    )


def _arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


def _unfinal(base: str, m: Morphology) -> list[str]:
    """The base and the forms with its last letter restored («تبنا» → «تبني», «مهاجمت» → «مهاجمه»).
    A base in ت before a pronoun is read as the noun only: «أسرته» is «أسرة» + ه (his family),
    the verb «أسرت» + ه is too rare to take the risk."""
    out = [] if base.endswith("ت") else [base]
    for shown, back in m.final_letters.items():
        if base.endswith(shown):
            out.extend(base[: -len(shown)] + b for b in back)
    return out


def _strip_endings(word: str, m: Morphology, endings: tuple[str, ...], *, restore: bool) -> list[str]:
    """Bases of ``word`` without one of ``endings``; ``restore``: the base's last letter may
    show differently before the ending (before a pronoun: «تبناه», «مهاجمتها»)."""
    out = []
    for e in endings:
        if word.endswith(e) and len(word) - len(e) >= m.min_stem + (len(e) == 1):
            # one letter off a three-letter base is too often another word: «قبضة» (a grip) is
            # not «قبض», «أسرته» (his family) not «أسرت»
            base = word[: -len(e)]
            if not restore and e == "ه" and base.endswith("ت"):
                continue  # no feminine after ت: «أسرته» is «أسرة» + pronoun
            out.extend(_unfinal(base, m) if restore else [base])
            if e in m.fem_plural:
                out.append(base + "ه")  # «غارات» → «غاره»
    return out


def _suffix_bases(word: str, m: Morphology, *, names: bool = False, imperfect: bool = False) -> list[str]:
    """The word, then its bases without one subject or noun ending and one pronoun;
    ``imperfect``: after an imperfect prefix, only the imperfect's endings («يهاجمون»)."""
    if names:  # a name takes number, not pronouns or verb endings («الحوثيون»)
        return [word] + _strip_endings(word, m, _NUMBER, restore=False)
    out = [word]
    endings = tuple(e for e in m.verb_endings if e in _IMPERFECT) if imperfect else m.verb_endings + m.noun_endings
    for w in [word] + _strip_endings(word, m, m.pronouns, restore=True):
        if w != word:
            out.append(w)
        out.extend(_strip_endings(w, m, endings, restore=False))
    return out


_IMPERFECT = ("ون", "ان", "ين", "وا", "ن")


_NUMBER = ("ات", "ان", "ين", "ون")


@lru_cache(maxsize=200_000)
def bases(word: str, names: bool = False) -> tuple[str, ...]:
    """Candidate base forms of a normalized word (clitics already stripped), the word first.

    Endings: one subject or noun ending, then one pronoun («اعتقلوهم» = اعتقل + و + هم);
    prefixes: one imperfect prefix, the base then read with or without a leading «ا»
    («يعتقلون» → «اعتقل»). ``names``: only number endings (a name takes no pronoun:
    «حماسه» is not Hamas). Non-Arabic and short words are returned as they are.
    """
    m = load_morphology()
    if not _arabic(word) or len(word) <= m.min_stem:
        return (word,)
    out = _suffix_bases(word, m, names=names)
    if not names:
        for p in m.verb_prefixes:
            if word.startswith(p) and len(word) - len(p) >= m.min_stem:
                for r in _suffix_bases(word[len(p):], m, imperfect=True):
                    if r.endswith("ت"):
                        continue  # «توقفت» is a perfect, not ت + «وقفت»
                    out.append(r)
                    out.append("ا" + r)  # «يعتقل» → «اعتقل», «يستهدف» → «استهدف»
    return tuple(dict.fromkeys(b for b in out if len(b) >= m.min_stem or b == word))


def _fit(pattern: str, word: str) -> dict[str, str] | None:
    """The root letters of ``word`` if it has the shape of ``pattern`` (ف ع ل = root letters)."""
    if len(pattern) != len(word):
        return None
    root: dict[str, str] = {}
    for p, w in zip(pattern, word):
        if p in _ROOT:
            if root.setdefault(p, w) != w:
                return None
        elif p != w:
            return None
    return root if len(root) == 3 else None


@lru_cache(maxsize=20_000)
def derived(word: str) -> tuple[str, ...]:
    """Regular verbal nouns of a verb written in the lexicon («اعتقل» → «اعتقال»)."""
    m = load_morphology()
    if not _arabic(word) or word.startswith("ال") or len(word) < 3:
        return ()
    out = []
    for pattern, nouns in m.derivations.items():
        root = _fit(pattern, word)
        if root is None:
            continue
        for noun in nouns:
            out.append("".join(root.get(ch, ch) for ch in noun))
    return tuple(dict.fromkeys(o for o in out if o != word))


def prefix_ok(prefix: str, word: str) -> bool:
    """Whether ``word`` continues the lexicon prefix ``prefix*`` as an inflection, not as a
    derived adjective («اجتماع*» takes «اجتماعات», not «الاجتماعي» / «اجتماعية»)."""
    if not word.startswith(prefix):
        return False
    rest = word[len(prefix):]
    return not (rest and _arabic(prefix) and rest in load_morphology().not_after)
