"""Hostile and bad input stays inert: HTML/script from articles is text in every builder and
export, bad files get a clear per-file error, corrupt or foreign stores are refused untouched.

Builders are tested pure (no browser); tests/e2e/test_xss.py checks the same in Chromium.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dashboard import map as dmap
from dashboard import tables, timeline
from events import articles, curation
from events.schema import Article, validate
from events.store import SCHEMA_VERSION, Store, StoreError

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = '<a href="javascript:alert(1)">click</a>'
MD_LINK = "[x](javascript:alert(1))"
MD_IMG = "![x](http://evil/x.png)"
PAYLOADS = (SCRIPT, IMG, JS_LINK, MD_LINK, MD_IMG, '"><svg onload=alert(1)>', "{{title}}", "&lt;b&gt;")
ALL = " ".join(PAYLOADS)


def hostile_store() -> Store:
    s = Store(":memory:")
    s.add_articles([Article(id="ar_x", title=f"عنوان {SCRIPT} {MD_IMG}", published="2024-04-26",
                            source=f"{IMG} outlet", url="javascript:alert(1)", language="ar",
                            text=f"اعتقلت قسد {SCRIPT} 25 عنصراً في {IMG}.")])
    events = []
    for i, p in enumerate(PAYLOADS):
        events.append(validate(dict(
            article_id="ar_x", event_type=("arrest", "attack", "protest")[i % 3],
            date_start=f"2024-04-{10 + i:02d}", date_end=f"2024-04-{10 + i:02d}", date_precision="day",
            date_text=p, place_name=f"{p} camp", place_name_ar=f"مخيم {p}", place_text=p,
            lat=36.0 + i / 10, lon=41.0 + i / 10, country="SY", geo_precision="point",
            actors=[p, f"{p} brigade"], actor1=p, counts={"arrested": i + 1},
            sentence=f"اعتقلت {p} في الهول", sentence_start=i * 50, sentence_end=i * 50 + 20,
            headline=f"{p} headline", source=f"{IMG} outlet", url="javascript:alert(1)")))
    s.put_events(events)
    return s


@pytest.fixture
def frame():
    s = hostile_store()
    yield s.events_frame()
    s.close()


def strings(obj):
    """Every string inside a JSON-like structure."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from strings(v)
    elif hasattr(obj, "tolist"):  # numpy arrays (plotly keeps customdata as given)
        yield from strings(obj.tolist())


class Tags(HTMLParser):
    """Collect the tags and attributes a browser would build from an HTML string."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


SAFE_TAGS = {"div", "h4", "p", "mark", "table", "tr", "th", "td", "span", "details", "summary", "a", "b", "br"}


def assert_inert_html(html: str, expect_text: str | None = None) -> None:
    parsed = Tags(html)
    for tag, attrs in parsed.tags:
        assert tag in SAFE_TAGS, f"injected element <{tag}> in {html[:200]}"
        assert not any(k.startswith("on") for k in attrs), f"event handler attribute on <{tag}>"
        if "href" in attrs:
            assert (attrs["href"] or "").startswith(("http://", "https://")), f"unsafe link {attrs['href']!r}"
        assert "src" not in attrs
    if expect_text is not None:
        assert expect_text in "".join(parsed.text), "the payload is not shown as text"


# -- dashboard builders ----------------------------------------------------------------------

def test_detail_panel_html_shows_payloads_as_text(frame):
    for _, row in frame.iterrows():
        article = {"title": f"عنوان {SCRIPT}", "source": IMG, "url": "javascript:alert(1)", "published": "2024-04-26"}
        out = tables.detail_html(row.to_dict(), article)
        assert_inert_html(out, expect_text=row["headline"])
        assert SCRIPT in "".join(Tags(out).text)  # the title, as text


def test_articles_table_html_is_inert():
    s = hostile_store()
    out = tables.articles_html(s.articles_frame())
    assert_inert_html(out, expect_text=f"عنوان {SCRIPT} {MD_IMG}")
    assert "javascript:" not in "".join(a.get("href") or "" for _, a in Tags(out).tags)


def test_events_table_keeps_payloads_as_plain_cell_text(frame):
    """st.dataframe draws cells as text on a canvas: the cells must hold the payload verbatim."""
    table, _ = tables.table_frame(frame)
    assert set(table["headline"]) == {f"{p} headline" for p in PAYLOADS}


def test_map_tooltips_are_escaped(frame):
    deck = dmap.build_deck(frame)
    spec = json.loads(deck.to_json())
    template = deck._tooltip["html"]  # pydeck keeps the tooltip beside the JSON it serialises
    # the template holds only our markup and {placeholders}; no article text is pasted into it
    for p in PAYLOADS[:-2]:
        assert p not in template
    fields = set(__import__("re").findall(r"{(\w+)}", template))
    records = [r for layer in spec["layers"] for r in (layer.get("data") or []) if isinstance(r, dict)]
    assert records, "no marks drawn"
    shown = []
    for r in records:
        for f in fields:
            v = r.get(f)
            if isinstance(v, str):
                assert "<" not in v and ">" not in v, f"unescaped {f!r} in a tooltip: {v!r}"
                shown.append(v)
    assert any("‹script›alert(1)‹/script›" in v for v in shown)  # visible as text, inert


@pytest.mark.parametrize("lane_by", ["type", "actor", "place"])
def test_timeline_hover_and_lane_labels_are_escaped(frame, lane_by):
    """Plotly renders <b>, <a href>, <span style> … in hover labels and tick labels: escape < and >."""
    fig = timeline.build_timeline(frame, lane_by=lane_by)
    spec = fig.to_plotly_json()
    risky = []
    for trace in spec["data"]:
        for key in ("customdata", "y", "text", "hovertext", "name"):
            risky += [v for v in strings(trace.get(key)) if v]
    yaxis = spec["layout"].get("yaxis", {})
    risky += list(strings(yaxis.get("categoryarray"))) + list(strings(yaxis.get("ticktext")))
    bad = [v for v in risky if "<" in v or ">" in v]
    assert not bad, f"unescaped markup reaches plotly: {bad[:3]}"
    assert any("&lt;script&gt;" in v for v in risky)  # shown, escaped


def test_timeline_title_is_escaped(frame):
    """The presentation title may come from a shared URL: it must not inject a link or markup."""
    fig = timeline.build_timeline(frame, presentation=True, title=f'{JS_LINK} <b>x</b>')
    text = fig.layout.title.text
    assert "<a " not in text and "<b>x" not in text and "&lt;a href" in text


# -- exports ---------------------------------------------------------------------------------

def test_json_exports_keep_payloads_as_json_strings(tmp_path):
    """GeoJSON / JSONL exports: the payload is a JSON string value, byte for byte, never markup."""
    from events.cli import main
    s_path = tmp_path / "x.db"
    src = hostile_store()
    curation.backup(src, s_path)
    src.close()
    formats = []
    for fmt in ("geojson", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        assert main(["export", "--db", str(s_path), "--format", fmt, "--output", str(out)]) == 0
        formats.append((fmt, out.read_text(encoding="utf-8")))
    for fmt, text in formats:
        docs = [json.loads(line) for line in text.splitlines() if line.strip()] if fmt == "jsonl" else [json.loads(text)]
        values = set(strings(docs))
        for p in PAYLOADS:
            assert f"{p} headline" in values, f"{fmt}: payload not kept as a string"


# -- bad article files (events.articles) ----------------------------------------------------------

GOOD = "عنوان الخبر\nتاريخ النشر: 2024-04-26\n\nاعتقلت قوات سوريا الديمقراطية 25 عنصراً من داعش في مخيم الهول.\n"


@pytest.mark.parametrize("name, content, message", [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    ("nul.txt", b"abc\x00def\x00" * 100, "binary"),
    ("latin.txt", "café crème brûlée, naïve façade - «garçon»".encode("latin-1") * 3, "UTF-8"),
    ("bad-bom.txt", b"\xef\xbb\xbf" + b"\xff\xfe\xfd" * 20, "UTF"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n\t\n", "empty"),
    ("broken.jsonl", b'{"title": "a", "text": \n', "jsonl"),
    ("notes.pdf", b"%PDF-1.4 ...", "unsupported"),
])
def test_bad_files_get_a_clear_error_and_good_ones_still_load(tmp_path, name, content, message):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    got, errors = articles.read_articles_report(bad)
    assert got == [] and errors, f"{name}: no error reported"
    assert str(bad) in errors[0] and (message.lower() in errors[0].lower() or name.endswith(".jsonl"))
    # in a folder, the good file beside it is still read
    got, errors = articles.read_articles_report(tmp_path)
    assert any(a.title == "عنوان الخبر" for a in got)


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:  # sparse: no disk or memory spent
        fh.truncate(articles.MAX_FILE_BYTES + 1)
    got, errors = articles.read_articles_report(big)
    assert got == [] and "limit" in errors[0] and "huge.txt" in errors[0]


def test_html_article_with_scripts_is_read_as_text(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(f"<html><head><title>خبر {IMG}</title><script>alert(1)</script></head>"
                    f"<body><article><h1>خبر</h1><p>اعتقلت قسد 25 عنصراً &lt;script&gt;x&lt;/script&gt;"
                    f" في مخيم الهول.</p><script>steal()</script></article></body></html>", encoding="utf-8")
    got, errors = articles.read_articles_report(page)
    assert got, errors
    assert "steal()" not in got[0].text and "alert(1)</script>" not in got[0].text.replace("<script>x</script>", "")


# -- the store file --------------------------------------------------------------------------

def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def make_foreign(p: Path) -> None:
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE customers(name TEXT)")
    c.execute("INSERT INTO customers VALUES ('Ali')")
    c.commit()
    c.close()


def make_corrupt(p: Path) -> None:
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE t(x)")
    c.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 100)
    c.commit()
    c.close()
    data = bytearray(p.read_bytes())
    data[100:2000] = b"\xde\xad" * 950  # the header survives, the pages do not
    p.write_bytes(bytes(data))


@pytest.mark.parametrize("maker, message", [
    (lambda p: p.write_text("meeting notes: not a database"), "not an SQLite database"),
    (lambda p: p.write_bytes(b"\x00" * 4096), "not an SQLite database"),
    (lambda p: p.write_text("<html><script>alert(1)</script></html>"), "not an SQLite database"),
    (make_foreign, "not Marsad's"),
    (make_corrupt, "not a usable Marsad database"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20), "not a usable Marsad database"),
])
def test_bad_store_files_are_refused_and_never_touched(tmp_path, maker, message):
    p = tmp_path / "marsad.db"
    maker(p)
    before = sha(p)
    with pytest.raises(StoreError, match=message):
        Store(p)
    assert sha(p) == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["marsad.db"]  # no -wal/-shm, no backup


def test_cli_on_a_foreign_store_is_one_clear_line(tmp_path, capsys):
    from events.cli import main
    p = tmp_path / "other.db"
    make_foreign(p)
    before = sha(p)
    assert main(["history", "ev_x", "--db", str(p)]) == 2
    err = capsys.readouterr().err
    assert "not Marsad's" in err and "Traceback" not in err
    assert sha(p) == before


def test_newer_schema_is_refused(tmp_path):
    p = tmp_path / "m.db"
    Store(p).close()
    c = sqlite3.connect(p)
    c.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="newer"):
        Store(p)


def test_schema_migration_backs_up_first(tmp_path):
    p = tmp_path / "m.db"
    with Store(p) as s:
        s.add_articles([Article(id="ar_old", title="قديم", text="نص")])
    c = sqlite3.connect(p)
    c.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    c.commit()
    c.close()
    with Store(p) as s:
        backup = s.migration_backup
        assert s.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert backup is not None and backup.name.startswith("m.db.bak-")
    old = sqlite3.connect(backup)
    assert old.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("0",)
    assert old.execute("SELECT title FROM articles").fetchone() == ("قديم",)
    # an up-to-date store is opened without a backup
    with Store(p) as s:
        assert s.migration_backup is None


def test_edits_log_cannot_be_rewritten_through_curation(tmp_path):
    s = Store(tmp_path / "m.db")
    s.put_events([validate(dict(article_id="a", event_type="other"))])
    eid = s.events()[0].event_id
    curation.edit_event(s, eid, {"headline": SCRIPT}, user=IMG)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        s.conn.execute("UPDATE edits SET new_value='x'")
    [h, _] = curation.history(s, eid)
    assert (h["new"], h["user"]) == (SCRIPT, IMG)  # stored verbatim; escaping is the view's job
    s.close()


@pytest.mark.parametrize("event_id", ["' OR 1=1 --", "ev_x'; DROP TABLE events; --", "%", "ev_%"])
def test_event_ids_are_never_sql(tmp_path, event_id):
    s = Store(tmp_path / "m.db")
    s.put_events([validate(dict(article_id="a", event_type="other"))])
    with pytest.raises(curation.CurationError, match="no event"):
        curation.resolve_event_id(s, event_id)
    with pytest.raises(curation.CurationError, match="no event"):
        curation.edit_event(s, event_id, {"headline": "x"})
    assert s.count_events() == 1
    s.close()
