import pytest

from events.schema import Event, ValidationError, make_event_id, validate


def good(**kw):
    base = dict(article_id="ar_1", event_type="arrest", date_start="2024-04-25", date_end="2024-04-25",
                date_precision="day", lat=36.38, lon=41.15, country="SY", counts={"arrested": 25},
                actors=["Syrian Democratic Forces"], sentence="ألقت القبض على ٢٥ عنصرا")
    base.update(kw)
    return base


def test_valid_event_gets_stable_id():
    a = validate(good())
    b = validate(good())
    assert a.event_id == b.event_id and a.event_id.startswith("ev_")
    assert make_event_id("x", 1, "arrest") != make_event_id("x", 2, "arrest")


@pytest.mark.parametrize("change, field, words", [
    ({"date_start": "26/04/2024"}, "date_start", "not an ISO date"),
    ({"date_end": "2024-04-20"}, "date_end", "before date_start"),
    ({"lat": 95.0}, "lat", "out of range"),
    ({"lon": -181}, "lon", "out of range"),
    ({"event_type": "riot"}, "event_type", "not one of"),
    ({"date_precision": "decade"}, "date_precision", "not one of"),
    ({"tense": "future"}, "tense", "not one of"),
    ({"geo_precision": "street"}, "geo_precision", "not one of"),
    ({"country": "Syria"}, "country", "ISO 3166-1"),
    ({"counts": {"killed": "ثلاثة"}}, "counts.killed", "whole number"),
    ({"confidence": 1.5}, "confidence", "between 0 and 1"),
    ({"date_start": None, "date_end": None}, "date_precision", "no date"),
    ({"article_id": ""}, "article_id", "empty"),
])
def test_validation_names_the_bad_field(change, field, words):
    with pytest.raises(ValidationError) as info:
        validate(good(**change), where="events.jsonl:3")
    assert field in info.value.errors
    assert words in info.value.errors[field]
    assert "events.jsonl:3" in str(info.value)


def test_unknown_date_is_valid_when_null():
    ev = validate(good(date_start=None, date_end=None, date_precision="unknown"))
    assert ev.date_start is None and ev.date_precision == "unknown"


def test_event_round_trips_through_dict():
    ev = validate(good())
    assert Event.from_dict(ev.to_dict()) == ev
