"""The "Add articles" tab: uploaded files → stored articles → extracted events.

Reading and extraction run in a background thread of the server (``start_upload``), never in
the script thread: the page stays responsive and shows the progress, the user may go to another
tab and come back (the job and its report are kept), and the report is shown when it is done.
The work of one upload is still capped (``MAX_EXTRACT_CHARS``): every readable article is
stored, and those past the cap are left for ``marsad extract`` (said in the report). Every file
gets one report line: what was read, or each of its problems without repeating its name.
"""

from __future__ import annotations

import tempfile
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from events.articles import SUPPORTED_SUFFIXES, IngestProblem, one_line, read_articles_report
from events.schema import Article

UPLOAD_TYPES = [s.lstrip(".") for s in SUPPORTED_SUFFIXES]
# Characters of article text extracted per upload (~10-20 s of work); the rest is stored only.
MAX_EXTRACT_CHARS = 1_000_000


class Upload(Protocol):
    """What ``st.file_uploader`` hands back (``UploadedFile``): a name and the bytes."""

    name: str

    def getvalue(self) -> bytes: ...


@dataclass
class FileReport:
    name: str  # as uploaded, escaped to one line
    articles: int = 0
    problems: list[str] = field(default_factory=list)  # without the file name: "line 3: text: …"


@dataclass
class UploadReport:
    files: list[FileReport] = field(default_factory=list)
    new: int = 0
    events: int = 0
    extracted: int = 0
    deferred: list[Article] = field(default_factory=list)  # stored, not extracted (over the cap)
    cap: int = MAX_EXTRACT_CHARS
    already: int = 0  # articles that were in the store before (same id)
    new_ids: list[str] = field(default_factory=list)  # articles this upload added

    def summary(self) -> str:
        read = sum(f.articles for f in self.files)
        if not read:
            return "No article could be read."
        text = upload_summary(self.new, self.already, self.events)
        if self.deferred:
            text += (f" {len(self.deferred)} article(s) were stored without extracting their events: this upload "
                     f"is over the {self.cap:,} characters the dashboard extracts at once. Run "
                     "`marsad extract --db STORE FILE` in a terminal for them (or restart with `marsad serve`, "
                     "which extracts articles that have no events).")
        return text


def upload_summary(new: int, already: int, events: int) -> str:
    """What an upload did, in words: new articles, ones already stored, events extracted."""
    if new == 0:
        return (f"Nothing new: {'this article was' if already == 1 else f'these {already} articles were'} already "
                "in the store (same title and text), so none was added twice. Their events were extracted "
                f"again ({events} event(s)); corrections made by analysts are kept.")
    text = f"{new} new article(s) stored, {events} event(s) extracted."
    if already:
        text += (f" {already} other article(s) were already in the store (same title and text) and were not "
                 "added twice.")
    return text


def _show_new(article_ids: list[str]) -> None:
    """Explore, filtered on the articles just added (the other filters are left as they are)."""
    import streamlit as st

    st.session_state["f_articles"] = article_ids
    st.session_state["tab"] = "Explore"


def suffix_of(name: str) -> str:
    """The format extension of an uploaded name; ``.txt`` alone is a text file named ".txt"
    (``Path(".txt").suffix`` is empty: a hidden file with no extension)."""
    lowered = name.lower()
    return next((s for s in SUPPORTED_SUFFIXES if lowered.endswith(s)), Path(lowered).suffix)


def problem_line(error: IngestProblem | str) -> str:
    """An error of one file, shown under its name: the name is not repeated."""
    if not isinstance(error, IngestProblem):
        return one_line(str(error))
    where = f"line {error.line}: " if error.line else ""
    return one_line(where + (f"{error.field}: " if error.field else "") + error.message)


def read_uploads(files: Sequence[Upload]) -> list[tuple[FileReport, list[Article]]]:
    """The articles of every uploaded file, with its report; a bad file stops nothing."""
    out: list[tuple[FileReport, list[Article]]] = []
    with tempfile.TemporaryDirectory(prefix="marsad-upload-") as tmp:
        for n, f in enumerate(files):
            name = one_line(Path(f.name).name or f.name or "upload")
            report = FileReport(name)
            out.append((report, []))
            suffix = suffix_of(name)
            if suffix not in SUPPORTED_SUFFIXES:
                report.problems = [f"is not an article file (supported: {', '.join(SUPPORTED_SUFFIXES)}); "
                                   "rename it with the extension of its format"]
                continue
            p = Path(tmp) / f"{n:04d}{suffix}"  # the uploaded name never becomes a path
            try:
                p.write_bytes(f.getvalue())
                arts, errors = read_articles_report(p)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                arts, errors = [], [IngestProblem(name, None, None, f"could not be read ({type(exc).__name__}: {exc})")]
            for a in arts:
                a.path = f"upload:{name}{(a.path or '').removeprefix(str(p))}"  # "upload:batch.jsonl:7"
            report.articles = len(arts)
            report.problems = [problem_line(e) for e in errors]
            out[-1][1].extend(arts)
    return out


def ingest_uploads(store: Any, files: Sequence[Upload], *, max_chars: int | None = None,
                   progress: Callable[[int, int | None], None] | None = None) -> UploadReport:
    """Store the articles of ``files`` and extract events from them, up to ``max_chars`` of text
    (default ``MAX_EXTRACT_CHARS``); the articles past it are stored and listed in ``deferred``."""
    from events.pipeline import extract_into_store

    if progress:
        progress(0, None)
    per_file = read_uploads(files)
    budget = MAX_EXTRACT_CHARS if max_chars is None else max_chars
    report = UploadReport(files=[r for r, _ in per_file], cap=budget)
    todo: list[tuple[FileReport, Article]] = []
    for file_report, arts in per_file:
        try:
            known = {a.id for a in arts if store.article(a.id) is not None}
            report.new += store.add_articles(arts)
            report.already += len(known)
            report.new_ids += [i for i in dict.fromkeys(a.id for a in arts) if i not in known and i not in report.new_ids]
        except Exception as exc:  # noqa: BLE001 - the other files are still stored
            file_report.problems.append(f"could not be stored ({type(exc).__name__}: {exc})")
            continue
        for a in arts:
            if len(a.text) <= budget:
                todo.append((file_report, a))
                budget -= len(a.text)
            else:
                report.deferred.append(a)
    for k, (file_report, a) in enumerate(todo, 1):
        try:
            report.events += extract_into_store(store, [a], processes=1)
            report.extracted += 1
        except Exception as exc:  # noqa: BLE001 - one article must not stop the others
            file_report.problems.append(one_line(f"{a.title[:60]}: events could not be extracted "
                                                 f"({type(exc).__name__}: {exc})"))
        if progress:
            progress(k, len(todo))
    return report


@dataclass
class _Payload:
    """An uploaded file's name and bytes, taken in the script thread: the uploader's files go
    away with the widget (a tab change), the job must not."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


@dataclass
class UploadJob:
    """One upload being stored and extracted in a background thread."""

    done: int = 0
    total: int | None = None  # articles to extract, once the files are read
    report: UploadReport | None = None
    error: str | None = None  # one line, when the job itself failed
    thread: threading.Thread | None = None

    @property
    def finished(self) -> bool:
        return self.report is not None or self.error is not None

    def progress(self, done: int, total: int | None = None, *_: Any) -> None:
        self.done, self.total = done, total

    def status(self) -> tuple[float, str]:
        """The progress bar's fraction and words."""
        if self.total is None:
            return 0.0, "Reading and storing the files…"
        return (self.done / self.total if self.total else 1.0), f"Extracting events… {self.done}/{self.total} articles"


# Jobs by id: they outlive a session's reruns and tab changes (the id is in the session state).
_JOBS: dict[str, UploadJob] = {}
_KEEP_FINISHED = 32  # reports of sessions that never came back for them are dropped past this


def start_upload(path: str, files: Sequence[Upload], *, max_chars: int | None = None) -> str:
    """Store and extract ``files`` into the store at ``path`` in a background thread; the job's id."""
    payloads = [_Payload(f.name, f.getvalue()) for f in files]
    job = UploadJob()
    job_id = uuid.uuid4().hex

    def work() -> None:
        from events.store import Store

        try:
            with Store(path) as store:  # a connection of this thread
                job.report = ingest_uploads(store, payloads, max_chars=max_chars, progress=job.progress)
        except Exception as exc:  # noqa: BLE001 - reported on the page, in one line
            job.error = one_line(f"The upload stopped ({type(exc).__name__}: {exc}). The articles stored before "
                                 "it stay stored; try again, or run `marsad ingest` and `marsad extract` in a terminal.")

    finished = [k for k, j in _JOBS.items() if j.finished]
    for k in finished[: max(0, len(finished) - _KEEP_FINISHED)]:
        _JOBS.pop(k, None)
    _JOBS[job_id] = job
    job.thread = threading.Thread(target=work, name=f"marsad-upload-{job_id[:8]}", daemon=True)
    job.thread.start()
    return job_id


def upload_job(job_id: str | None) -> UploadJob | None:
    return _JOBS.get(job_id) if job_id else None


def _follow_upload() -> None:
    """While a job runs: its progress, redrawn every half second without rerunning the page;
    once done, its report goes to the session and the whole page reruns (new data)."""
    import streamlit as st

    job_id = st.session_state.get("upload_job")
    job = upload_job(job_id)
    if job is None:
        st.session_state.pop("upload_job", None)
        return
    if not job.finished:
        fraction, text = job.status()
        st.progress(min(1.0, max(0.0, fraction)), text=text)
        return
    st.session_state["upload_report"] = job.report
    st.session_state["upload_error"] = job.error
    st.session_state.pop("upload_job", None)
    _JOBS.pop(str(job_id), None)
    st.rerun()


def _start(path: str) -> None:
    """The button's callback (before the page is drawn, so the button is drawn disabled)."""
    import streamlit as st

    st.session_state["upload_job"] = start_upload(path, st.session_state.get("upload_files") or [])
    st.session_state.pop("upload_report", None)
    st.session_state.pop("upload_error", None)


def render_upload_tab(path: str) -> None:
    """The tab's widgets: the uploader, the button, the progress of a running upload, the report
    of the last one."""
    import streamlit as st

    from dashboard.edit import md_escape

    st.markdown("Add articles as **.txt** (title line, date line, body), **.jsonl/.json**, **.csv** or "
                "**.html** files. They are stored, then events are extracted from them "
                f"(up to {MAX_EXTRACT_CHARS:,} characters of text per upload; `marsad extract` does any amount).")
    files = st.file_uploader("Article files", type=UPLOAD_TYPES, accept_multiple_files=True, key="upload_files")
    running = upload_job(st.session_state.get("upload_job")) is not None
    st.button("Add and extract", key="upload_go", disabled=not files or running, type="primary",
              on_click=_start, args=(path,))
    if st.session_state.get("upload_job"):
        st.caption("It runs in the background: you may use the other tabs meanwhile; the report comes here.")
        st.fragment(_follow_upload, run_every=0.5)()
    if st.session_state.get("upload_error"):
        st.error(md_escape(st.session_state["upload_error"]))
    report = st.session_state.get("upload_report")
    if isinstance(report, UploadReport):
        for f in report.files:
            if f.problems:
                st.error(f"**{md_escape(f.name)}**" + (f" ({f.articles} article(s) read)" if f.articles else "")
                         + ": " + md_escape("; ".join(f.problems)))
            else:
                st.success(f"**{md_escape(f.name)}**: {f.articles} article(s) read")
        st.info(report.summary())
        if report.new_ids:
            st.button(f"Show the {len(report.new_ids)} new article(s)' events", key="upload_show", type="primary",
                      on_click=_show_new, args=(list(report.new_ids),),
                      help="Opens Explore filtered on the articles just added.")
