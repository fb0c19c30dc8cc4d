"""The cue words extraction reads around triggers, actors, places and dates, as patterns."""

from __future__ import annotations

import re

# Words before a place that make it the location of the happening.
LOCATIVE_AR = ("في", "فى", "ب", "وب", "داخل", "قرب", "بالقرب", "شمال", "جنوب", "شرق", "غرب", "ريف", "محيط", "اطراف", "أطراف", "وسط")
LOCATIVE_EN = ("in", "inside", "near", "at", "outside", "across", "around", "of")
# Places after these are origins, destinations or subjects, not where it happened.
NOT_LOCATIVE = ("ل", "الى", "إلى", "نحو", "تجاه", "ضد", "حول", "بشأن", "عن", "to", "towards", "against", "about", "over", "from")
# Openings of a sentence that continues the story of the one before.
CONTINUES_RE = re.compile(
    r"^\s*(?:و|ف)?(?:أضاف|اضاف|أوضح|اوضح|تابع|أشار|اشار|أكد|اكد|بين|بيّن|لفت|ذكر|قال|قالت|أفاد|افاد|كما|وكان|وكانت|وأسفر|أسفر|"
    r"تضيف|يضيف|تابعت|أوضحت|أضافت|أشارت|أكدت|لفتت|بحسب|وبحسب|وفق|وحسب|ونقل|ونقلت)"
    r"|^\s*(?:He|She|They|It|The (?:attack|strike|blast|group|ministry|statement|official|operation)|"
    r"According to|Officials|Police|Authorities)\b"
)
ARABIC_LEAD_RE = re.compile(r"^\s*[وف]")
DATELINE_RE = re.compile(r"^\s*([^\n\-–—|]{2,60}?)\s*(?:\([^)\n]{1,60}\))?\s*[-–—|]")
COMPARISON_RE = re.compile(r"similar to|like those|such as those|على غرار|مثل تلك|مثل التي|شبيهة ب|مماثلة ل")
DISTINCT_RE = re.compile(r"\b(?:another|a second|a separate|separately|new)\b|(?:آخر|أخرى|اخرى|ثان|ثانية|جديد|جديدة|منفصل)(?:\s|$|[.,،])")
# Discourse connectives that contain "other" without meaning another happening («على الجانب
# الآخر», «من جهة أخرى», "on the other hand").
CONNECTIVE_RE = re.compile(r"(?:على|من|في)\s+(?:ال)?(?:جانب|جهة|ناحية|صعيد|الجهة)\s+(?:ال)?(?:آخر|أخرى|اخر|اخرى)|on the other hand", re.IGNORECASE)
# Words after a trigger that point back to a happening already reported («الاجتماع المشار
# إليه», «الهجوم المذكور», «الهجوم نفسه», "the attack itself", "the meeting in question").
BACKREF_RE = re.compile(r"^\s*(?:[\w\u0600-\u06FF]+\s+){0,2}?(?:المشار إليه|المشار اليه|المشار إليها|المشار اليها|المذكور|المذكورة|"
                         r"نفسه|نفسها|ذاته|ذاتها|السالف الذكر|الآنف الذكر|سالف الذكر|itself|in question|mentioned above|aforementioned)(?=\s|$|[.,،؛])",
                         re.IGNORECASE)
HOSTED_RE = re.compile(r"(?:استضاف\w*|تستضيف\w*|يستضيف\w*|hosted by|hosted in)\s*$")
FUTURE_RE = re.compile(r"(?:\bwill\b|\bto be\b|سي|ستـ?|سوف|من المقرر|يعتزم|تعتزم)")
HOST_RE = re.compile(r"\s*(?:تشهد|يشهد|شهدت|شهد|تستضيف|يستضيف|استضافت|ستستضيف|will host|hosts|hosted|is hosting)\b")
SPEECH_RE = re.compile(
    r"(?:^|\s)[وف]?(?:قال|قالت|أعلن|أعلنت|اعلن|اعلنت|أكد|أكدت|اكد|اكدت|ذكر|ذكرت|أفاد|أفادت|افاد|افادت|أوضح|أوضحت|اوضح|اوضحت|"
    r"صرح|صرحت|said|says|announced|told|reported|stated|added)(?=\s|$|[,،])", re.IGNORECASE)
SOURCE_BEFORE_RE = re.compile(
    r"(?:مصدر|مصادر|المصدر|source|sources|according to|بحسب|وبحسب|حسب|وفق|وفقا ل|نقلا عن|told)\s+(?:[\w\u0600-\u06FF.\-]+\s+){0,2}$",
    re.IGNORECASE)
AREA_BEFORE_RE = re.compile(
    r"(?:under(?: the)?(?: control of)?|held by|controlled by|run by|تحت سيطرة|الخاضعة ل?سيطرة|الخاضعة ل|مناطق سيطرة|مناطق نفوذ|"
    r"الواقعة تحت سيطرة|الواقعة تحت نفوذ|تحت نفوذ|التي تسيطر عليها)\s*(?:the\s+)?(?:[\w\-]+\s+)?$", re.IGNORECASE)
AREA_AFTER_RE = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?(?:control|-held|-controlled|-run)\b", re.IGNORECASE)
# A word that introduces the agent of a happening named just before it: «هجوم شنه X»,
# «من قبل X», «على يد X», "an attack by X", "carried out by X".
AGENT_RE = re.compile(
    r"(?:^|\s)(?:من قبل|من طرف|على يد|على أيدي|شن(?:ها|ته|تها|ه|وه)|نفذ(?:ها|ته|تها|ه|وه)|تبنا(?:ه|ها)|"
    r"by|carried out by|launched by|claimed by)\s*(?:ال)?$", re.IGNORECASE)
COMPLEMENTIZER_RE = re.compile(r"(?:^|\s)(?:ب?أن|إن|ان|بان|that)(?:ه|ها)?(?=\s)", re.IGNORECASE)
UNDERGOES_RE = re.compile(
    r"(?:(?:^|\s)[وف]?(?:تعرض|تعرضت|يتعرض|تتعرض|تعرضوا|يتعرضون)\s*(?:ل|لـ)?(?:هجوم|لهجوم|قصف|لقصف|استهداف|لاستهداف)?\s*(?:ب|بـ)?|"
    r"(?:^|\s)[وف]?(?:قتل|قتلوا|قتلا|قتلت|أصيب|أصيبوا|أصيبت|جرح|جرحوا|لقي|لقوا|لقيا)\s+(?:[\w\u0600-\u06FF]+\s+){0,5}?(?:في|ب|جراء|إثر|اثر)\s*|"
    r"\b(?:came|come|comes|coming)\s+under\s+(?:an?\s+|the\s+)?|"
    r"\b(?:was|were|been|being|is|are)\s+(?:killed|wounded|injured|hurt|targeted|hit|struck)\s+(?:in|by)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?)$",
    re.IGNORECASE)
PASSIVE_AFTER_RE = re.compile(r"\s+(?:in|on|at|near|during|after|for|last|yesterday|earlier|this|inside|outside|over|while)\b", re.IGNORECASE)
SUBORDINATE_RE = re.compile(r"[\s,،]*(?:و?فيما|و?بينما|في حين|حيث|الذي|التي|الذين|اللذين|اللتين|while|whereas|where|which|who)(?=\s)", re.IGNORECASE)
# A word that introduces the target: «هجوم على X», «ضد X», «استهدف X», "attack on X", "against X".
TARGET_RE = re.compile(r"(?:^|\s)(?:على|ضد|استهدف\w*|تستهدف|يستهدف|against|on|targeting|at)\s*(?:ال)?$", re.IGNORECASE)
# «عقب الهجوم», "after the attack": the happening is a reference point of another clause; the
# actors around it act in that clause, not in it.
REFERENCE_POINT_RE = re.compile(r"(?:^|\s)(?:عقب|بعد|إثر|اثر|قبيل|منذ|after|following|since|before)\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)
