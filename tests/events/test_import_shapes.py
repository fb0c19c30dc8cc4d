"""`marsad import` refuses shapes it would mangle and files over its size limit:
each problem is one line naming file:line and field, the rest is imported, the summary is honest."""

from __future__ import annotations

import csv
import sqlite3
import io
import json
import tracemalloc

import pytest

from events import curation
from events.cli import main
from events.schema import FIELDS
from events.imports import MAX_IMPORT_BYTES, import_events
from events.store import Store

BASE = dict(article_id="ar_imp", event_type="arrest", date_start="2024-04-25", date_end="2024-04-25",
            date_precision="day", actors=["Syrian Democratic Forces"], counts={"arrested": 25},
            sentence="أعلنت قسد اعتقال 25 عنصرا من داعش", headline="SDF arrest 25 IS members")


def jsonl(tmp_path, records, name="events.jsonl"):
    p = tmp_path / name
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return p


@pytest.mark.parametrize("over, field", [
    ({"actors": "Islamic State"}, "actors"),
    ({"actors": "قوات سوريا الديمقراطية"}, "actors"),
    ({"actors": ["Islamic State", 7]}, "actors"),
    ({"actors": {"name": "Islamic State"}}, "actors"),
    ({"mentions": "وفي سياق متصل أعلنت قسد"}, "mentions"),
    ({"mentions": ["a sentence, not an object"]}, "mentions"),
    ({"counts": [3, 4]}, "counts"),
    ({"counts": "killed=3"}, "counts"),
    ({"counts": {"killed people": 3}}, "counts.killed people"),
    ({"counts": {"قتلى": 3}}, "counts.قتلى"),
    ({"counts": {"": 3}}, "counts."),
    ({"counts": {"killed": 3, "x" * 41: 1}}, "counts." + "x" * 41),
])
def test_mangled_shapes_are_refused_by_line_and_field(tmp_path, over, field):
    good = dict(BASE, event_id="ev_good")
    bad = dict(BASE, event_id="ev_bad", **over)
    p = jsonl(tmp_path, [good, bad])
    events, errors = import_events(p)
    assert [e.event_id for e in events] == ["ev_good"]
    assert len(errors) == 1 and f"{p}:2" in errors[0] and f"{field}:" in errors[0], errors


@pytest.mark.parametrize("column, cell, field", [
    ("mentions", '"وفي سياق متصل"', "mentions"),
    ("counts", '{"killed people": 3}', "counts.killed people"),
    ("counts", "[1, 2]", "counts"),
])
def test_mangled_csv_cells_are_refused(tmp_path, column, cell, field):
    rows = []
    for eid, value in (("ev_ok", None), ("ev_bad", cell)):
        rec = {f: "" for f in FIELDS} | {k: v for k, v in BASE.items() if isinstance(v, str)}
        rec |= {"event_id": eid, "actors": "Syrian Democratic Forces", "counts": '{"arrested": 25}',
                "mentions": "[]", "tense": "past", "method": "import", "status": "auto", "confidence": "0.5"}
        if value is not None:
            rec[column] = value
        rows.append(rec)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(FIELDS))
    w.writeheader()
    w.writerows(rows)
    p = tmp_path / "events.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    events, errors = import_events(p)
    assert [e.event_id for e in events] == ["ev_ok"]
    assert len(errors) == 1 and f"{p}:3" in errors[0] and f"{field}:" in errors[0], errors


def test_an_imported_event_with_good_counts_can_be_curated(tmp_path):
    p = jsonl(tmp_path, [dict(BASE, event_id="ev_c", counts={"arrested": 25, "killed_civilians": 2})])
    with Store(tmp_path / "m.db") as s:
        s.put_events(import_events(p)[0])
        assert curation.edit_event(s, "ev_c", {"counts.arrested": 26}, "نور")
        assert curation.set_status(s, "ev_c", "verified", "نور")


def test_duplicate_ids_in_one_file_are_reported_and_the_summary_is_honest(tmp_path, capsys):
    p = jsonl(tmp_path, [dict(BASE, event_id="ev_1"), dict(BASE, event_id="ev_2"),
                         dict(BASE, event_id="ev_1", headline="a second record with the same id"),
                         dict(BASE, event_id="ev_3")])
    events, errors = import_events(p)
    assert [e.event_id for e in events] == ["ev_1", "ev_2", "ev_3"]
    assert len(errors) == 1 and f"{p}:3" in errors[0] and "event_id" in errors[0] and "line 1" in errors[0]
    db = tmp_path / "m.db"
    assert main(["import", str(p), "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "stored 3 events" in out
    with Store(db) as s:
        assert s.count_events() == 3
        assert s.event("ev_1").headline == BASE["headline"]  # the first is kept


def test_records_without_ids_that_would_collide_are_reported(tmp_path):
    p = jsonl(tmp_path, [BASE, BASE])  # same article, sentence, type: the same derived id
    events, errors = import_events(p)
    assert len(events) == 1 and len(errors) == 1 and f"{p}:2" in errors[0]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".json", ".parquet"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, suffix):
    p = tmp_path / f"huge{suffix}"
    with open(p, "wb") as fh:  # sparse: no disk used, but reading it would cost the whole size
        fh.truncate(MAX_IMPORT_BYTES + 1)
    tracemalloc.start()
    events, errors = import_events(p)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert events == [] and len(errors) == 1
    assert str(p) in errors[0] and "MB" in errors[0] and "split" in errors[0]
    assert peak < 5 * 1024 * 1024  # refused from its size, not after reading it


def test_import_command_reports_the_size_and_goes_on(tmp_path, capsys):
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as fh:
        fh.truncate(MAX_IMPORT_BYTES + 1)
    small = jsonl(tmp_path, [dict(BASE, event_id="ev_s")], "small.jsonl")
    db = tmp_path / "m.db"
    assert main(["import", str(big), str(small), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert "big.jsonl" in err and "stored 1 event" in out


def test_an_event_stored_with_a_bad_count_name_can_still_be_curated(tmp_path):
    """A store written before count names were checked: the event can be verified, edited and
    rejected, and the bad name removed; a new bad name is still refused."""
    db = tmp_path / "m.db"
    with Store(db) as s:
        s.put_events(import_events(jsonl(tmp_path, [dict(BASE, event_id="ev_old")]))[0])
    c = sqlite3.connect(db)
    c.execute("""UPDATE events SET counts='{"arrested": 25, "killed people": 3}' WHERE event_id='ev_old'""")
    c.commit()
    c.close()
    with Store(db) as s:
        assert curation.set_status(s, "ev_old", "verified", "نور")
        assert curation.edit_event(s, "ev_old", {"headline": "SDF arrest 25 (checked)"}, "نور")
        with pytest.raises(curation.CurationError, match="count name"):
            curation.edit_event(s, "ev_old", {"counts.wounded people": 2}, "نور")
        curation.edit_event(s, "ev_old", {"counts.killed people": None}, "نور")
        assert s.event("ev_old").counts == {"arrested": 25}
        assert curation.delete_event(s, "ev_old", "نور")
