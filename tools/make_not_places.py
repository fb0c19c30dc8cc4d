"""Regenerate the computed block of not_places.txt (a maintainer's tool, not run by Marsad).

It needs the ``wordfreq`` package, which Marsad does not depend on:

    python -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq
    PYTHONPATH=. /tmp/wf/bin/python tools/make_not_places.py

A one-word GeoNames name that Marsad would read as a place in running text is listed when it
is a frequent word that the place's fame does not explain: its Arabic frequency is far above
the English frequency of the place's English name (e.g. «كان» 'was' = Caen, «كيف» 'how' =
Kyiv in Persian spelling, «الباب» 'the door' = al-Bab), or, for English, a common word naming
a city of under a million people that Arabic news hardly names ("Nice", "Reading", "Mobile"). Curated places are never
listed. Word frequencies: wordfreq (Robyn Speer et al.), data under CC BY-SA 4.0.
Names read only with evidence (towns under 100,000) are checked too, with a lower bar. A frequent
word that splits into a proclitic and a name («وكالة» = و + Calais, «فرانس» = ف + Reims) is listed
whole: geo.find then never splits it.
Hand-made entries stay above the BEGIN marker; only the block between the markers is rewritten.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import wordfreq

from geo import gazetteer as G

BEGIN = "# --- BEGIN computed by make_not_places.py (do not edit below this line) ---"
END = "# --- END computed ---"


# English names of cities that are common words in no sense that matters
FAMOUS = {"athens", "boston", "glasgow", "edinburgh", "oxford", "venice", "miami", "indianapolis",
          "minneapolis", "milwaukee", "louisville", "portland", "sheffield", "leicester", "aberdeen",
          "wellington", "westminster", "oakland", "geneva", "liverpool"}


# Arab cities that Arabic news names often (so they look like common words to the rule above)
KEEP_AR = set("""الدمام الزبداني القصير المفرق القطيف تبوك نجران جازان ينبع داريا سوهاج الفيوم عجلون
الزقازيق وجده سطيف بريده القيروان الحمامات المحرق الجهراء الخرج الجوف حولي المسيب سكاكا الهفوف
القريات الزلفي شقراء صبيا عمران زبيد زواره الرديف سيهات الكوفه الحديده اسيوط
زحله جبله الرمله المنصوره البليده الطفيله""".split())


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def written_forms(key: str) -> set[str]:
    """Spellings a text may use for a folded Arabic key: hamza on an alef, final ة and ى
    («بانه» is how «بأنه» 'that it' folds; wordfreq knows only the written form)."""
    out = {key}
    for i, ch in enumerate(key):
        if ch == "ا":
            out |= {key[:i] + h + key[i + 1:] for h in "أإآ"}
    out |= {w[:-1] + "ة" for w in list(out) if w.endswith("ه")}
    out |= {w[:-1] + "ى" for w in list(out) if w.endswith("ي")}
    return out


def zipf_ar(spellings: set[str]) -> float:
    return max(wordfreq.zipf_frequency(w, "ar") for s in spellings for w in written_forms(s))


# Proclitics a word may carry before a place name: a frequent word that is a clitic + a place
# («وكالة» 'agency' = و + Calais, «فرانس» of «فرانس برس» = ف + Reims) is listed whole, and
# geo.find then never splits it.
CLITICS = ("و", "ف", "ل", "ك")  # not ب: «بحرير» is 'in Harir' far more often than a word


def main() -> None:
    path = G.NOT_PLACES_TXT
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    manual = text.split(BEGIN)[0].rstrip("\n")
    manual_keys = {G.key_of(l.split("#")[0]) for l in manual.splitlines() if l.split("#")[0].strip()}
    # the index as it would be without the computed block
    path.write_text(manual + "\n", encoding="utf-8")
    core = G.load_index("core", rebuild=True)
    full = G.load_index("full")
    gz = G.Gazetteer(core, full)
    rows, _ = G.read_places_csv()
    curated = {G.key_of(n) for r in rows for n in (r.name, r.name_ar or "", *r.aliases)}
    ar_out, en_out, split_out = [], [], []
    for key in list(gz.finder):
        strong, weak = gz.find_candidates(key)
        # names read only with evidence (small towns after «في», "in") are checked too, and so
        # are their multi-word names ("Middle East" is a hamlet somewhere)
        evidence_only = not strong
        if (" " in key and not evidence_only) or key in manual_keys or key in curated or key in KEEP_AR:
            continue
        if " " in key and min(len(w) for w in key.split(" ")) < 3:
            continue  # syllable-split spellings ("a ch i"): wordfreq scores their letters
        every = strong + weak
        idx = [i for i in every if gz.kind_of(i) != "country" and not gz.is_curated(i)]
        if not idx or len(idx) < len(every):
            continue  # a curated place or a country owns this name
        top = max(idx, key=gz.population)
        pop, cc = gz.population(top), gz.country_of(top)
        mena = cc in G.MENA
        name_en = fold(G._unblob(core["names"], top))
        latin = [fold(a) for a in G._unblob(core["alias_blob"], top).split("\x1f") if not G._ARABIC_LETTER.search(a)]
        if G._ARABIC_LETTER.search(key):
            # wordfreq knows the written forms (ة, ى, hamza), not our folded key
            spellings = {a for i in idx for a in G._unblob(core["alias_blob"], i).split("\x1f") if G.key_of(a) == key}
            za = zipf_ar(spellings | {key})
            if " " not in key and pop >= 15_000:  # a village is not read without evidence anyway
                for c in CLITICS:
                    # the word with a clitic is far more frequent than the name: not a split
                    zc = max(wordfreq.zipf_frequency(w, "ar") for w in {c + key, c + key[:-1] + "ة"})
                    if zc >= 3.0 and zc - za >= 0.5 and c + key not in manual_keys and c + key not in gz.finder \
                            and c + key not in curated:
                        split_out.append((c + key, f"not {c} + {name_en} {cc} {pop}"))
            if za < 3.0:
                continue
            # how famous the place is in English: its best-known Latin spelling, article dropped
            ze = max(wordfreq.zipf_frequency(re.sub(r"^(a[lnrsdtz]h?|el)[ -]", "", n), "en") for n in latin)
            if mena:
                common = za - ze >= 2.0  # Arab towns are rarer in English: demand a wide gap
            elif evidence_only:
                common = za - ze >= 1.0  # a village: a frequent word is more likely meant
            elif pop >= 1_000_000:
                common = za - ze >= 1.5
            else:
                common = za - ze >= 1.0 or (ze >= 4.0 and pop < 500_000)  # person names
            if common:
                ar_out.append((key, f"{name_en} {cc} {pop}"))
        else:
            ze = wordfreq.zipf_frequency(key, "en")
            name_ar = G._unblob(core["names_ar"], top)
            za = wordfreq.zipf_frequency(G.key_of(name_ar), "ar") if name_ar else 0.0
            # a famous city is talked about in Arabic too; a common English word is not
            if ze >= (3.5 if evidence_only else 3.8) and pop < 1_000_000 and ze - za >= 1.5 and key not in FAMOUS:
                en_out.append((key, f"{cc} {pop}"))
    lines = [manual, "", BEGIN]
    lines += [f"{k}  # {why}" for k, why in sorted(ar_out)]
    lines += [f"{k}  # {why}" for k, why in sorted(set(split_out)) if k not in dict(ar_out)]
    lines += [f"{k}  # {why}" for k, why in sorted(en_out)]
    lines.append(END)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(ar_out)} Arabic words, {len(set(split_out))} words not split into a clitic and a name, "
          f"{len(en_out)} English words written to {path}")


if __name__ == "__main__":
    main()
