"""Arabic personal names in Latin letters, for persons the actor lexicon does not know.

«وزير الداخلية فلان الفلاني» is reported as "Fulan al-Fulani": a given name of the table in
``data/lexicons/names.yaml`` takes the press's usual spelling (محمد → Mohammed); «عبد» joins
the next word (عبد الله → Abdullah, عبد الكريم → Abdul Karim); the article becomes "al-"; any
other word is spelled letter by letter, with a short vowel to open a first syllable whose
vowel the script does not write (البكور → al-Bakour).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from geo.errors import LexiconError
from geo.lexicon import cached, lexicon_path, read_yaml

LEXICON = lexicon_path("names.yaml")
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel
_HAMZA_ALEF = str.maketrans("أإآ", "ااا")
_LONG = {"ا", "و", "ي", "ى", "ة"}


@dataclass(frozen=True)
class Names:
    given: dict[str, str]                  # folded Arabic → Latin
    compounds: dict[str, tuple[str, str]]  # folded first word → (alone, before an al- word)
    letters: dict[str, str]
    vowel: str


def _fold(word: str) -> str:
    return _MARKS.sub("", word).translate(_HAMZA_ALEF)


@cached(LEXICON)
def load_names(path: Path) -> Names:
    """The compiled names table (cached on the file)."""
    data = read_yaml(path, "the names lexicon")
    if not isinstance(data, dict) or not isinstance(data.get("given"), dict) or not isinstance(data.get("letters"), dict):
        raise LexiconError(f"{path}: expected the sections 'given' and 'letters'")
    letters = data["letters"].get("map")
    if not isinstance(letters, dict):
        raise LexiconError(f"{path}: letters: expected a 'map' of letters")
    compounds = {}
    for word, spec in (data.get("compounds") or {}).items():
        if not isinstance(spec, dict) or not spec.get("alone") or not spec.get("prefix"):
            raise LexiconError(f"{path}: compounds: {word}: give 'alone' and 'prefix'")
        compounds[_fold(word)] = (str(spec["alone"]), str(spec["prefix"]))
    given = {_fold(k): str(v) for k, v in data["given"].items()}
    return Names(given, compounds, {str(k): str(v) for k, v in letters.items()}, str(data["letters"].get("vowel", "a")))


def _spell(word: str, names: Names) -> str:
    """A word that is no given name of the table, letter by letter."""
    if len(word) == 4 and word[1] == "ا" and not set(word[2:]) & (_LONG | {"ع"}) and word[0] not in _LONG:
        # the pattern فاعل: «قادر» Qadir, «ناظم» Nazim, «عامر» Amir
        c = [names.letters.get(ch, "") for ch in word]
        return f"{c[0]}a{c[2]}i{c[3]}".replace("'", "")
    out: list[str] = []
    n = len(word)
    consonants = 0
    opened = False  # the first syllable has its vowel
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < n else ""
        if i == 0 and ch in "اأإآع":
            # a word-initial alef or ain carries the first vowel («أمير» Amir, «عون» Aoun)
            out.append("" if ch == "ع" and nxt in "اآ" else {"إ": "i", "آ": "aa"}.get(ch, "a"))
            opened = True
            continue
        if ch in "وي" and i > 0 and word[i - 1] not in _LONG and (not nxt or nxt not in _LONG):
            later_long = any(c in "اوي" for c in word[i + 1:])
            if ch == "ي" and consonants == 1 and not opened and later_long:
                out.append("ay")  # «تيسير» Taysir: a diphthong opens the word
            else:
                out.append("ou" if ch == "و" else "i")  # a long vowel after a consonant
            consonants, opened = 0, True
            continue
        if ch == "ع" and nxt and nxt not in _LONG and i + 1 < n:
            out.append(names.vowel if opened else "")  # «منعم»: a medial ain before a consonant
            consonants, opened = 0, True
            continue
        if ch in _LONG and i > 0:
            out.append(names.letters.get(ch, ""))
            consonants, opened = 0, True
            continue
        if consonants == 1 and not opened:
            out.append(names.vowel)  # open the first syllable: the script writes no short vowel
            opened = True
        out.append(names.letters.get(ch, ""))
        consonants += 1
    return "".join(out).replace("'", "")


def _word(word: str, names: Names) -> str:
    if word in names.given:
        return names.given[word]
    if word.startswith("ال") and len(word) > 3:
        rest = word[2:]
        core = names.given.get(rest) or _spell(rest, names).capitalize()
        return "al-" + core
    return _spell(word, names).capitalize()


def latin_name(name: str, names: Names | None = None) -> str:
    """The Latin spelling of an Arabic personal name (a name in Latin letters is kept)."""
    if not re.search("[\u0600-\u06ff]", name):
        return name
    names = names or load_names()
    words = [_fold(w) for w in name.split()]
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        pair = f"{w} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair in names.given:  # «عبد الله» Abdullah
            out.append(names.given[pair])
            i += 2
            continue
        joined = next((c for c in names.compounds if w.startswith(c) and len(w) > len(c) + 2 and w not in names.given), None)
        if w in names.compounds and i + 1 < len(words):
            alone, prefix = names.compounds[w]
            nxt = words[i + 1]
            if nxt.startswith("ال"):
                out.append(f"{prefix} {_word(nxt[2:], names)}")
            elif nxt in names.given:
                out.append(f"{alone} {names.given[nxt]}")
            else:
                out.append(f"{alone} {_word(nxt, names)}")
            i += 2
            continue
        if joined is not None:  # «عبدالرازق»: the compound written as one word
            alone, prefix = names.compounds[joined]
            rest = w[len(joined):]
            out.append(prefix + _word(rest[2:] if rest.startswith("ال") else rest, names).lower())
            i += 1
            continue
        out.append(_word(w, names))
        i += 1
    return " ".join(out)
