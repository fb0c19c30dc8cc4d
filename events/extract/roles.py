"""Who does what: the actors of a happening, its agent and target, a statement's speaker, and
the actors that only report it."""

from __future__ import annotations

import re

from events.actors import ActorMention
from events.extract.cues import cues
from events.extract.scope import _quoted
from events.types import Trigger, attributes_of as kind


def _hosts(text: str, end: int, start: int | None = None) -> bool:
    """«باريس تشهد …», «استضافتها عمّان», "Paris hosts …", "hosted by Amman": a city that hosts
    something is a place, not an actor."""
    if cues().hosts.match(text, end):
        return True
    return start is not None and bool(cues().hosted_by.search(text[max(0, start - 20):start]))


def _area_of(stext: str, a: ActorMention) -> bool:
    """"areas under SDF control", «المناطق الخاضعة لسيطرة قسد»: the actor names a territory there."""
    before = stext[max(0, a.start - 40):a.start]
    if cues().area_after.match(stext, a.end) and cues().area_after_needs.search(before):
        return True
    return bool(cues().area_before.search(before))


def _reporters(stext: str, mentions: list[ActorMention], trig: Trigger) -> list[ActorMention]:
    """Actors that only report the happening: the speaker before «إن/أن/that» that opens the
    content holding the trigger, an actor followed by "said/told" after it, a «مصدر في X» /
    "a source from X" / "according to X"."""
    out = []
    comps = [m for m in cues().complementizer.finditer(stext[:trig.start])]
    frame_end = None
    if comps:
        c = comps[0]
        if cues().speech.search(stext[:c.start()]):
            frame_end = c.start()
    for a in mentions:
        if frame_end is not None and a.start < frame_end:
            out.append(a)
        elif a.start >= trig.end and cues().reporter_after.match(stext[a.end:a.end + 60]):
            out.append(a)
        elif cues().source.search(stext[max(0, a.start - 40):a.start]):
            out.append(a)
    return out


def _is_speaker(stext: str, a: ActorMention) -> bool:
    """A person named right before "said" ("…, the spokesman Omar Haddad, said") or right after «قال» (VSO)."""
    after = stext[a.end:a.end + 20]
    if cues().speaker_after.match(after):
        return True
    before = stext[max(0, a.start - 60):a.start]
    m = list(cues().speech.finditer(before))
    return bool(m) and len(re.findall(r"[\w\u0600-\u06FF]+", before[m[-1].end():])) <= 4


def _non_state_only(mentions: list[ActorMention]) -> bool:
    """Only militias (no state) in the sentence: a drone strike is then their attack."""
    kinds = {a.actor.type for a in mentions}
    return "militia" in kinds and not kinds & {"state_forces", "coalition"}


def _speaker(stext: str, mentions: list[ActorMention], trig: Trigger, clause: tuple[int, int]) -> ActorMention | None:
    """Whether a statement has a speaker: an actor before the verb in its clause, or right after
    it («تشير تقارير الأمم المتحدة»), not inside the reported content («… من أن التنظيم»)."""
    mentions = [a for a in mentions if not _quoted(stext, a.start)]
    before = [a for a in mentions if clause[0] <= a.start < trig.start]
    if before:
        return before[0]
    # the subject right before the verb, across a comma: «وكانت قسد، نفت …», "…, Hawar Sindi, said"
    for a in reversed([a for a in mentions if a.end <= trig.start]):
        lead = re.split(r"[,،؛;:\n]", stext[:a.start])[-1]
        if cues().subject_gap.fullmatch(stext[a.end:trig.start]) and \
                len(re.findall(r"[\w\u0600-\u06FF]+", lead)) <= 1:  # it opens its clause: a subject, not a genitive
            return a
        break
    for a in mentions:
        if trig.end <= a.start <= trig.end + 40:
            between = stext[trig.end:a.start]
            if cues().content_opener.search(between):
                continue
            # VSO: the subject follows the verb closely («قال مسؤول في وزارة الداخلية»); past a
            # date and an object («نفت الخميس (21 آذار) هزيمة داعش») it is what was said
            if len(re.findall(r"[\w\u0600-\u06FF]+", between)) > 2:
                continue
            if trig.text.isascii() and not re.search(r"[,\"”’']\s*$", stext[max(0, trig.start - 3):trig.start]):
                continue  # English is SVO: after "said" comes what was said, unless '"…," said the ministry'
            return a
    # the subject named at the head of the sentence («وكانت الوزارة، نفت …»)
    head = [a for a in mentions if a.start < trig.start and trig.start - a.end <= 60]
    if head:
        return head[0]
    return None


def _actors_for(mentions: list[ActorMention], trig: Trigger) -> list[str]:
    """Actor names of the sentence, persons only when they are near the trigger (they act)."""
    out = []
    for a in mentions:
        if a.actor.type == "person" and a.how == "title" and abs(a.start - trig.start) > 120:
            continue
        out.append(a.actor.name)
    return list(dict.fromkeys(out))


def _roles(mentions: list[ActorMention], trig: Trigger, names: list[str], stext: str = "",
           clause: tuple[int, int] | None = None) -> tuple[str | None, str | None]:
    """actor1 (the agent) and actor2 (the target) of a happening, when the sentence names them.

    actor1, in this order: an actor introduced as the agent after the trigger («هجوم شنه X»,
    «من قبل X», "an attack by X", «هجوم لـX»); the subject before the trigger in its own clause
    (SVO); the actor right after the trigger (a genitive «هجمات X», or VSO «اعتقلت قوات الأمن»);
    then an actor of another clause. actor2: the actor after «على/ضد/استهدف», "against/on", else
    the first other actor after the trigger. An actor of another clause («حيث تشرف قسد على …»)
    is never preferred over one of the trigger's own clause.
    """
    if not names:
        return None, None
    ms = [a for a in mentions if a.actor.name in names]
    lo, hi = clause if clause is not None else (0, len(stext) or 10**9)
    own = [a for a in ms if lo <= a.start < hi]
    after = [a for a in own if a.start >= trig.end]
    before = [a for a in own if a.start < trig.start]

    def gap(a: ActorMention) -> str:
        return stext[trig.end:a.start] if stext else ""

    agent = None
    for a in after:
        g = stext[max(trig.end, a.start - 40):a.start] if stext else ""
        if cues().agent.search(g) or (not gap(a).strip(" \u0640") or gap(a).strip() in cues().agent_prepositions) and not before:
            agent = a
            break
        if len(gap(a)) > 80:
            break
    if agent is None and after and stext and gap(after[0]).strip() in cues().agent_prepositions:
        agent = after[0]
    if agent is None and after and stext and after[0].how == "adjective" and \
            len(re.findall(r"[\w\u0600-\u06FF]+", gap(after[0]))) <= 1:
        agent = after[0]  # «بضربة مسيرة تركية»: the nationality of the weapon is its user
    passive = bool(stext) and trig.text.isascii() and trig.text.lower().endswith(cues().passive_suffixes) and \
        bool(cues().passive_after.match(stext, trig.end)) and not cues().perfect_before.search(stext[max(0, trig.start - 8):trig.start])
    # «سيارة تابعة لـX تعرضت لهجوم», "X commanders were killed in drone strikes": X is hit
    passive = passive or bool(stext) and not kind(trig.event_type).symmetric and \
        bool(cues().undergoes.search(stext[max(0, trig.start - 60):trig.start]))
    if agent is None and before and stext and trig.text.isascii() and not stext[before[-1].end:trig.start].strip(" -"):
        agent = before[-1]  # "an ISIS attack", "a Turkish drone strike": the modifier is the agent
    if agent is not None:
        a1 = agent.actor.name
    elif passive and before:
        # "an IS sympathiser arrested in Austria": the actor before a participle is acted on
        return None, (before[-1].actor.name if kind(trig.event_type).targeted else None)
    elif before:
        a1 = before[0].actor.name
    else:
        others_before = [a for a in ms if a.start < trig.start]
        # «أفادت الشبكة، التابعة لقسد، بأن قوات التحالف ستعقد اجتماعا»: the subject of the
        # reported content comes after the last «بأن/أن/إن/that» before the trigger
        comp = [m.end() for m in cues().complementizer.finditer(stext[:trig.start])] if stext else []
        if comp and any(a.start >= comp[-1] for a in others_before):
            others_before = [a for a in others_before if a.start >= comp[-1]]
        rest_after = [a for a in ms if a.start >= trig.end]
        if not others_before and after and kind(trig.event_type).acts_on:
            # "Police arrested two ISIS suspects": after the verb and its object comes the target
            return None, after[0].actor.name
        a1 = (others_before[0].actor.name if others_before else
              after[0].actor.name if after else rest_after[0].actor.name if rest_after else names[0])
    a2 = None
    for a in after:
        if a.actor.name != a1 and stext and cues().target.search(stext[max(trig.end, a.start - 30):a.start]):
            a2 = a.actor.name
            break
    if a2 is None:
        a2 = next((a.actor.name for a in after if a.actor.name != a1), None)
    if a2 is None and (agent is not None or kind(trig.event_type).symmetric):
        # the victims named first; the other side of a clash («مقتل عناصر من داعش في اشتباكات»)
        a2 = next((a.actor.name for a in before if a.actor.name != a1), None)
    if a2 is None and not stext:
        a2 = next((a.actor.name for a in ms if a.start >= trig.end and a.actor.name != a1), None)
    if not kind(trig.event_type).targeted:
        a2 = None
    return a1, a2


_ARMED = ("non_state_armed_group", "militia", "rebel_group")


def main_armed_group(votes: dict[str, int]) -> str | None:
    """The article's main armed group: named in at least two sentences, and more often than any
    other group."""
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    name, n = ranked[0]
    if n < 2 or (len(ranked) > 1 and ranked[1][1] == n):
        return None
    return name


def unnamed_agent(event_type: str, actor_types: list[str], group: str | None) -> bool:
    """Whether a violent happening that names no armed party is the main group's: an attack, a
    bombing or a clash reported without its perpetrator in a story about one group's campaign
    (an air strike is a state's, and a state's forces named in it are one party)."""
    attrs = kind(event_type)
    if group is None or not attrs.violent or not attrs.strike and not attrs.symmetric:
        return False
    if event_type == "airstrike":
        return False
    return not any(t in _ARMED for t in actor_types)
