"""Dates in Arabic and English news text: absolute, relative, Hijri, parts of months, seasons.

Public API:
- :func:`parse_date` — a standalone date string (publication lines) to a ``date`` or None.
- :func:`find_dates` — every date expression of a text as :class:`DateMention` (offsets into the
  text, an inclusive interval, a precision, a tense hint), relative ones resolved against the
  publication date; without one they stay unknown (never a guess).
- :func:`tense_of` — past / ongoing / planned for a sentence.

The words live in ``data/lexicons/dates.yaml``; the package holds mechanisms:

- :mod:`~events.dates.lexicon` reads and checks the file into lookup tables (:func:`load_lexicon`);
- :mod:`~events.dates.grammar` builds the regexes from those words, one per family of expressions;
- :mod:`~events.dates.calendars` is the calendar arithmetic (Gregorian, Hijri, weekdays, seasons);
- :mod:`~events.dates.absolute`, :mod:`~events.dates.yearly` and :mod:`~events.dates.relative`
  hold one resolver per family (the relative families in a table keyed by their regex group);
- :mod:`~events.dates.select` keeps the longest candidates and joins the ones the text joins;
- :mod:`~events.dates.finder` runs it all over ``geo.arabic.normalize_with_index`` text (one
  folded spelling, ASCII digits, lower-case Latin) and maps offsets back to the original text.
"""

from events.dates.context import ONGOING, PAST, PLANNED
from events.dates.finder import DateMention, find_dates, parse_date, tense_of
from events.dates.lexicon import LEXICON_PATH, REQUIRED_SECTIONS, Lexicon, LexiconError, cldr_months, load_lexicon

__all__ = [
    "LEXICON_PATH", "ONGOING", "PAST", "PLANNED", "REQUIRED_SECTIONS", "DateMention", "Lexicon", "LexiconError",
    "cldr_months", "find_dates", "load_lexicon", "parse_date", "tense_of",
]
