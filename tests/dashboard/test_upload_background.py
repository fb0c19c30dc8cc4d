"""Upload extraction runs off the script thread (issue 10, point 4): the page comes back at once
with a progress bar, the user may go to another tab and come back, the report arrives when the
job is done, and a job that fails says so in one line."""

from __future__ import annotations

import json

from test_app import db, finish_upload, run  # noqa: F401
from dashboard.upload import start_upload, upload_job
from events.store import Store

PLACES = ["الرقة", "الحسكة", "دير الزور", "منبج", "القامشلي", "الطبقة"]


def batch(n: int) -> bytes:
    """``n`` distinct short Arabic reports as JSON lines."""
    lines = []
    for k in range(n):
        place = PLACES[k % len(PLACES)]
        lines.append(json.dumps({
            "id": f"bg-{k:04d}", "title": f"اعتقالات في {place} ({k})", "published": "2024-07-02",
            "text": f"اعتقلت قوى الأمن الداخلي {3 + k % 9} أشخاص في {place} يوم الاثنين بعد مداهمة رقمها {k}."},
            ensure_ascii=False))
    return "\n".join(lines).encode("utf-8")


def test_the_page_answers_while_the_upload_runs_and_the_report_comes_after(db):
    at = run({"tab": "add"})
    at.file_uploader(key="upload_files").set_value([("many.jsonl", batch(300), "application/json")]).run()
    at.button(key="upload_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # the script run returned before the 300 articles were extracted: a progress bar, no report yet
    assert "upload_job" in at.session_state and not at.info
    (bar,) = at.get("progress")
    assert "Extracting events…" in bar.proto.text or "Reading and storing" in bar.proto.text
    assert at.button(key="upload_go").disabled  # one upload at a time per session
    # away to another tab and back: the running job is still followed
    at.query_params["tab"] = "explore"
    at.session_state["tab"] = "Explore"
    at.run()
    assert not at.exception
    at.session_state["tab"] = "Add articles"
    at.run()
    finish_upload(at)
    assert "300 new article(s) stored" in at.info[-1].value
    with Store(str(db)) as store:
        assert sum(a.id.startswith("bg-") for a in store.articles()) == 300
        assert any("مداهمة رقمها 299" in e.sentence for e in store.events())


def test_a_job_that_cannot_run_says_so_in_one_line(tmp_path):
    class File:
        name = "one.txt"

        def getvalue(self) -> bytes:
            return "اعتقال في الرقة\nاعتقلت الشرطة شخصين في الرقة.\n".encode("utf-8")

    (tmp_path / "not-a-store").mkdir()
    job = upload_job(start_upload(str(tmp_path / "not-a-store"), [File()]))
    job.thread.join(60)
    assert job.finished and job.report is None
    assert "\n" not in job.error and "The upload stopped" in job.error and "marsad ingest" in job.error


def test_progress_names_the_stage():
    from dashboard.upload import UploadJob

    job = UploadJob()
    assert job.status() == (0.0, "Reading and storing the files…")
    job.progress(3, 12)
    assert job.status() == (0.25, "Extracting events… 3/12 articles")
