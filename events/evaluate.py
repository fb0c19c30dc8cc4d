"""Measure the extractor against a gold set (format of ``shared/corpus/dev``).

Matching (one system event to at most one gold event, and back):

1. **Sentence**: the system event's sentence — or one of its ``mentions`` — overlaps (by
   character offsets in the body) the gold ``sentence`` or one of its ``also_reported_in``.
2. **Type compatibility**: the same type, or a neighbouring one (attack / bombing / airstrike;
   statement / claim; other / armed_clash / deployment / displacement / arrest).
3. Pairs are taken best first: exact type before compatible type, the main sentence before a
   mention, the closer sentence start before the farther.

Figures: recall (one-to-one: matched gold / gold), many-to-one recall (gold events with at least
one matching system event / gold: one system event may stand for several gold ones), precision
(matched system / system), fully right (gold events whose one-to-one partner has the exact type,
the exact date and a right place / gold), and over the matched pairs: type accuracy (exact type), date accuracy (same start and end; both unknown counts as
right) with a lenient variant (intervals overlap), place accuracy (both without a place, or the
system's point within a distance of the gold point that depends on the gold precision: 30 km for
points and cities, 120 km for regions; or the same name), actor precision/recall/F1 (labels
compared case-insensitively, micro-averaged), count and tense accuracy.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from events.schema import Article, Event
from geo.errors import MarsadError

COMPATIBLE = [
    {"attack", "bombing", "airstrike"},
    {"statement", "claim"},
    {"other", "armed_clash", "deployment", "displacement", "arrest", "attack"},
]
_PUBLISHED_RE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*$|\((\d{4}-\d{2}-\d{2})\s+(?:inferred|likely)\)")


class GoldError(MarsadError, ValueError):
    """A gold directory or file that cannot be read; the message names it and what to do."""


@dataclass
class GoldArticle:
    name: str
    article: Article
    gold: list[dict[str, Any]]
    published_stated: str | None
    published_inferred: str | None


def read_dev_article(path: Path, *, inferred: bool = False) -> tuple[Article, str | None, str | None]:
    """An article file of the gold format: five header lines, a blank line, the body."""
    raw = path.read_text(encoding="utf-8")
    head, sep, body = raw.partition("\n\n")
    if not sep:
        raise GoldError(f"{path}: expected five header lines, a blank line, then the body")
    meta: dict[str, str] = {}
    lines = head.split("\n")
    for line in lines[1:]:
        k, _, v = line.partition(":")
        meta[k.strip().lower()] = v.strip()
    pub = meta.get("published", "")
    m = _PUBLISHED_RE.search(pub)
    stated = m.group(1) if m and m.group(1) else None
    guessed = (m.group(2) if m and m.group(2) else None) or stated
    art = Article(id=path.stem, title=lines[0].strip(), published=guessed if inferred else stated,
                  source=meta.get("source"), url=meta.get("url"), language=meta.get("language", "other"),
                  text=body, path=str(path))
    return art, stated, guessed


def read_gold(gold_dir: str | Path, *, inferred: bool = False) -> list[GoldArticle]:
    """Every (article, gold events) pair of a gold directory (``articles/`` + ``gold/``)."""
    root = Path(gold_dir)
    adir, gdir = root / "articles", root / "gold"
    if not adir.is_dir() or not gdir.is_dir():
        raise GoldError(f"{root}: expected the folders articles/ and gold/ (see shared/corpus/dev/README.md)")
    out = []
    for gpath in sorted(gdir.glob("*.json")):
        apath = adir / (gpath.stem + ".txt")
        if not apath.exists():
            raise GoldError(f"{gpath}: no article {apath.name} in {adir}")
        try:
            gold = json.loads(gpath.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise GoldError(f"{gpath}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
        art, stated, guessed = read_dev_article(apath, inferred=inferred)
        out.append(GoldArticle(gpath.stem, art, gold, stated, guessed))
    if not out:
        raise GoldError(f"{gdir}: no gold files (*.json)")
    return out


def _spans(body: str, sentences: list[str]) -> list[tuple[int, int]]:
    out = []
    for s in sentences:
        i = body.find(s)
        if i >= 0:
            out.append((i, i + len(s)))
    return out


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def type_compatible(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in COMPATIBLE)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _norm_label(s: str) -> str:
    s = s.casefold().strip()
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"[^\w]+", " ", s).strip()


def place_correct(ev: Event, g: dict[str, Any]) -> bool:
    if g.get("place") is None:
        if g.get("geo_precision") == "country" and g.get("lat") is None:
            return ev.place_id is None or ev.geo_precision == "country"
        return ev.place_id is None
    if ev.place_id is None:
        return False
    names = {_norm_label(g["place"])} | {_norm_label(p) for p in g.get("place_alternatives", []) or []}
    if ev.place_name and _norm_label(ev.place_name) in names:
        return True
    if ev.lat is None or ev.lon is None or g.get("lat") is None:
        return False
    limit = {"point": 30.0, "city": 30.0, "region": 120.0, "country": 400.0}.get(g.get("geo_precision") or "city", 30.0)
    if g.get("geo_precision") == "country":
        return ev.country == g.get("country")
    if ev.geo_precision == "country" and g.get("geo_precision") != "country":
        return False
    return _km(ev.lat, ev.lon, g["lat"], g["lon"]) <= limit


@dataclass
class Scores:
    gold: int = 0
    system: int = 0
    matched: int = 0
    covered: int = 0  # gold events with any matching system event (many-to-one)
    full_ok: int = 0  # gold events matched with type, date and place all right
    type_ok: int = 0
    date_ok: int = 0
    date_overlap: int = 0
    place_ok: int = 0
    tense_ok: int = 0
    counts_ok: int = 0
    actor_tp: int = 0
    actor_sys: int = 0
    actor_gold: int = 0
    per_article: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    # per article: wrong fields of matched pairs, missed gold events, unmatched system events
    errors: list[dict[str, Any]] = field(default_factory=list)
    by_language: dict[str, "Scores"] = field(default_factory=dict)

    COUNTERS = ("gold", "system", "matched", "covered", "full_ok", "type_ok", "date_ok", "date_overlap", "place_ok",
                "tense_ok", "counts_ok", "actor_tp", "actor_sys", "actor_gold")

    def add(self, other: "Scores") -> None:
        for f in self.COUNTERS:
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def figures(self) -> dict[str, float]:
        def r(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0
        ap, ar = r(self.actor_tp, self.actor_sys), r(self.actor_tp, self.actor_gold)
        return {
            "recall": r(self.matched, self.gold), "recall_many_to_one": r(self.covered, self.gold),
            "precision": r(self.matched, self.system),
            "f1": round(2 * self.matched / (self.gold + self.system), 3) if self.gold + self.system else 0.0,
            "fully_right": r(self.full_ok, self.gold),
            "type_accuracy": r(self.type_ok, self.matched), "date_accuracy": r(self.date_ok, self.matched),
            "date_overlap": r(self.date_overlap, self.matched), "place_accuracy": r(self.place_ok, self.matched),
            "actor_precision": ap, "actor_recall": ar, "actor_f1": round(2 * ap * ar / (ap + ar), 3) if ap + ar else 0.0,
            "tense_accuracy": r(self.tense_ok, self.matched), "counts_accuracy": r(self.counts_ok, self.matched),
            "gold": self.gold, "system": self.system, "matched": self.matched,
        }


def _candidates(events: list[Event], gold: list[dict[str, Any]], body: str) -> list[tuple[tuple, int, int]]:
    """(score, system index, gold index) of every pair that overlaps by sentence with compatible types."""
    cands = []
    for gi, g in enumerate(gold):
        g_main = _spans(body, [g["sentence"]])
        g_all = g_main + _spans(body, g.get("also_reported_in", []) or [])
        for si, ev in enumerate(events):
            s_main = [(ev.sentence_start or 0, ev.sentence_end or 0)]
            s_all = s_main + [(m["start"], m["end"]) for m in ev.mentions]
            if not _overlap(s_all, g_all) or not type_compatible(ev.event_type, g["event_type"]):
                continue
            # two happenings of one sentence (two arrests on two days): the pairing that agrees
            # on the date wins a tie, so the order of extraction does not decide
            score = (ev.event_type == g["event_type"], _overlap(s_main, g_all), _overlap(s_main, g_main),
                     (ev.date_start, ev.date_end) == (g.get("date_start"), g.get("date_end")),
                     -abs((ev.sentence_start or 0) - (g_main[0][0] if g_main else 0)))
            cands.append((score, si, gi))
    return cands


def match(events: list[Event], gold: list[dict[str, Any]], body: str) -> list[tuple[int, int]]:
    """(system index, gold index) pairs, by sentence overlap and type compatibility (one-to-one)."""
    cands = _candidates(events, gold, body)
    cands.sort(reverse=True)
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, si, gi in cands:
        if si in used_s or gi in used_g:
            continue
        used_s.add(si)
        used_g.add(gi)
        pairs.append((si, gi))
    return pairs


def covered_gold(events: list[Event], gold: list[dict[str, Any]], body: str) -> set[int]:
    """Indexes of the gold events that some system event matches, when one system event may stand
    for several gold events (many-to-one)."""
    return {gi for _, _, gi in _candidates(events, gold, body)}


def date_correct(ev: Event, g: dict[str, Any]) -> bool:
    """The same interval (both unknown counts as right)."""
    return (ev.date_start, ev.date_end) == (g.get("date_start"), g.get("date_end"))


def _date_str(start: str | None, end: str | None, precision: str | None) -> str:
    if not start:
        return "unknown"
    span = start if end in (None, start) else f"{start}..{end}"
    return f"{span} ({precision})"


def _sys_place(ev: Event) -> str:
    if ev.place_id is None:
        return "none"
    return f"{ev.place_name} ({ev.country or '?'}, {ev.geo_precision})"


def _gold_place(g: dict[str, Any]) -> str:
    if g.get("place") is None:
        return "multi-country" if g.get("geo_precision") == "country" else "none"
    return f"{g['place']} ({g.get('country') or '?'}, {g.get('geo_precision')})"


def field_errors(ev: Event, g: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field, gold, system) for each of type, date, place and actors that the pair gets wrong."""
    out = []
    if ev.event_type != g["event_type"]:
        out.append(("type", g["event_type"], ev.event_type))
    if not date_correct(ev, g):
        out.append(("date", _date_str(g.get("date_start"), g.get("date_end"), g.get("date_precision")),
                    _date_str(ev.date_start, ev.date_end, ev.date_precision)))
    if not place_correct(ev, g):
        out.append(("place", _gold_place(g), _sys_place(ev)))
    if {_norm_label(a) for a in ev.actors} != {_norm_label(a) for a in g.get("actors", [])}:
        out.append(("actors", ", ".join(g.get("actors", [])) or "-", ", ".join(ev.actors) or "-"))
    return out


def _snippet(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def score_article(events: list[Event], gold: list[dict[str, Any]], body: str, name: str = "",
                  language: str | None = None) -> Scores:
    sc = Scores(gold=len(gold), system=len(events))
    pairs = match(events, gold, body)
    sc.matched = len(pairs)
    sc.covered = len(covered_gold(events, gold, body))
    errors: list[dict[str, Any]] = []
    for si, gi in pairs:
        ev, g = events[si], gold[gi]
        type_ok, date_ok, place_ok = ev.event_type == g["event_type"], date_correct(ev, g), place_correct(ev, g)
        sc.type_ok += type_ok
        sc.date_ok += date_ok
        sc.full_ok += type_ok and date_ok and place_ok
        if g.get("date_start") is None or ev.date_start is None:
            sc.date_overlap += (g.get("date_start") is None) == (ev.date_start is None)
        else:
            sc.date_overlap += ev.date_start <= g["date_end"] and g["date_start"] <= ev.date_end
        sc.place_ok += place_ok
        sc.tense_ok += ev.tense == g.get("tense")
        sc.counts_ok += dict(ev.counts) == dict(g.get("counts") or {})
        sa = {_norm_label(a) for a in ev.actors}
        ga = {_norm_label(a) for a in g.get("actors", [])}
        sc.actor_tp += len(sa & ga)
        sc.actor_sys += len(sa)
        sc.actor_gold += len(ga)
        wrong = field_errors(ev, g)
        if wrong:
            errors.append({"kind": "wrong", "gold": gi, "event_type": g["event_type"], "at": body.find(g["sentence"]),
                           "sentence": _snippet(g["sentence"]), "fields": wrong})
    matched_g = {gi for _, gi in pairs}
    matched_s = {si for si, _ in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            at = body.find(g["sentence"])
            sc.misses.append({"article": name, "event_type": g["event_type"], "sentence_start": at})
            errors.append({"kind": "missed", "gold": gi, "event_type": g["event_type"], "at": at,
                           "sentence": _snippet(g["sentence"]),
                           "fields": [("date", _date_str(g.get("date_start"), g.get("date_end"), g.get("date_precision")), ""),
                                      ("place", _gold_place(g), ""), ("actors", ", ".join(g.get("actors", [])) or "-", "")]})
    for si, ev in enumerate(events):
        if si not in matched_s:
            errors.append({"kind": "extra", "gold": None, "event_type": ev.event_type, "at": ev.sentence_start or 0,
                           "sentence": _snippet(ev.sentence or ""),
                           "fields": [("date", "", _date_str(ev.date_start, ev.date_end, ev.date_precision)),
                                      ("place", "", _sys_place(ev)), ("actors", "", ", ".join(ev.actors) or "-")]})
    errors.sort(key=lambda e: e["at"])
    if errors:
        sc.errors.append({"article": name, "errors": errors})
    sc.per_article.append({"article": name, "language": language, **sc.figures()})
    return sc


def combine(scored: list[tuple[str | None, Scores]]) -> Scores:
    """The total of per-article scores (with the per-article rows, errors and per-language totals)."""
    total = Scores()
    for language, sc in scored:
        total.add(sc)
        total.per_article.extend(sc.per_article)
        total.misses.extend(sc.misses)
        total.errors.extend(sc.errors)
        total.by_language.setdefault(language or "other", Scores()).add(sc)
    return total


def evaluate(gold_dir: str | Path, *, inferred: bool = False, part: str = "all",
             extractor: Callable[[Article], list[Event]] | None = None) -> Scores:
    """Run the extractor on every gold article of ``part`` (see :func:`select_part`) and score it."""
    if extractor is None:
        from events.extract import extract_article

        extractor = extract_article
    scored: list[tuple[str | None, Scores]] = []
    for ga in select_part(read_gold(gold_dir, inferred=inferred), part):
        events = extractor(ga.article)
        scored.append((ga.article.language, score_article(events, ga.gold, ga.article.text, ga.name, ga.article.language)))
    return combine(scored)


_TOTAL_KEYS = ("recall", "recall_many_to_one", "precision", "f1", "fully_right", "type_accuracy", "date_accuracy",
               "date_overlap", "place_accuracy", "actor_precision", "actor_recall", "actor_f1", "tense_accuracy",
               "counts_accuracy")
_TOTAL_LABELS = {"recall": "recall 1:1", "recall_many_to_one": "recall many:1"}
# columns of the per-file and per-language tables: (header, figure)
_COLUMNS = (("1:1", "recall"), ("m:1", "recall_many_to_one"), ("prec", "precision"), ("full", "fully_right"),
            ("type", "type_accuracy"), ("date", "date_accuracy"), ("place", "place_accuracy"), ("actF1", "actor_f1"))


def _row(label: str, f: dict[str, Any], width: int) -> str:
    return (f"{label[:width]:{width}} {f['gold']:>4} {f['system']:>4} {f['matched']:>5} "
            + " ".join(f"{f[k]:>5.2f}" for _, k in _COLUMNS))


def format_report(sc: Scores, *, per_article: bool = True) -> str:
    """A plain-text table of the figures: per file, per language, then the totals."""
    f = sc.figures()
    head = f"{'gold':>4} {'sys':>4} {'match':>5} " + " ".join(f"{h:>5}" for h, _ in _COLUMNS)
    lines = []
    if per_article:
        lines.append(f"{'article':42} {'lang':4} " + head)
        for a in sc.per_article:
            lines.append(_row(f"{a['article'][:42]:42} {(a.get('language') or '-')[:4]:4}", a, 47))
        lines.append("")
    if sc.by_language:
        lines.append(f"{'language':8} " + head)
        for lang in sorted(sc.by_language):
            lines.append(_row(lang, sc.by_language[lang].figures(), 8))
        lines.append("")
    lines.append(f"gold events {f['gold']}, system events {f['system']}, matched {f['matched']}")
    for k in _TOTAL_KEYS:
        lines.append(f"{_TOTAL_LABELS.get(k, k):16} {f[k]:.3f}")
    return "\n".join(lines)


def format_errors(sc: Scores) -> str:
    """The per-field error list: for each file, the matched events with a wrong type, date, place
    or actors (gold vs system), the gold events not found and the system events not in the gold."""
    lines = []
    for art in sc.errors:
        lines.append(art["article"])
        for e in art["errors"]:
            tag = {"wrong": f"gold #{e['gold']}", "missed": f"MISSED gold #{e['gold']}", "extra": "EXTRA system"}[e["kind"]]
            lines.append(f"  {tag} {e['event_type']} @{e['at']}: {e['sentence']}")
            for name, g, s in e["fields"]:
                if e["kind"] == "wrong":
                    lines.append(f"      {name:7} gold: {g}")
                    lines.append(f"      {'':7}  got: {s}")
                else:
                    lines.append(f"      {name:7} {g or s}")
        lines.append("")
    return "\n".join(lines).rstrip()


# --- Component figures: the date finder and the place finder alone, against the gold strings ---

PARTS = ("01-17", "odd", "even", "all")


def file_number(name: str) -> int:
    """The number a dev-corpus file starts with (``07_outlet_topic`` → 7); 0 when it has none."""
    m = re.match(r"\d+", name)
    return int(m.group(0)) if m else 0


def select_part(articles: list[GoldArticle], part: str) -> list[GoldArticle]:
    """The articles of one part of the corpus: ``01-17`` (the first set), ``odd`` (develop on),
    ``even`` (check on) or ``all``."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}, not {part!r}")
    keep: Callable[[int], bool] = {
        "01-17": lambda n: 1 <= n <= 17, "odd": lambda n: n % 2 == 1,
        "even": lambda n: n % 2 == 0, "all": lambda n: True}[part]
    return [ga for ga in articles if keep(file_number(ga.name))]


def date_text_recall(articles: list[GoldArticle]) -> tuple[int, int]:
    """(found, total) gold ``date_text`` strings that a date mention covers with the gold interval
    and precision (the publication date as the annotators inferred it)."""
    from datetime import date

    from events.dates import find_dates
    good = total = 0
    for ga in articles:
        body = ga.article.text
        pub = ga.published_inferred
        mentions = find_dates(body, date.fromisoformat(pub) if pub else None)
        for ev in ga.gold:
            if not ev["date_text"]:
                continue
            total += 1
            want = (ev["date_start"], ev["date_end"], ev["date_precision"]) if ev["date_start"] else (None, None, "unknown")
            for occ in re.finditer(re.escape(ev["date_text"]), body):
                if any(x.start < occ.end() and x.end > occ.start()
                       and (x.date_start and x.date_start.isoformat(), x.date_end and x.date_end.isoformat(),
                            x.precision) == want
                       for x in mentions):
                    good += 1
                    break
    return good, total


def gold_place_recall(articles: list[GoldArticle]) -> tuple[int, int]:
    """(found, total) distinct located gold places of each article that a non-metonymic place
    mention of the body puts within 30 km."""
    from geo.find import find_places
    hit = total = 0
    for ga in articles:
        ms = [m for m in find_places(ga.article.text) if not m.metonymy]
        seen: set[str] = set()
        for e in ga.gold:
            if e["lat"] is None or e["place"] in seen:
                continue
            seen.add(e["place"])
            total += 1
            hit += any(_km(m.place.lat, m.place.lon, e["lat"], e["lon"]) < 30 for m in ms)
    return hit, total
