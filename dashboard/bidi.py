"""Right-to-left runs inside left-to-right labels: each is isolated so that it cannot pull the
neutral characters beside it (a count's parentheses, a quote, a separator) into its own order.

In a left-to-right label "Paris · باريس (2)", the Unicode bidi algorithm reads the digits after
Arabic letters as Arabic numbers and the parentheses between them as right-to-left, so a browser
draws "Paris · (2) باريس". Wrapping each Arabic (or Hebrew, Syriac, Thaana) run in FIRST STRONG
ISOLATE … POP DIRECTIONAL ISOLATE (U+2068 … U+2069) makes the run one neutral unit to the text
around it: the label then reads in its own order while the run inside reads right to left.

Article text is stripped of bidi controls before it is shown (``dashboard.tables.no_bidi``),
so every isolate in a label is one that this module put there, always closed.
"""

from __future__ import annotations

import re
from typing import Any

FSI, PDI = "\u2068", "\u2069"
# Letters of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo and the Arabic
# presentation forms. A run starts and ends with one and may hold what reads inside it (spaces,
# digits, Arabic punctuation and tatweel, combining marks, hyphens).
_RTL = "\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u0780-\u07bf\u07c0-\u07ff\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RUN = re.compile(f"[{_RTL}](?:[{_RTL}\\s\\d\u0660-\u0669\u06f0-\u06f9\u060c\u061b\u061f\u066b\u066c\\-'’.]*[{_RTL}])?")
_ISOLATES = dict.fromkeys(map(ord, FSI + PDI))


def isolate(value: Any) -> Any:
    """``value`` with every right-to-left run wrapped in an isolate; non-strings unchanged.

    A string that is one right-to-left run and nothing else is left as it is: alone in its box it
    already reads right (its box takes the direction of its first letter).
    """
    if not isinstance(value, str) or not _RUN.search(value):
        return value
    if _RUN.fullmatch(value.strip()):
        return value
    return _RUN.sub(lambda m: FSI + m.group(0) + PDI, value)


def unisolated(value: str) -> str:
    """``value`` without the isolates :func:`isolate` adds (a label that came back as a value)."""
    return value.translate(_ISOLATES)
