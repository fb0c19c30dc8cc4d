"""A realistic handful of events (Arabic and English) for the dashboard tests.

Written for these tests (not copied from any corpus): arrests in al-Hol camp, a planned coalition
meeting in Paris, the Crocus City Hall attack, the 2022 Hasakah prison break, undated troop and
strike reports, an English arrest report and one rejected event.
"""

from __future__ import annotations

from events.schema import Article, Event, make_article_id
from events.store import Store

AR_TITLE = "«قسد» تحبط مخططاً لخلايا داعش في مخيم الهول"
AR_TEXT = (
    "ألقت قوى الأمن الداخلي التابعة لقوات سوريا الديمقراطية القبض على ٢٥ عنصراً من خلايا تنظيم داعش "
    "داخل مخيم الهول يوم الخميس ٢٥ نيسان ٢٠٢٤.\n"
    "وسيعقد التحالف الدولي اجتماعاً أمنياً في باريس مطلع شهر مايو المقبل بمشاركة قسد.\n"
    "وتبنى تنظيم داعش الهجوم على قاعة كروكوس قرب موسكو في ٢٢ آذار ٢٠٢٤ الذي أسفر عن مقتل ١٤٥ شخصاً.\n"
    "وكان مئات السجناء قد فروا من سجن الصناعة في الحسكة عام ٢٠٢٢.\n"
    "ويبلغ عدد الجنود الأمريكيين في سوريا نحو ٢٠٠٠ جندي.\n"
    "ونفذت الولايات المتحدة ضربات جوية على أوكار التنظيم في البادية السورية.\n"
)
EN_TITLE = "Security forces detain three suspects in Kirkuk"
EN_TEXT = "Iraqi security forces arrested three suspected Islamic State members in Kirkuk on 10 June 2024.\n"


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def sample_articles() -> list[Article]:
    return [
        Article(id=make_article_id(AR_TITLE, AR_TEXT), title=AR_TITLE, published="2024-04-26",
                source="البوابة نيوز", url="https://example.org/ar/hol", language="ar", text=AR_TEXT),
        Article(id=make_article_id(EN_TITLE, EN_TEXT), title=EN_TITLE, published="2024-06-11",
                source="Example Wire", url="javascript:alert(1)", language="en", text=EN_TEXT),
    ]


def sample_events() -> list[Event]:
    ar, en = sample_articles()
    lines = [l for l in AR_TEXT.split("\n") if l]

    def ev(article: Article, sentence: str, **kw) -> Event:
        s, e = _span(article.text, sentence)
        base = dict(article_id=article.id, source=article.source, url=article.url,
                    published=article.published, language=article.language, sentence=sentence,
                    sentence_start=s, sentence_end=e, confidence=0.8)
        base.update(kw)
        from events.schema import validate
        return validate(Event(**base))

    return [
        ev(ar, lines[0], event_type="arrest", date_start="2024-04-25", date_end="2024-04-25",
           date_precision="day", date_text="يوم الخميس ٢٥ نيسان ٢٠٢٤", place_name="al-Hol camp",
           place_name_ar="مخيم الهول", place_text="مخيم الهول", place_id="marsad:al-hol-camp",
           country="SY", admin1="Hasakah", lat=36.3786, lon=41.1483, geo_precision="point",
           actors=["Syrian Democratic Forces", "Islamic State"], actor1="Syrian Democratic Forces",
           actor2="Islamic State", counts={"arrested": 25},
           headline="SDF arrest 25 Islamic State members in al-Hol camp"),
        ev(ar, lines[1], event_type="meeting", date_start="2024-05-01", date_end="2024-05-10",
           date_precision="week", date_text="مطلع شهر مايو المقبل", tense="planned",
           place_name="Paris", place_name_ar="باريس", place_text="باريس", place_id="geonames:2988507",
           country="FR", admin1="Île-de-France", lat=48.8534, lon=2.3488, geo_precision="city",
           actors=["Global Coalition", "Syrian Democratic Forces"],
           headline="Global Coalition to hold a security meeting in Paris"),
        ev(ar, lines[2], event_type="attack", date_start="2024-03-22", date_end="2024-03-22",
           date_precision="day", date_text="٢٢ آذار ٢٠٢٤", place_name="Krasnogorsk",
           place_name_ar="كراسنوغورسك", place_text="قرب موسكو", place_id="geonames:542463",
           country="RU", admin1="Moscow Oblast", lat=55.8204, lon=37.3302, geo_precision="city",
           actors=["Islamic State"], counts={"killed": 145},
           headline="Islamic State attack on Crocus City Hall near Moscow kills 145"),
        ev(ar, lines[3], event_type="prison_break", date_start="2022-01-01", date_end="2022-12-31",
           date_precision="year", date_text="عام ٢٠٢٢", place_name="Hasakah", place_name_ar="الحسكة",
           place_text="الحسكة", place_id="geonames:171451", country="SY", admin1="Hasakah",
           lat=36.5024, lon=40.7477, geo_precision="city", actors=["Islamic State"],
           headline="Hundreds of prisoners escape Sinaa prison in Hasakah"),
        ev(ar, lines[4], event_type="deployment", place_name="Syria", place_name_ar="سوريا",
           place_text="سوريا", place_id="geonames:163843", country="SY", lat=35.0, lon=38.0,
           geo_precision="country", actors=["United States"], counts={"troops": 2000},
           headline="About 2,000 US troops deployed in Syria"),
        ev(ar, lines[5], event_type="airstrike", place_name="Syrian Desert",
           place_name_ar="البادية السورية", place_text="البادية السورية", country="SY", lat=34.5,
           lon=38.5, geo_precision="region", actors=["United States", "Islamic State"],
           headline="US airstrikes on Islamic State hideouts in the Syrian Desert"),
        ev(en, EN_TEXT.strip(), event_type="arrest", date_start="2024-06-10", date_end="2024-06-10",
           date_precision="day", date_text="10 June 2024", place_name="Kirkuk", place_name_ar="كركوك",
           place_text="Kirkuk", place_id="geonames:94787", country="IQ", admin1="Kirkuk",
           lat=35.4681, lon=44.3922, geo_precision="city",
           actors=["Iraqi Security Forces", "Islamic State"], counts={"arrested": 3},
           headline="Iraqi Security Forces arrest 3 Islamic State suspects in Kirkuk"),
        ev(en, EN_TEXT.strip(), event_type="statement", date_start="2024-06-10",
           date_end="2024-06-10", date_precision="day", date_text="10 June 2024",
           place_name="Kirkuk", place_name_ar="كركوك", country="IQ", lat=35.4681, lon=44.3922,
           geo_precision="city", actors=["Iraqi Security Forces"], status="rejected",
           headline="Iraqi Security Forces statement (rejected by an analyst)"),
    ]


def fill_store(path: str) -> Store:
    """A store at ``path`` holding the sample articles and events."""
    store = Store(path)
    store.add_articles(sample_articles())
    store.put_events(sample_events())
    return store


def sample_frame():
    """The sample events as the dashboard loads them (an in-memory store's events frame)."""
    store = fill_store(":memory:")
    frame = store.events_frame()
    store.close()
    return frame
