"""The event editor for the detail panel: correct, verify, reject, restore, revert, add.

``render_editor(store, event, user)`` and ``render_add_event(store, user)`` are called by the app;
all writes go through :mod:`events.curation` (validated, logged, transactional).

Safety: article-derived text (titles, sentences, actor and place names, old/new values in the
history) is only ever shown through widgets' *values*, ``st.text``/``st.code`` or
:func:`md_escape`-d markdown — never in a widget label (labels render markdown) and never with
``unsafe_allow_html``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import streamlit as st

from events import curation
from events.curation import CurationError, format_edit
from events.schema import (
    DATE_PRECISIONS, DATE_RANGE_TEXT, EARLIEST_DATE, EVENT_TYPES, GEO_PRECISIONS, LATEST_DATE, TENSES, Event,
    date_in_range,
)
from events.store import Store
from geo.gazetteer import get_gazetteer

# Counts offered even when an event has none yet (DESIGN.md's list).
COUNT_KEYS = ("killed", "injured", "arrested", "escaped", "troops", "attacks")
HISTORY_LIMIT = 50
ARTICLE_CHOICES = 1000  # newest articles offered when adding an event by hand
FLASH = "marsad_edit_flash"
_AUTOLINK = re.compile(r"(://|(?i:www)(?=\.)|@)")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: Any) -> str:
    """Text that Streamlit markdown shows literally: no links, images, HTML, LaTeX or emphasis.

    Backslash escapes stop markdown syntax; GFM autolinks (``http://…``, ``www.…``, e-mail
    addresses) ignore escapes, so an invisible zero-width space breaks them instead.
    """
    s = _AUTOLINK.sub("\\1\u200b", str(text))
    return _MD_SPECIAL.sub(r"\\\1", s).replace("\n", "  \n")


def _event_id(event: Any) -> str:
    if isinstance(event, Event):
        return event.event_id
    if isinstance(event, str):
        return event
    return str(event["event_id"])


def _iso(d: Any) -> str | None:
    return d.isoformat() if isinstance(d, date) else None


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _flash(message: str, kind: str = "success") -> None:
    st.session_state[FLASH] = (kind, message)


def _show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if kind == "success":
        st.success(md_escape(message))
    elif kind == "error":
        st.error(md_escape(message))


def _place_search(prefix: str) -> Any:
    """Gazetteer search box + result picker; returns the chosen Place or None."""
    query = st.text_input("Search a place (Arabic or English)", key=f"{prefix}_placeq",
                          placeholder="e.g. الهول, Hasakah, Kirkuk")
    if not query.strip():
        return None
    try:
        results = get_gazetteer().search(query.strip(), limit=10)
    except Exception as exc:  # a broken index must not take the editor down
        st.warning(md_escape(f"Place search failed: {exc}"))
        return None
    if not results:
        st.caption("No place found; enter it by hand below.")
        return None

    def label(p: Any) -> str:
        if p is None:
            return "— keep the current place —"
        where = ", ".join(x for x in (getattr(p, "admin1", None), getattr(p, "country", None)) if x)
        return f"{p.name} · {p.name_ar or ''} ({p.kind}{', ' + where if where else ''})"

    # Option labels are plain text in a selectbox (not markdown), so names are safe here.
    return st.selectbox("Place found", [None, *results], format_func=label, key=f"{prefix}_placepick")


def _count_inputs(prefix: str, counts: dict[str, int]) -> dict[str, int | None]:
    keys = list(dict.fromkeys([*COUNT_KEYS, *sorted(counts)]))
    cols = st.columns(3)
    out: dict[str, int | None] = {}
    for i, key in enumerate(keys):
        with cols[i % 3]:
            # the count's name goes into a label: keep only safe characters (curation enforces the
            # same [A-Za-z0-9_] shape for stored names, this is belt and braces)
            safe = re.sub(r"[^A-Za-z0-9_]", "", str(key)) or "count"
            v = st.number_input(safe, min_value=0, step=1, value=counts.get(key), key=f"{prefix}_c_{safe}",
                                placeholder="—")
            out[key] = int(v) if v is not None else None
    return out


def _changes(current: Event, form: dict[str, Any]) -> dict[str, Any]:
    """The fields whose form value differs from the stored event."""
    cur = current.to_dict()
    changes: dict[str, Any] = {}
    for name, value in form.items():
        if name == "counts":
            for k, v in value.items():
                if (cur["counts"].get(k)) != v:
                    changes[f"counts.{k}"] = v
        elif name == "actors":
            if [a.strip() for a in value.split(",") if a.strip()] != cur["actors"]:
                changes["actors"] = value
        elif (cur.get(name) if cur.get(name) != "" else None) != (value if value != "" else None):
            changes[name] = value
    return changes


def _fields_form(prefix: str, ev: Event) -> dict[str, Any]:
    """The editable fields as widgets, pre-filled from ``ev``; returns their values."""
    c1, c2 = st.columns(2)
    with c1:
        event_type = st.selectbox("Type", EVENT_TYPES, index=EVENT_TYPES.index(ev.event_type)
                                  if ev.event_type in EVENT_TYPES else len(EVENT_TYPES) - 1, key=f"{prefix}_type")
    with c2:
        tense = st.selectbox("Tense", TENSES, index=TENSES.index(ev.tense) if ev.tense in TENSES else 0,
                             key=f"{prefix}_tense")
    # A date stored outside the accepted range (a store from before the range was checked) cannot
    # be a widget's value: the input starts empty, says so, and an empty input keeps it unchanged.
    stored = {"start": _date(ev.date_start), "end": _date(ev.date_end)}
    bad = {k for k, text in (("start", ev.date_start), ("end", ev.date_end))
           if text and not (stored[k] and date_in_range(stored[k]))}
    if bad:
        st.warning(md_escape(f"The stored dates {ev.date_start} – {ev.date_end} are outside the {DATE_RANGE_TEXT} "
                             "Marsad accepts: pick the right dates, or reject the event."))
    c1, c2, c3 = st.columns(3)
    with c1:
        start = st.date_input("From", value=None if "start" in bad else stored["start"], key=f"{prefix}_start",
                              min_value=EARLIEST_DATE, max_value=LATEST_DATE)
    with c2:
        end = st.date_input("To", value=None if "end" in bad else stored["end"], key=f"{prefix}_end",
                            min_value=EARLIEST_DATE, max_value=LATEST_DATE)
    keep = bool(bad) and start is None and end is None  # an empty input leaves the stored dates as they are
    if keep:
        start, end = stored["start"], stored["end"]
    with c3:
        precision = st.selectbox("Date precision", DATE_PRECISIONS,
                                 index=DATE_PRECISIONS.index(ev.date_precision)
                                 if ev.date_precision in DATE_PRECISIONS else len(DATE_PRECISIONS) - 1,
                                 key=f"{prefix}_prec")
    # conveniences: one day given → a one-day interval; no date → precision unknown
    if start and not end:
        end = start
    if not keep and not start and not end and precision != "unknown":
        precision = "unknown"
    if start and start == end and precision == "unknown":
        precision = "day"
    with st.expander("Place by hand"):
        c1, c2 = st.columns(2)
        with c1:
            place_name = st.text_input("Place (English)", value=ev.place_name or "", key=f"{prefix}_pname")
            country = st.text_input("Country (ISO-2, e.g. SY)", value=ev.country or "", key=f"{prefix}_country",
                                    max_chars=2)
            lat = st.number_input("Latitude", min_value=-90.0, max_value=90.0, value=ev.lat, format="%.5f",
                                  key=f"{prefix}_lat", placeholder="—")
        with c2:
            place_name_ar = st.text_input("Place (Arabic)", value=ev.place_name_ar or "", key=f"{prefix}_pnamear")
            geo_options = [None, *GEO_PRECISIONS]
            geo_precision = st.selectbox("Geo precision", geo_options,
                                         index=geo_options.index(ev.geo_precision) if ev.geo_precision in geo_options else 0,
                                         format_func=lambda v: "—" if v is None else v, key=f"{prefix}_geoprec")
            lon = st.number_input("Longitude", min_value=-180.0, max_value=180.0, value=ev.lon, format="%.5f",
                                  key=f"{prefix}_lon", placeholder="—")
    actors = st.text_input("Actors (comma-separated)", value=", ".join(ev.actors), key=f"{prefix}_actors")
    c1, c2 = st.columns(2)
    with c1:
        actor1 = st.text_input("Actor 1 (doer)", value=ev.actor1 or "", key=f"{prefix}_a1")
    with c2:
        actor2 = st.text_input("Actor 2 (target)", value=ev.actor2 or "", key=f"{prefix}_a2")
    st.caption("Counts")
    counts = _count_inputs(prefix, ev.counts)
    headline = st.text_input("Headline (English)", value=ev.headline or "", key=f"{prefix}_headline")
    return {
        "event_type": event_type, "tense": tense,
        "date_start": ev.date_start if keep else _iso(start), "date_end": ev.date_end if keep else _iso(end),
        "date_precision": precision, "place_name": place_name.strip() or None,
        "place_name_ar": place_name_ar.strip() or None, "country": country.strip().upper() or None,
        "lat": lat, "lon": lon, "geo_precision": geo_precision, "actors": actors,
        "actor1": actor1.strip() or None, "actor2": actor2.strip() or None, "counts": counts,
        "headline": headline.strip(),
    }


def _apply_place(changes: dict[str, Any], place: Any, current: Event | None) -> None:
    if place is None:
        return
    for k, v in curation.place_fields(place).items():
        if current is None or getattr(current, k) != v:
            changes[k] = v
        else:
            changes.pop(k, None)


def render_editor(store: Store, event: Event | dict[str, Any] | str, user: str | None) -> None:
    """Edit form, status buttons and history (with revert) for one event.

    Args:
        store: the writable store.
        event: the event (an Event, a row mapping with ``event_id``, or the id); it is re-read
            from the store so the form always starts from the saved values.
        user: the analyst's name from the sidebar ("" or None: the OS user).
    """
    event_id = _event_id(event)
    ev = store.event(event_id)
    if ev is None:
        st.warning("This event is no longer in the store (re-extracted?). Reload the page.")
        return
    _show_flash()
    log = curation.history(store, event_id)
    # Widget keys carry a per-session generation, bumped after this session's own save, revert or
    # status change: the form is then rebuilt from the stored values. Another session's change
    # does not rebuild it (what is being typed is kept), and a save writes only the fields that
    # differ from what the form was opened with — so two analysts never undo each other's edits.
    prefix = f"ed_{event_id}_{st.session_state.get(_gen_key(event_id), 0)}"
    base = Event.from_dict(st.session_state.setdefault(f"{prefix}_base", ev.to_dict()))
    who = curation.current_user(user)

    st.caption(md_escape(f"Status: {ev.status} · method: {ev.method} · editing as {who}"))
    c1, c2, c3 = st.columns(3)
    if ev.status != "verified" and c1.button("✔ Verify", key=f"{prefix}_verify"):
        _do(lambda: curation.set_status(store, event_id, "verified", user), "Verified.", event_id)
    if ev.status != "rejected" and c2.button("✖ Reject", key=f"{prefix}_reject",
                                             help="Soft delete: hidden by default, kept, never re-extracted"):
        _do(lambda: curation.delete_event(store, event_id, user), "Rejected (hidden by default; restore any time).",
            event_id)
    if ev.status == "rejected" and c3.button("↺ Restore", key=f"{prefix}_restore"):
        _do(lambda: curation.restore_event(store, event_id, user), "Restored.", event_id)

    if base != ev:
        st.info("This event was changed elsewhere since this form was opened (another session or "
                "marsad edit). Saving writes only the fields you change here.")
        if st.button("Reload the form", key=f"{prefix}_reload"):
            st.session_state[_gen_key(event_id)] = st.session_state.get(_gen_key(event_id), 0) + 1
            st.rerun()
    place = _place_search(prefix)
    with st.form(key=f"{prefix}_form"):
        values = _fields_form(prefix, base)
        submitted = st.form_submit_button("Save changes")
    pending_key = f"{prefix}_pending"
    if submitted:
        changes = _changes(base, values)
        _apply_place(changes, place, base)
        st.session_state.pop(pending_key, None)
        if not changes:
            st.info("Nothing changed.")
        elif not _clashes(changes, base, ev):
            _do(lambda: curation.edit_event(store, event_id, changes, user), "Saved {n} change(s).", event_id)
        else:
            st.session_state[pending_key] = changes  # nothing written yet: ask first
    if st.session_state.get(pending_key):
        _ask_before_overwriting(store, event_id, st.session_state[pending_key], base, ev, user, prefix)

    st.markdown("**History**")
    if not log:
        st.caption("No changes yet.")
    for h in list(reversed(log))[:HISTORY_LIMIT]:
        c1, c2 = st.columns([6, 1])
        with c1:
            st.text(format_edit(h))  # st.text: plain text, never markdown or HTML
        with c2:
            if st.button("Revert", key=f"{prefix}_rv_{h['edit_id']}", help=f"Put back the value before edit #{h['edit_id']}"):
                _do(lambda h=h: curation.revert(store, h["edit_id"], user), f"Reverted edit #{h['edit_id']}.",
                    event_id)
    if len(log) > HISTORY_LIMIT:
        st.caption(md_escape(f"{len(log) - HISTORY_LIMIT} older changes: marsad history {event_id}"))


def _clashes(changes: dict[str, Any], base: Event, now: Event) -> list[str]:
    """Fields the form would change that were changed elsewhere since it was opened."""
    b, n = base.to_dict(), now.to_dict()
    return sorted(k for k in changes if curation.field_value(n, k) != curation.field_value(b, k))


def _ask_before_overwriting(store: Store, event_id: str, changes: dict[str, Any], base: Event, now: Event,
                            user: str | None, prefix: str) -> None:
    """A stale form: say which fields changed meanwhile (theirs, yours) and let the analyst choose."""
    clashes = _clashes(changes, base, now)
    if not clashes:  # the other change was reverted meanwhile: nothing to ask
        st.session_state.pop(f"{prefix}_pending", None)
        _do(lambda: curation.edit_event(store, event_id, changes, user), "Saved {n} change(s).", event_id)
        return
    lines = [f"{k}: now {curation.field_value(now.to_dict(), k)!r} (changed elsewhere), "
             f"yours {changes[k]!r}, when you opened the form {curation.field_value(base.to_dict(), k)!r}"
             for k in clashes]
    with st.container(key=f"{prefix}_stale"):
        st.warning(md_escape("Not saved yet: since you opened this form, someone else changed "
                             f"{', '.join(clashes)}. ") + "  \n" + "  \n".join(md_escape(x) for x in lines))
        c1, c2, c3 = st.columns(3)
        if c1.button("Save mine (replace theirs)", key=f"{prefix}_overwrite"):
            st.session_state.pop(f"{prefix}_pending", None)
            _do(lambda: curation.edit_event(store, event_id, changes, user),
                f"Saved {{n}} change(s); replaced {', '.join(clashes)} (both values are in the history).", event_id)
        others = {k: v for k, v in changes.items() if k not in clashes}
        if others and c2.button("Save only my other changes", key=f"{prefix}_others"):
            st.session_state.pop(f"{prefix}_pending", None)
            _do(lambda: curation.edit_event(store, event_id, others, user),
                f"Saved {{n}} change(s); kept their {', '.join(clashes)}.", event_id)
        if c3.button("Discard mine, reload", key=f"{prefix}_discard"):
            st.session_state.pop(f"{prefix}_pending", None)
            st.session_state[_gen_key(event_id)] = st.session_state.get(_gen_key(event_id), 0) + 1
            st.rerun()


def _gen_key(event_id: str) -> str:
    return f"ed_gen_{event_id}"


def _do(action: Any, message: str, event_id: str | None = None) -> None:
    """Run a curation action; on success remember a message, rebuild the form, rerun so every view reloads."""
    try:
        result = action()
    except CurationError as exc:
        st.error(md_escape(str(exc)))
        return
    n = len(result) if isinstance(result, list) else 1
    _flash(message.replace("{n}", str(n)))
    if event_id is not None:
        st.session_state[_gen_key(event_id)] = st.session_state.get(_gen_key(event_id), 0) + 1
    st.rerun()


def render_add_event(store: Store, user: str | None) -> None:
    """A form to add an event by hand (method ``manual``), optionally linked to a stored article."""
    _show_flash()
    # a fresh form (new widget keys) after each event added, so nothing is added twice by accident
    prefix = f"add_event_{st.session_state.get('add_event_gen', 0)}"
    # bounded: the newest articles only (a store may hold hundreds of thousands)
    rows = store.conn.execute(
        "SELECT article_id, title FROM articles ORDER BY published IS NULL, published DESC, title LIMIT ?",
        (ARTICLE_CHOICES,)).fetchall()
    options: list[tuple[str, str] | None] = [None, *((a, t or a) for a, t in rows)]
    place = _place_search(prefix)
    with st.form(key=f"{prefix}_form", clear_on_submit=False):
        article = st.selectbox("From article (optional)", options,
                               format_func=lambda o: "— none —" if o is None else str(o[1])[:90],
                               key=f"{prefix}_article")
        blank = Event(event_id="new", article_id="manual", method="manual", status="edited")
        values = _fields_form(prefix, blank)
        sentence = st.text_area("Source sentence (optional)", key=f"{prefix}_sentence")
        submitted = st.form_submit_button("Add event")
    if submitted:
        fields = {k: v for k, v in values.items() if k != "counts"}
        fields["actors"] = values["actors"]
        fields.update({f"counts.{k}": v for k, v in values["counts"].items() if v is not None})
        if sentence.strip():
            fields["sentence"] = sentence.strip()
        if article is not None:
            fields["article_id"] = article[0]
        _apply_place(fields, place, None)
        try:
            event_id = curation.add_manual_event(store, fields, user)
        except CurationError as exc:
            st.error(md_escape(str(exc)))
            return
        _flash(f"Added event {event_id}.")
        st.session_state["add_event_gen"] = st.session_state.get("add_event_gen", 0) + 1
        st.rerun()
