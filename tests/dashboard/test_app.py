"""The dashboard page, driven headless with Streamlit's AppTest on a store of sample events."""

from __future__ import annotations

import html
import time
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dash_sample import fill_store, sample_events
from events.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
EVENTS = {e.headline: e for e in sample_events()}
PARIS = EVENTS["Global Coalition to hold a security meeting in Paris"]
HASAKAH = EVENTS["Hundreds of prisoners escape Sinaa prison in Hasakah"]
CROCUS = EVENTS["Islamic State attack on Crocus City Hall near Moscow kills 145"]
REJECTED = next(e for e in sample_events() if e.status == "rejected")


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "marsad.db"
    fill_store(str(path)).close()
    monkeypatch.setenv("MARSAD_DB", str(path))
    return path


def run(query: dict | None = None, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def finish_upload(at: AppTest, timeout: float = 120) -> AppTest:
    """An upload runs in a background thread: rerun, as the page's timer does, until its report is in."""
    deadline = time.monotonic() + timeout
    while "upload_job" in at.session_state:
        assert time.monotonic() < deadline, "the upload did not finish"
        time.sleep(0.2)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_ids(at: AppTest) -> set[str]:
    """Event ids in the events table (the table inside table_box)."""
    frames = [d for d in at.dataframe if d.proto.id and "events_table" in d.proto.id]
    assert frames, "the events table is missing"
    return set(frames[0].value.index)


def plotly_spec(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def deck_spec(at: AppTest) -> dict:
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    return json.loads(decks[0].proto.json)


def timeline_ids(at: AppTest) -> set[str]:
    return {cd[0] for trace in plotly_spec(at)["data"] for cd in trace.get("customdata") or []}


def deck_text(at: AppTest) -> str:
    return json.dumps(deck_spec(at), ensure_ascii=False)


def undated_list(at: AppTest) -> str:
    """The HTML of the undated events' list beside the timeline."""
    lists = [h.proto.body for h in at.get("html") if "marsad-undated" in h.proto.body]
    assert lists, "the undated list is missing"
    return lists[0]


def test_page_shows_timeline_map_and_table(db):
    at = run()
    assert len(at.get("plotly_chart")) == 1
    assert len(at.get("deck_gl_json_chart")) == 1
    visible = {e.event_id for e in sample_events() if e.status != "rejected"}
    assert table_ids(at) == visible
    # Dated events are marks on the timeline; undated ones are listed beside it.
    assert timeline_ids(at) == {e.event_id for e in sample_events() if e.date_start and e.status != "rejected"}
    listed = undated_list(at)
    assert all(html.escape(e.headline) in listed for e in sample_events() if not e.date_start and e.status != "rejected")


def test_choosing_an_actor_narrows_table_and_charts(db):
    at = run()
    at.multiselect(key="f_actors").select("Global Coalition").run()
    assert not at.exception
    assert table_ids(at) == {PARIS.event_id}
    assert timeline_ids(at) == {PARIS.event_id}
    text = deck_text(at)
    assert "Paris" in text and "Hasakah" not in text and "Kirkuk" not in text
    # The URL follows, so the view can be shared.
    assert at.query_params.get("actor") in ("Global Coalition", ["Global Coalition"])


def test_facet_labels_count_under_other_filters(db):
    at = run()
    at.multiselect(key="f_types").select("attack").run()
    # Only the Crocus attack is left: Islamic State counts 1, the SDF 0 …
    actors = list(at.multiselect(key="f_actors").options)
    assert "Islamic State (1)" in actors and "Syrian Democratic Forces (0)" in actors
    # … while the types facet still counts under the other filters (none), not its own.
    types = list(at.multiselect(key="f_types").options)
    assert "arrest (2)" in types and "attack (1)" in types


def test_query_parameters_restore_filters(db):
    at = run({"q": "الحسكه", "lane": "actor", "undated": "0"})
    assert at.text_input(key="f_text").value == "الحسكه"
    assert at.radio(key="lane_by").value == "actor"
    assert at.toggle(key="f_undated").value is False
    assert table_ids(at) == {HASAKAH.event_id}  # «الحسكه» finds «الحسكة»


def test_query_parameters_restore_dates_and_types(db):
    at = run({"from": "2024-03-01", "to": "2024-04-30", "type": ["attack", "arrest"], "undated": "0"})
    assert table_ids(at) == {CROCUS.event_id, EVENTS["SDF arrest 25 Islamic State members in al-Hol camp"].event_id}
    assert at.multiselect(key="f_types").value == ["attack", "arrest"]


def test_a_selection_narrows_the_other_views(db):
    at = run(selection=frozenset({HASAKAH.event_id, CROCUS.event_id}), selection_source="timeline")
    assert table_ids(at) == {HASAKAH.event_id, CROCUS.event_id}
    text = deck_text(at)
    assert "Hasakah" in text and "Paris" not in text
    # The view the selection came from keeps its context.
    assert PARIS.event_id in timeline_ids(at)
    # Clearing it brings everything back.
    at.button(key="clear_selection").click().run()
    assert at.session_state["selection"] is None
    assert PARIS.event_id in table_ids(at)


def test_map_selection_narrows_timeline_and_table(db):
    at = run(selection=frozenset({PARIS.event_id}), selection_source="map")
    assert table_ids(at) == {PARIS.event_id}
    assert timeline_ids(at) == {PARIS.event_id}
    assert "Hasakah" in deck_text(at)  # the map itself is not narrowed


def test_deck_names_no_online_style_or_tile_host(db):
    at = run()
    spec = deck_spec(at)
    text = json.dumps(spec)
    assert "http://" not in text and "https://" not in text
    for host in ("carto", "mapbox", "openstreetmap", "maptiler", "arcgis", "google"):
        assert host not in text.lower()


def test_rejected_events_are_hidden_unless_asked(db):
    at = run()
    assert REJECTED.event_id not in table_ids(at)
    at.toggle(key="f_rejected").set_value(True).run()
    assert REJECTED.event_id in table_ids(at)
    assert at.query_params.get("rejected") in ("1", ["1"])


def test_detail_panel_shows_sentence_rtl_with_marks(db):
    arrest = EVENTS["SDF arrest 25 Islamic State members in al-Hol camp"]
    at = run(detail_id=arrest.event_id)
    html_blocks = [h.proto.body for h in at.get("html")]
    detail = next(b for b in html_blocks if "marsad-detail" in b)
    assert 'dir="rtl"' in detail
    assert '<mark class="marsad-place">مخيم الهول</mark>' in detail
    assert '<mark class="marsad-date">' in detail
    assert 'href="https://example.org/ar/hol"' in detail


def test_detail_panel_never_links_a_javascript_url(db):
    kirkuk = EVENTS["Iraqi Security Forces arrest 3 Islamic State suspects in Kirkuk"]
    at = run(detail_id=kirkuk.event_id)
    detail = next(h.proto.body for h in at.get("html") if "marsad-detail" in h.proto.body)
    assert "javascript:alert(1)" in detail and 'href="javascript' not in detail


def test_presentation_mode_from_url(db):
    at = run({"present": "1"})
    assert at.toggle(key="present").value is True
    css = " ".join(h.proto.body for h in at.get("html"))
    assert 'section[data-testid="stSidebar"]' in css and "display: none" in css
    spec = plotly_spec(at)
    assert "Events over time" in spec["layout"]["title"]["text"]
    assert spec["layout"]["showlegend"] is True
    caption = next(m.value for m in at.markdown if "of 8 events" in m.value)  # body text, not small print
    # The caption explains a screenshot: how many, which dates, which filters.
    assert "7 of 8 events" in caption and "2022-01-01 to 2024-06-10" in caption and "all dates" in caption


def test_switching_presentation_on_updates_the_url(db):
    at = run()
    at.toggle(key="present").set_value(True).run()
    assert at.query_params.get("present") in ("1", ["1"])


def test_empty_store_says_how_to_add_articles(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "empty.db"))
    at = run()
    text = " ".join(i.value for i in at.info)
    assert "store is empty" in text and "marsad ingest" in text


def test_articles_tab_lists_articles_rtl(db):
    at = run({"tab": "articles"})
    body = " ".join(h.proto.body for h in at.get("html"))
    assert '<td dir="rtl">' in body and "مخيم الهول" in body
    assert "Security forces detain three suspects in Kirkuk" in body


def test_store_change_is_seen_on_next_rerun(db):
    at = run()
    assert CROCUS.event_id in table_ids(at)
    with Store(str(db)) as s:
        s.conn.execute("DELETE FROM events WHERE event_id=?", (CROCUS.event_id,))
        with s.transaction():
            pass  # bump data_version like any write
    at.run()
    assert CROCUS.event_id not in table_ids(at)


GOOD_TXT = """title: اعتقال خلية في الرقة
published: 2024-07-02
source: مرصد تجريبي

اعتقلت قوات سوريا الديمقراطية خمسة عناصر من تنظيم داعش في مدينة الرقة يوم الاثنين الأول من تموز ٢٠٢٤.
""".encode("utf-8")


def test_upload_adds_articles_and_reports_errors_per_file(db):
    at = run({"tab": "add"})
    at.file_uploader(key="upload_files").set_value([
        ("raqqa.txt", GOOD_TXT, "text/plain"),
        ("broken.jsonl", b'{"title": "no closing brace"\n', "application/json"),
    ]).run()
    at.button(key="upload_go").click().run()
    finish_upload(at)
    # File names are markdown-escaped in the report ("raqqa\\.txt").
    assert any("raqqa" in s.value and "1 article" in s.value for s in at.success)
    assert any("broken" in e.value for e in at.error)
    assert not any("raqqa" in e.value for e in at.error)
    with Store(str(db)) as s:
        titles = [a.title for a in s.articles()]
        assert "اعتقال خلية في الرقة" in titles
        new = [e for e in s.events() if "الرقة" in e.sentence]
    assert new, "events were extracted from the uploaded article"
    assert "1 new article" in at.info[-1].value


def test_caption_escapes_markdown_from_filters(db):
    at = run({"q": "![x](https://example.org/x.png) <b>"})
    caption = at.get("caption")[0].value
    assert "x\\.png" in caption  # the search is stated (escaped) …
    assert "![x](https" not in caption and "<b>" not in caption  # … but cannot render as markup


def test_a_foreign_file_is_an_error_not_a_traceback(tmp_path, monkeypatch):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database", encoding="utf-8")
    monkeypatch.setenv("MARSAD_DB", str(bad))
    at = run()
    assert any("not an SQLite database" in e.value for e in at.error)
    assert bad.read_text(encoding="utf-8") == "not a database"  # left untouched


def test_the_page_reads_while_a_writer_holds_the_lock(db):
    writer = Store(str(db))
    writer.conn.execute("BEGIN IMMEDIATE")  # like a long `marsad extract`
    try:
        at = AppTest.from_file(APP, default_timeout=20)
        at.run()
        assert not at.exception
        assert PARIS.event_id in table_ids(at)
    finally:
        writer.conn.execute("ROLLBACK")
        writer.close()


def test_a_selection_of_several_events_offers_each_in_the_detail_panel(db):
    at = run(selection=frozenset({HASAKAH.event_id, CROCUS.event_id}), selection_source="map")
    pick = at.selectbox(key="detail_pick")
    assert set(pick.options) == {HASAKAH.headline, CROCUS.headline}
    pick.set_value(CROCUS.event_id).run()
    detail = next(h.proto.body for h in at.get("html") if "marsad-detail" in h.proto.body)
    assert "كروكوس" in detail and "السجناء" not in detail


def test_an_event_added_by_hand_in_the_dashboard_is_stored_as_manual(db):
    at = run()
    [headline] = [t for t in at.text_input if t.label == "Headline (English)"]
    [kind] = [s for s in at.selectbox if s.label == "Type"]
    kind.set_value("protest")
    headline.set_value("Sit-in in front of the Hasakah court")
    [add] = [b for b in at.button if b.label == "Add event"]
    add.click().run()
    assert not at.exception
    with Store(db) as s:
        manual = [e for e in s.events() if e.method == "manual"]
    assert [(e.event_type, e.headline) for e in manual] == [("protest", "Sit-in in front of the Hasakah court")]


def test_three_filters_in_a_row_keep_raw_values(db):
    """Choices stay raw names while the live counts of their labels change (type, actor, search)."""
    at = run()
    at.multiselect(key="f_types").select("attack").run()
    actor = "Islamic State"
    at.multiselect(key="f_actors").set_value([actor]).run()
    at.text_input(key="f_text").input("Moscow").run()
    at.text_input(key="f_text").input("").run()
    assert not at.exception
    assert at.multiselect(key="f_types").value == ["attack"]
    assert at.multiselect(key="f_actors").value == [actor]
    assert at.query_params.get("type") in ("attack", ["attack"])   # a shared link carries the raw names
    assert at.query_params.get("actor") in (actor, [actor])


@pytest.mark.parametrize("query, key, want", [
    ({"type": "attack (2)"}, "f_types", ["attack"]),                   # an old link with a label in it
    ({"type": "attack (15,711) (0)"}, "f_types", ["attack"]),          # a label labelled again
    ({"actor": "Islamic State (2)"}, "f_actors", ["Islamic State"]),
])
def test_old_broken_links_are_repaired(db, query, key, want):
    at = run(query)
    assert at.multiselect(key=key).value == want
    assert table_ids(at), "a repaired link still shows events"


def test_the_undated_list_beside_the_timeline_shows_whole_headlines(db):
    """The narrow column beside the timeline lists each undated event with its whole headline."""
    undated = [e for e in sample_events() if e.date_start is None and e.status != "rejected"]
    assert undated
    listed = undated_list(run())
    for e in undated:
        assert html.escape(e.headline) in listed
    assert "…" not in listed
